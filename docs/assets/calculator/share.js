// @ts-check
// What takes a result out of the page: the link that opens the calculator with the same inputs (the
// URL is Python's), its QR code (drawn by Python, segno) and the printed report's date.

import { whenIdle } from "./site.js";

const QR_DELAY_MS = 350;
const QR_IDLE_MS = 300; // at most: the code is there well before a visitor can print or scan it

/**
 * The report's date, as zh-CN writes it ("2026年11月27日"). Not toLocaleDateString: its first call
 * loads the Chinese locale data, ≈ 50 ms of main thread while the page loads.
 * @param {Date} [now]
 */
export function reportDate(now = new Date()) {
  return `${now.getFullYear()}年${now.getMonth() + 1}月${now.getDate()}日`;
}

/**
 * Today's date in every [data-gbt-date] of the calculator (the printed report's header).
 * @param {ParentNode} root
 */
export function stampDates(root) {
  const today = reportDate();
  for (const date of root.querySelectorAll("[data-gbt-date]")) date.textContent = today;
}

/** @typedef {(request: Record<string, unknown>) => Promise<any>} Call */

export class Share {
  #seq = 0;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  #timer = undefined;
  #call;

  /**
   * @param {ParentNode} root the calculator
   * @param {Call} call asks the worker (runtime.js)
   */
  constructor(root, call) {
    this.#call = call;
    this.url = /** @type {HTMLInputElement | null} */ (root.querySelector("[data-gbt-share-url]"));
    this.message = /** @type {HTMLElement | null} */ (root.querySelector("[data-gbt-share-msg]"));
    this.qr = /** @type {HTMLImageElement | null} */ (root.querySelector("[data-gbt-qr]"));
  }

  /**
   * The link of the current result, and its QR code once the visitor pauses.
   * @param {string} url
   */
  show(url) {
    if (this.url) this.url.value = url;
    this.#scheduleQr(url);
  }

  /** The "copy link" button: the clipboard, else the link selected for the visitor to copy. */
  copy() {
    const url = this.url?.value;
    if (!this.url || !url) {
      this.say("计算程序就绪后才能生成链接。");
      return;
    }
    const field = this.url;
    const copied = () => this.say("链接已复制。");
    const manual = () => {
      field.focus();
      field.select();
      this.say("无法自动复制：链接已选中，请按 Ctrl+C（手机上长按）复制。");
    };
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(url).then(copied, manual);
    else manual();
  }

  /** @param {string} text */
  say(text) {
    if (this.message) this.message.textContent = text;
  }

  stop() {
    clearTimeout(this.#timer);
    this.#seq += 1; // an answer on its way is dropped
  }

  /** @param {string} url */
  #scheduleQr(url) {
    clearTimeout(this.#timer);
    const seq = ++this.#seq; // a QR code asked for earlier, or on its way, is dropped
    if (!url || !this.qr) return;
    const image = this.qr;
    // After a pause in typing, and then when the main thread is idle: the QR code is printed and
    // shared, never part of the first screen, so it waits behind the page's load.
    this.#timer = setTimeout(() => whenIdle(() => this.#askQr(seq, url, image), QR_IDLE_MS), QR_DELAY_MS);
  }

  /**
   * @param {number} seq
   * @param {string} url
   * @param {HTMLImageElement} image
   */
  #askQr(seq, url, image) {
    if (seq !== this.#seq) return; // stopped, or a newer result came meanwhile
    this.#call({ action: "qr", text: url })
      .then((/** @type {QrAnswer} */ answer) => {
        if (seq !== this.#seq || !answer.ok) return;
        image.src = answer.data_uri;
        image.hidden = false;
      })
      .catch(() => {});
  }
}
