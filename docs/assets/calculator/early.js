// @ts-check
// Inlined by hooks/pages.py at the top of <head> of calculator pages (the "early"
// lever; hashed into the CSP like the theme's inline scripts), never served as a file. It starts
// the calculator's worker while the page is still being parsed: a module script, even async, runs
// only once the parser is done with the page and the theme's script (about 0.3 s later on the
// benchmark machine). It only creates the worker and sends it the page's runtime configuration;
// runtime.js (takeEarly) takes over the worker and the messages it has sent meanwhile; should it not
// do so within the watchdog's time, the status says so. A classic script without imports (it is
// inlined); the comment lines at its top are not.
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
    // runtime.js arms the load watchdog when it takes over; until then this timer does, so a page
    // whose runtime.js never runs (its download lost) does not wait in silence. The worker is left
    // alone: should runtime.js run after all (a very busy phone), it takes it over.
    const ms = config.watchdog_ms && config.watchdog_ms > 0 ? config.watchdog_ms : 45000;
    setTimeout(() => {
      if (globalThis.gbt27922Early !== early) return;
      const status = /** @type {HTMLElement | null} */ (document.querySelector("[data-gbt-status]"));
      const text = status?.querySelector("[data-gbt-status-text]");
      if (!status || !text) return;
      status.dataset.stage = "failed";
      text.textContent = `计算程序载入失败：页面脚本在 ${Math.round(ms / 1000)} 秒内没有运行（网络中断，或设备太忙）。页面其余内容不受影响，请刷新页面重试。`;
    }, ms);
  } catch {
    /* runtime.js starts the worker itself, and reports what fails */
  }
})();
