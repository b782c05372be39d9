// Runs the unit tests (tests/unit) inside Pyodide under Node, offline.
//
//   node tests/pyodide/run.mjs [extra pytest args...]
//   node tests/pyodide/run.mjs --stdlib=ZIP      (against a trimmed standard library: stdlibRun)
//   node tests/pyodide/run.mjs --derive-stdlib   (writes hooks/calculator_stdlib.txt: deriveStdlib)
//
// 1. builds the `calculator` wheel from the working tree into .cache/wheel/, exactly as the site
//    ships it to the browser (hooks/wheels.py: calculator_wheel);
// 2. loads Pyodide from node_modules/pyodide (no CDN: http(s) fetches are refused);
// 3. unpacks that wheel and the pytest/hypothesis wheels from .cache/pyodide-wheels/ into
//    site-packages with pyodide.unpackArchive(..., "wheel", {extractDir});
// 4. copies pyproject.toml (the pytest config), tests/*.py and tests/unit/** into the in-memory
//    file system at /home/pyodide/project and runs pytest there on tests/unit only
//    (tests/pyodide/pyodide_main.py).
// Exit code: pytest's; 0 only if tests ran and passed (5 = nothing collected is a failure).
// Prerequisite: bash scripts/setup (scripts/test runs it).

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const PYODIDE_DIR = path.join(ROOT, "node_modules", "pyodide");
const WHEELS_DIR = path.join(ROOT, ".cache", "pyodide-wheels");
const WHEEL_OUT = path.join(ROOT, ".cache", "wheel");
const VENV_PYTHON = path.join(ROOT, ".venv", "bin", "python");
const PROJECT = "/home/pyodide/project";
const SKIP_DIRS = new Set(["__pycache__", ".pytest_cache", ".hypothesis", ".mypy_cache", ".ruff_cache"]);

function log(message) {
  process.stdout.write(`[pyodide] ${message}\n`);
}

class SetupError extends Error {}

function requirePath(p, what) {
  if (!fs.existsSync(p)) {
    throw new SetupError(`${what} not found at ${path.relative(ROOT, p)}: run \`bash scripts/setup\` first.`);
  }
}

// A wheel exactly as the site ships it (hooks/wheels.py, run with .venv's Python), written into outDir.
function shippedWheel(call, outDir) {
  requirePath(VENV_PYTHON, "the dev venv");
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  const script = [
    "import sys, pathlib",
    "from hooks.wheels import calculator_wheel, installed_wheel",
    `stem, data = ${call}`,
    "path = pathlib.Path(sys.argv[1]) / (stem + '-py3-none-any.whl')",
    "path.write_bytes(data)",
    "print(path)",
  ].join("\n");
  const r = spawnSync(VENV_PYTHON, ["-c", script, outDir], { cwd: ROOT, encoding: "utf8" });
  if (r.status !== 0) {
    process.stderr.write(r.stdout + r.stderr);
    throw new SetupError(`building the wheel ${call} failed (exit ${r.status ?? r.signal})`);
  }
  return r.stdout.trim();
}

// The calculator wheel the site ships, built from the working tree (sources, py.typed, profiles).
function buildWheel() {
  return shippedWheel("calculator_wheel()", WHEEL_OUT);
}

function asBytes(file) {
  const buf = fs.readFileSync(file);
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

// Copy a host directory tree into the Pyodide file system.
function copyTree(pyodide, hostDir, destDir) {
  pyodide.FS.mkdirTree(destDir);
  let count = 0;
  for (const entry of fs.readdirSync(hostDir, { withFileTypes: true })) {
    if (SKIP_DIRS.has(entry.name) || entry.name.endsWith(".pyc")) continue;
    const from = path.join(hostDir, entry.name);
    const to = `${destDir}/${entry.name}`;
    if (entry.isDirectory()) count += copyTree(pyodide, from, to);
    else if (entry.isFile()) {
      pyodide.FS.writeFile(to, asBytes(from));
      count += 1;
    }
  }
  return count;
}

const STDLIB_LIST = path.join(ROOT, "hooks", "calculator_stdlib.txt");
const FALLBACK_ZIP = "/lib/fallback-stdlib.zip";
const EXTRA_CODECS = ["ascii", "idna", "latin_1", "punycode", "raw_unicode_escape", "unicode_escape", "utf_16", "utf_32", "utf_8", "utf_8_sig"];

// Our own options (everything else goes to pytest):
//   --derive-stdlib[=FILE]  record which standard-library modules the calculator needs and write
//                           the list (default hooks/calculator_stdlib.txt) instead of a plain run;
//   --stdlib=ZIP            run against a trimmed standard library (hooks/runtime_cache.py
//                           builds it) instead of Pyodide's python_stdlib.zip: see stdlibRun().
function parseArgs(argv) {
  const options = { deriveStdlib: null, stdlib: null, pytestArgs: [] };
  for (const arg of argv) {
    if (arg === "--derive-stdlib") options.deriveStdlib = STDLIB_LIST;
    else if (arg.startsWith("--derive-stdlib=")) options.deriveStdlib = path.resolve(arg.slice(16));
    else if (arg.startsWith("--stdlib=")) options.stdlib = path.resolve(arg.slice(9));
    else options.pytestArgs.push(arg);
  }
  return options;
}

// Pyodide from node_modules/pyodide (optionally with another standard library), offline.
async function startPyodide(stdLibURL) {
  const { loadPyodide, version } = await import(path.join(PYODIDE_DIR, "pyodide.mjs"));
  const t1 = performance.now();
  const pyodide = await loadPyodide({
    indexURL: PYODIDE_DIR + path.sep,
    ...(stdLibURL ? { stdLibURL } : {}),
    env: { HOME: "/home/pyodide", COLUMNS: String(process.stdout.columns || 100) },
  });
  // Unbuffered pass-through so pytest's progress dots appear as they happen.
  const decoder = new TextDecoder();
  const raw = (stream) => ({
    write(bytes) {
      stream.write(decoder.decode(bytes, { stream: true }));
      return bytes.length;
    },
  });
  pyodide.setStdout(raw(process.stdout));
  pyodide.setStderr(raw(process.stderr));
  const pyVersion = pyodide.runPython("import sys; sys.version.split()[0]");
  const stdlib = stdLibURL ? `, stdlib ${path.relative(ROOT, stdLibURL)}` : "";
  log(`Pyodide ${version}, Python ${pyVersion} (${pyodide.runPython("import sys; sys.platform")})${stdlib}, loaded in ${((performance.now() - t1) / 1000).toFixed(1)} s`);
  return pyodide;
}

function installWheels(pyodide, wheelFiles) {
  const sitePackages = pyodide.runPython("import sysconfig; sysconfig.get_paths()['purelib']");
  for (const whl of wheelFiles) {
    pyodide.unpackArchive(asBytes(whl), "wheel", { extractDir: sitePackages });
  }
  log(`installed ${wheelFiles.map((f) => path.basename(f).split("-").slice(0, 2).join("-")).join(", ")}`);
}

// segno (QR codes) is shipped to the browser next to the calculator but is no test dependency: the
// modes that run the browser's entry points rebuild its wheel from .venv the way the site build does.
function segnoWheel() {
  return shippedWheel("installed_wheel('segno')", path.join(ROOT, ".cache", "wheel-segno"));
}

function testWheels() {
  return fs.readdirSync(WHEELS_DIR).filter((f) => f.endsWith(".whl")).sort().map((f) => path.join(WHEELS_DIR, f));
}

function runPyFile(pyodide, file) {
  const code = fs.readFileSync(path.join(ROOT, "tests", "pyodide", file), "utf8");
  pyodide.FS.mkdirTree("/tmp/gbt");
  pyodide.FS.writeFile(`/tmp/gbt/${file}`, code);
  return pyodide.runPython(code, { filename: `/tmp/gbt/${file}` });
}

// Watch the app's imports from here on (tests/pyodide/import_watch.py); returns the watcher.
function watchImports(pyodide) {
  runPyFile(pyodide, "import_watch.py");
  return pyodide.runPython("ImportWatch().install()");
}

// The worker's own steps and every kind of request, in Python (tests/pyodide/entry_points.py).
function runEntryPoints(pyodide) {
  runPyFile(pyodide, "entry_points.py");
  return pyodide.globals.get("ENTRY_POINTS_OK");
}

// The project: pytest config + tests/*.py (package __init__, conftest, helpers) + tests/unit/**; then pytest.
function runPytest(pyodide, pytestArgs, t0) {
  pyodide.FS.mkdirTree(`${PROJECT}/tests`);
  pyodide.FS.writeFile(`${PROJECT}/pyproject.toml`, asBytes(path.join(ROOT, "pyproject.toml")));
  let copied = 1;
  for (const entry of fs.readdirSync(path.join(ROOT, "tests"), { withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith(".py")) {
      pyodide.FS.writeFile(`${PROJECT}/tests/${entry.name}`, asBytes(path.join(ROOT, "tests", entry.name)));
      copied += 1;
    }
  }
  copied += copyTree(pyodide, path.join(ROOT, "tests", "unit"), `${PROJECT}/tests/unit`);
  log(`copied ${copied} files to ${PROJECT}`);

  const mainPy = fs.readFileSync(path.join(ROOT, "tests", "pyodide", "pyodide_main.py"), "utf8");
  pyodide.globals.set("PROJECT", PROJECT);
  pyodide.globals.set("PYTEST_ARGS", pyodide.toPy(pytestArgs));
  pyodide.globals.set("COLOR", Boolean(process.stdout.isTTY));
  pyodide.runPython(mainPy, { filename: "pyodide_main.py" });
  const [code, passed] = pyodide.globals.get("RESULT").toJs();
  log(`pytest exit code ${code}, ${passed} passed, ${((performance.now() - t0) / 1000).toFixed(1)} s in all`);
  if (code === 5) {
    log("FAILED: pytest collected no tests in tests/unit");
    return 5;
  }
  if (code === 0 && passed === 0) {
    log("FAILED: no test passed (all skipped or deselected)");
    return 1;
  }
  return code;
}

// --derive-stdlib: (1) with the full standard library, record the modules the app's code imports
// while the entry points and the unit tests run; (2) in a fresh Pyodide, import those and run the
// entry points again: every module then loaded from python_stdlib.zip (Pyodide's own start-up
// included) is the list. Codecs are looked up by name at run time, so a few common ones are kept
// besides those seen (utf-8, latin-1 and ascii never need a module: CPython has them built in).
async function deriveStdlib(options, calculatorWheel, t0) {
  const segno = segnoWheel();
  let pyodide = await startPyodide(null);
  installWheels(pyodide, [calculatorWheel, segno, ...testWheels()]);
  const watch = watchImports(pyodide);
  log(`entry points: ${runEntryPoints(pyodide)} requests answered`);
  const code = runPytest(pyodide, options.pytestArgs, t0);
  if (code !== 0) return code;
  const recorded = [...watch.names.toJs()].sort();
  log(`recorded ${recorded.length} modules imported by the app's code`);

  pyodide = await startPyodide(null);
  installWheels(pyodide, [calculatorWheel, segno]);
  runEntryPoints(pyodide);
  pyodide.globals.set("RECORDED", pyodide.toPy(recorded));
  const modules = pyodide
    .runPython(`
import importlib, sys
for name in RECORDED:
    try:
        importlib.import_module(name)
    except ImportError:
        pass
zips = tuple(p for p in sys.path if p.endswith(".zip"))
sorted(
    name for name, module in sys.modules.items()
    if str(getattr(module, "__file__", "") or "").startswith(zips)
)
`)
    .toJs();
  const header = [
    "# The standard-library modules the in-browser calculator needs: Pyodide's own start-up plus what",
    "# the calculator and segno import (hooks/runtime_cache.py keeps only these, as bytecode).",
    "# Derived, do not edit by hand:  node tests/pyodide/run.mjs --derive-stdlib",
    "# Proven by:                     node tests/pyodide/run.mjs --stdlib=<the built zip>",
    "# A name ending in .* keeps the whole package.",
  ];
  const codecs = EXTRA_CODECS.map((name) => `encodings.${name}`);
  const all = [...new Set([...modules, ...codecs])].sort();
  fs.writeFileSync(options.deriveStdlib, `${[...header, ...all].join("\n")}\n`);
  log(`wrote ${all.length} modules to ${path.relative(ROOT, options.deriveStdlib)}`);
  return 0;
}

// --stdlib=ZIP: Pyodide starts with ZIP as its whole standard library, installs the wheels the way
// the worker did, and runs every entry point with nothing else available. Then, for pytest and
// hypothesis only, Pyodide's full python_stdlib.zip becomes a fallback (import_watch.py) and the
// unit tests run with an import watch: the run fails if the calculator's or segno's code imported
// any module that came from the fallback instead of ZIP.
async function stdlibRun(options, calculatorWheel, t0) {
  requirePath(options.stdlib, "the trimmed standard library");
  const segno = segnoWheel();
  const pyodide = await startPyodide(options.stdlib);
  installWheels(pyodide, [calculatorWheel, segno, ...testWheels()]);
  log(`entry points on the trimmed standard library alone: ${runEntryPoints(pyodide)} requests answered`);
  pyodide.FS.writeFile(FALLBACK_ZIP, asBytes(path.join(PYODIDE_DIR, "python_stdlib.zip")));
  const watch = watchImports(pyodide);
  pyodide.runPython(`add_fallback(${JSON.stringify(FALLBACK_ZIP)})`);
  const code = runPytest(pyodide, options.pytestArgs, t0);
  const violations = watch.violations(FALLBACK_ZIP).toJs();
  if (violations.length) {
    log(`FAILED: the calculator imported modules missing from ${path.relative(ROOT, options.stdlib)}:`);
    for (const v of violations) log(`  ${v}`);
    return 1;
  }
  log(`the app's ${watch.origins().toJs().size} imports all came from the trimmed standard library or site-packages`);
  return code;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  requirePath(path.join(PYODIDE_DIR, "pyodide.mjs"), "the pyodide npm package");
  requirePath(path.join(WHEELS_DIR, ".setup-stamp"), "the Pyodide test wheels");

  const t0 = performance.now();
  const calculatorWheel = buildWheel();
  log(`built ${path.relative(ROOT, calculatorWheel)} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  // Offline guard: Pyodide must not reach for the CDN (e.g. loadPackage by name).
  const realFetch = globalThis.fetch;
  globalThis.fetch = (resource, init) => {
    const url = String(resource?.url ?? resource);
    if (/^https?:/i.test(url)) return Promise.reject(new Error(`network access refused in the Pyodide test run: ${url}`));
    return realFetch(resource, init);
  };

  if (options.deriveStdlib) return deriveStdlib(options, calculatorWheel, t0);
  if (options.stdlib) return stdlibRun(options, calculatorWheel, t0);

  const pyodide = await startPyodide(null);
  installWheels(pyodide, [calculatorWheel, ...testWheels()]);
  return runPytest(pyodide, options.pytestArgs, t0);
}

main().then(
  (code) => process.exit(code),
  (err) => {
    // Print the message only: Node's default report of an uncaught error from pyodide.asm.mjs
    // would dump a megabyte of minified source.
    if (err instanceof SetupError) process.stderr.write(`[pyodide] ERROR: ${err.message}\n`);
    else process.stderr.write(`[pyodide] ERROR: ${err?.type ? `${err.message}` : (err?.stack ?? String(err))}\n`);
    process.exit(1);
  },
);
