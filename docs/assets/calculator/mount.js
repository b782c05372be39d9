// @ts-check
// One calculator on a page ([data-gbt-calc] with its configuration in data-gbt-config and its form
// in form[data-gbt-form]), whatever the tool: every change of the form asks Python for the result
// (`{action: <tool>, fields, links, base_url}` → HTML, summary, state, link), which goes into the page,
// the address bar (#state) and this browser's storage. The state to start from is the link's, else
// the saved one. Nothing here knows a tool: a new tool is a new form and a new Python action.

import { formFields, sameFields, setFields, showErrors } from "./form.js";
import { mark, runtime } from "./runtime.js";
import { clearSavedInputs, forgetState, loadState, saveState, showStorageNotice } from "./saved.js";
import { Share, stampDates } from "./share.js";
import { pinFavicon, whenIdle } from "./site.js";
import { View } from "./view.js";

const FAVICON_IDLE_MS = 1000;

/** @type {Record<string, Note>} */
const NOTES = {
  fromLink: { kind: "restored", text: "已按链接中的输入计算。" },
  fromStorage: { kind: "restored", text: "已恢复你上次在本浏览器中填写的输入。" },
  reloaded: { kind: "restored", text: "计算程序已重新载入，结果已按当前输入重新计算。" },
  cleared: { kind: "cleared", text: "已清除保存在本浏览器中的输入，表单已恢复为示例数值。" },
};

/**
 * What the buttons with data-gbt-action do. Every tool's page has the same ones (Python renders
 * them); a new kind of button is one more entry here.
 * @type {Map<string, (calculator: MountedCalculator) => void>}
 */
const ACTIONS = new Map([
  ["retry", (calculator) => calculator.retry()],
  ["copy", (calculator) => calculator.share.copy()],
  ["print", (calculator) => calculator.print()],
  ["clear", (calculator) => calculator.clear()],
]);

/**
 * The calculator in `root`, wired up; null when `root` is not a complete calculator.
 * @param {HTMLElement} root
 */
export function mount(root) {
  const form = root.querySelector("form[data-gbt-form]");
  if (!root.dataset.gbtConfig || !(form instanceof HTMLFormElement)) return null;
  /** @type {CalculatorConfig} */
  let config;
  try {
    config = JSON.parse(root.dataset.gbtConfig);
  } catch {
    return null;
  }
  return new MountedCalculator(root, form, config);
}

/** @typedef {{note?: Note | null, persist?: boolean, onlyIfChanged?: boolean}} ComputeOptions */

export class MountedCalculator {
  #seq = 0; // the latest request: older answers are dropped
  #inFlight = false;
  #queued = false; // changes made while a request was on its way
  #touched = false; // the visitor changed the form (a saved state no longer applies)
  #started = false; // the first result after "ready" was asked for
  #alive = true;
  #path = location.pathname;
  /** @type {Fields | null} the fields of the latest request (null: none, or it failed) */
  #sent = null;
  /** @type {Array<() => void>} */
  #teardown = [];

  /**
   * @param {HTMLElement} root
   * @param {HTMLFormElement} form
   * @param {CalculatorConfig} config
   */
  constructor(root, form, config) {
    this.root = root;
    this.form = form;
    this.config = config;
    this.view = new View(root);
    this.share = new Share(root, (request) => runtime.call(request));
    this.#listen();
    stampDates(root);
    whenIdle(pinFavicon, FAVICON_IDLE_MS); // before the first result changes the address, not in the mount task
    runtime.start(config);
    this.#teardown.push(
      showStorageNotice(root.querySelector("[data-gbt-storage]")),
      runtime.status.subscribe((state) => this.#onStatus(state)),
    );
  }

  /** The page has gone (instant navigation): stop listening, drop answers on their way. */
  destroy() {
    this.#alive = false;
    this.share.stop();
    for (const undo of this.#teardown) undo();
  }

  retry() {
    runtime.retry();
    this.view.focusStatus();
  }

  print() {
    stampDates(this.root);
    window.print();
  }

  /** "Clear saved inputs": back to the example values, with nothing of the inputs left behind. */
  clear() {
    clearSavedInputs([this.config.storage_key]);
    this.form.reset();
    history.replaceState(history.state, "", location.pathname + location.search);
    showErrors(this.root, this.form, {});
    this.#touched = false;
    this.share.say("");
    this.#compute({ persist: false, note: NOTES.cleared });
  }

  #listen() {
    const schedule = () => this.#schedule();
    /** @param {MouseEvent} event */
    const onClick = (event) => this.#onClick(event);
    const onBeforePrint = () => stampDates(this.root);
    this.form.addEventListener("input", schedule);
    this.form.addEventListener("change", schedule);
    this.form.addEventListener("submit", (event) => event.preventDefault());
    this.root.addEventListener("click", onClick);
    window.addEventListener("beforeprint", onBeforePrint);
    this.#teardown.push(() => window.removeEventListener("beforeprint", onBeforePrint));
  }

  /** @param {MouseEvent} event */
  #onClick(event) {
    const target = event.target instanceof Element ? event.target : null;
    const button = /** @type {HTMLElement | null} */ (target?.closest("[data-gbt-action]") ?? null);
    if (!button || !this.root.contains(button)) return;
    ACTIONS.get(button.dataset.gbtAction || "")?.(this);
  }

  /** @param {LoadState} state */
  #onStatus(state) {
    this.view.showStatus(state);
    if (state.stage === "ready") this.#onReady();
    else if (state.stage === "failed" && this.#touched) this.view.showUnavailable();
  }

  /**
   * Every change recomputes at once (a calculation takes a few milliseconds in the worker); changes
   * made while a request is on its way wait for it and then go as one, so typing never queues up.
   */
  #schedule() {
    this.#touched = true;
    if (this.#inFlight) this.#queued = true;
    else this.#compute({ onlyIfChanged: true });
  }

  async #onReady() {
    if (this.#started) {
      // Ready again after a retry: recompute what the form holds now (nothing typed is lost).
      this.#compute({ note: NOTES.reloaded });
      return;
    }
    this.#started = true;
    /** @type {Note | null} */
    let note = null;
    if (!this.#touched) note = await this.#restore().catch(() => null);
    if (this.#alive) this.#compute({ note, persist: note?.kind !== "error" });
    if (!this.#touched) revealLinkedSection(this.root);
  }

  /**
   * Ask Python for the result of the current fields. `note` replaces the note shown on success;
   * `persist: false` (after "clear", or a link that could not be used) neither saves the state nor
   * puts it in the address bar. `onlyIfChanged`: not when the fields are those of the latest request,
   * whose answer is shown or on its way (the "change" after a field's "input" events, a key that
   * changes nothing, a value typed and taken back while a request was out).
   * @param {ComputeOptions} [options]
   */
  #compute({ note = null, persist = true, onlyIfChanged = false } = {}) {
    if (!runtime.status.ready) {
      if (runtime.status.failed && this.#touched) this.view.showUnavailable();
      return;
    }
    const fields = formFields(this.form);
    if (onlyIfChanged && this.#sent && sameFields(fields, this.#sent)) return;
    this.#sent = fields;
    const seq = ++this.#seq;
    const request = {
      action: this.config.calculator,
      fields,
      links: this.config.links,
      base_url: location.href.split("#")[0],
    };
    this.#inFlight = true;
    runtime
      .call(request)
      .then((/** @type {ToolAnswer} */ answer) => {
        if (this.#alive && seq === this.#seq) this.#show(answer, note, persist);
      })
      .catch(() => {
        if (seq === this.#seq) this.#sent = null; // no answer: the same fields are asked for again
      })
      .finally(() => this.#afterCompute());
  }

  #afterCompute() {
    this.#inFlight = false;
    if (this.#queued && this.#alive) {
      this.#queued = false;
      this.#compute({ onlyIfChanged: true });
    }
  }

  /**
   * @param {ToolAnswer} answer
   * @param {Note | null} note
   * @param {boolean} persist
   */
  #show(answer, note, persist) {
    if (!answer.ok) {
      showErrors(this.root, this.form, answer.errors || {});
      this.view.showInvalid(answer.message);
      return;
    }
    this.view.showResult(answer, note);
    mark(performance.getEntriesByName("gbt:first-result").length ? "gbt:result" : "gbt:first-result");
    showErrors(this.root, this.form, {});
    if (persist) this.#persist(answer.state);
    this.share.show(answer.url);
  }

  /** @param {string} state the inputs, encoded by Python */
  #persist(state) {
    // Only while the address is still this page's: a result may arrive just after a click on a
    // link, when instant navigation has already moved to the next page.
    if (state && location.hash !== `#${state}` && location.pathname === this.#path) {
      history.replaceState(history.state, "", `#${state}`);
    }
    saveState(this.config.storage_key, state);
  }

  /**
   * The state to start from: the link (#…) first, else what this browser saved; null: the form as is.
   * @returns {Promise<Note | null>}
   */
  async #restore() {
    const hash = linkedState();
    if (hash && !document.getElementById(hash)) {
      const answer = await this.#decode(hash);
      if (!answer) return null;
      if (answer.ok) return NOTES.fromLink;
      return { kind: "error", text: `链接无法使用：${answer.message}下方是按表单中数值计算的结果。` };
    }
    const saved = loadState(this.config.storage_key);
    if (!saved) return null;
    const answer = await this.#decode(saved);
    if (answer?.ok) return NOTES.fromStorage;
    if (answer) forgetState(this.config.storage_key);
    return null;
  }

  /**
   * Ask Python to decode `state` and, when it can, fill the form with it. Null when the visitor
   * began to type while the answer was on its way: what they typed wins.
   * @param {string} state
   * @returns {Promise<DecodeAnswer | null>}
   */
  async #decode(state) {
    /** @type {DecodeAnswer} */
    const answer = await runtime.call({ action: "decode", calculator: this.config.calculator, state });
    if (this.#touched) return null;
    if (answer.ok) setFields(this.form, answer.fields);
    return answer;
  }
}

/**
 * A link to a part of the calculator (the score result links each weak indicator to its section of
 * the checklist): once the form is filled, that part is brought into view. The theme scrolls there
 * when the page opens, but restoring the inputs and the result can move it away.
 * @param {HTMLElement} root
 */
function revealLinkedSection(root) {
  const target = document.getElementById(linkedState());
  if (target && root.contains(target)) target.scrollIntoView({ block: "start" });
}

/** The text after "#": a state, or a heading's id. A malformed %-escape must not stop the page: Python then refuses the raw text with a message. */
function linkedState() {
  const hash = location.hash.slice(1);
  try {
    return decodeURIComponent(hash);
  } catch {
    return hash;
  }
}
