// The JSON contracts between the build, the page glue and the worker (docs/assets/calculator/*.js).
// Types only: tsc checks the scripts against them (tsconfig*.json); nothing here ships. The Python
// side writes the runtime configuration (hooks/runtime_config.py, the same two types as TypedDicts) and answers
// the requests (calculator/_web.py: handle).

/** A calculator page's runtime configuration, as the build writes it; URLs are relative to the page. */
interface RuntimeConfig {
  /** The worker script, `…/worker.js?v=<digest of the worker's modules>`. */
  worker: string;
  pyodide: {
    /** The Pyodide directory (self-hosted, or `extra.pyodide_url`), ending in "/". */
    index: string;
    version?: string;
    /** Size of every file Pyodide fetches, by file name: the progress bar and the truncation check. */
    bytes?: Record<string, number>;
    /** Our trimmed standard library (null: Pyodide's own). */
    stdlib?: string | null;
    /** Pyodide's package lock, inline (null: Pyodide fetches pyodide-lock.json). */
    lock?: unknown;
  };
  /** The page's tool: its own parts of the app are fetched with the core. */
  calculator?: string;
  /**
   * The app's core (what every tool needs, and segno), put on sys.path at `path`, and each tool's own
   * parts, added to the calculator package before its first request (null: the wheels are unpacked).
   */
  app?: {
    url: string;
    path: string;
    tools?: Record<string, { parts: { url: string; path: string }[]; data?: string[] }>;
  } | null;
  wheels?: string[];
  /** The rules profile, when the site is not built with the packaged default. */
  profile?: string | null;
  /** The fee schedule, when the site is not built with the packaged default. */
  fees?: string | null;
  /** The audit-readiness checklist, when the site is built with a deployment's own. */
  checklist?: string | null;
  /** Start every download at once, while Pyodide is imported. */
  prefetch?: boolean;
  /** The memory snapshot's key (it names the exact runtime, app and worker). */
  snapshot?: { key: string } | null;
  /** The service worker and the scopes it is registered for (null: no service worker). */
  sw?: { url: string; scopes: string[] } | null;
  /** A load with no progress for this long fails with a retry (default 45 000). */
  watchdog_ms?: number;
  /** A request without an answer for this long means the worker died (default 20 000). */
  call_timeout_ms?: number;
}

/** One calculator's configuration (`data-gbt-config` of its root): the runtime's and the tool's own. */
interface CalculatorConfig extends RuntimeConfig {
  /** The tool's name: the worker request's `action`, and the `calculator` of a decode request. */
  calculator: string;
  /** Links the result may point to (the knowledge pages), passed through to Python. */
  links?: Record<string, string>;
  /** Where this browser keeps the tool's last inputs (localStorage). */
  storage_key: string;
}

/** What the early start in <head> (early.js) leaves for runtime.js to take over. */
interface EarlyStart {
  config: RuntimeConfig;
  worker: Worker;
  /** What the worker said before runtime.js took it over, in order. */
  events: Array<MessageEvent | ErrorEvent>;
}

/** Page → worker. */
type ToWorker =
  | { type: "init"; page: string; config: RuntimeConfig; restore: boolean }
  | { type: "call"; id: number; request: string }
  | { type: "snapshot" };

/** Worker → page. */
type FromWorker =
  | { type: "progress"; stage: "download" | "start"; percent: number | null }
  | { type: "ready"; timings: Record<string, number>; restored: boolean }
  | { type: "failed"; message: string }
  | { type: "result"; id: number; response: string };

/** The stages of the runtime's load (status.js); only "failed" may come from any other. */
type Stage = "idle" | "download" | "start" | "ready" | "failed";

interface LoadState {
  readonly stage: Stage;
  readonly percent: number | null;
  readonly message: string;
}

/** Form fields as the worker takes them: name → text (a checkbox is "1" or "0"). */
type Fields = Record<string, string>;

/** A tool's answer (`{action: <tool>, fields, links, base_url}`). */
type ToolAnswer =
  | { ok: true; html: string; summary: string; state: string; url: string }
  | { ok: false; message?: string; errors?: Record<string, string> };

/** The answer to `{action: "decode", calculator, state}`. */
type DecodeAnswer = { ok: true; fields: Fields } | { ok: false; message: string };

/** The answer to `{action: "qr", text}`. */
type QrAnswer = { ok: true; data_uri: string } | { ok: false; message?: string };

/** A note above the result: what it was computed from, or why it is stale. */
interface Note {
  kind: "example" | "live" | "restored" | "cleared" | "error" | "stale";
  text: string;
}
