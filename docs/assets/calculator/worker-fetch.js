// @ts-check
// The worker's watch over the runtime's downloads, while Pyodide loads: it counts the bytes of the
// runtime files as they arrive (the page's percentage), hands Pyodide the responses the worker
// prefetched, and fails at once on a missing file, a wasm served with the wrong type or a body cut
// short: Pyodide itself would then wait forever, or stop with an English "exit(1)".

/** @param {number} n */
function mb(n) {
  return (n / 1048576).toFixed(1);
}

/** @param {unknown} url */
export function fileName(url) {
  return String(url).split("?")[0].split("/").pop() || "";
}

/** @param {RequestInfo | URL} input */
function urlOf(input) {
  if (typeof input === "string") return input;
  return input instanceof URL ? input.href : input.url;
}

/**
 * @typedef {object} Watch
 * @property {string} index the Pyodide directory: every file under it is the runtime's
 * @property {Record<string, number>} bytes each runtime file's size, by file name (the build records them)
 * @property {Set<string>} own other URLs that are the runtime's (our trimmed standard library)
 * @property {Map<string, Promise<Response>>} early prefetched responses by URL, taken once
 * @property {(message: FromWorker) => void} post
 * @property {(message: string) => void} fail
 */

/**
 * Replace the global fetch (the one Pyodide uses) with the watching one; the caller puts the real
 * one back once Python is loaded.
 * @param {Watch} watch
 */
export function watchFetches(watch) {
  const realFetch = globalThis.fetch.bind(globalThis);
  const progress = downloadProgress(watch);
  /** @type {typeof fetch} */
  const watching = async (input, init) => {
    const url = urlOf(input);
    const ours = url.startsWith(watch.index) || watch.own.has(url);
    const early = watch.early.get(url);
    watch.early.delete(url);
    let response;
    try {
      response = await (early || realFetch(input, init));
    } catch (err) {
      if (!ours) throw err;
      watch.fail(`无法下载 ${fileName(url)}：网络错误，或请求被拦截。`);
      return new Promise(() => {}); // reported; the page ends this worker
    }
    if (!ours) return response;
    if (!checkResponse(response, url, watch.fail)) return response;
    return progress.count(response, fileName(url));
  };
  globalThis.fetch = watching;
}

/**
 * False (and reported) when the response cannot be the runtime file it should be.
 * @param {Response} response
 * @param {string} url
 * @param {(message: string) => void} fail
 */
function checkResponse(response, url, fail) {
  const name = fileName(url);
  if (!response.ok) {
    fail(`无法下载 ${name}（HTTP ${response.status}）。`);
    return false;
  }
  if (name.endsWith(".wasm")) {
    const type = (response.headers.get("content-type") || "").split(";")[0].trim();
    if (type !== "application/wasm") {
      fail(`服务器为 ${name} 返回的类型是“${type || "未知"}”，应为 application/wasm。`);
    }
  }
  return true;
}

/**
 * The download percentage over all runtime files, posted as it changes ("start" once all is in).
 * @param {Pick<Watch, "bytes" | "post" | "fail">} watch
 */
export function downloadProgress({ bytes, post, fail }) {
  const total = Object.values(bytes).reduce((a, b) => a + b, 0);
  let loaded = 0;
  let shown = -1;
  let started = false;
  const advance = (/** @type {number} */ received) => {
    loaded += received;
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
  return {
    /**
     * The response with a body that counts its bytes as Pyodide reads them. Counted per file: a body
     * that breaks off, or ends before the file's known size, is a dropped connection.
     * @param {Response} response
     * @param {string} name
     */
    count(response, name) {
      if (!response.body || !total) return response;
      const expected = bytes[name] || 0;
      const dropped = (/** @type {number} */ got) =>
        fail(`下载 ${name} 时连接中断（只收到 ${mb(got)} MB，共 ${mb(expected)} MB）。`);
      const body = countingStream(response.body.getReader(), { expected, advance, dropped });
      return new Response(body, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    },
  };
}

/**
 * @param {ReadableStreamDefaultReader<Uint8Array>} reader
 * @param {{expected: number, advance: (received: number) => void, dropped: (got: number) => void}} on
 */
function countingStream(reader, { expected, advance, dropped }) {
  let got = 0;
  return new ReadableStream({
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
      advance(chunk.value.byteLength);
      controller.enqueue(chunk.value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}
