// Runs the unit tests (tests/unit) inside Pyodide under Node, offline.
//
//   node tests/pyodide/run.mjs [extra pytest args...]
//
// 1. builds the `calculator` wheel from the working tree (a temporary copy, so no build/ or
//    *.egg-info is left in the repo) with .venv's pip into .cache/wheel/;
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
import os from "node:os";
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

// Build the calculator wheel from a clean temporary copy of the sources.
function buildWheel() {
  requirePath(VENV_PYTHON, "the dev venv");
  const src = fs.mkdtempSync(path.join(os.tmpdir(), "calculator-src-"));
  try {
    for (const name of fs.readdirSync(ROOT)) {
      if (/^(pyproject\.toml|setup\.(cfg|py)|MANIFEST\.in|README.*|LICEN[CS]E.*|NOTICE.*)$/.test(name)) {
        fs.cpSync(path.join(ROOT, name), path.join(src, name));
      }
    }
    fs.cpSync(path.join(ROOT, "calculator"), path.join(src, "calculator"), {
      recursive: true,
      filter: (p) => !SKIP_DIRS.has(path.basename(p)) && !p.endsWith(".pyc"),
    });
    fs.rmSync(WHEEL_OUT, { recursive: true, force: true });
    const r = spawnSync(
      VENV_PYTHON,
      ["-m", "pip", "wheel", "--disable-pip-version-check", "-q", "--no-deps", "--no-build-isolation",
        "-w", WHEEL_OUT, src],
      { cwd: src, encoding: "utf8" },
    );
    if (r.status !== 0) {
      process.stderr.write(r.stdout + r.stderr);
      throw new SetupError(`building the calculator wheel failed (exit ${r.status ?? r.signal})`);
    }
  } finally {
    fs.rmSync(src, { recursive: true, force: true });
  }
  const wheels = fs.readdirSync(WHEEL_OUT).filter((f) => f.endsWith(".whl"));
  if (wheels.length !== 1) throw new SetupError(`expected one wheel in .cache/wheel, found ${wheels.join(", ")}`);
  if (!wheels[0].endsWith("-py3-none-any.whl")) throw new SetupError(`not a pure-Python wheel: ${wheels[0]}`);
  return path.join(WHEEL_OUT, wheels[0]);
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

async function main() {
  const pytestArgs = process.argv.slice(2);
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

  const { loadPyodide, version } = await import(path.join(PYODIDE_DIR, "pyodide.mjs"));
  const t1 = performance.now();
  const pyodide = await loadPyodide({
    indexURL: PYODIDE_DIR + path.sep,
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
  log(`Pyodide ${version}, Python ${pyVersion} (${pyodide.runPython("import sys; sys.platform")}), loaded in ${((performance.now() - t1) / 1000).toFixed(1)} s`);

  const sitePackages = pyodide.runPython("import sysconfig; sysconfig.get_paths()['purelib']");
  const wheelFiles = [
    calculatorWheel,
    ...fs.readdirSync(WHEELS_DIR).filter((f) => f.endsWith(".whl")).sort().map((f) => path.join(WHEELS_DIR, f)),
  ];
  for (const whl of wheelFiles) {
    pyodide.unpackArchive(asBytes(whl), "wheel", { extractDir: sitePackages });
  }
  log(`installed ${wheelFiles.map((f) => path.basename(f).split("-").slice(0, 2).join("-")).join(", ")}`);

  // The project: pytest config + tests/*.py (package __init__, conftest, helpers) + tests/unit/**.
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
