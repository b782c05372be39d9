// @ts-check
// What one calculator shows (the markup is Python's: calculator/_page.py render_calculator): the
// runtime's load status with its progress bar and retry button, the result and its one-line summary,
// the note above it, and the "stale" marks while the result does not match the form.

/** @type {Record<Stage, (state: LoadState) => string>} */
const STATUS_TEXT = {
  idle: () => "计算程序将在页面打开后自动载入。",
  download: (s) => `正在下载 Python 运行环境${s.percent == null ? "…" : `（${s.percent}%）`}`,
  start: () => "正在启动 Python…",
  ready: () => "计算程序已就绪：修改任一输入，结果会立即更新。",
  failed: (s) => `计算程序载入失败：${s.message} 页面其余内容不受影响，可以点“重试”。`,
};
const STALE_TEXT = "计算程序不可用，下方结果不是按你当前的输入算出的；你填写的内容都还在，点上方的“重试”后会重新计算。";

/**
 * The status line for a load state.
 * @param {LoadState} state
 */
export function statusText(state) {
  return STATUS_TEXT[state.stage](state);
}

/**
 * How full the progress bar is, in percent: the download's share, full once Python starts.
 * @param {LoadState} state
 */
export function progressWidth(state) {
  if (state.stage === "ready" || state.stage === "start") return 100;
  return state.percent ?? 0;
}

/**
 * @param {ParentNode} root
 * @param {string} selector
 */
function find(root, selector) {
  return /** @type {HTMLElement | null} */ (root.querySelector(selector));
}

/**
 * @param {Node} node
 * @param {string} text
 */
function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

/**
 * `target`'s content made equal to `html`, touching only the nodes that differ: while typing, most
 * of a result stays the same (headings, tables, labels), and what is not replaced costs no style
 * recalculation or layout, keeps its place for screen readers and keeps the focus.
 * @param {Element} target
 * @param {string} html
 */
export function updateHtml(target, html) {
  const template = document.createElement("template");
  template.innerHTML = html;
  patchChildren(target, template.content);
}

/**
 * @param {ParentNode & Node} current
 * @param {ParentNode & Node} next
 */
function patchChildren(current, next) {
  const before = [...current.childNodes];
  const after = [...next.childNodes];
  if (before.length !== after.length) {
    current.replaceChildren(...after);
    return;
  }
  for (const [i, node] of before.entries()) patchNode(node, after[i]);
}

/**
 * @param {ChildNode} node
 * @param {ChildNode} next
 */
function patchNode(node, next) {
  if (node.isEqualNode(next)) return;
  if (node.nodeType === Node.TEXT_NODE && next.nodeType === Node.TEXT_NODE) {
    /** @type {Text} */ (node).data = /** @type {Text} */ (next).data;
    return;
  }
  if (!(node instanceof Element) || !(next instanceof Element) || node.tagName !== next.tagName) {
    node.replaceWith(next);
    return;
  }
  for (const name of node.getAttributeNames()) {
    if (!next.hasAttribute(name)) node.removeAttribute(name);
  }
  for (const name of next.getAttributeNames()) {
    const value = /** @type {string} */ (next.getAttribute(name));
    if (node.getAttribute(name) !== value) node.setAttribute(name, value);
  }
  patchChildren(node, next);
}

export class View {
  /** @param {HTMLElement} root the calculator ([data-gbt-calc]) */
  constructor(root) {
    this.status = find(root, "[data-gbt-status]");
    this.statusText = find(root, "[data-gbt-status-text]");
    this.statusFill = find(root, "[data-gbt-status-fill]");
    this.retry = find(root, '[data-gbt-action="retry"]');
    this.result = find(root, "[data-gbt-result]");
    this.note = find(root, "[data-gbt-note]");
    this.live = find(root, "[data-gbt-live]");
    this.mini = find(root, "[data-gbt-mini]");
    /** @type {LoadState | undefined} the download progress waiting for the next frame */
    this.pendingStatus = undefined;
  }

  /**
   * Download progress arrives up to a hundred times while the runtime downloads: only the latest is
   * drawn, once per frame (each draw restyles the status). Every other stage is drawn at once.
   * @param {LoadState} state
   */
  showStatus(state) {
    if (state.stage !== "download") {
      this.pendingStatus = undefined;
      this.drawStatus(state);
      return;
    }
    const scheduled = this.pendingStatus !== undefined;
    this.pendingStatus = state;
    if (scheduled) return;
    requestAnimationFrame(() => {
      const latest = this.pendingStatus;
      this.pendingStatus = undefined;
      if (latest) this.drawStatus(latest);
    });
  }

  /** @param {LoadState} state */
  drawStatus(state) {
    if (this.status) this.status.dataset.stage = state.stage;
    if (this.statusText) this.statusText.textContent = statusText(state);
    if (this.statusFill) this.statusFill.style.width = `${progressWidth(state)}%`;
    if (this.retry) this.retry.hidden = state.stage !== "failed";
  }

  /** After "retry" hides its button, the keyboard focus stays where the load progress is shown. */
  focusStatus() {
    if (!this.statusText) return;
    this.statusText.tabIndex = -1;
    this.statusText.focus();
  }

  /**
   * A result computed from the current fields.
   * @param {{html: string, summary: string}} answer
   * @param {Note | null} note
   */
  showResult(answer, note) {
    if (this.result) {
      updateHtml(this.result, answer.html);
      this.result.classList.remove("is-stale");
    }
    if (this.live) setText(this.live, answer.summary);
    if (this.mini) {
      setText(this.mini, answer.summary);
      this.mini.classList.remove("is-stale");
    }
    this.setNote(note || { kind: "live", text: "" });
  }

  /**
   * Invalid input: the last valid result stays, marked stale, with Python's message.
   * @param {string} [message]
   */
  showInvalid(message) {
    this.result?.classList.add("is-stale");
    this.setNote({ kind: "stale", text: `${message || "输入有误。"}下方仍是上一次有效输入的结果。` });
    if (this.live) this.live.textContent = message || "";
    if (this.mini) {
      this.mini.textContent = message || "输入有误。";
      this.mini.classList.add("is-stale");
    }
  }

  /** The runtime is unavailable: the result no longer matches the form until a retry. */
  showUnavailable() {
    this.result?.classList.add("is-stale");
    this.mini?.classList.add("is-stale");
    this.setNote({ kind: "stale", text: STALE_TEXT });
  }

  /** @param {Note} note */
  setNote({ kind, text }) {
    if (!this.note) return;
    this.note.dataset.kind = kind;
    this.note.textContent = text;
    this.note.hidden = !text;
  }
}
