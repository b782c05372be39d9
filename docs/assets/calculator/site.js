// @ts-check
// Site-wide page helpers that are not calculator code but need a script on every page, and this is
// the one: keyboard access to wide tables, and the favicon kept still on calculator pages.

const TABLES_DELAY_MS = 100; // after Material has wrapped the tables
const TABLES_IDLE_MS = 1000;

/**
 * Material wraps each table in a box that scrolls sideways when the table is wider than the screen;
 * a box that scrolls must be reachable with the keyboard (WCAG 2.1.1), so an overflowing one becomes
 * a focusable, named group (and stops being one when it fits again).
 * @param {ParentNode} page
 */
export function labelScrollableTables(page) {
  // Every size is read before any attribute is written: one layout for the page, not one per table.
  const boxes = [...page.querySelectorAll(".md-typeset__scrollwrap")].map((box) => ({
    box,
    scrolls: box.scrollWidth > box.clientWidth + 1,
  }));
  for (const { box, scrolls } of boxes) {
    if (scrolls && !box.hasAttribute("tabindex")) {
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "group");
      box.setAttribute("aria-label", "表格（可左右滚动）");
    } else if (!scrolls && box.getAttribute("role") === "group") {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
    }
  }
}

/**
 * Run `task` when the main thread is idle, within `timeout` ms at the latest: work the first screen
 * does not need stays out of the tasks that load the page (a slow phone feels every one of them).
 * @param {() => void} task
 * @param {number} timeout
 */
export function whenIdle(task, timeout) {
  if (typeof requestIdleCallback === "function") requestIdleCallback(task, { timeout });
  else setTimeout(task, 0);
}

/** @type {ReturnType<typeof setTimeout> | undefined} */
let tablesTimer;

/** Label the page's wide tables soon (after every page change and every resize). */
export function scheduleTables() {
  clearTimeout(tablesTimer);
  tablesTimer = setTimeout(() => whenIdle(() => labelScrollableTables(document), TABLES_IDLE_MS), TABLES_DELAY_MS);
}

/** @type {string | null} */
let faviconData = null;

/**
 * @param {Blob} blob
 * @returns {Promise<string>}
 */
function dataUrl(blob) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}

/**
 * Chromium fetches the favicon again whenever the address changes, and the address changes with
 * every new result (the inputs live after the "#"). Serving the icon from a data: URL keeps the tab
 * from making any request at all while the visitor calculates.
 */
export async function pinFavicon() {
  const link = /** @type {HTMLLinkElement | null} */ (document.querySelector('link[rel~="icon"]'));
  if (!link?.href || link.href.startsWith("data:")) return;
  try {
    if (!faviconData) {
      const response = await fetch(link.href, { cache: "force-cache" });
      if (!response.ok) return;
      faviconData = await dataUrl(await response.blob());
    }
    link.href = faviconData;
  } catch {
    /* the icon is cosmetic */
  }
}
