// @ts-check
// Module worker: loads the self-hosted Pyodide runtime (or restores a memory snapshot of it), puts
// the calculator on sys.path (the app zip's core) or unpacks its wheels, without micropip, then answers
// JSON requests with calculator._web.handle. A tool's own modules come in their own zips, loaded with
// the page's tool and before another tool's first request (worker-parts.js). No calculation logic here.
//
// In:  {type: "init", page, config, restore}   (config: the runtime configuration as the build wrote
//      it, URLs relative to the page at `page`. Sent by the early start in <head> (early.js) or by
//      runtime.js)
//      {type: "call", id, request}                                 (request: JSON text)
//      {type: "snapshot"}                                          (the page is idle: see worker-snapshot.js)
// Out: {type: "progress", stage: "download" | "start", percent}
//      {type: "ready", timings, restored} | {type: "failed", message} | {type: "result", id, response}
// (types: typings/calculator.d.ts)
//
// Its modules (worker-*.js) are imported with this script's own "?v=<digest>", which the build
// computes over all of them: the service worker keeps them for good under that URL, so a returning
// visit reads them from its cache instead of asking the network first, and an old worker never
// meets a new module. They are imported as soon as this script runs, and awaited only where needed,
// so the downloads of the runtime start without waiting for them.

const VERSION = new URL(import.meta.url).search;
/** @type {Promise<typeof import("./worker-fetch.js")>} */
const fetchModule = ownModule("worker-fetch.js");
/** @type {Promise<typeof import("./worker-snapshot.js")>} */
const snapshotModule = ownModule("worker-snapshot.js");
/** @type {Promise<typeof import("./worker-parts.js")>} */
const partsModule = ownModule("worker-parts.js");

/** @type {Promise<void> | null} */
let ready = null;
/** @type {((request: string) => string) | null} */
let handle = null;
/** @type {(tool: string | null) => Promise<void>} makes a tool's own parts of the app importable */
let loadTool = async () => {};
let failed = false;

/** @param {string} name */
function ownModule(name) {
  const loading = import(new URL(`./${name}${VERSION}`, import.meta.url).href).catch(() => {
    throw new Error(`无法载入 ${name}：网络错误，或请求被拦截。`);
  });
  loading.catch(() => {}); // reported where it is awaited
  return loading;
}

/** @param {FromWorker} message */
function post(message) {
  self.postMessage(message);
}

/** @param {string} message */
function fail(message) {
  if (failed) return;
  failed = true;
  // Whatever broke, the next load starts from scratch.
  snapshotModule.then((snapshots) => snapshots.dropRestoredSnapshot()).catch(() => {});
  post({ type: "failed", message });
}

// When each step of the load ended (ms since the epoch), sent with "ready": the page turns them into
// performance marks (gbt:worker:<step>) for bench/run.py and the browser's performance panel.
/** @type {Record<string, number>} */
const timings = {};
/** @param {string} step */
function stamp(step) {
  timings[step] = performance.timeOrigin + performance.now();
}

/**
 * The page's configuration with absolute URLs, and what Pyodide itself will fetch (`bytes` names
 * each file: prefetch may start them at once). Here rather than in the page, so that both senders
 * of "init" (early.js, runtime.js) stay a single line. Exported for the unit tests (tests/js/).
 * @param {string} page the page's URL
 * @param {Partial<RuntimeConfig>} raw the runtime configuration as the build wrote it
 * @param {boolean} [restore] false: do not restore a snapshot (a retry after a failure)
 */
export function resolveConfig(page, raw, restore) {
  const absolute = (/** @type {string} */ url) => new URL(url, page).href;
  const pyodide = raw.pyodide || { index: "" };
  const index = absolute(pyodide.index);
  const stdlib = pyodide.stdlib ? absolute(pyodide.stdlib) : null;
  const bytes = pyodide.bytes || {};
  const fetches = Object.keys(bytes).map((name) =>
    stdlib?.split("?")[0].endsWith(`/${name}`) ? stdlib : new URL(name, index).href,
  );
  return {
    index,
    bytes,
    stdlib,
    lock: pyodide.lock || null,
    fetches,
    app: raw.app
      ? { url: absolute(raw.app.url), path: raw.app.path, tools: resolveTools(raw.app.tools, absolute) }
      : null,
    calculator: raw.calculator || null,
    wheels: (raw.wheels || []).map(absolute),
    profile: raw.profile ? absolute(raw.profile) : null,
    fees: raw.fees ? absolute(raw.fees) : null,
    checklist: raw.checklist ? absolute(raw.checklist) : null,
    prefetch: Boolean(raw.prefetch),
    snapshot: raw.snapshot ? { ...raw.snapshot, restore: restore !== false } : null,
  };
}

/**
 * Each tool's own parts of the app, with absolute URLs.
 * @param {Record<string, {parts: {url: string, path: string}[], data?: string[]}> | undefined} tools
 * @param {(url: string) => string} absolute
 */
function resolveTools(tools, absolute) {
  return Object.fromEntries(
    Object.entries(tools || {}).map(([name, own]) => [
      name,
      { parts: own.parts.map((part) => ({ url: absolute(part.url), path: part.path })), data: own.data || [] },
    ]),
  );
}

/** @typedef {ReturnType<typeof resolveConfig>} Resolved */

/**
 * @param {typeof fetch} fetcher
 * @param {string} url
 * @param {string} what the file, as the visitor is told ("计算程序", "规则文件")
 */
async function fetchBytes(fetcher, url, what) {
  let response;
  try {
    response = await fetcher(url);
  } catch {
    throw new Error(`无法下载${what}：网络错误，或请求被拦截。`);
  }
  if (!response.ok) throw new Error(`无法下载${what}（HTTP ${response.status}）。`);
  return response.arrayBuffer();
}

/** The data files a deployment ships instead of the packaged ones, as the visitor is told of them. */
const DATA_FILES = /** @type {const} */ ({ profile: "规则文件", fees: "费用标准", checklist: "迎审准备清单" });
/** @typedef {keyof typeof DATA_FILES} DataFile */

/** Our own files (the app zip or the wheels, its parts, and the data files), each downloaded once, when first asked for. */
class OwnFiles {
  /** @type {Promise<ArrayBuffer>[] | null} */
  #app = null;
  /** @type {Map<string, Promise<ArrayBuffer>>} */
  #parts = new Map();
  /** @type {Map<DataFile, Promise<ArrayBuffer>>} */
  #data = new Map();

  /**
   * @param {Resolved} config
   * @param {typeof fetch} realFetch
   */
  constructor(config, realFetch) {
    this.config = config;
    this.realFetch = realFetch;
  }

  /** The app zip, or the wheels to unpack. */
  app() {
    const urls = this.config.app ? [this.config.app.url] : this.config.wheels;
    this.#app ||= urls.map((url) => this.#download(url, "计算程序"));
    return this.#app;
  }

  /**
   * A part of the app (some tools' own modules); tried again after a failed download.
   * @param {string} url
   */
  part(url) {
    let pending = this.#parts.get(url);
    if (!pending) {
      pending = this.#download(url, "计算程序");
      this.#parts.set(url, pending);
      pending.catch(() => this.#parts.delete(url));
    }
    return pending;
  }

  /** The page's own tool's parts, fetched with the core. */
  pageParts() {
    const own = this.config.calculator ? this.config.app?.tools[this.config.calculator] : undefined;
    for (const part of own?.parts || []) this.part(part.url);
  }

  /** The data files handed over with the core: those whose reader no tool's parts bring. */
  startData() {
    const later = new Set(Object.values(this.config.app?.tools || {}).flatMap((own) => own.data));
    return /** @type {DataFile[]} */ (Object.keys(DATA_FILES)).filter((kind) => !later.has(kind));
  }

  /** The data files this page needs: those handed over with the core, and its own tool's. */
  pageData() {
    const own = this.config.calculator ? this.config.app?.tools[this.config.calculator]?.data || [] : [];
    return [...this.startData(), .../** @type {DataFile[]} */ (own.filter((kind) => kind in DATA_FILES))];
  }

  /**
   * A data file (only when its URL is set: config.profile, config.fees, config.checklist).
   * @param {DataFile} kind
   */
  data(kind) {
    let pending = this.#data.get(kind);
    if (!pending) {
      pending = this.#download(String(this.config[kind]), DATA_FILES[kind]);
      this.#data.set(kind, pending);
    }
    return pending;
  }

  /**
   * The configure request for those of `kinds` the site ships (null: the packaged ones serve).
   * A kind left out of the request is the packaged file in Python.
   * @param {string[]} kinds
   */
  async configureRequest(kinds) {
    const known = /** @type {DataFile[]} */ (kinds.filter((kind) => kind in DATA_FILES));
    const shipped = known.filter((kind) => this.config[kind]);
    if (!shipped.length) return null;
    const texts = await Promise.all(shipped.map(async (kind) => new TextDecoder().decode(await this.data(kind))));
    return { action: "configure", ...Object.fromEntries(shipped.map((kind, i) => [`${kind}_toml`, texts[i]])) };
  }

  /**
   * A download whose failure is reported where it is awaited.
   * @param {string} url
   * @param {string} what
   */
  #download(url, what) {
    const pending = fetchBytes(this.realFetch, url, what);
    pending.catch(() => {});
    return pending;
  }
}

/**
 * With config.prefetch, every download starts now, while Pyodide is imported (it fetches its files
 * only once it is itself imported). Returns the prefetched responses by URL, for watchFetches to hand
 * to Pyodide when it asks.
 * @param {Resolved} config
 * @param {typeof fetch} realFetch
 * @param {OwnFiles} files
 */
function prefetch(config, realFetch, files) {
  /** @type {Map<string, Promise<Response>>} */
  const early = new Map();
  if (!config.prefetch) return early;
  for (const url of config.fetches) {
    const pending = realFetch(url);
    pending.catch(() => {});
    early.set(url, pending);
  }
  // Imported by loadPyodide later; the module map returns this same module then.
  import(`${config.index}pyodide.asm.mjs`).catch(() => {});
  files.app();
  files.pageParts();
  for (const kind of files.pageData()) {
    if (config[kind]) files.data(kind);
  }
  return early;
}

/** @param {string} index */
async function importPyodide(index) {
  try {
    return await import(`${index}pyodide.mjs`);
  } catch (err) {
    throw new Error(`无法载入 pyodide.mjs：${err instanceof Error ? err.message : err}`);
  }
}

/**
 * Python from the snapshot when there is a usable one, else a normal load (which may be
 * snapshotted later). Returns the runtime and whether it was restored.
 * @param {any} pyodideModule
 * @param {Resolved} config
 * @param {OwnFiles} files
 * @param {Promise<any>} snapshotHit
 * @param {string | null} snapshotKey
 */
async function startPython(pyodideModule, config, files, snapshotHit, snapshotKey) {
  const options = {
    indexURL: config.index,
    ...(config.stdlib ? { stdLibURL: config.stdlib } : {}),
    ...(config.lock ? { lockFileContents: config.lock } : {}),
    stdout: () => {},
    stderr: () => {},
  };
  const started = () => {
    stamp("python-started");
    post({ type: "progress", stage: "start", percent: null });
  };
  const hit = await snapshotHit;
  if (hit && config.app) {
    const { restoreSnapshot } = await snapshotModule;
    const restored = await restoreSnapshot(pyodideModule, options, hit, config.app, files.app()[0], { stamp, started });
    if (restored) return { pyodide: restored, restored: true };
  }
  const pyodide = await pyodideModule.loadPyodide({ ...options, ...(snapshotKey ? { _makeSnapshot: true } : {}) });
  started();
  await (await partsModule).installApp(pyodide, config.app, files.app());
  // The snapshot is only a faster next visit: without its module, there is none.
  if (snapshotKey) snapshotModule.then((snapshots) => snapshots.keepForSnapshot(pyodide, snapshotKey)).catch(() => {});
  return { pyodide, restored: false };
}

/** @param {ToWorker & {type: "init"}} message */
async function init(message) {
  stamp("start");
  const config = resolveConfig(message.page, message.config || {}, message.restore);
  post({ type: "progress", stage: "download", percent: Object.keys(config.bytes).length ? 0 : null });
  const realFetch = self.fetch.bind(self);
  const files = new OwnFiles(config, realFetch);
  const early = prefetch(config, realFetch, files);
  const snapshotKey =
    config.snapshot && config.app ? `${config.index}__gbt27922-snapshot__/${config.snapshot.key}` : null;
  // After a failure the page retries with restore: false: a fresh load, whose snapshot replaces this one.
  const snapshotHit =
    snapshotKey && config.snapshot?.restore !== false
      ? snapshotModule.then((snapshots) => snapshots.findSnapshot(snapshotKey)).catch(() => null)
      : Promise.resolve(null);
  const pyodideModule = await importPyodide(config.index);
  stamp("pyodide-imported");
  files.app(); // not prefetched: from now on
  files.pageParts();
  const { watchFetches } = await fetchModule;
  const own = new Set(config.stdlib ? [config.stdlib] : []);
  watchFetches({ index: config.index, bytes: config.bytes, own, early, post, fail });
  const { pyodide, restored } = await startPython(pyodideModule, config, files, snapshotHit, snapshotKey);
  self.fetch = realFetch;
  stamp("app-installed");
  const web = pyodide.pyimport("calculator._web");
  stamp("app-imported");
  const { configureWith, toolLoader } = await partsModule;
  configureWith(web, await files.configureRequest(files.startData()));
  loadTool = toolLoader(pyodide, web, files);
  await loadTool(config.calculator);
  handle = (text) => web.handle(text);
  stamp("ready");
  post({ type: "ready", timings, restored });
}

/**
 * Our own load errors are already in Chinese; anything else (Pyodide's "exit(1)", a CompileError…)
 * is explained in Chinese with the original text kept in brackets for whoever debugs it.
 * @param {unknown} err
 */
function loadFailure(err) {
  const text = err instanceof Error && err.message ? err.message : String(err);
  return /[\u4e00-\u9fff]/.test(text) ? text : `Python 运行环境无法启动（${text}）。`;
}

/** @param {ToWorker & {type: "call"}} message */
async function answer(message) {
  try {
    await ready;
  } catch {
    return; // the failure has been reported
  }
  try {
    await loadTool((await partsModule).toolOf(message.request));
  } catch (err) {
    // This tool's own parts did not arrive: say so here, and try again on its next request.
    post({ type: "result", id: message.id, response: JSON.stringify({ ok: false, message: loadFailure(err) }) });
    return;
  }
  let response;
  try {
    response = /** @type {(request: string) => string} */ (handle)(message.request);
  } catch (err) {
    // calculator._web.handle never raises, so the Python runtime itself is broken (a fatal
    // error, out of memory): report it, and the page offers a retry with a fresh worker.
    fail(`Python 计算程序意外出错，已停止运行（${err instanceof Error && err.name ? err.name : "错误"}）。`);
    return;
  }
  post({ type: "result", id: message.id, response });
}

// A rejection nobody handled while loading means the load broke somewhere we did not foresee.
self.addEventListener("unhandledrejection", (event) => {
  event.preventDefault();
  if (!handle) fail(loadFailure(event.reason));
});

self.onmessage = (/** @type {MessageEvent<ToWorker>} */ event) => {
  const message = event.data || {};
  if (message.type === "init") {
    if (ready) return;
    ready = init(message);
    ready.catch((err) => fail(loadFailure(err)));
  } else if (message.type === "snapshot") {
    if (!failed) snapshotModule.then((snapshots) => snapshots.takeSnapshot()).catch(() => {});
  } else if (message.type === "call") {
    answer(message);
  }
};
