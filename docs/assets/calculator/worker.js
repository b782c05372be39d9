// Module worker: loads the self-hosted Pyodide runtime, installs the calculator wheels without
// micropip, then answers JSON requests with calculator._web.handle. No calculation logic here.
//
// In:  {type: "init", config: {index, bytes, stdlib, lock, fetches, app, wheels, profile, prefetch}}
//      (absolute URLs; see startRuntime in calculator.js and _runtime_config in hooks/calculator_runtime.py)
//      {type: "call", id, request}                                 (request: JSON text)
// Out: {type: "progress", stage: "download" | "start", percent}
//      {type: "ready", timings} | {type: "failed", message} | {type: "result", id, response}

let ready = null;
let handle = null;
let failed = false;

function post(message) {
  self.postMessage(message);
}

function fail(message) {
  if (failed) return;
  failed = true;
  dropRestoredSnapshot(); // whatever broke, the next load starts from scratch
  post({ type: "failed", message });
}

function mb(n) {
  return (n / 1048576).toFixed(1);
}

function fileName(url) {
  return String(url).split("?")[0].split("/").pop();
}

// Downloads started before Pyodide asks for them (config.prefetch): URL → Promise<Response>.
// Pyodide fetches its files only once it is itself imported; started at once, they overlap that.
const early = new Map();

// When each step of the load ended (ms since the epoch), sent with "ready": the page turns them into
// performance marks (gbt:worker:<step>) for bench/run.py and the browser's performance panel.
const timings = {};
const stamp = (step) => {
  timings[step] = performance.timeOrigin + performance.now();
};

function takeEarly(url) {
  const pending = early.get(url);
  early.delete(url);
  return pending;
}

// Count the bytes of the runtime files as they arrive (for the percentage), and fail at once on a
// missing file or a wasm served with the wrong type: Pyodide itself would then wait forever.
function watchFetches(index, bytes, own = new Set()) {
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
    const ours = String(url).startsWith(index) || own.has(String(url));
    let response;
    try {
      response = await (takeEarly(String(url)) || realFetch(input, init));
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
    // Counted per file: a body that breaks off, or ends before the file's known size (the build
    // records every runtime file's size), is a dropped connection. Pyodide would wait forever on a
    // truncated wasm, or stop with an English "exit(1)" on a truncated zip.
    const name = fileName(url);
    const expected = bytes[name] || 0;
    const dropped = (got) =>
      fail(`下载 ${name} 时连接中断（只收到 ${mb(got)} MB，共 ${mb(expected)} MB）。`);
    const reader = response.body.getReader();
    let got = 0;
    const body = new ReadableStream({
      async pull(controller) {
        let chunk;
        try {
          chunk = await reader.read();
        } catch (err) {
          dropped(got);
          controller.error(err);
          return;
        }
        if (chunk.done) {
          if (expected && got < expected) dropped(got);
          controller.close();
          return;
        }
        got += chunk.value.byteLength;
        loaded += chunk.value.byteLength;
        progress();
        controller.enqueue(chunk.value);
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    });
    return new Response(body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
  return realFetch;
}

async function fetchBytes(fetcher, url, what) {
  let response;
  try {
    response = await fetcher(url);
  } catch {
    throw new Error(`无法下载${what}：网络错误，或请求被拦截。`);
  }
  if (!response.ok) throw new Error(`无法下载${what}（HTTP ${response.status}）。`);
  return response;
}

async function init(config) {
  stamp("start");
  const index = config.index;
  post({ type: "progress", stage: "download", percent: Object.keys(config.bytes || {}).length ? 0 : null });
  const realFetch = watchFetches(index, config.bytes, new Set(config.stdlib ? [config.stdlib] : []));
  const extras = config.app ? [config.app.url] : config.wheels;
  // Our own files, fetched now or after Python starts; a failure is reported where it is awaited.
  const download = (url, what) => {
    const pending = fetchBytes(realFetch, url, what).then((r) => r.arrayBuffer());
    pending.catch(() => {});
    return pending;
  };
  let ours = null;
  let profile = null;
  if (config.prefetch) {
    for (const url of config.fetches || []) {
      const pending = realFetch(url);
      pending.catch(() => {});
      early.set(url, pending);
    }
    // Imported by loadPyodide later; the module map returns this same module then.
    import(`${index}pyodide.asm.mjs`).catch(() => {});
    ours = extras.map((url) => download(url, "计算程序"));
    if (config.profile) profile = download(config.profile, "规则文件");
  }
  const snapshotKey = config.snapshot && config.app ? `${index}__gbt27922-snapshot__/${config.snapshot.key}` : null;
  // After a failure the page retries with restore: false: a fresh load, whose snapshot replaces this one.
  const snapshotHit = snapshotKey && config.snapshot.restore !== false ? findSnapshot(snapshotKey) : Promise.resolve(null);
  let pyodideModule;
  try {
    pyodideModule = await import(`${index}pyodide.mjs`);
  } catch (err) {
    throw new Error(`无法载入 pyodide.mjs：${err && err.message ? err.message : err}`);
  }
  stamp("pyodide-imported");
  ours = ours || extras.map((url) => download(url, "计算程序"));
  const options = {
    indexURL: index,
    ...(config.stdlib ? { stdLibURL: config.stdlib } : {}),
    ...(config.lock ? { lockFileContents: config.lock } : {}),
    stdout: () => {},
    stderr: () => {},
  };
  const hit = await snapshotHit;
  let pyodide = hit ? await restore(pyodideModule, options, hit, config.app, ours[0]) : null;
  const restored = Boolean(pyodide);
  let snapshot = null;
  if (!pyodide) {
    pyodide = await pyodideModule.loadPyodide({ ...options, ...(snapshotKey ? { _makeSnapshot: true } : {}) });
    stamp("python-started");
    post({ type: "progress", stage: "start", percent: null });
    if (config.app) {
      // One zip on sys.path (zipimport; bytecode inside): nothing to unpack.
      pyodide.FS.writeFile(config.app.path, new Uint8Array(await ours[0]));
      pyodide.runPython(`import sys; sys.path.insert(0, ${JSON.stringify(config.app.path)})`);
    } else {
      const sitePackages = pyodide.runPython("import sysconfig; sysconfig.get_paths()['purelib']");
      for (const pending of ours) {
        pyodide.unpackArchive(await pending, "wheel", { extractDir: sitePackages });
      }
    }
    if (snapshotKey) {
      // Python with the calculator imported, before any input of the visitor has been seen.
      pyodide.runPython("import calculator._web");
      snapshot = pyodide.makeMemorySnapshot();
    }
  }
  self.fetch = realFetch;
  stamp("app-installed");
  const web = pyodide.pyimport("calculator._web");
  stamp("app-imported");
  if (config.profile) {
    const toml = new TextDecoder().decode(await (profile || download(config.profile, "规则文件")));
    const answer = JSON.parse(web.handle(JSON.stringify({ action: "configure", profile_toml: toml })));
    if (!answer.ok) throw new Error(answer.message);
  }
  handle = (text) => web.handle(text);
  stamp("ready");
  post({ type: "ready", timings, restored });
  if (snapshot) saveSnapshot(snapshotKey, snapshot);
}

// ---------------------------------------------------------------- memory snapshot (returning visits)
// Starting Python and importing the calculator is most of a load once the files are cached. The
// first visit keeps a copy of Python's memory right after that import (Pyodide's
// makeMemorySnapshot, taken before any input of the visitor is seen) in the Cache Storage; later
// visits restore it instead (loadPyodide's _loadSnapshot). The key names the exact runtime, app
// and worker (hooks/calculator_runtime.py), so a new build never restores an old snapshot; a
// snapshot that fails to restore or to answer is deleted and the normal load runs.
const SNAPSHOTS = "gbt27922-snapshot";
let restoredFrom = null; // the snapshot this worker runs on, dropped should the worker fail

function dropRestoredSnapshot() {
  if (!restoredFrom) return;
  const { cache, key } = restoredFrom;
  restoredFrom = null;
  cache.delete(key).catch(() => {});
}

// The snapshot's cache entry (its body is read while Pyodide compiles), or null. A marker is kept
// while a restore is under way: found here, the previous restore never finished (it hung, or the
// tab died), so that snapshot is not tried again.
async function findSnapshot(key) {
  const attempt = `${key}?attempt`;
  try {
    const cache = await caches.open(SNAPSHOTS);
    if (await cache.match(attempt)) {
      await Promise.all([cache.delete(key), cache.delete(attempt)]);
      return null;
    }
    const response = await cache.match(key);
    if (!response) return null;
    const marked = cache.put(attempt, new Response("1"));
    return { cache, key, attempt, response, marked };
  } catch {
    return null; // no Cache Storage here: the normal load
  }
}

async function restore(pyodideModule, options, hit, app, appBytes) {
  try {
    const pyodide = await pyodideModule.loadPyodide({
      ...options,
      _loadSnapshot: hit.response.arrayBuffer().then((buffer) => {
        stamp("snapshot-read");
        return new Uint8Array(buffer);
      }),
      // The file system is not part of the snapshot: the app zip must be back where it was.
      fsInit: async (FS) => FS.writeFile(app.path, new Uint8Array(await appBytes)),
    });
    stamp("python-started");
    post({ type: "progress", stage: "start", percent: null });
    const probe = JSON.parse(pyodide.pyimport("calculator._web").handle('{"action": "ping"}'));
    if (probe.ok !== false) throw new Error("unexpected answer");
    await hit.marked;
    await hit.cache.delete(hit.attempt);
    stamp("restored");
    restoredFrom = hit;
    return pyodide;
  } catch {
    try {
      await hit.marked;
      await Promise.all([hit.cache.delete(hit.key), hit.cache.delete(hit.attempt)]);
    } catch {
      /* nothing more to do */
    }
    return null;
  }
}

async function saveSnapshot(key, snapshot) {
  try {
    const cache = await caches.open(SNAPSHOTS);
    for (const old of await cache.keys()) {
      if (old.url !== key && new URL(old.url).pathname.startsWith(new URL(key).pathname.replace(/[^/]*$/, ""))) {
        await cache.delete(old); // an older build's snapshot of this site
      }
    }
    await cache.put(key, new Response(snapshot, { headers: { "Content-Type": "application/octet-stream" } }));
  } catch {
    /* storage full or unavailable: the next visit loads normally */
  }
}

// Our own load errors are already in Chinese; anything else (Pyodide's "exit(1)", a CompileError…)
// is explained in Chinese with the original text kept in brackets for whoever debugs it.
function loadFailure(err) {
  const text = err && err.message ? err.message : String(err);
  return /[\u4e00-\u9fff]/.test(text) ? text : `Python 运行环境无法启动（${text}）。`;
}

// A rejection nobody handled while loading means the load broke somewhere we did not foresee.
self.addEventListener("unhandledrejection", (event) => {
  event.preventDefault();
  if (!handle) fail(loadFailure(event.reason));
});

self.onmessage = async (event) => {
  const message = event.data || {};
  if (message.type === "init") {
    if (ready) return;
    ready = init(message.config);
    ready.catch((err) => fail(loadFailure(err)));
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
      // calculator._web.handle never raises, so the Python runtime itself is broken (a fatal
      // error, out of memory): report it, and the page offers a retry with a fresh worker.
      fail(`Python 计算程序意外出错，已停止运行（${err && err.name ? err.name : "错误"}）。`);
      return;
    }
    post({ type: "result", id: message.id, response });
  }
};
