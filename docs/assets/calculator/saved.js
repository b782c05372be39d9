// @ts-check
// Inputs kept in this browser: each tool's last state in localStorage (its `storage_key`), and
// the clearing of everything the calculators keep. Storage may be disabled or full: the calculators
// work all the same, and the visitor is told once (a quiet line, not an alert) that the link is the
// way to keep the inputs.

// The cache where the worker keeps Python's memory snapshot (worker-snapshot.js: SNAPSHOT_CACHE).
export const SNAPSHOT_CACHE = "gbt27922-snapshot";
const STORAGE_TEXT =
  "本浏览器不允许本站保存数据（例如无痕模式，或存储空间已满），输入不会保存在本机；需要保留时，请复制上方的链接。";

/** @type {Set<() => void>} */
const whenBroken = new Set();
let broken = false; // localStorage threw once in this tab (disabled, private mode, full)

function storageFailed() {
  broken = true;
  for (const listener of whenBroken) listener();
}

/**
 * Show the storage notice in `element` as soon as storage fails (at once if it already has);
 * returns the unsubscribe.
 * @param {HTMLElement | null} element [data-gbt-storage]
 */
export function showStorageNotice(element) {
  if (!element) return () => {};
  const show = () => {
    if (!element.hidden) return;
    element.textContent = STORAGE_TEXT;
    element.hidden = false;
  };
  if (broken) show();
  whenBroken.add(show);
  return () => whenBroken.delete(show);
}

/**
 * The saved state, or null (none, or storage unavailable).
 * @param {string} key
 */
export function loadState(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    storageFailed();
    return null;
  }
}

/**
 * @param {string} key
 * @param {string} state
 */
export function saveState(key, state) {
  try {
    if (state) localStorage.setItem(key, state);
  } catch {
    storageFailed(); // the link still carries the state
  }
}

/** @param {string} key */
export function forgetState(key) {
  try {
    localStorage.removeItem(key);
  } catch {
    /* nothing saved can be read either */
  }
}

/**
 * "Clear saved inputs": the tools' saved states, and Python's memory snapshot, which was taken
 * after a first result, so its freed memory may still hold pieces of earlier inputs (the next
 * visit loads normally).
 * @param {string[]} keys the storage keys of the tools to clear
 */
export function clearSavedInputs(keys) {
  for (const key of keys) forgetState(key);
  if (typeof caches !== "undefined") caches.delete(SNAPSHOT_CACHE).catch(() => {});
}
