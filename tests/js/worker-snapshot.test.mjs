// @ts-check
// The memory snapshot's sparse format (docs/assets/calculator/worker-snapshot.js): only the 4 KB
// chunks that are not all zeros are stored; unpacking gives the exact bytes back, and anything that
// is not a packed snapshot is refused (the worker then loads Python normally).
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { SNAPSHOT_CACHE as PAGE_CACHE } from "../../docs/assets/calculator/saved.js";
import { CHUNK, packSnapshot, SNAPSHOT_CACHE, unpackSnapshot } from "../../docs/assets/calculator/worker-snapshot.js";

const HEADER = 16; // magic, length, chunk size, count

/**
 * A deterministic pseudo-random generator (mulberry32), so that a failure can be replayed.
 * @param {number} seed
 */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** @param {Uint8Array} packed */
function roundTrip(packed) {
  // What the cache gives back: a fresh ArrayBuffer holding exactly the packed bytes.
  return unpackSnapshot(packed.slice().buffer);
}

/**
 * @param {number} length
 * @param {number[]} nonZero byte offsets set to a non-zero value
 */
function memory(length, nonZero) {
  const bytes = new Uint8Array(length);
  for (const at of nonZero) bytes[at] = (at % 251) + 1;
  return bytes;
}

describe("packSnapshot / unpackSnapshot", () => {
  const cases = [
    { name: "empty", bytes: memory(0, []), kept: 0 },
    { name: "all zeros", bytes: memory(10 * CHUNK, []), kept: 0 },
    { name: "first byte", bytes: memory(3 * CHUNK, [0]), kept: 1 },
    { name: "last byte of a chunk", bytes: memory(3 * CHUNK, [CHUNK - 1]), kept: 1 },
    { name: "first byte of the next chunk", bytes: memory(3 * CHUNK, [CHUNK]), kept: 1 },
    { name: "two chunks apart", bytes: memory(5 * CHUNK, [7, 4 * CHUNK + 9]), kept: 2 },
    { name: "a short last chunk", bytes: memory(2 * CHUNK + 5, [2 * CHUNK + 4]), kept: 1 },
    { name: "a length not a multiple of 4", bytes: memory(CHUNK + 3, [1, CHUNK + 2]), kept: 2 },
    { name: "every chunk", bytes: memory(4 * CHUNK, [0, CHUNK, 2 * CHUNK, 3 * CHUNK]), kept: 4 },
  ];
  for (const { name, bytes, kept } of cases) {
    it(`gives back the same bytes: ${name}`, () => {
      const packed = packSnapshot(bytes);
      assert.equal(packed.length, HEADER + 4 * kept + kept * CHUNK, "header, chunk numbers, kept chunks");
      assert.deepEqual(roundTrip(packed), bytes);
    });
  }

  it("reads a view that does not start on a 4-byte boundary", () => {
    const backing = memory(3 * CHUNK + 1, [1 + CHUNK + 10]);
    const bytes = backing.subarray(1); // byteOffset 1: compared byte by byte
    assert.deepEqual(roundTrip(packSnapshot(bytes)), bytes);
    assert.equal(packSnapshot(bytes).length, HEADER + 4 + CHUNK);
  });

  it("gives back random sparse memory exactly (200 seeded cases)", () => {
    for (let seed = 1; seed <= 200; seed += 1) {
      const next = random(seed);
      const length = Math.floor(next() * 12 * CHUNK);
      const bytes = new Uint8Array(length);
      const writes = Math.floor(next() * 40);
      for (let i = 0; i < writes && length; i += 1) bytes[Math.floor(next() * length)] = 1 + Math.floor(next() * 255);
      assert.deepEqual(roundTrip(packSnapshot(bytes)), bytes, `seed ${seed}`);
    }
  });

  it("refuses what is not a packed snapshot", () => {
    const packed = packSnapshot(memory(2 * CHUNK, [5]));
    const wrongMagic = packed.slice();
    wrongMagic[0] ^= 0xff;
    const wrongChunk = packed.slice();
    new DataView(wrongChunk.buffer).setUint32(8, 1024, true);
    const refused = [
      ["garbage", new Uint8Array(CHUNK).fill(7).buffer],
      ["another magic", wrongMagic.buffer],
      ["another chunk size", wrongChunk.buffer],
      ["too short for a header", new Uint8Array(8).buffer],
      ["cut short", packed.slice(0, HEADER + 4 + 100).buffer],
    ];
    for (const [name, buffer] of refused) {
      assert.throws(() => unpackSnapshot(/** @type {ArrayBuffer} */ (buffer)), Error, String(name));
    }
  });
});

describe("the snapshot's cache", () => {
  it("has the same name in the worker and in the page's 'clear saved inputs'", () => {
    assert.equal(SNAPSHOT_CACHE, PAGE_CACHE);
  });
});
