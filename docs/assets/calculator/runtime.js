// @ts-check
// The Python runtime of this tab: one module worker (worker.js) shared by every calculator on the
// page and kept across Material's instant navigation; its load status (status.js) with a watchdog,
// the requests to Python and their answers, the retry after a failure, and what runs once Python is
// ready (the service worker, the worker's memory snapshot for the next visit).

import { LoadStatus } from "./status.js";

/** Time limits used when the runtime configuration has none (the build writes both). */
export const DEFAULT_WATCHDOG_MS = 45000;
// A calculation takes milliseconds; a request without an answer this long means the worker died.
export const DEFAULT_CALL_TIMEOUT_MS = 20000;
// Python's start (every file in, CPU work that reports no progress) may take this many watchdogs.
export const START_WATCHDOG_FACTOR = 4;
const WORKER_NAME = "gbt27922-calculator";

/**
 * The runtime's time limits from the page's runtime configuration (`watchdog_ms`, `call_timeout_ms`;
 * the browser tests serve a copy of the page with shorter ones); a missing or invalid value means
 * the default.
 * @param {Pick<RuntimeConfig, "watchdog_ms" | "call_timeout_ms">} config
 */
export function timeLimits(config) {
  const positive = (/** @type {unknown} */ value, /** @type {number} */ fallback) => {
    const number = Number(value);
    return number > 0 ? number : fallback;
  };
  return {
    watchdogMs: positive(config.watchdog_ms, DEFAULT_WATCHDOG_MS),
    callTimeoutMs: positive(config.call_timeout_ms, DEFAULT_CALL_TIMEOUT_MS),
  };
}

/** @param {string} url */
export function absolute(url) {
  return new URL(url, location.href).href;
}

/**
 * A performance mark for bench/run.py and the browser's performance panel: "gbt:ready" when Python
 * is ready, "gbt:first-result" / "gbt:result" when a result computed in the browser is in the DOM,
 * "gbt:worker:<step>" for the steps of the worker's load.
 * @param {string} name
 * @param {number} [startTime]
 */
export function mark(name, startTime) {
  try {
    performance.mark(name, startTime === undefined ? undefined : { startTime });
  } catch {
    /* marks are only instrumentation */
  }
}

/**
 * Calculator pages start the worker from an inline script at the top of <head> (early.js, inlined by
 * the build), long before this module runs: it leaves {config, worker, events} in
 * globalThis.gbt27922Early, and the first start takes them over.
 * @param {RuntimeConfig} config
 * @returns {EarlyStart | null}
 */
function takeEarly(config) {
  const early = globalThis.gbt27922Early;
  globalThis.gbt27922Early = null;
  if (!early?.worker) return null;
  if (early.config.worker !== config.worker) {
    early.worker.terminate(); // a different build's page (cannot happen with one build; never reuse)
    return null;
  }
  return early;
}

/** @param {string} url */
function createWorker(url) {
  return new Worker(url, { type: "module", name: WORKER_NAME });
}

/** @typedef {{resolve: (value: any) => void, reject: (reason: Error) => void}} PendingCall */

export class Runtime {
  status = new LoadStatus();
  /** @type {Worker | null} */
  worker = null;
  /** Counts the workers this tab has started: anything an earlier one still says is ignored. */
  generation = 0;
  /** @type {RuntimeConfig | null} */
  config = null;
  /** @type {Map<number, PendingCall>} */
  #pending = new Map();
  #nextId = 1;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  #watchdog = undefined;
  #limits = timeLimits({});
  #retried = false;
  #serviceWorkerRequested = false;
  #createWorker;

  /** @param {{createWorker?: (url: string) => Worker}} [options] */
  constructor({ createWorker: create = createWorker } = {}) {
    this.#createWorker = create;
  }

  /**
   * Start the worker for `config` (a page's runtime configuration), or take over the early start's.
   * Does nothing while one runs or after a failure (only retry() starts again).
   * @param {RuntimeConfig} config
   */
  start(config) {
    if (this.worker || this.status.failed || this.status.ready) return;
    this.config = config;
    this.#limits = timeLimits(config);
    const generation = ++this.generation;
    // Never after a retry: that is a fresh load (no snapshot restore, see worker.js).
    const early = this.#retried ? null : takeEarly(config);
    const worker = early ? early.worker : this.#spawn(config);
    if (!worker) return;
    this.worker = worker;
    this.#listen(worker, generation);
    if (early) {
      // What the worker said before this module ran, in order (the handlers are ours from now on).
      for (const event of early.events) this.#replay(worker, event);
    } else {
      // The same message early.js sends: the worker resolves the URLs against the page.
      /** @type {ToWorker} */
      const init = { type: "init", page: location.href, config, restore: !this.#retried };
      worker.postMessage(init);
    }
    this.#armWatchdog();
  }

  /** A calculator page loaded in full: its runtime configuration is in <meta name="gbt27922-runtime">. */
  startFromPage() {
    const meta = document.querySelector('meta[name="gbt27922-runtime"]');
    if (!(meta instanceof HTMLMetaElement) || this.worker) return;
    let config;
    try {
      config = JSON.parse(meta.content);
    } catch {
      return; // a calculator's mount starts it from its own configuration
    }
    this.start(config);
  }

  /** The retry button: a new worker, a fresh load. */
  retry() {
    clearTimeout(this.#watchdog);
    this.generation += 1; // anything the old worker still says is ignored
    this.worker?.terminate();
    this.worker = null;
    this.#rejectPending("retry");
    this.status.reset();
    this.#retried = true;
    if (this.config) this.start(this.config);
  }

  /**
   * Ask Python (calculator._web.handle); rejects when the runtime is not available or fails.
   * @param {Record<string, unknown>} request
   * @returns {Promise<any>} the answer, parsed
   */
  call(request) {
    const worker = this.worker;
    if (!worker || this.status.failed) return Promise.reject(new Error("not available"));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      // A worker that died silently (stopped by the browser) sends no error event: no answer in
      // time is the only sign, and it becomes the usual failure with a retry.
      const timer = setTimeout(() => {
        if (this.#pending.has(id)) this.#fail("计算程序没有响应（可能已被浏览器停止）。");
      }, this.#limits.callTimeoutMs);
      /** @type {<T>(settle: (value: T) => void) => (value: T) => void} */
      const cleared = (settle) => (value) => {
        clearTimeout(timer);
        settle(value);
      };
      this.#pending.set(id, { resolve: cleared(resolve), reject: cleared(reject) });
      /** @type {ToWorker} */
      const message = { type: "call", id, request: JSON.stringify(request) };
      worker.postMessage(message);
    });
  }

  /** @param {RuntimeConfig} config */
  #spawn(config) {
    try {
      mark("gbt:worker:created");
      return this.#createWorker(absolute(config.worker));
    } catch (err) {
      this.status.fail(`浏览器无法启动计算程序（${err instanceof Error ? err.message : err}）。`);
      return null;
    }
  }

  /**
   * @param {Worker} worker
   * @param {number} generation
   */
  #listen(worker, generation) {
    worker.onmessage = (event) => {
      if (generation === this.generation) this.#onMessage(event.data || {});
    };
    worker.onerror = (event) => {
      if (generation !== this.generation) return;
      event.preventDefault();
      // An error nobody caught inside the worker: before "ready" the script did not load, after it
      // the worker has crashed (the page cannot tell whether it can still answer).
      this.#fail(this.status.ready ? "计算程序意外停止运行。" : "计算程序无法启动（脚本载入失败）。");
    };
  }

  /**
   * @param {Worker} worker
   * @param {MessageEvent | ErrorEvent} event
   */
  #replay(worker, event) {
    if (event.type === "error") worker.onerror?.(/** @type {ErrorEvent} */ (event));
    else worker.onmessage?.(/** @type {MessageEvent} */ (event));
  }

  /** @param {FromWorker} message */
  #onMessage(message) {
    switch (message.type) {
      case "progress":
        this.status.advance(message.stage, { percent: message.percent ?? null });
        this.#armWatchdog();
        break;
      case "ready":
        this.#onReady(message.timings);
        break;
      case "failed":
        this.#fail(message.message);
        break;
      case "result":
        this.#settle(message.id, message.response);
        break;
      default:
        break;
    }
  }

  /** @param {Record<string, number> | undefined} timings when each step of the worker's load ended */
  #onReady(timings) {
    clearTimeout(this.#watchdog);
    for (const [step, at] of Object.entries(timings || {})) {
      mark(`gbt:worker:${step}`, at - performance.timeOrigin);
    }
    mark("gbt:ready");
    this.status.advance("ready");
    this.#whenIdle();
  }

  /**
   * @param {number} id
   * @param {string} response
   */
  #settle(id, response) {
    const call = this.#pending.get(id);
    if (!call) return;
    this.#pending.delete(id);
    try {
      call.resolve(JSON.parse(response));
    } catch (err) {
      call.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  // Once every file is in ("start": compiling the wasm, starting Python, importing the calculator),
  // the worker does CPU work that reports no progress; on a busy phone that takes far longer than a
  // download step (WebKit on a loaded 2-core host: over 45 s), while the page says "正在启动
  // Python…". That stage gets a longer limit, and a message that does not blame the network.
  #armWatchdog() {
    clearTimeout(this.#watchdog);
    if (this.status.ready || this.status.failed) return;
    const starting = this.status.state.stage === "start";
    const ms = this.#limits.watchdogMs * (starting ? START_WATCHDOG_FACTOR : 1);
    this.#watchdog = setTimeout(() => {
      const seconds = Math.round(ms / 1000);
      this.#fail(
        starting
          ? `Python 运行环境在 ${seconds} 秒内没有启动完成（设备太忙，或网络中断）。`
          : `Python 运行环境在 ${seconds} 秒内没有任何进展（网络太慢，或服务器配置有误）。`,
      );
    }, ms);
  }

  /** @param {string} message */
  #fail(message) {
    clearTimeout(this.#watchdog);
    if (!this.status.fail(message)) return;
    this.#rejectPending(message);
    this.worker?.terminate();
    this.worker = null;
  }

  /** @param {string} reason */
  #rejectPending(reason) {
    for (const { reject } of this.#pending.values()) reject(new Error(reason));
    this.#pending.clear();
  }

  /**
   * Once Python is ready and the tab is idle (so neither competes with the load or the first result):
   * the service worker, and the worker's memory snapshot for the next visit (worker-snapshot.js).
   */
  #whenIdle(tries = 0) {
    const generation = this.generation;
    const later = () => {
      if (generation !== this.generation || !this.status.ready) return;
      // After the first result, which must not wait behind the snapshot (tries: a page may have none).
      if (!performance.getEntriesByName("gbt:first-result").length && tries < 20) {
        setTimeout(() => this.#whenIdle(tries + 1), 250);
        return;
      }
      if (this.config?.sw) this.#registerServiceWorker(this.config.sw);
      /** @type {ToWorker} */
      const snapshot = { type: "snapshot" };
      this.worker?.postMessage(snapshot);
    };
    if (typeof requestIdleCallback === "function") requestIdleCallback(later, { timeout: 3000 });
    else setTimeout(later, 1000);
  }

  /**
   * The service worker (sw.js, which the build completes) keeps the runtime for returning and offline
   * visits; its precache comes from the HTTP cache the load has just filled.
   * @param {{url: string, scopes: string[]}} sw
   */
  #registerServiceWorker(sw) {
    if (this.#serviceWorkerRequested || !("serviceWorker" in navigator)) return;
    this.#serviceWorkerRequested = true;
    for (const scope of sw.scopes) {
      navigator.serviceWorker.register(absolute(sw.url), { scope: absolute(scope) }).catch(() => {
        /* no offline copy (private mode, blocked storage): the calculator works as before */
      });
    }
  }
}

/** The one runtime of this tab. */
export const runtime = new Runtime();
