// The bare reference page of bench/run.py: a module worker that only calls loadPyodide() on the
// same self-hosted files as the calculator, and the same "gbt:ready" mark when Python is ready.
performance.mark("gbt:worker:created");
const worker = new Worker(new URL("worker.js", import.meta.url), { type: "module" });
worker.onmessage = (event) => {
  if (event.data && event.data.type === "ready") {
    for (const [step, at] of Object.entries(event.data.timings || {})) {
      performance.mark(`gbt:worker:${step}`, { startTime: at - performance.timeOrigin });
    }
    performance.mark("gbt:ready");
    document.getElementById("status").textContent = "ready";
  }
};
worker.postMessage({ index: new URL("../assets/pyodide/__VERSION__/", location.href).href });
