// @ts-check
// The tab's Python runtime (docs/assets/calculator/runtime.js) with a fake worker: the messages it
// sends, the load status it keeps, the failures it reports (each once, none overwritten), the retry,
// and the early start's worker taken over.
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";

const PAGE = "http://127.0.0.1:8000/calculator/score/";
const scope = /** @type {any} */ (globalThis);
scope.location = new URL(PAGE);
/** @type {Array<() => void>} */
const idle = [];
scope.requestIdleCallback = (/** @type {() => void} */ callback) => idle.push(callback); // never run here

const { DEFAULT_CALL_TIMEOUT_MS, DEFAULT_WATCHDOG_MS, Runtime, timeLimits } = await import(
  "../../docs/assets/calculator/runtime.js"
);

class FakeWorker {
  /** @param {string} url */
  constructor(url) {
    this.url = url;
    /** @type {ToWorker[]} */
    this.posted = [];
    this.terminated = false;
    /** @type {((event: any) => void) | null} */
    this.onmessage = null;
    /** @type {((event: any) => void) | null} */
    this.onerror = null;
  }

  /** @param {ToWorker} message */
  postMessage(message) {
    this.posted.push(message);
  }

  terminate() {
    this.terminated = true;
  }

  /** The worker says something. @param {FromWorker} data */
  say(data) {
    this.onmessage?.({ type: "message", data });
  }

  /** An error nobody caught inside the worker. */
  crash() {
    let prevented = false;
    this.onerror?.({ type: "error", preventDefault: () => (prevented = true) });
    return prevented;
  }

  /** The request of the last "call" message. */
  get lastCall() {
    const call = this.posted.findLast((m) => m.type === "call");
    assert.ok(call && call.type === "call");
    return call;
  }
}

/** @type {RuntimeConfig} */
const CONFIG = { worker: "../../assets/calculator/worker.js?v=0123456789ab", pyodide: { index: "../../p/" } };

function setUp(config = CONFIG) {
  /** @type {FakeWorker[]} */
  const workers = [];
  const runtime = new Runtime({
    createWorker: (url) => {
      const worker = new FakeWorker(url);
      workers.push(worker);
      return /** @type {Worker} */ (/** @type {unknown} */ (worker));
    },
  });
  runtime.start(config);
  return { runtime, workers, worker: workers[0] };
}

/** @param {InstanceType<typeof Runtime>} runtime */
function stage(runtime) {
  return runtime.status.state.stage;
}

describe("timeLimits", () => {
  const cases = [
    [{}, DEFAULT_WATCHDOG_MS, DEFAULT_CALL_TIMEOUT_MS],
    [{ watchdog_ms: 3000, call_timeout_ms: 6000 }, 3000, 6000],
    [{ watchdog_ms: 0, call_timeout_ms: -5 }, DEFAULT_WATCHDOG_MS, DEFAULT_CALL_TIMEOUT_MS],
    [{ watchdog_ms: /** @type {any} */ ("abc") }, DEFAULT_WATCHDOG_MS, DEFAULT_CALL_TIMEOUT_MS],
  ];
  for (const [config, watchdogMs, callTimeoutMs] of cases) {
    it(`${JSON.stringify(config)} → ${watchdogMs} / ${callTimeoutMs} ms`, () => {
      assert.deepEqual(timeLimits(/** @type {RuntimeConfig} */ (config)), { watchdogMs, callTimeoutMs });
    });
  }
});

describe("Runtime", () => {
  beforeEach(() => {
    scope.gbt27922Early = undefined;
  });
  afterEach(() => {
    idle.length = 0;
  });

  it("starts one worker at the configured URL and sends it the page's configuration", () => {
    const { runtime, workers, worker } = setUp();
    runtime.start(CONFIG); // already running: nothing more
    assert.equal(workers.length, 1);
    assert.equal(worker.url, "http://127.0.0.1:8000/assets/calculator/worker.js?v=0123456789ab");
    assert.deepEqual(worker.posted, [{ type: "init", page: PAGE, config: CONFIG, restore: true }]);
    worker.say({ type: "failed", message: "结束" });
  });

  it("follows the worker's progress to ready, and then asks for the snapshot when idle", () => {
    const { runtime, worker } = setUp();
    worker.say({ type: "progress", stage: "download", percent: 40 });
    assert.deepEqual(runtime.status.state, { stage: "download", percent: 40, message: "" });
    worker.say({ type: "progress", stage: "start", percent: null });
    worker.say({ type: "ready", timings: { start: performance.timeOrigin + 5 }, restored: false });
    assert.equal(stage(runtime), "ready");
    assert.ok(performance.getEntriesByName("gbt:ready").length > 0);
    assert.ok(performance.getEntriesByName("gbt:worker:start").length > 0);
    assert.equal(idle.length, 1); // the service worker and the snapshot wait for an idle moment
  });

  it("sends calls as JSON text and resolves each with its own answer", async () => {
    const { runtime, worker } = setUp();
    worker.say({ type: "ready", timings: {}, restored: false });
    const first = runtime.call({ action: "score", fields: { a: "1" } });
    const firstId = worker.lastCall.id;
    const second = runtime.call({ action: "qr", text: "x" });
    const secondId = worker.lastCall.id;
    assert.deepEqual(JSON.parse(worker.lastCall.request), { action: "qr", text: "x" });
    worker.say({ type: "result", id: 999, response: "{}" });
    worker.say({ type: "result", id: secondId, response: '{"ok": true, "data_uri": "data:,"}' });
    worker.say({ type: "result", id: firstId, response: '{"ok": false, "message": "输入有误。"}' });
    assert.deepEqual(await second, { ok: true, data_uri: "data:," });
    assert.deepEqual(await first, { ok: false, message: "输入有误。" });
  });

  it("fails when a call gets no answer in time (a worker the browser stopped says nothing)", async () => {
    const { runtime, worker } = setUp({ ...CONFIG, call_timeout_ms: 30 });
    worker.say({ type: "ready", timings: {}, restored: false });
    await assert.rejects(runtime.call({ action: "score" }), /计算程序没有响应/);
    assert.equal(stage(runtime), "failed");
    assert.match(runtime.status.state.message, /计算程序没有响应（可能已被浏览器停止）/);
    assert.equal(worker.terminated, true);
    await assert.rejects(runtime.call({ action: "score" }), /not available/);
  });

  it("fails a load that makes no progress for the watchdog's time", async () => {
    const { runtime, worker } = setUp({ ...CONFIG, watchdog_ms: 30 });
    worker.say({ type: "progress", stage: "download", percent: 1 });
    await new Promise((resolve) => setTimeout(resolve, 80));
    assert.equal(stage(runtime), "failed");
    assert.match(runtime.status.state.message, /秒内没有任何进展/);
    assert.equal(worker.terminated, true);
  });

  it("keeps the worker's own failure message; later messages change nothing", async () => {
    const { runtime, worker } = setUp();
    worker.say({ type: "ready", timings: {}, restored: false });
    const pending = runtime.call({ action: "score" });
    worker.say({ type: "failed", message: "无法下载 pyodide.asm.wasm（HTTP 404）。" });
    await assert.rejects(pending);
    worker.say({ type: "progress", stage: "download", percent: 50 });
    worker.crash();
    assert.deepEqual(runtime.status.state, {
      stage: "failed",
      percent: null,
      message: "无法下载 pyodide.asm.wasm（HTTP 404）。",
    });
  });

  const crashes = [
    ["before ready", false, "计算程序无法启动（脚本载入失败）。"],
    ["after ready", true, "计算程序意外停止运行。"],
  ];
  for (const [when, ready, message] of crashes) {
    it(`reports an uncaught error in the worker ${when}`, () => {
      const { runtime, worker } = setUp();
      if (ready) worker.say({ type: "ready", timings: {}, restored: false });
      assert.equal(worker.crash(), true); // not also reported as the page's own error
      assert.equal(runtime.status.state.message, message);
    });
  }

  it("retries with a new worker and a fresh load; the old one is not heard any more", () => {
    const { runtime, workers, worker: old } = setUp();
    old.say({ type: "failed", message: "断网" });
    const generation = runtime.generation;
    runtime.retry();
    assert.equal(workers.length, 2);
    assert.equal(runtime.generation, generation + 2); // the retry, and the new worker's start
    const fresh = workers[1];
    assert.deepEqual(fresh.posted, [{ type: "init", page: PAGE, config: CONFIG, restore: false }]);
    old.say({ type: "ready", timings: {}, restored: false });
    assert.equal(stage(runtime), "idle");
    fresh.say({ type: "ready", timings: {}, restored: false });
    assert.equal(stage(runtime), "ready");
  });

  it("says why the browser could not start a worker", () => {
    const runtime = new Runtime({
      createWorker: () => {
        throw new Error("SecurityError");
      },
    });
    runtime.start(CONFIG);
    assert.equal(runtime.status.state.message, "浏览器无法启动计算程序（SecurityError）。");
  });
});

describe("taking over the early start (early.js)", () => {
  /**
   * What early.js leaves: its worker, and what the worker said meanwhile.
   * @param {string} workerUrl
   * @param {Array<{type: string, data?: FromWorker, preventDefault?: () => void}>} events
   */
  function early(workerUrl, events) {
    const worker = new FakeWorker(workerUrl);
    scope.gbt27922Early = { config: { ...CONFIG, worker: workerUrl }, worker, events };
    return worker;
  }

  it("keeps its worker, replays its messages in order, and clears it", () => {
    const started = early(CONFIG.worker, [
      { type: "message", data: { type: "progress", stage: "download", percent: 10 } },
      { type: "message", data: { type: "progress", stage: "download", percent: 30 } },
    ]);
    const { runtime, workers } = setUp();
    assert.equal(workers.length, 0);
    assert.equal(runtime.worker, /** @type {unknown} */ (started));
    assert.deepEqual(runtime.status.state, { stage: "download", percent: 30, message: "" });
    assert.deepEqual(started.posted, []); // early.js sent "init" already
    assert.equal(scope.gbt27922Early, null);
    started.say({ type: "ready", timings: {}, restored: true });
    assert.equal(stage(runtime), "ready");
  });

  it("replays an error the early worker reported", () => {
    early(CONFIG.worker, [{ type: "error", preventDefault() {} }]);
    const { runtime } = setUp();
    assert.equal(runtime.status.state.message, "计算程序无法启动（脚本载入失败）。");
  });

  it("never reuses a worker started for another build's configuration", () => {
    const other = early("../../assets/calculator/worker.js?v=ffffffffffff", []);
    const { workers, worker } = setUp();
    assert.equal(other.terminated, true);
    assert.equal(workers.length, 1);
    assert.equal(worker.posted[0].type, "init");
    worker.say({ type: "failed", message: "结束" });
  });
});
