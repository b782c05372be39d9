// @ts-check
// The worker's memory snapshot, for returning visits. Starting Python and importing the calculator is
// most of a load once the files are cached. After a normal load, once the page is idle (it sends
// {type: "snapshot"}), the worker keeps a copy of Python's memory (Pyodide's makeMemorySnapshot:
// everything imported, segno included once a QR code was drawn) in the Cache Storage of this
// browser; later visits restore it instead (loadPyodide's _loadSnapshot). The key names the exact
// runtime, app and worker (the build's runtime configuration), so a new build never restores an old
// snapshot; a snapshot that fails to restore or to answer is deleted and the normal load runs.

// Also cleared by the page's "clear saved inputs" (saved.js: SNAPSHOT_CACHE).
export const SNAPSHOT_CACHE = "gbt27922-snapshot";

/** @typedef {{cache: Cache, key: string, attempt: string, buffer: Promise<ArrayBuffer>, marked: Promise<void>}} Hit */

/** @type {{pyodide: any, key: string} | null} a normal load that may be snapshotted */
let snapshotLater = null;
/** @type {Hit | null} the snapshot this worker runs on, dropped should the worker fail */
let restoredFrom = null;

/**
 * The snapshot's cache entry (its body is read while Pyodide is imported), or null. A marker is kept
 * while a restore is under way: found here, the previous restore never finished (it hung, or the
 * tab died), so that snapshot is not tried again.
 * @param {string} key
 * @returns {Promise<Hit | null>}
 */
export async function findSnapshot(key) {
  const attempt = `${key}?attempt`;
  try {
    const cache = await caches.open(SNAPSHOT_CACHE);
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

/**
 * Python restored from `hit`, checked with a request; null (and the snapshot deleted) when it fails.
 * @param {any} pyodideModule
 * @param {object} options loadPyodide's options
 * @param {Hit} hit
 * @param {{path: string}} app where the app zip goes in Pyodide's file system
 * @param {Promise<ArrayBuffer>} appBytes
 * @param {{stamp: (step: string) => void, started: () => void}} on
 */
export async function restoreSnapshot(pyodideModule, options, hit, app, appBytes, { stamp, started }) {
  const snapshot = hit.buffer.then((buffer) => {
    stamp("snapshot-read");
    return unpackSnapshot(buffer);
  });
  // Read ahead, a damaged snapshot may be refused before loadPyodide awaits it: not an unhandled
  // rejection (which means a broken load, see worker.js), only a reason to load normally.
  snapshot.catch(() => {});
  try {
    const pyodide = await pyodideModule.loadPyodide({
      ...options,
      _loadSnapshot: snapshot,
      // The file system is not part of the snapshot: the app zip must be back where it was.
      fsInit: async (/** @type {any} */ FS) => FS.writeFile(app.path, new Uint8Array(await appBytes)),
    });
    started();
    const probe = JSON.parse(pyodide.pyimport("calculator._web").handle('{"action": "ping"}'));
    if (probe.ok !== false) throw new Error("unexpected answer");
    await hit.marked;
    await hit.cache.delete(hit.attempt);
    stamp("restored");
    restoredFrom = hit;
    return pyodide;
  } catch {
    await forget(hit);
    return null;
  }
}

/** @param {Hit} hit */
async function forget(hit) {
  try {
    await hit.marked;
    await Promise.all([hit.cache.delete(hit.key), hit.cache.delete(hit.attempt)]);
  } catch {
    /* nothing more to do */
  }
}

/**
 * After a normal load: the runtime to snapshot when the page says it is idle.
 * @param {any} pyodide
 * @param {string} key
 */
export function keepForSnapshot(pyodide, key) {
  snapshotLater = { pyodide, key };
}

/** The page is idle: save the snapshot of the normal load (once). */
export function takeSnapshot() {
  if (!snapshotLater) return;
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

/** The worker failed: the snapshot it was restored from is not used again. */
export function dropRestoredSnapshot() {
  if (!restoredFrom) return;
  const { cache, key } = restoredFrom;
  restoredFrom = null;
  cache.delete(key).catch(() => {});
}

/**
 * @param {string} key
 * @param {Uint8Array} snapshot
 */
async function saveSnapshot(key, snapshot) {
  try {
    const cache = await caches.open(SNAPSHOT_CACHE);
    const site = new URL(key).pathname.replace(/[^/]*$/, "");
    for (const old of await cache.keys()) {
      if (old.url !== key && new URL(old.url).pathname.startsWith(site)) {
        await cache.delete(old); // an older build's snapshot of this site
      }
    }
    const packed = packSnapshot(snapshot);
    await cache.put(key, new Response(packed, { headers: { "Content-Type": "application/octet-stream" } }));
  } catch {
    /* storage full or unavailable: the next visit loads normally */
  }
}

// Stored sparse: most of the 30 MB of Python's memory is zeros, so only the 4 KB chunks that are not
// are kept, after a header: magic, length, chunk size, how many, which.
const SPARSE_MAGIC = 0x53544247; // "GBTS"
export const CHUNK = 4096;

/**
 * @param {Uint8Array} chunk
 */
function isZero(chunk) {
  const words = chunk.length % 4 === 0 && chunk.byteOffset % 4 === 0;
  const view = words ? new Uint32Array(chunk.buffer, chunk.byteOffset, chunk.length / 4) : chunk;
  for (let i = 0; i < view.length; i += 1) {
    if (view[i] !== 0) return false;
  }
  return true;
}

/**
 * The snapshot without its all-zero chunks.
 * @param {Uint8Array} bytes
 */
export function packSnapshot(bytes) {
  const chunks = Math.ceil(bytes.length / CHUNK);
  const kept = [];
  for (let c = 0; c < chunks; c += 1) {
    if (!isZero(bytes.subarray(c * CHUNK, Math.min((c + 1) * CHUNK, bytes.length)))) kept.push(c);
  }
  const header = new Uint32Array([SPARSE_MAGIC, bytes.length, CHUNK, kept.length, ...kept]);
  const out = new Uint8Array(header.byteLength + kept.length * CHUNK);
  out.set(new Uint8Array(header.buffer));
  kept.forEach((c, i) => {
    out.set(bytes.subarray(c * CHUNK, (c + 1) * CHUNK), header.byteLength + i * CHUNK);
  });
  return out;
}

/**
 * The snapshot as packSnapshot had it; throws on anything else.
 * @param {ArrayBuffer} buffer
 */
export function unpackSnapshot(buffer) {
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
