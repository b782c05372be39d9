// @ts-check
// How the browser scripts load (docs/assets/calculator/): the page's modules all requested from
// the HTML at once, the worker's modules only under the worker's own version, and the two scripts
// that are not modules (early.js, inlined into <head>; sw.js, completed by the build) kept so.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { describe, it } from "node:test";

const ROOT = new URL("../../", import.meta.url);
const ASSETS = new URL("docs/assets/calculator/", ROOT);
const scripts = readdirSync(ASSETS).filter((name) => name.endsWith(".js"));
const CLASSIC = ["early.js", "sw.js"];
const workerModules = scripts.filter((name) => name.startsWith("worker"));
const pageModules = scripts.filter((name) => !workerModules.includes(name) && !CLASSIC.includes(name));

/** @param {string} name */
const source = (name) => readFileSync(new URL(name, ASSETS), "utf8");
/** The modules a script imports statically (`import … from "./x.js"`, `import "./x.js"`). @param {string} name */
const staticImports = (name) =>
  [...source(name).matchAll(/^import\s+(?:[^"';]*?\s+from\s+)?"\.\/([^"]+)";/gm)].map((m) => m[1]);

describe("the page's modules", () => {
  it("are found", () => {
    assert.ok(pageModules.includes("calculator.js") && pageModules.length > 3, String(pageModules));
  });

  it("are all listed in mkdocs.yml (extra_javascript), the entry calculator.js first", () => {
    const yml = readFileSync(new URL("mkdocs.yml", ROOT), "utf8");
    const block = yml.split(/^extra_javascript:\n/m)[1].split(/^\S/m)[0];
    const listed = [...block.matchAll(/- path: assets\/calculator\/([\w-]+\.js)\n\s+type: module\n/g)].map((m) => m[1]);
    assert.equal(listed[0], "calculator.js");
    assert.deepEqual([...listed].sort(), [...pageModules].sort());
  });

  it("are all reached from calculator.js, and import nothing of the worker's", () => {
    const reached = new Set(["calculator.js"]);
    for (const name of reached) for (const imported of staticImports(name)) reached.add(imported);
    assert.deepEqual([...reached].sort(), [...pageModules].sort());
  });
});

describe("the worker's modules", () => {
  it("are named worker-*.js, which the build versions with worker.js", () => {
    assert.ok(workerModules.includes("worker.js"));
    assert.ok(
      workerModules.every((name) => name === "worker.js" || /^worker-[\w-]+\.js$/.test(name)),
      String(workerModules),
    );
  });

  it("are imported only by worker.js, each with the worker's own ?v=…, and each one that exists", () => {
    for (const name of workerModules) assert.deepEqual(staticImports(name), [], `${name} imports statically`);
    const imported = [...source("worker.js").matchAll(/ownModule\("([^"]+)"\)/g)].map((m) => m[1]);
    assert.deepEqual(imported.sort(), workerModules.filter((name) => name !== "worker.js").sort());
  });
});

describe("the scripts that are not modules", () => {
  for (const name of CLASSIC) {
    it(`${name} neither imports nor exports`, () => {
      assert.doesNotMatch(source(name), /^\s*(import|export)\b/m);
    });
  }

  it("early.js holds nothing that would end the inline <script> it is put in", () => {
    assert.doesNotMatch(source("early.js").toLowerCase(), /<\/script|<!--/);
  });
});

describe("every browser script", () => {
  for (const name of scripts) {
    it(`${name} is type-checked and at most 400 lines`, () => {
      assert.match(source(name), /^\/\/ @ts-check\n/);
      assert.ok(source(name).split("\n").length <= 400);
    });
  }
});
