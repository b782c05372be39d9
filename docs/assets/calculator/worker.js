// Module worker: loads the self-hosted Pyodide runtime (or restores a memory snapshot of it), puts
// the calculator on sys.path (the app zip) or unpacks its wheels, without micropip, then answers
// JSON requests with calculator._web.handle. No calculation logic here.
//
// In:  {type: "init", page, config, restore}   (config: the runtime configuration as the build wrote
//      it, URLs relative to the page at `page`; see _runtime_config in hooks/calculator_runtime.py.
//      Sent by the early start in <head> (early.js) or by startRuntime in calculator.js)
//      {type: "call", id, request}                                 (request: JSON text)
//      {type: "snapshot"}                                          (the page is idle: see takeSnapshot)
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

// The page's configuration with absolute URLs, and what Pyodide itself will fetch (`bytes` names
// each file: prefetch may start them at once). Here rather than in the page, so that both senders
// of "init" (early.js, calculator.js) stay a single line.
function resolveConfig(page, raw, restore) {
  const absolute = (url) => new URL(url, page).href;
  const index = absolute(raw.pyodide.index);
  const stdlib = raw.pyodide.stdlib ? absolute(raw.pyodide.stdlib) : null;
  const fetches = Object.keys(raw.pyodide.bytes || {}).map((name) =>
    stdlib && stdlib.split("?")[0].endsWith(`/${name}`) ? stdlib : new URL(name, index).href,
  );
  return {
    index,
    bytes: raw.pyodide.bytes || {},
    stdlib,
    lock: raw.pyodide.lock || null,
    fetches,
    app: raw.app ? { url: absolute(raw.app.url), path: raw.app.path } : null,
    wheels: (raw.wheels || []).map(absolute),
    profile: raw.profile ? absolute(raw.profile) : null,
    prefetch: Boolean(raw.prefetch),
    snapshot: raw.snapshot ? { ...raw.snapshot, restore: restore !== false } : null,
  };
}

async function init(message) {
  stamp("start");
  const config = resolveConfig(message.page, message.config || {}, message.restore);
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
    if (snapshotKey) snapshotLater = { pyodide, key: snapshotKey };
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
}

// ---------------------------------------------------------------- memory snapshot (returning visits)
// Starting Python and importing the calculator is most of a load once the files are cached. After a
// normal load, once the page is idle (it sends {type: "snapshot"}), the worker keeps a copy of
// Python's memory (Pyodide's makeMemorySnapshot: everything imported, segno included once a QR
// code was drawn) in the Cache Storage of this browser; later visits restore it instead
// (loadPyodide's _loadSnapshot). The key names the exact runtime, app and worker
// (hooks/calculator_runtime.py), so a new build never restores an old snapshot; a snapshot that
// fails to restore or to answer is deleted and the normal load runs.
const SNAPSHOTS = "gbt27922-snapshot";
let snapshotLater = null; // {pyodide, key} after a normal load that may be snapshotted

function takeSnapshot() {
  if (!snapshotLater || failed) return;
  const { pyodide, key } = snapshotLater;
  snapshotLater = null;
  let snapshot;
  try {
    snapshot = pyodide.makeMemorySnapshot();
  } catch {
    return; // the next visit loads normally
  }
  saveSnapshot(key, snapshot);
}
let restoredFrom = null; // the snapshot this worker runs on, dropped should the worker fail

function dropRestoredSnapshot() {
  if (!restoredFrom) return;
  const { cache, key } = restoredFrom;
  restoredFrom = null;
  cache.delete(key).catch(() => {});
}

// The snapshot's cache entry (its body is read while Pyodide is imported), or null. A marker is kept
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
    // Read at once, while the worker imports Pyodide (the snapshot is ≈ 10 MB).
    const buffer = response.arrayBuffer();
    buffer.catch(() => {});
    return { cache, key, attempt, buffer, marked };
  } catch {
    return null; // no Cache Storage here: the normal load
  }
}

async function restore(pyodideModule, options, hit, app, appBytes) {
  const snapshot = hit.buffer.then((buffer) => {
    stamp("snapshot-read");
    return unpackSnapshot(buffer);
  });
  // Read ahead, a damaged snapshot may be refused before loadPyodide awaits it: not an unhandled
  // rejection (which means a broken load, see below), only a reason to load normally.
  snapshot.catch(() => {});
  try {
    const pyodide = await pyodideModule.loadPyodide({
      ...options,
      _loadSnapshot: snapshot,
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

// Stored sparse: most of the 30 MB of Python's memory is zeros, so only the 4 KB chunks that are not
// are kept, after a header: magic, length, chunk size, how many, which.
const SPARSE_MAGIC = 0x53544247; // "GBTS"
const CHUNK = 4096;

function packSnapshot(bytes) {
  const chunks = Math.ceil(bytes.length / CHUNK);
  const kept = [];
  for (let c = 0; c < chunks; c += 1) {
    const chunk = bytes.subarray(c * CHUNK, Math.min((c + 1) * CHUNK, bytes.length));
    const words = chunk.length % 4 === 0 && chunk.byteOffset % 4 === 0;
    const view = words ? new Uint32Array(chunk.buffer, chunk.byteOffset, chunk.length / 4) : chunk;
    for (let i = 0; i < view.length; i += 1) {
      if (view[i] !== 0) {
        kept.push(c);
        break;
      }
    }
  }
  const header = new Uint32Array([SPARSE_MAGIC, bytes.length, CHUNK, kept.length, ...kept]);
  const out = new Uint8Array(header.byteLength + kept.length * CHUNK);
  out.set(new Uint8Array(header.buffer));
  kept.forEach((c, i) => out.set(bytes.subarray(c * CHUNK, (c + 1) * CHUNK), header.byteLength + i * CHUNK));
  return out;
}

function unpackSnapshot(buffer) {
  const head = new Uint32Array(buffer, 0, 4);
  if (head[0] !== SPARSE_MAGIC || head[2] !== CHUNK) throw new Error("not a snapshot");
  const [, length, , count] = head;
  const kept = new Uint32Array(buffer, 16, count);
  const data = 16 + count * 4;
  const bytes = new Uint8Array(length);
  kept.forEach((c, i) => {
    const size = Math.min(CHUNK, length - c * CHUNK);
    bytes.set(new Uint8Array(buffer, data + i * CHUNK, size), c * CHUNK);
  });
  return bytes;
}

async function saveSnapshot(key, snapshot) {
  try {
    const cache = await caches.open(SNAPSHOTS);
    for (const old of await cache.keys()) {
      if (old.url !== key && new URL(old.url).pathname.startsWith(new URL(key).pathname.replace(/[^/]*$/, ""))) {
        await cache.delete(old); // an older build's snapshot of this site
      }
    }
    const packed = packSnapshot(snapshot);
    await cache.put(key, new Response(packed, { headers: { "Content-Type": "application/octet-stream" } }));
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
    ready = init(message);
    ready.catch((err) => fail(loadFailure(err)));
    return;
  }
  if (message.type === "snapshot") {
    takeSnapshot();
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
