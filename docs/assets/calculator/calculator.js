// Page glue for the two calculators. It only moves JSON between the page and the worker and puts
// the HTML or text that Python returns into the DOM: reading numbers, validating, encoding links,
// scoring and rendering are all done by the `calculator` package (calculator/_web.py).
//
// Loaded on every page (extra_javascript, type module) but does nothing without a calculator on
// the page, so other pages never download Pyodide. One module worker per tab, created when the
// first calculator page opens and kept across Material's instant navigation.

import { LoadStatus } from "./status.js";

const DEFAULT_WATCHDOG_MS = 45000;
// A calculation takes milliseconds; a request without an answer this long means the worker died.
const DEFAULT_CALL_TIMEOUT_MS = 20000;
const QR_DELAY_MS = 350;

// ------------------------------------------------------------------ runtime (one per tab)

const runtime = {
  status: new LoadStatus(),
  worker: null,
  generation: 0,
  pending: new Map(),
  nextId: 1,
  config: null,
  watchdog: 0,
  watchdogMs: DEFAULT_WATCHDOG_MS,
  callTimeoutMs: DEFAULT_CALL_TIMEOUT_MS,
  storageBroken: false, // localStorage threw once (disabled, private mode, full)
};

function absolute(url) {
  return new URL(url, location.href).href;
}

// Performance marks for bench/run.py (and the browser's performance panel): "gbt:ready" when Python
// is ready, "gbt:first-result" / "gbt:result" when a result computed in the browser is in the DOM.
function mark(name, startTime) {
  try {
    performance.mark(name, startTime === undefined ? undefined : { startTime });
  } catch {
    /* marks are only instrumentation */
  }
}

function armWatchdog() {
  clearTimeout(runtime.watchdog);
  if (runtime.status.ready || runtime.status.failed) return;
  runtime.watchdog = setTimeout(() => {
    const seconds = Math.round(runtime.watchdogMs / 1000);
    failRuntime(`Python 运行环境在 ${seconds} 秒内没有任何进展（网络太慢，或服务器配置有误）。`);
  }, runtime.watchdogMs);
}

function failRuntime(message) {
  clearTimeout(runtime.watchdog);
  if (!runtime.status.fail(message)) return;
  for (const { reject } of runtime.pending.values()) reject(new Error(message));
  runtime.pending.clear();
  if (runtime.worker) runtime.worker.terminate();
  runtime.worker = null;
}

function onWorkerMessage(message) {
  switch (message.type) {
    case "progress":
      runtime.status.advance(message.stage, { percent: message.percent ?? null });
      armWatchdog();
      break;
    case "ready":
      clearTimeout(runtime.watchdog);
      for (const [step, at] of Object.entries(message.timings || {})) {
        mark(`gbt:worker:${step}`, at - performance.timeOrigin);
      }
      mark("gbt:ready");
      runtime.status.advance("ready");
      afterLoad();
      break;
    case "failed":
      failRuntime(message.message);
      break;
    case "result": {
      const call = runtime.pending.get(message.id);
      if (!call) return;
      runtime.pending.delete(message.id);
      try {
        call.resolve(JSON.parse(message.response));
      } catch (err) {
        call.reject(err);
      }
      break;
    }
    default:
      break;
  }
}

function startRuntime(config) {
  if (runtime.worker || runtime.status.failed || runtime.status.ready) return;
  runtime.config = config;
  const configured = Number(globalThis.GBT_CALC_WATCHDOG_MS || config.watchdog_ms);
  runtime.watchdogMs = configured > 0 ? configured : DEFAULT_WATCHDOG_MS;
  const callTimeout = Number(globalThis.GBT_CALC_CALL_TIMEOUT_MS);
  runtime.callTimeoutMs = callTimeout > 0 ? callTimeout : DEFAULT_CALL_TIMEOUT_MS;
  const generation = ++runtime.generation;
  // The early start in <head> (early.js) may have created the worker already; never after a retry.
  const early = runtime.retried ? null : takeEarly(config);
  let worker = early ? early.worker : null;
  if (!worker) {
    try {
      mark("gbt:worker:created");
      worker = new Worker(absolute(config.worker), { type: "module", name: "gbt27922-calculator" });
    } catch (err) {
      runtime.status.fail(`浏览器无法启动计算程序（${err.message || err}）。`);
      return;
    }
  }
  runtime.worker = worker;
  worker.onmessage = (event) => {
    if (generation === runtime.generation) onWorkerMessage(event.data || {});
  };
  worker.onerror = (event) => {
    if (generation !== runtime.generation) return;
    event.preventDefault();
    // An error nobody caught inside the worker: before "ready" the script did not load, after it
    // the worker has crashed (the page cannot tell whether it can still answer).
    failRuntime(runtime.status.ready ? "计算程序意外停止运行。" : "计算程序无法启动（脚本载入失败）。");
  };
  if (early) {
    // What the worker said before this module ran, in order (the handlers are ours from now on).
    for (const event of early.events) (event.type === "error" ? worker.onerror : worker.onmessage)(event);
  } else {
    // The same message early.js sends: the worker resolves the URLs against the page.
    worker.postMessage({ type: "init", page: location.href, config, restore: !runtime.retried });
  }
  armWatchdog();
}

// Once Python is ready and the tab is idle (so neither competes with the load or the first result):
// the service worker, and the worker's memory snapshot for the next visit (worker.js: takeSnapshot).
function afterLoad(tries = 0) {
  const generation = runtime.generation;
  const later = () => {
    if (generation !== runtime.generation || !runtime.status.ready) return;
    // After the first result, which must not wait behind the snapshot (tries: a page may have none).
    if (!performance.getEntriesByName("gbt:first-result").length && tries < 20) {
      setTimeout(() => afterLoad(tries + 1), 250);
      return;
    }
    if (runtime.config) registerServiceWorker(runtime.config.sw);
    if (runtime.worker) runtime.worker.postMessage({ type: "snapshot" });
  };
  if (typeof requestIdleCallback === "function") requestIdleCallback(later, { timeout: 3000 });
  else setTimeout(later, 1000);
}

// The service worker (hooks/calculator_runtime.py builds it) keeps the runtime for returning and
// offline visits; its precache comes from the HTTP cache the load has just filled.
let serviceWorkerRequested = false;

function registerServiceWorker(sw) {
  if (serviceWorkerRequested || !sw || !("serviceWorker" in navigator)) return;
  serviceWorkerRequested = true;
  for (const scope of sw.scopes) {
    navigator.serviceWorker.register(absolute(sw.url), { scope: absolute(scope) }).catch(() => {
      /* no offline copy (private mode, blocked storage): the calculator works as before */
    });
  }
}

// Calculator pages start the worker from an inline script at the top of <head> (early.js, inlined
// by hooks/calculator_runtime.py), long before this module runs: it leaves {config, worker, events}
// in globalThis.gbt27922Early, and the first startRuntime takes them over.
function takeEarly(config) {
  const early = globalThis.gbt27922Early;
  globalThis.gbt27922Early = null;
  if (!early || !early.worker) return null;
  if (early.config.worker !== config.worker) {
    early.worker.terminate(); // a different build's page (cannot happen with one build; never reuse)
    return null;
  }
  return early;
}

// A calculator page loaded in full: its configuration is in <meta name="gbt27922-runtime">.
function startEarly() {
  const meta = document.querySelector('meta[name="gbt27922-runtime"]');
  if (!meta || runtime.worker) return;
  let config;
  try {
    config = JSON.parse(meta.content);
  } catch {
    return; // mount() starts it from the calculator's own configuration
  }
  startRuntime(config);
}

function retryRuntime() {
  clearTimeout(runtime.watchdog);
  runtime.generation += 1; // anything the old worker still says is ignored
  if (runtime.worker) runtime.worker.terminate();
  runtime.worker = null;
  for (const { reject } of runtime.pending.values()) reject(new Error("retry"));
  runtime.pending.clear();
  runtime.status.reset();
  runtime.retried = true; // no snapshot restore after a failure: a fresh load (see worker.js)
  if (runtime.config) startRuntime(runtime.config);
}

function call(request) {
  if (!runtime.worker || runtime.status.failed) return Promise.reject(new Error("not available"));
  const id = runtime.nextId++;
  return new Promise((resolve, reject) => {
    // A worker that died silently (stopped by the browser) sends no error event: no answer in
    // time is the only sign, and it becomes the usual failure with a retry.
    const timer = setTimeout(() => {
      if (runtime.pending.has(id)) failRuntime("计算程序没有响应（可能已被浏览器停止）。");
    }, runtime.callTimeoutMs);
    const settle = (fn) => (value) => {
      clearTimeout(timer);
      fn(value);
    };
    runtime.pending.set(id, { resolve: settle(resolve), reject: settle(reject) });
    runtime.worker.postMessage({ type: "call", id, request: JSON.stringify(request) });
  });
}

// ----------------------------------------------------------------------- one mounted page

const STATUS_TEXT = {
  idle: () => "计算程序将在页面打开后自动载入。",
  download: (s) => `正在下载 Python 运行环境${s.percent == null ? "…" : `（${s.percent}%）`}`,
  start: () => "正在启动 Python…",
  ready: () => "计算程序已就绪：修改任一输入，结果会立即更新。",
  failed: (s) => `计算程序载入失败：${s.message} 页面其余内容不受影响，可以点“重试”。`,
};
const STALE_TEXT = "计算程序不可用，下方结果不是按你当前的输入算出的；你填写的内容都还在，点上方的“重试”后会重新计算。";
const STORAGE_TEXT =
  "本浏览器不允许本站保存数据（例如无痕模式，或存储空间已满），输入不会保存在本机；需要保留时，请复制上方的链接。";

function formFields(form) {
  const fields = {};
  for (const el of form.elements) {
    if (!el.name) continue;
    if (el.type === "checkbox") fields[el.name] = el.checked ? "1" : "0";
    else if (el.type === "radio") {
      if (el.checked) fields[el.name] = el.value;
    } else fields[el.name] = el.value;
  }
  return fields;
}

function setFields(form, fields) {
  form.reset();
  for (const el of form.elements) {
    if (!el.name || !(el.name in fields)) continue;
    const value = String(fields[el.name]);
    if (el.type === "checkbox") el.checked = value === "1";
    else if (el.type === "radio") el.checked = el.value === value;
    else el.value = value;
  }
}

// The report's date, as zh-CN writes it ("2026年11月27日"). Not toLocaleDateString: its first call
// loads the Chinese locale data, ≈ 50 ms of main thread while the page loads.
function today() {
  const now = new Date();
  return `${now.getFullYear()}年${now.getMonth() + 1}月${now.getDate()}日`;
}

function mount(root) {
  const form = root.querySelector("form[data-gbt-form]");
  if (!root.dataset.gbtConfig || !form) return null;
  let config;
  try {
    config = JSON.parse(root.dataset.gbtConfig);
  } catch {
    return null;
  }
  const kind = config.calculator;
  const $ = (selector) => root.querySelector(selector);
  const el = {
    status: $("[data-gbt-status]"),
    statusText: $("[data-gbt-status-text]"),
    statusFill: $("[data-gbt-status-fill]"),
    retry: $('[data-gbt-action="retry"]'),
    result: $("[data-gbt-result]"),
    note: $("[data-gbt-note]"),
    live: $("[data-gbt-live]"),
    shareUrl: $("[data-gbt-share-url]"),
    shareMsg: $("[data-gbt-share-msg]"),
    qr: $("[data-gbt-qr]"),
    mini: $("[data-gbt-mini]"),
    storage: $("[data-gbt-storage]"),
  };
  const local = {
    seq: 0,
    qrSeq: 0,
    timer: 0,
    qrTimer: 0,
    touched: false,
    started: false,
    alive: true,
    inFlight: false,
    queued: false,
    path: location.pathname,
  };

  const setNote = (kind_, text) => {
    el.note.dataset.kind = kind_;
    el.note.textContent = text;
    el.note.hidden = !text;
  };

  const showErrors = (errors) => {
    for (const slot of root.querySelectorAll("[data-gbt-error-for]")) {
      const name = slot.dataset.gbtErrorFor;
      const message = errors[name] || "";
      slot.textContent = message;
      for (const input of form.querySelectorAll(`[name="${CSS.escape(name)}"]`)) {
        if (message) input.setAttribute("aria-invalid", "true");
        else input.removeAttribute("aria-invalid");
      }
    }
  };

  // Storage may be disabled or full: the calculator works all the same, and the visitor is told
  // once (a quiet line, not an alert) that the link is the way to keep the inputs.
  const storageFailed = () => {
    runtime.storageBroken = true;
    if (el.storage && el.storage.hidden) {
      el.storage.textContent = STORAGE_TEXT;
      el.storage.hidden = false;
    }
  };
  if (runtime.storageBroken) storageFailed();

  const save = (state) => {
    try {
      if (state) localStorage.setItem(config.storage_key, state);
    } catch {
      storageFailed(); // the link still carries the state
    }
  };

  // The result no longer matches the form and cannot be recomputed until a retry.
  const markStale = () => {
    if (!local.touched) return;
    el.result.classList.add("is-stale");
    el.mini.classList.add("is-stale");
    setNote("stale", STALE_TEXT);
  };

  const scheduleQr = (url) => {
    clearTimeout(local.qrTimer);
    if (!url) return;
    local.qrTimer = setTimeout(() => {
      const seq = ++local.qrSeq;
      call({ action: "qr", text: url })
        .then((answer) => {
          if (!local.alive || seq !== local.qrSeq || !answer.ok) return;
          el.qr.src = answer.data_uri;
          el.qr.hidden = false;
        })
        .catch(() => {});
    }, QR_DELAY_MS);
  };

  // Ask Python for the result of the current fields. `note` replaces the note shown on success;
  // `persist: false` (after “clear”) neither saves the state nor puts it in the address bar.
  const compute = ({ note = null, persist = true } = {}) => {
    clearTimeout(local.timer);
    if (!runtime.status.ready) {
      if (runtime.status.failed) markStale();
      return;
    }
    const seq = ++local.seq;
    const request = { action: kind, fields: formFields(form), links: config.links, base_url: location.href.split("#")[0] };
    call(request)
      .then((answer) => {
        if (!local.alive || seq !== local.seq) return;
        if (answer.ok) {
          el.result.innerHTML = answer.html;
          el.result.classList.remove("is-stale");
          el.live.textContent = answer.summary;
          el.mini.textContent = answer.summary;
          el.mini.classList.remove("is-stale");
          mark(performance.getEntriesByName("gbt:first-result").length ? "gbt:result" : "gbt:first-result");
          setNote(note ? note.kind : "live", note ? note.text : "");
          showErrors({});
          el.shareUrl.value = answer.url;
          if (persist) {
            // Only while the address is still this page's: a result may arrive just after a click
            // on a link, when instant navigation has already moved to the next page.
            if (answer.state && location.hash !== `#${answer.state}` && location.pathname === local.path) {
              history.replaceState(history.state, "", `#${answer.state}`);
            }
            save(answer.state);
          }
          scheduleQr(answer.url);
        } else {
          showErrors(answer.errors || {});
          el.result.classList.add("is-stale");
          setNote("stale", `${answer.message || "输入有误。"}下方仍是上一次有效输入的结果。`);
          el.live.textContent = answer.message || "";
          el.mini.textContent = answer.message || "输入有误。";
          el.mini.classList.add("is-stale");
        }
      })
      .catch(() => {})
      .finally(() => {
        local.inFlight = false;
        if (local.queued && local.alive) {
          local.queued = false;
          compute();
        }
      });
    local.inFlight = true;
  };

  // Every change recomputes at once (a calculation takes a few milliseconds in the worker); changes
  // made while a request is on its way wait for it and then go as one, so typing never queues up.
  const schedule = () => {
    local.touched = true;
    clearTimeout(local.timer);
    if (local.inFlight) local.queued = true;
    else compute();
  };

  // The state to start from: the link (#…) first, else what this browser saved; null: the form as is.
  const restore = async () => {
    // A malformed %-escape must not stop the page: Python then refuses the raw text with a message.
    let hash = location.hash.slice(1);
    try {
      hash = decodeURIComponent(hash);
    } catch {
      // keep the raw text
    }
    if (hash && !document.getElementById(hash)) {
      const answer = await call({ action: "decode", calculator: kind, state: hash });
      if (answer.ok) {
        setFields(form, answer.fields);
        return { kind: "restored", text: "已按链接中的输入计算。" };
      }
      return { kind: "error", text: `链接无法使用：${answer.message}下方是按表单中数值计算的结果。` };
    }
    let saved = null;
    try {
      saved = localStorage.getItem(config.storage_key);
    } catch {
      storageFailed();
      saved = null;
    }
    if (!saved) return null;
    const answer = await call({ action: "decode", calculator: kind, state: saved });
    if (answer.ok) {
      setFields(form, answer.fields);
      return { kind: "restored", text: "已恢复你上次在本浏览器中填写的输入。" };
    }
    try {
      localStorage.removeItem(config.storage_key);
    } catch {
      /* ignore */
    }
    return null;
  };

  const onReady = async () => {
    if (local.started) {
      // Ready again after a retry: recompute what the form holds now (nothing typed is lost).
      compute({ note: { kind: "restored", text: "计算程序已重新载入，结果已按当前输入重新计算。" } });
      return;
    }
    local.started = true;
    let note = null;
    if (!local.touched) {
      try {
        note = await restore();
      } catch {
        note = null;
      }
    }
    if (local.alive) compute({ note, persist: !(note && note.kind === "error") });
  };

  const renderStatus = (state) => {
    el.status.dataset.stage = state.stage;
    el.statusText.textContent = STATUS_TEXT[state.stage](state);
    const width = state.stage === "ready" ? 100 : state.stage === "start" ? 100 : state.percent ?? 0;
    el.statusFill.style.width = `${width}%`;
    el.retry.hidden = state.stage !== "failed";
    if (state.stage === "ready") onReady();
    else if (state.stage === "failed") markStale();
  };

  const onClick = (event) => {
    const button = event.target.closest("[data-gbt-action]");
    if (!button || !root.contains(button)) return;
    const action = button.dataset.gbtAction;
    if (action === "retry") {
      retryRuntime();
      // The button hides itself; keep the keyboard focus where the load progress is shown.
      el.statusText.tabIndex = -1;
      el.statusText.focus();
    } else if (action === "copy") {
      const url = el.shareUrl.value;
      if (!url) {
        el.shareMsg.textContent = "计算程序就绪后才能生成链接。";
        return;
      }
      const copied = () => (el.shareMsg.textContent = "链接已复制。");
      const manual = () => {
        el.shareUrl.focus();
        el.shareUrl.select();
        el.shareMsg.textContent = "无法自动复制：链接已选中，请按 Ctrl+C（手机上长按）复制。";
      };
      if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(url).then(copied, manual);
      else manual();
    } else if (action === "print") {
      for (const date of root.querySelectorAll("[data-gbt-date]")) date.textContent = today();
      window.print();
    } else if (action === "clear") {
      try {
        localStorage.removeItem(config.storage_key);
      } catch {
        /* ignore */
      }
      // Python's memory snapshot (worker.js: SNAPSHOTS) was taken after a first result, so its freed
      // memory may still hold pieces of earlier inputs: it goes too (the next visit loads normally).
      if (typeof caches !== "undefined") caches.delete("gbt27922-snapshot").catch(() => {});
      form.reset();
      history.replaceState(history.state, "", location.pathname + location.search);
      showErrors({});
      local.touched = false;
      el.shareMsg.textContent = "";
      compute({
        persist: false,
        note: { kind: "cleared", text: "已清除保存在本浏览器中的输入，表单已恢复为示例数值。" },
      });
    }
  };

  const onBeforePrint = () => {
    for (const date of root.querySelectorAll("[data-gbt-date]")) date.textContent = today();
  };

  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
  form.addEventListener("submit", (event) => event.preventDefault());
  root.addEventListener("click", onClick);
  window.addEventListener("beforeprint", onBeforePrint);
  onBeforePrint();

  pinFavicon();
  startRuntime(config);
  const unsubscribe = runtime.status.subscribe(renderStatus);

  return {
    root,
    destroy() {
      local.alive = false;
      clearTimeout(local.timer);
      clearTimeout(local.qrTimer);
      unsubscribe();
      window.removeEventListener("beforeprint", onBeforePrint);
    },
  };
}

// Chromium fetches the favicon again whenever the address changes, and the address changes with
// every new result (the inputs live after the "#"). Serving the icon from a data: URL keeps the
// tab from making any request at all while the visitor calculates.
let faviconData = null;

async function pinFavicon() {
  const link = document.querySelector('link[rel~="icon"]');
  if (!link || !link.href || link.href.startsWith("data:")) return;
  try {
    if (!faviconData) {
      const response = await fetch(link.href, { cache: "force-cache" });
      if (!response.ok) return;
      const blob = await response.blob();
      faviconData = await new Promise((resolve, reject) => {
        const reader = new FileReader();
        reader.onload = () => resolve(reader.result);
        reader.onerror = () => reject(reader.error);
        reader.readAsDataURL(blob);
      });
    }
    link.href = faviconData;
  } catch {
    /* the icon is cosmetic */
  }
}

// ----------------------------------------------------------- mounting on every page change

let mounted = [];

function mountAll() {
  mounted = mounted.filter((m) => {
    if (document.contains(m.root)) return true;
    m.destroy();
    return false;
  });
  for (const root of document.querySelectorAll("[data-gbt-calc]")) {
    if (mounted.some((m) => m.root === root)) continue;
    const handle = mount(root);
    if (handle) mounted.push(handle);
  }
}

// ------------------------------------------- site-wide: keyboard access to wide tables
// Not calculator code, but this is the one script on every page. Material wraps each table in a
// box that scrolls sideways when the table is wider than the screen; a box that scrolls must be
// reachable with the keyboard (WCAG 2.1.1), so an overflowing one becomes a focusable, named group.
function scrollableTables() {
  for (const box of document.querySelectorAll(".md-typeset__scrollwrap")) {
    const scrolls = box.scrollWidth > box.clientWidth + 1;
    if (scrolls && !box.hasAttribute("tabindex")) {
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "group");
      box.setAttribute("aria-label", "表格（可左右滚动）");
    } else if (!scrolls && box.getAttribute("role") === "group") {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
    }
  }
}

let tablesTimer = 0;
function scheduleTables() {
  clearTimeout(tablesTimer);
  tablesTimer = setTimeout(scrollableTables, 100); // after Material has wrapped the tables
}
window.addEventListener("resize", scheduleTables);

function onPage() {
  mountAll();
  scheduleTables();
}

// Material's document$ emits on every page change (instant navigation). Should this module run
// before the document is parsed (and the theme's script has run), connect once it is.
function connect() {
  if (typeof document$ !== "undefined" && document$ && typeof document$.subscribe === "function") {
    document$.subscribe(onPage);
  } else {
    onPage();
  }
}

startEarly();
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", connect, { once: true });
else connect();

// For tests and debugging: how many workers this tab has created, and the load stage.
globalThis.gbtCalculatorRuntime = {
  get stage() {
    return runtime.status.state.stage;
  },
  get generation() {
    return runtime.generation;
  },
  // Stops the worker without telling the page, as a browser does when it kills one: the page
  // notices when the next request gets no answer (for tests and for trying the failure path).
  terminateWorker() {
    if (runtime.worker) runtime.worker.terminate();
  },
};
