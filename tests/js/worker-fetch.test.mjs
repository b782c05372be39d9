// @ts-check
// The worker's watch over the runtime's downloads (docs/assets/calculator/worker-fetch.js): the
// percentage the page shows, the prefetched responses handed to Pyodide, and an immediate, named
// failure for a missing file, a wasm of the wrong type or a download cut short.
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";

import { downloadProgress, fileName, watchFetches } from "../../docs/assets/calculator/worker-fetch.js";

const INDEX = "http://127.0.0.1/assets/pyodide/314.0.7/";
const STDLIB = "http://127.0.0.1/assets/calculator/_hashed/python_stdlib.0123.zip";
const original = globalThis.fetch;

/**
 * A response whose body arrives in the given chunks (and then ends, or breaks off).
 * @param {number[]} chunks sizes
 * @param {{type?: string, status?: number, breaks?: boolean}} [options]
 */
function response(chunks, { type = "application/octet-stream", status = 200, breaks = false } = {}) {
  const body = new ReadableStream({
    start(controller) {
      for (const size of chunks) controller.enqueue(new Uint8Array(size));
      if (breaks) controller.error(new Error("connection reset"));
      else controller.close();
    },
  });
  return new Response(status === 200 ? body : null, { status, headers: { "content-type": type } });
}

/** @param {Record<string, () => Response>} routes what the network answers, by URL */
function watch(routes, bytes = { "pyodide.asm.wasm": 300, "python_stdlib.0123.zip": 100 }) {
  /** @type {FromWorker[]} */
  const posted = [];
  /** @type {string[]} */
  const failures = [];
  /** @type {string[]} */
  const requested = [];
  globalThis.fetch = async (input) => {
    const url = String(input);
    requested.push(url);
    const route = routes[url];
    if (!route) throw new TypeError("Failed to fetch");
    return route();
  };
  /** @type {Map<string, Promise<Response>>} */
  const early = new Map();
  watchFetches({
    index: INDEX,
    bytes,
    own: new Set([STDLIB]),
    early,
    post: (message) => posted.push(message),
    fail: (message) => failures.push(message),
  });
  return { posted, failures, requested, early };
}

/** @param {FromWorker[]} posted */
function percents(posted) {
  return posted.map((m) => (m.type === "progress" ? `${m.stage}:${m.percent}` : m.type));
}

describe("watchFetches", () => {
  beforeEach(() => {
    globalThis.fetch = original;
  });
  afterEach(() => {
    globalThis.fetch = original;
  });

  it("counts the runtime's bytes as Pyodide reads them, then says Python is starting", async () => {
    const { posted, failures } = watch({
      [`${INDEX}pyodide.asm.wasm`]: () => response([100, 100, 100], { type: "application/wasm" }),
      [STDLIB]: () => response([50, 50]),
    });
    await (await fetch(`${INDEX}pyodide.asm.wasm`)).arrayBuffer();
    await (await fetch(STDLIB)).arrayBuffer();
    assert.deepEqual(percents(posted), ["download:25", "download:50", "download:75", "download:87", "start:null"]);
    assert.deepEqual(failures, []);
  });

  it("hands Pyodide the prefetched response once, then asks the network", async () => {
    const { requested, early } = watch({ [STDLIB]: () => response([1]) });
    early.set(STDLIB, Promise.resolve(response([100])));
    const first = await fetch(STDLIB);
    assert.equal((await first.arrayBuffer()).byteLength, 100);
    assert.deepEqual(requested, []);
    await fetch(STDLIB);
    assert.deepEqual(requested, [STDLIB]);
  });

  it("leaves other requests alone", async () => {
    const other = "http://127.0.0.1/elsewhere.json";
    const { posted, failures } = watch({ [other]: () => response([10], { status: 404 }) });
    const answer = await fetch(other);
    assert.equal(answer.status, 404);
    assert.deepEqual([posted, failures], [[], []]);
    await assert.rejects(fetch("http://127.0.0.1/unreachable"), TypeError);
  });

  const failures = [
    {
      name: "a missing file",
      answer: () => response([], { status: 404 }),
      message: "无法下载 pyodide.asm.wasm（HTTP 404）。",
    },
    {
      name: "a wasm served as text",
      answer: () => response([300], { type: "text/plain" }),
      message: "服务器为 pyodide.asm.wasm 返回的类型是“text/plain”，应为 application/wasm。",
    },
    {
      name: "a body that ends too soon",
      answer: () => response([100], { type: "application/wasm" }),
      message: "下载 pyodide.asm.wasm 时连接中断（只收到 0.0 MB，共 0.0 MB）。",
    },
    {
      name: "a body that breaks off",
      answer: () => response([100], { type: "application/wasm", breaks: true }),
      message: "下载 pyodide.asm.wasm 时连接中断（只收到 0.0 MB，共 0.0 MB）。",
    },
  ];
  for (const { name, answer, message } of failures) {
    it(`fails at once, naming the file: ${name}`, async () => {
      const watched = watch({ [`${INDEX}pyodide.asm.wasm`]: answer });
      const got = await fetch(`${INDEX}pyodide.asm.wasm`);
      await got.arrayBuffer().catch(() => null);
      assert.deepEqual(watched.failures, [message]);
    });
  }

  it("fails on a network error for a runtime file, and never answers Pyodide", async () => {
    const { failures } = watch({});
    const pending = fetch(`${INDEX}pyodide.asm.wasm`);
    const settled = await Promise.race([pending.then(() => "settled"), new Promise((r) => setTimeout(r, 50, "open"))]);
    assert.equal(settled, "open"); // reported; the page ends this worker
    assert.deepEqual(failures, ["无法下载 pyodide.asm.wasm：网络错误，或请求被拦截。"]);
  });
});

describe("downloadProgress", () => {
  it("shows nothing when the sizes are unknown", () => {
    /** @type {FromWorker[]} */
    const posted = [];
    const progress = downloadProgress({ bytes: {}, post: (m) => posted.push(m), fail: () => {} });
    const plain = new Response("x");
    assert.equal(progress.count(plain, "pyodide.asm.wasm"), plain);
    assert.deepEqual(posted, []);
  });
});

describe("fileName", () => {
  const cases = [
    ["http://127.0.0.1/assets/pyodide/314.0.7/pyodide.asm.wasm", "pyodide.asm.wasm"],
    ["http://127.0.0.1/assets/calculator/worker.js?v=0123", "worker.js"],
    ["pyodide.mjs", "pyodide.mjs"],
  ];
  for (const [url, name] of cases) {
    it(`${url} → ${name}`, () => assert.equal(fileName(url), name));
  }
});
