// Stock Pyodide: import pyodide.mjs, loadPyodide(), nothing else. The timings (ms since the epoch)
// become performance marks in the page, like the calculator's (gbt:worker:<step>).
self.onmessage = async (event) => {
  const now = () => performance.timeOrigin + performance.now();
  const timings = { start: now() };
  const { loadPyodide } = await import(`${event.data.index}pyodide.mjs`);
  timings["pyodide-imported"] = now();
  await loadPyodide({ indexURL: event.data.index });
  timings["python-started"] = now();
  self.postMessage({ type: "ready", timings });
};
