// @ts-check
// Page glue for the calculators (the entry point: extra_javascript, type module). It only moves JSON
// between the page and the worker and puts the HTML or text that Python returns into the DOM:
// reading numbers, validating, encoding links, scoring and rendering are all done by the
// `calculator` package (calculator/_web.py).
//
// Loaded on every page but does nothing without a calculator on the page, so other pages never
// download Pyodide. One module worker per tab (runtime.js), created when the first calculator page
// opens and kept across Material's instant navigation.
//
// Modules: runtime.js (the worker, with status.js), mount.js (one calculator, with form.js, view.js,
// share.js, saved.js), site.js (site-wide helpers). mkdocs.yml lists every one of them next to this
// file, so that the browser requests them all from the HTML at once (no chain of imports).

import { mount } from "./mount.js";
import { runtime } from "./runtime.js";
import { scheduleTables } from "./site.js";

/** @type {Array<{root: HTMLElement, destroy(): void}>} */
let mounted = [];

/** Mount the calculators of the current page; drop those of the page instant navigation has left. */
function mountAll() {
  mounted = mounted.filter((calculator) => {
    if (document.contains(calculator.root)) return true;
    calculator.destroy();
    return false;
  });
  for (const root of document.querySelectorAll("[data-gbt-calc]")) {
    if (!(root instanceof HTMLElement) || mounted.some((calculator) => calculator.root === root)) continue;
    const calculator = mount(root);
    if (calculator) mounted.push(calculator);
  }
}

function onPage() {
  mountAll();
  scheduleTables();
}

// Material's document$ emits on every page change (instant navigation). Should this module run
// before the document is parsed (and the theme's script has run), connect once it is.
function connect() {
  if (typeof document$ !== "undefined" && document$ && typeof document$.subscribe === "function") {
    document$.subscribe(onPage);
  } else {
    onPage();
  }
}

runtime.startFromPage();
window.addEventListener("resize", scheduleTables);
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", connect, { once: true });
else connect();
