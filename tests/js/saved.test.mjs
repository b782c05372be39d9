// @ts-check
// Inputs kept in this browser (docs/assets/calculator/saved.js), with a fake localStorage: saved and
// cleared per tool; storage that is disabled or full never breaks a calculator, and the visitor is
// told once that the link is the way to keep the inputs.
import assert from "node:assert/strict";
import { describe, it } from "node:test";

const scope = /** @type {any} */ (globalThis);

/** A localStorage that works, or throws on everything (private mode, blocked storage). */
function storage(works = true) {
  /** @type {Map<string, string>} */
  const items = new Map();
  const refuse = () => {
    throw new DOMException("The operation is insecure.", "SecurityError");
  };
  return {
    items,
    getItem: (/** @type {string} */ key) => (works ? (items.get(key) ?? null) : refuse()),
    setItem: (/** @type {string} */ key, /** @type {string} */ value) => (works ? items.set(key, value) : refuse()),
    removeItem: (/** @type {string} */ key) => (works ? items.delete(key) : refuse()),
  };
}

/** A fresh copy of the module: its "storage failed" flag is per tab. */
async function freshModule() {
  return import(`../../docs/assets/calculator/saved.js?fresh=${Math.random()}`);
}

describe("saved inputs", () => {
  it("keeps each tool's last state under its own key, and forgets one without the others", async () => {
    const saved = await freshModule();
    scope.localStorage = storage();
    saved.saveState("gbt27922.score.v1", "s1");
    saved.saveState("gbt27922.staffing.v1", "t1");
    saved.saveState("gbt27922.score.v1", ""); // nothing to keep: the last state stays
    assert.equal(saved.loadState("gbt27922.score.v1"), "s1");
    saved.forgetState("gbt27922.score.v1");
    assert.equal(saved.loadState("gbt27922.score.v1"), null);
    assert.equal(saved.loadState("gbt27922.staffing.v1"), "t1");
  });

  it("clears the given tools' states and Python's memory snapshot", async () => {
    const saved = await freshModule();
    scope.localStorage = storage();
    /** @type {string[]} */
    const deleted = [];
    scope.caches = { delete: async (/** @type {string} */ name) => deleted.push(name) };
    saved.saveState("gbt27922.score.v1", "s1");
    saved.saveState("gbt27922.staffing.v1", "t1");
    saved.clearSavedInputs(["gbt27922.score.v1", "gbt27922.staffing.v1"]);
    assert.deepEqual([...scope.localStorage.items.keys()], []);
    assert.deepEqual(deleted, [saved.SNAPSHOT_CACHE]);
    delete scope.caches;
  });

  it("works without storage, and shows the notice once, at once for a calculator mounted later", async () => {
    const saved = await freshModule();
    scope.localStorage = storage(false);
    const first = { hidden: true, textContent: "" };
    const later = { hidden: true, textContent: "" };
    saved.showStorageNotice(/** @type {HTMLElement} */ (/** @type {unknown} */ (first)));
    assert.equal(first.hidden, true); // nothing has failed yet
    assert.equal(saved.loadState("gbt27922.score.v1"), null);
    saved.saveState("gbt27922.score.v1", "s1");
    saved.forgetState("gbt27922.score.v1");
    saved.clearSavedInputs(["gbt27922.score.v1"]);
    assert.equal(first.hidden, false);
    assert.match(first.textContent, /不允许本站保存数据/);
    saved.showStorageNotice(/** @type {HTMLElement} */ (/** @type {unknown} */ (later)));
    assert.equal(later.hidden, false);
  });

  it("stops telling a calculator that is gone", async () => {
    const saved = await freshModule();
    scope.localStorage = storage(false);
    const notice = { hidden: true, textContent: "" };
    const stop = saved.showStorageNotice(/** @type {HTMLElement} */ (/** @type {unknown} */ (notice)));
    stop();
    saved.loadState("gbt27922.score.v1");
    assert.equal(notice.hidden, true);
  });
});
