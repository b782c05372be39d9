// Module worker: loads the self-hosted Pyodide runtime, installs the calculator wheels without
// micropip, then answers JSON requests with calculator._web.handle. No calculation logic here.
//
// In:  {type: "init", config: {index, bytes, wheels, profile}}   (absolute URLs)
//      {type: "call", id, request}                                 (request: JSON text)
// Out: {type: "progress", stage: "download" | "start", percent}
//      {type: "ready"} | {type: "failed", message} | {type: "result", id, response}

let ready = null;
let handle = null;
let failed = false;

function post(message) {
  self.postMessage(message);
}

function fail(message) {
  if (failed) return;
  failed = true;
  post({ type: "failed", message });
}

function fileName(url) {
  return String(url).split("?")[0].split("/").pop();
}

// Count the bytes of the runtime files as they arrive (for the percentage), and fail at once on a
// missing file or a wasm served with the wrong type: Pyodide itself would then wait forever.
function watchFetches(index, bytes) {
  const realFetch = self.fetch.bind(self);
  const total = Object.values(bytes || {}).reduce((a, b) => a + b, 0);
  let loaded = 0;
  let shown = -1;
  let started = false;
  const progress = () => {
    if (!total) return;
    const percent = Math.min(100, Math.floor((loaded / total) * 100));
    if (percent >= 100 && !started) {
      started = true;
      post({ type: "progress", stage: "start", percent: null });
    } else if (percent !== shown && !started) {
      shown = percent;
      post({ type: "progress", stage: "download", percent });
    }
  };
  self.fetch = async (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const ours = String(url).startsWith(index);
    let response;
    try {
      response = await realFetch(input, init);
    } catch (err) {
      if (!ours) throw err;
      fail(`无法下载 ${fileName(url)}：网络错误，或请求被拦截。`);
      return new Promise(() => {}); // reported; the page ends this worker
    }
    if (!ours) return response;
    if (!response.ok) {
      fail(`无法下载 ${fileName(url)}（HTTP ${response.status}）。`);
      return response;
    }
    if (fileName(url).endsWith(".wasm")) {
      const type = (response.headers.get("content-type") || "").split(";")[0].trim();
      if (type !== "application/wasm") {
        fail(`服务器为 ${fileName(url)} 返回的类型是“${type || "未知"}”，应为 application/wasm。`);
      }
    }
    if (!response.body || !total) return response;
    const counter = new TransformStream({
      transform(chunk, controller) {
        loaded += chunk.byteLength;
        progress();
        controller.enqueue(chunk);
      },
    });
    return new Response(response.body.pipeThrough(counter), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
  return realFetch;
}

async function fetchBytes(fetcher, url, what) {
  const response = await fetcher(url);
  if (!response.ok) throw new Error(`无法下载${what}（HTTP ${response.status}）。`);
  return response;
}

async function init(config) {
  const index = config.index;
  post({ type: "progress", stage: "download", percent: Object.keys(config.bytes || {}).length ? 0 : null });
  const realFetch = watchFetches(index, config.bytes);
  let pyodideModule;
  try {
    pyodideModule = await import(`${index}pyodide.mjs`);
  } catch (err) {
    throw new Error(`无法载入 pyodide.mjs：${err && err.message ? err.message : err}`);
  }
  const pyodide = await pyodideModule.loadPyodide({ indexURL: index, stdout: () => {}, stderr: () => {} });
  self.fetch = realFetch;
  post({ type: "progress", stage: "start", percent: null });
  const sitePackages = pyodide.runPython("import sysconfig; sysconfig.get_paths()['purelib']");
  for (const url of config.wheels) {
    const response = await fetchBytes(realFetch, url, "计算程序");
    pyodide.unpackArchive(await response.arrayBuffer(), "wheel", { extractDir: sitePackages });
  }
  const web = pyodide.pyimport("calculator._web");
  if (config.profile) {
    const toml = await (await fetchBytes(realFetch, config.profile, "规则文件")).text();
    const answer = JSON.parse(web.handle(JSON.stringify({ action: "configure", profile_toml: toml })));
    if (!answer.ok) throw new Error(answer.message);
  }
  handle = (text) => web.handle(text);
  post({ type: "ready" });
}

// A rejection nobody handled while loading means the load broke somewhere we did not foresee.
self.addEventListener("unhandledrejection", (event) => {
  event.preventDefault();
  if (!handle) fail(`Python 运行环境载入出错：${event.reason && event.reason.message ? event.reason.message : event.reason}`);
});

self.onmessage = async (event) => {
  const message = event.data || {};
  if (message.type === "init") {
    if (ready) return;
    ready = init(message.config);
    ready.catch((err) => fail(err && err.message ? err.message : String(err)));
    return;
  }
  if (message.type === "call") {
    try {
      await ready;
    } catch {
      return; // the failure has been reported
    }
    let response;
    try {
      response = handle(message.request);
    } catch (err) {
      response = JSON.stringify({ ok: false, message: "计算程序出错，请刷新页面后重试。" });
    }
    post({ type: "result", id: message.id, response });
  }
};
