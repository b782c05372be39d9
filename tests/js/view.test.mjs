// @ts-check
// What a calculator shows while the runtime loads (docs/assets/calculator/view.js) and the report's
// date (share.js): the status line and progress bar for each stage of the load.
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { reportDate } from "../../docs/assets/calculator/share.js";
import { progressWidth, statusText, View } from "../../docs/assets/calculator/view.js";

/**
 * @param {Stage} stage
 * @param {number | null} [percent]
 * @param {string} [message]
 * @returns {LoadState}
 */
const state = (stage, percent = null, message = "") => ({ stage, percent, message });

describe("the status line", () => {
  const cases = [
    [state("idle"), "计算程序将在页面打开后自动载入。", 0],
    [state("download"), "正在下载 Python 运行环境…", 0],
    [state("download", 0), "正在下载 Python 运行环境（0%）", 0],
    [state("download", 42), "正在下载 Python 运行环境（42%）", 42],
    [state("start"), "正在启动 Python…", 100],
    [state("ready"), "计算程序已就绪：修改任一输入，结果会立即更新。", 100],
    [
      state("failed", null, "无法下载 pyodide.asm.wasm（HTTP 404）。"),
      "计算程序载入失败：无法下载 pyodide.asm.wasm（HTTP 404）。 页面其余内容不受影响，可以点“重试”。",
      0,
    ],
  ];
  for (const [loadState, text, width] of cases) {
    const { stage, percent } = /** @type {LoadState} */ (loadState);
    it(`${stage} ${percent ?? ""} → “${text}”, bar ${width}%`, () => {
      assert.equal(statusText(/** @type {LoadState} */ (loadState)), text);
      assert.equal(progressWidth(/** @type {LoadState} */ (loadState)), width);
    });
  }
});

describe("the report's date", () => {
  const cases = [
    [new Date(2026, 10, 27), "2026年11月27日"],
    [new Date(2027, 0, 1), "2027年1月1日"],
    [new Date(2028, 1, 29, 23, 59), "2028年2月29日"],
  ];
  for (const [date, text] of cases) {
    it(`is written as zh-CN writes it: ${text}`, () => assert.equal(reportDate(/** @type {Date} */ (date)), text));
  }
});

describe("the load status as drawn", () => {
  /** A calculator root whose status elements are plain objects, and the frames requested of it. */
  const setUp = () => {
    /** @type {Record<string, any>} */
    const elements = {};
    const root = {
      querySelector: (/** @type {string} */ selector) =>
        (elements[selector] ??= { dataset: {}, style: {}, textContent: "", hidden: false }),
    };
    /** @type {FrameRequestCallback[]} */
    const frames = [];
    globalThis.requestAnimationFrame = (callback) => frames.push(callback);
    const view = new View(/** @type {HTMLElement} */ (/** @type {unknown} */ (root)));
    const shown = () => elements["[data-gbt-status-text]"].textContent;
    const nextFrame = () => {
      for (const callback of frames.splice(0)) callback(0);
    };
    return { view, frames, shown, nextFrame };
  };

  it("draws only the latest download progress, once per frame", () => {
    const { view, frames, shown, nextFrame } = setUp();
    for (const percent of [1, 2, 3]) view.showStatus(state("download", percent));
    assert.equal(frames.length, 1);
    assert.equal(shown(), "");
    nextFrame();
    assert.equal(shown(), "正在下载 Python 运行环境（3%）");
    view.showStatus(state("download", 4));
    nextFrame();
    assert.equal(shown(), "正在下载 Python 运行环境（4%）");
  });

  it("draws every other stage at once, and a progress still waiting for its frame never overwrites it", () => {
    const { view, shown, nextFrame } = setUp();
    view.showStatus(state("download", 99));
    view.showStatus(state("start"));
    assert.equal(shown(), "正在启动 Python…");
    nextFrame();
    assert.equal(shown(), "正在启动 Python…");
  });
});
