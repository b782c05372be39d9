// @ts-check
// The load status of the in-browser Python runtime: explicit stages that only move forward,
// and a failure that nothing overwrites (late progress from a dying worker is ignored);
// only an explicit reset() — the retry button — clears it.

/** @type {readonly Stage[]} */
export const STAGES = Object.freeze(["idle", "download", "start", "ready"]);

/** @typedef {(state: LoadState) => void} Listener */

export class LoadStatus {
  /** @type {LoadState} */
  #state = Object.freeze({ stage: "idle", percent: null, message: "" });
  /** @type {Set<Listener>} */
  #listeners = new Set();

  get state() {
    return this.#state;
  }

  get failed() {
    return this.#state.stage === "failed";
  }

  get ready() {
    return this.#state.stage === "ready";
  }

  /**
   * Move to `stage` (same or later than the current one); false when refused.
   * @param {Stage} stage
   * @param {{percent?: number | null, message?: string}} [details]
   */
  advance(stage, { percent = null, message = "" } = {}) {
    if (this.failed) return false;
    const from = STAGES.indexOf(this.#state.stage);
    const to = STAGES.indexOf(stage);
    if (to < 0 || to < from) return false;
    if (to === from && percent === this.#state.percent && message === this.#state.message) return true;
    this.#set({ stage, percent, message });
    return true;
  }

  /**
   * Enter the failure state; the first failure's message is kept.
   * @param {unknown} message
   */
  fail(message) {
    if (this.failed) return false;
    this.#set({ stage: "failed", percent: null, message: String(message || "未知错误") });
    return true;
  }

  /** Back to idle: only for an explicit retry. */
  reset() {
    this.#set({ stage: "idle", percent: null, message: "" });
  }

  /**
   * Call `listener` with the current state now and with every new one; returns the unsubscribe.
   * @param {Listener} listener
   */
  subscribe(listener) {
    this.#listeners.add(listener);
    listener(this.#state);
    return () => this.#listeners.delete(listener);
  }

  /** @param {LoadState} next */
  #set(next) {
    this.#state = Object.freeze(next);
    for (const listener of [...this.#listeners]) {
      try {
        listener(this.#state);
      } catch (err) {
        console.error(err);
      }
    }
  }
}
