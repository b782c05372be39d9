// @ts-check
// The app in Pyodide. Its core goes on sys.path (or, without the app zip, its wheels are unpacked).
// A tool's own parts of the app (hooks/app_parts.py): the core zip holds what every calculator
// page needs; each tool's modules and packaged data come in the zips its entry of the runtime
// configuration lists (app.tools[name].parts), so a page never downloads another tool's code. Before
// a tool's first request the worker writes its parts into Pyodide's file system beside the core and
// adds them to the calculator package's __path__; the data files whose reader came with them (a
// deployment's own fee schedule) are handed over to Python then (app.tools[name].data).

/** @typedef {{url: string, path: string}} Part */
/** @typedef {{parts: Part[], data: string[]}} ToolDownload */
/**
 * What the worker's own files (worker.js: OwnFiles) offer here.
 * @typedef {{
 *   config: {app: {tools: Record<string, ToolDownload>} | null},
 *   part: (url: string) => Promise<ArrayBuffer>,
 *   startData: () => string[],
 *   configureRequest: (kinds: string[]) => Promise<object | null>,
 * }} Files
 */

/**
 * The app's core on sys.path (one zip, zipimport, bytecode inside: nothing to unpack), or its wheels unpacked.
 * @param {any} pyodide
 * @param {{path: string} | null} app the core zip (null: `ours` are the wheels)
 * @param {Promise<ArrayBuffer>[]} ours
 */
export async function installApp(pyodide, app, ours) {
  if (app) {
    pyodide.FS.writeFile(app.path, new Uint8Array(await ours[0]));
    pyodide.runPython(`import sys; sys.path.insert(0, ${JSON.stringify(app.path)})`);
    return;
  }
  const sitePackages = pyodide.runPython("import sysconfig; sysconfig.get_paths()['purelib']");
  for (const pending of ours) {
    pyodide.unpackArchive(await pending, "wheel", { extractDir: sitePackages });
  }
}

/**
 * The Python that adds a part to the calculator package: idempotent, as after a restored memory
 * snapshot the path may already be there (the file system is not in the snapshot; its file is).
 * @param {string} path the zip's path in Pyodide's file system
 */
export function addPartCode(path) {
  const entry = JSON.stringify(`${path}/calculator`);
  return `import calculator\nif ${entry} not in calculator.__path__: calculator.__path__.append(${entry})`;
}

export class ToolParts {
  /** @type {Map<string, Promise<string[]>>} */
  #loaded = new Map();
  /** @type {Set<string>} */
  #written = new Set();

  /**
   * @param {Record<string, ToolDownload>} tools tool → its parts (empty: the app is not split)
   * @param {(url: string) => Promise<ArrayBuffer>} download a part's bytes (started early for the page's own tool)
   */
  constructor(tools, download) {
    this.tools = tools;
    this.download = download;
  }

  /**
   * Make a tool's modules importable (once); resolves to the data kinds its parts can read.
   * @param {any} pyodide
   * @param {string | null | undefined} tool a tool's name; anything else needs nothing
   * @returns {Promise<string[]>}
   */
  load(pyodide, tool) {
    const own = tool ? this.tools[tool] : undefined;
    if (!tool || !own) return Promise.resolve([]);
    let pending = this.#loaded.get(tool);
    if (!pending) {
      pending = this.#install(pyodide, own);
      this.#loaded.set(tool, pending);
      // A failed download is tried again on the tool's next request.
      pending.catch(() => this.#loaded.delete(tool));
    }
    return pending;
  }

  /**
   * @param {any} pyodide
   * @param {ToolDownload} own
   */
  async #install(pyodide, own) {
    const files = await Promise.all(own.parts.map((part) => this.download(part.url)));
    own.parts.forEach((part, i) => {
      if (this.#written.has(part.path)) return;
      pyodide.FS.writeFile(part.path, new Uint8Array(files[i]));
      pyodide.runPython(addPartCode(part.path));
      this.#written.add(part.path);
    });
    return own.data;
  }
}

/**
 * @param {any} web calculator._web
 * @param {object | null} request a configure request
 */
export function configureWith(web, request) {
  if (!request) return;
  const answer = JSON.parse(web.handle(JSON.stringify(request)));
  if (!answer.ok) throw new Error(answer.message);
}

/**
 * What makes a tool's own parts of the app importable, and hands over the data files they read.
 * @param {any} pyodide
 * @param {any} web calculator._web
 * @param {Files} files the worker's own files (worker.js)
 */
export function toolLoader(pyodide, web, files) {
  const parts = new ToolParts(files.config.app?.tools || {}, (url) => files.part(url));
  /** @type {Set<string>} */
  const given = new Set(files.startData());
  return async (/** @type {string | null} */ tool) => {
    const fresh = (await parts.load(pyodide, tool)).filter((kind) => !given.has(kind));
    for (const kind of fresh) given.add(kind);
    // Only when one of them is shipped; then every file handed over so far (a file a configure
    // request leaves out goes back to the packaged one).
    if (await files.configureRequest(fresh)) configureWith(web, await files.configureRequest([...given]));
  };
}

/**
 * The tool a request is for (its action, or the `calculator` of an encode or decode request).
 * @param {string} request the request's JSON text
 * @returns {string | null}
 */
export function toolOf(request) {
  try {
    const parsed = JSON.parse(request);
    const name = typeof parsed?.calculator === "string" ? parsed.calculator : parsed?.action;
    return typeof name === "string" ? name : null;
  } catch {
    return null; // Python answers what is wrong with it
  }
}
