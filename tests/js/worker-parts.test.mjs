// @ts-check
// A tool's own parts of the app (docs/assets/calculator/worker-parts.js): downloaded and put beside
// the core once, before the tool's first request; never for another tool; the data files whose
// reader came with them handed over once; a failed download tried again on the next request.
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import {
  addPartCode,
  configureWith,
  ToolParts,
  toolLoader,
  toolOf,
} from "../../docs/assets/calculator/worker-parts.js";

const TOOLS = {
  score: { parts: [{ url: "u/score.zip", path: "/lib/gbt27922-score.zip" }], data: [] },
  fees: {
    parts: [
      { url: "u/fees.zip", path: "/lib/gbt27922-fees.zip" },
      { url: "u/fees-plan.zip", path: "/lib/gbt27922-fees-plan.zip" },
    ],
    data: ["fees"],
  },
  plan: {
    parts: [
      { url: "u/plan.zip", path: "/lib/gbt27922-plan.zip" },
      { url: "u/fees-plan.zip", path: "/lib/gbt27922-fees-plan.zip" },
    ],
    data: ["fees"],
  },
};

/** A stand-in for Pyodide: what was written where, and the Python that ran. */
function fakePyodide() {
  /** @type {Map<string, Uint8Array>} */
  const files = new Map();
  /** @type {string[]} */
  const ran = [];
  return {
    files,
    ran,
    FS: { writeFile: (/** @type {string} */ p, /** @type {Uint8Array} */ d) => files.set(p, d) },
    runPython: (/** @type {string} */ c) => ran.push(c),
  };
}

/** Downloads that succeed (counted), or fail for the URLs in `broken`. @param {Set<string>} [broken] */
function downloads(broken = new Set()) {
  /** @type {string[]} */
  const asked = [];
  const download = async (/** @type {string} */ url) => {
    asked.push(url);
    if (broken.has(url)) throw new Error("无法下载计算程序（HTTP 404）。");
    return new TextEncoder().encode(url).buffer;
  };
  return { asked, download };
}

describe("ToolParts", () => {
  it("puts a tool's parts beside the core once, and adds them to the package", async () => {
    const pyodide = fakePyodide();
    const { asked, download } = downloads();
    const parts = new ToolParts(TOOLS, download);
    assert.deepEqual(await parts.load(pyodide, "fees"), ["fees"]);
    await parts.load(pyodide, "fees");
    assert.deepEqual(asked, ["u/fees.zip", "u/fees-plan.zip"]);
    assert.deepEqual([...pyodide.files.keys()], ["/lib/gbt27922-fees.zip", "/lib/gbt27922-fees-plan.zip"]);
    assert.deepEqual(pyodide.ran, [addPartCode("/lib/gbt27922-fees.zip"), addPartCode("/lib/gbt27922-fees-plan.zip")]);
  });

  it("writes a part two tools share only once", async () => {
    const pyodide = fakePyodide();
    const parts = new ToolParts(TOOLS, downloads().download);
    await parts.load(pyodide, "fees");
    await parts.load(pyodide, "plan");
    assert.equal(pyodide.ran.filter((code) => code.includes("fees-plan")).length, 1);
    assert.equal(pyodide.files.size, 3);
  });

  it("loads nothing for what is not a tool with parts (qr, configure, an unknown action)", async () => {
    const pyodide = fakePyodide();
    const { asked, download } = downloads();
    const parts = new ToolParts(TOOLS, download);
    for (const name of ["qr", "configure", null, "staffing"]) assert.deepEqual(await parts.load(pyodide, name), []);
    assert.deepEqual(asked, []);
  });

  it("tries a failed download again on the tool's next request", async () => {
    const pyodide = fakePyodide();
    const broken = new Set(["u/score.zip"]);
    const { asked, download } = downloads(broken);
    const parts = new ToolParts(TOOLS, download);
    await assert.rejects(parts.load(pyodide, "score"), /HTTP 404/);
    broken.clear();
    await parts.load(pyodide, "score");
    assert.deepEqual(asked, ["u/score.zip", "u/score.zip"]);
    assert.ok(pyodide.files.has("/lib/gbt27922-score.zip"));
  });
});

describe("addPartCode", () => {
  it("adds the part's calculator directory to the package's __path__ unless it is there (a restored snapshot)", () => {
    const code = addPartCode("/lib/gbt27922-fees.zip");
    assert.match(code, /^import calculator\n/);
    assert.ok(code.includes('if "/lib/gbt27922-fees.zip/calculator" not in calculator.__path__:'));
    assert.ok(code.includes('calculator.__path__.append("/lib/gbt27922-fees.zip/calculator")'));
  });
});

describe("toolLoader", () => {
  /**
   * @param {Record<string, string | null>} shipped
   * @param {Record<string, {parts: {url: string, path: string}[], data: string[]}>} [tools]
   */
  function setUp(shipped, tools = TOOLS) {
    /** @type {object[]} */
    const configured = [];
    const web = {
      handle: (/** @type {string} */ text) => {
        configured.push(JSON.parse(text));
        return '{"ok": true}';
      },
    };
    const files = {
      config: { app: { tools } },
      part: downloads().download,
      startData: () => ["profile"],
      configureRequest: async (/** @type {string[]} */ kinds) => {
        const given = kinds.filter((kind) => shipped[kind]);
        return given.length
          ? { action: "configure", ...Object.fromEntries(given.map((k) => [`${k}_toml`, shipped[k]])) }
          : null;
      },
    };
    return { configured, load: toolLoader(fakePyodide(), web, files) };
  }

  it("hands over a shipped fee schedule once, when the first tool that reads it is loaded", async () => {
    const { configured, load } = setUp({ fees: "id = 'acme'" });
    await load("score");
    assert.deepEqual(configured, []);
    await load("fees");
    await load("plan");
    assert.deepEqual(configured, [{ action: "configure", fees_toml: "id = 'acme'" }]);
  });

  it("hands over the rules again with a checklist: a file a request leaves out is the packaged one", async () => {
    const tools = { checklist: { parts: [], data: ["checklist"] } };
    const { configured, load } = setUp({ profile: "id = 'own'", checklist: "id = 'acme'" }, tools);
    await load("checklist");
    assert.deepEqual(configured, [{ action: "configure", profile_toml: "id = 'own'", checklist_toml: "id = 'acme'" }]);
  });

  it("hands over nothing when the site ships the packaged files", async () => {
    const { configured, load } = setUp({ fees: null });
    await load("fees");
    assert.deepEqual(configured, []);
  });
});

describe("configureWith", () => {
  it("throws Python's message when the data file is refused", () => {
    const web = { handle: () => '{"ok": false, "message": "费用标准 fees.toml：schema：不支持"}' };
    assert.throws(() => configureWith(web, { action: "configure" }), /费用标准 fees.toml/);
  });
});

describe("toolOf", () => {
  const cases = /** @type {const} */ ([
    ['{"action": "fees", "fields": {}}', "fees"],
    ['{"action": "decode", "calculator": "plan", "state": "p1"}', "plan"],
    ['{"action": "qr", "text": "x"}', "qr"],
    ["{not json", null],
    ["[1]", null],
  ]);
  for (const [request, tool] of cases) {
    it(`${request} → ${tool}`, () => assert.equal(toolOf(request), tool));
  }
});
