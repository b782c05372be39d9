// @ts-check
// What a calculator shows while the runtime loads (docs/assets/calculator/view.js) and the report's
// date (share.js): the status line and progress bar for each stage of the load.
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { reportDate } from "../../docs/assets/calculator/share.js";
import { progressWidth, statusText } from "../../docs/assets/calculator/view.js";

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
