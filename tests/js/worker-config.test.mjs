// @ts-check
// The worker's reading of the page's runtime configuration (docs/assets/calculator/worker.js:
// resolveConfig): every URL resolved against the page that sent it, and the list of files Pyodide
// will fetch, which the worker may start downloading at once.
import assert from "node:assert/strict";
import { describe, it } from "node:test";

// worker.js is a module worker's script: it listens on `self` as soon as it is imported.
/** @type {any} */ (globalThis).self = { addEventListener() {}, postMessage() {}, onmessage: null };
const { resolveConfig } = await import("../../docs/assets/calculator/worker.js");

/** The configuration the build writes for a page two levels down (see hooks/runtime_config.py). */
const BUILT = {
  worker: "../../assets/calculator/worker.js?v=0123456789ab",
  pyodide: {
    index: "../../assets/pyodide/314.0.7/",
    bytes: { "pyodide.asm.wasm": 9000000, "python_stdlib.0123456789abcdef.zip": 2000000 },
    stdlib: "../../assets/calculator/_hashed/python_stdlib.0123456789abcdef.zip",
    lock: { info: { python: "3.14.0" }, packages: {} },
  },
  calculator: "score",
  app: {
    url: "../../assets/calculator/_hashed/calculator-app.0123456789abcdef.zip",
    path: "/lib/gbt27922-app.zip",
    tools: {
      score: {
        parts: [{ url: "../../assets/calculator/_hashed/calculator-score.0123.zip", path: "/lib/s.zip" }],
        data: [],
      },
      fees: {
        parts: [{ url: "../../assets/calculator/_hashed/calculator-fees.4567.zip", path: "/lib/f.zip" }],
        data: ["fees"],
      },
    },
  },
  wheels: ["../../assets/calculator/_hashed/calculator-1.0-py3-none-any.0123456789abcdef.whl"],
  profile: null,
  fees: null,
  checklist: null,
  prefetch: true,
  snapshot: { key: "fedcba9876543210" },
};

describe("resolveConfig", () => {
  for (const site of ["http://127.0.0.1:8000/", "https://www.example.com/gbt27922/"]) {
    it(`resolves every URL against the page (${site})`, () => {
      const config = resolveConfig(`${site}calculator/score/#abc`, BUILT, true);
      assert.equal(config.index, `${site}assets/pyodide/314.0.7/`);
      assert.equal(config.stdlib, `${site}assets/calculator/_hashed/python_stdlib.0123456789abcdef.zip`);
      assert.deepEqual(config.app, {
        url: `${site}assets/calculator/_hashed/calculator-app.0123456789abcdef.zip`,
        path: "/lib/gbt27922-app.zip",
        tools: {
          score: {
            parts: [{ url: `${site}assets/calculator/_hashed/calculator-score.0123.zip`, path: "/lib/s.zip" }],
            data: [],
          },
          fees: {
            parts: [{ url: `${site}assets/calculator/_hashed/calculator-fees.4567.zip`, path: "/lib/f.zip" }],
            data: ["fees"],
          },
        },
      });
      assert.equal(config.calculator, "score");
      assert.deepEqual(config.wheels, [
        `${site}assets/calculator/_hashed/calculator-1.0-py3-none-any.0123456789abcdef.whl`,
      ]);
      // Pyodide's own files come from its directory; our standard library from where it lies.
      assert.deepEqual(config.fetches, [`${site}assets/pyodide/314.0.7/pyodide.asm.wasm`, config.stdlib]);
    });
  }

  it("passes the sizes, the inline lock and the levers through", () => {
    const config = resolveConfig("http://127.0.0.1/calculator/staffing/", BUILT, true);
    assert.deepEqual(config.bytes, BUILT.pyodide.bytes);
    assert.deepEqual(config.lock, BUILT.pyodide.lock);
    assert.equal(config.prefetch, true);
    assert.equal(config.profile, null);
  });

  it("resolves a profile that is shipped", () => {
    const config = resolveConfig("http://127.0.0.1/calculator/score/", { ...BUILT, profile: "../../p.toml" });
    assert.equal(config.profile, "http://127.0.0.1/p.toml");
    assert.equal(config.fees, null);
  });

  it("resolves a fee schedule that is shipped", () => {
    const config = resolveConfig("http://127.0.0.1/calculator/fees/", { ...BUILT, fees: "../../f.toml" });
    assert.equal(config.fees, "http://127.0.0.1/f.toml");
  });

  it("resolves a checklist that is shipped", () => {
    const config = resolveConfig("http://127.0.0.1/calculator/checklist/", { ...BUILT, checklist: "../../c.toml" });
    assert.equal(config.checklist, "http://127.0.0.1/c.toml");
    assert.equal(config.fees, null);
  });

  const restores = /** @type {const} */ ([
    [true, true],
    [undefined, true],
    [false, false], // a retry after a failure: a fresh load
  ]);
  for (const [restore, expected] of restores) {
    it(`restores a snapshot unless told not to (restore: ${restore})`, () => {
      const config = resolveConfig("http://127.0.0.1/calculator/score/", BUILT, restore);
      assert.deepEqual(config.snapshot, { key: "fedcba9876543210", restore: expected });
    });
  }

  it("has safe defaults for what a build without the levers leaves out", () => {
    const config = resolveConfig("http://127.0.0.1/calculator/score/", {
      pyodide: { index: "https://cdn.example.org/pyodide/v0.29/full/" },
      wheels: [],
    });
    assert.equal(config.index, "https://cdn.example.org/pyodide/v0.29/full/");
    assert.deepEqual(
      { stdlib: config.stdlib, lock: config.lock, app: config.app, snapshot: config.snapshot },
      { stdlib: null, lock: null, app: null, snapshot: null },
    );
    assert.deepEqual(config.fetches, []);
    assert.deepEqual(config.bytes, {});
    assert.equal(config.prefetch, false);
  });
});
