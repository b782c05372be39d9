// @ts-check
// The load-status store (docs/assets/calculator/status.js): stages only move forward, and a failure
// stays until an explicit reset (the retry button).
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { LoadStatus, STAGES } from "../../docs/assets/calculator/status.js";

/** @param {import("../../docs/assets/calculator/status.js").LoadStatus} status */
function record(status) {
  /** @type {LoadState[]} */
  const seen = [];
  status.subscribe((state) => seen.push(state));
  return seen;
}

describe("LoadStatus", () => {
  it("starts idle, and the stages are idle → download → start → ready", () => {
    const status = new LoadStatus();
    assert.deepEqual(status.state, { stage: "idle", percent: null, message: "" });
    assert.deepEqual(STAGES, ["idle", "download", "start", "ready"]);
    assert.equal(status.ready, false);
    assert.equal(status.failed, false);
  });

  it("moves forward, and refuses to go back", () => {
    const status = new LoadStatus();
    const cases = /** @type {const} */ ([
      ["download", true, "download"],
      ["idle", false, "download"],
      ["start", true, "start"],
      ["download", false, "start"],
      ["ready", true, "ready"],
      ["start", false, "ready"],
    ]);
    for (const [stage, accepted, now] of cases) {
      assert.equal(status.advance(stage), accepted, `advance(${stage})`);
      assert.equal(status.state.stage, now);
    }
    assert.equal(status.ready, true);
  });

  it("may skip stages (a snapshot restore has no download)", () => {
    const status = new LoadStatus();
    assert.equal(status.advance("ready"), true);
    assert.equal(status.state.stage, "ready");
  });

  it("tells listeners of a new percentage within a stage, but not of a repeat", () => {
    const status = new LoadStatus();
    const seen = record(status);
    status.advance("download", { percent: 10 });
    status.advance("download", { percent: 10 });
    status.advance("download", { percent: 55 });
    assert.deepEqual(
      seen.map((s) => [s.stage, s.percent]),
      [
        ["idle", null],
        ["download", 10],
        ["download", 55],
      ],
    );
  });

  it("refuses a stage it does not know", () => {
    const status = new LoadStatus();
    assert.equal(status.advance(/** @type {Stage} */ ("failed")), false);
    assert.equal(status.advance(/** @type {Stage} */ (/** @type {unknown} */ ("bogus"))), false);
    assert.equal(status.state.stage, "idle");
  });

  it("keeps the first failure: later progress and later failures change nothing", () => {
    const status = new LoadStatus();
    status.advance("download", { percent: 40 });
    assert.equal(status.fail("第一个错误"), true);
    assert.equal(status.fail("第二个错误"), false);
    assert.equal(status.advance("download", { percent: 60 }), false);
    assert.equal(status.advance("ready"), false);
    assert.deepEqual(status.state, { stage: "failed", percent: null, message: "第一个错误" });
    assert.equal(status.failed, true);
  });

  it("names an unknown failure", () => {
    const status = new LoadStatus();
    status.fail("");
    assert.equal(status.state.message, "未知错误");
  });

  it("starts over only after reset()", () => {
    const status = new LoadStatus();
    status.fail("断网");
    status.reset();
    assert.deepEqual(status.state, { stage: "idle", percent: null, message: "" });
    assert.equal(status.advance("download", { percent: 0 }), true);
  });

  it("gives frozen states", () => {
    const status = new LoadStatus();
    status.advance("download", { percent: 1 });
    assert.ok(Object.isFrozen(status.state));
  });

  it("calls a new listener at once, and no more after it unsubscribes", () => {
    const status = new LoadStatus();
    /** @type {Stage[]} */
    const seen = [];
    const unsubscribe = status.subscribe((state) => seen.push(state.stage));
    status.advance("download");
    unsubscribe();
    status.advance("ready");
    assert.deepEqual(seen, ["idle", "download"]);
  });

  it("keeps telling the other listeners when one throws", (t) => {
    const status = new LoadStatus();
    const errors = t.mock.method(console, "error", () => {});
    status.subscribe((state) => {
      if (state.stage === "download") throw new Error("broken listener");
    });
    const seen = record(status);
    status.advance("download");
    assert.deepEqual(
      seen.map((s) => s.stage),
      ["idle", "download"],
    );
    assert.equal(errors.mock.callCount(), 1);
  });
});
