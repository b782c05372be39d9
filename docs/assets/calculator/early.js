// @ts-check
// Inlined by hooks/calculator_runtime.py at the top of <head> of calculator pages (the "early"
// lever; hashed into the CSP like the theme's inline scripts), never served as a file. It starts
// the calculator's worker while the page is still being parsed: a module script, even async, runs
// only once the parser is done with the page and the theme's script (about 0.3 s later on the
// benchmark machine). It only creates the worker and sends it the page's runtime configuration;
// runtime.js (takeEarly) takes over the worker and the messages it has sent meanwhile. A classic
// script without imports (it is inlined); the comment lines at its top are not.
(() => {
  try {
    const meta = /** @type {HTMLMetaElement} */ (document.querySelector('meta[name="gbt27922-runtime"]'));
    /** @type {RuntimeConfig} */
    const config = JSON.parse(meta.content);
    performance.mark("gbt:worker:created");
    const worker = new Worker(new URL(config.worker, location.href), { type: "module", name: "gbt27922-calculator" });
    /** @type {EarlyStart} */
    const early = { config, worker, events: [] };
    const keep = (/** @type {MessageEvent | ErrorEvent} */ event) => {
      if (event.type === "error") event.preventDefault();
      early.events.push(event);
    };
    worker.onmessage = keep;
    worker.onerror = keep;
    worker.postMessage({ type: "init", page: location.href, config, restore: true });
    globalThis.gbt27922Early = early;
  } catch {
    /* runtime.js starts the worker itself, and reports what fails */
  }
})();
