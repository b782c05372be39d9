// Builds the calculator's runtime zips inside Pyodide under Node, for hooks/runtime_cache.py:
// a trimmed, precompiled standard library and the app (calculator + segno) with bytecode. It runs
// in Pyodide because bytecode is only valid for the Python that compiled it (3.14 here).
//
//   node hooks/pyodide_job.mjs WORK_DIR
//
// WORK_DIR holds job.json (see hooks/runtime_zip.py: build) with paths relative to WORK_DIR; the
// directory is mounted at /work, and the report is written to WORK_DIR/report.json.
// Offline: loads Pyodide from node_modules/pyodide; any http(s) fetch is refused.

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "..");
const PYODIDE_DIR = path.join(ROOT, "node_modules", "pyodide");
// hooks/runtime_cache.py hashes these files (and this one) into its cache keys.
const JOB_MODULES = ["runtime_zip.py", "zipwriter.py"];

async function main() {
  const work = path.resolve(process.argv[2] || "");
  const job = JSON.parse(fs.readFileSync(path.join(work, "job.json"), "utf8"));
  const realFetch = globalThis.fetch;
  globalThis.fetch = (resource, init) => {
    const url = String(resource?.url ?? resource);
    if (/^https?:/i.test(url)) return Promise.reject(new Error(`network access refused: ${url}`));
    return realFetch(resource, init);
  };
  const { loadPyodide } = await import(path.join(PYODIDE_DIR, "pyodide.mjs"));
  const errors = [];
  const pyodide = await loadPyodide({
    indexURL: PYODIDE_DIR + path.sep,
    stdout: (line) => process.stdout.write(`${line}\n`),
    stderr: (line) => errors.push(line),
  });
  pyodide.mountNodeFS("/work", work);
  // The two modules the job needs, as a package of their own: the build's other modules need MkDocs.
  pyodide.FS.mkdirTree("/tmp/build/hooks");
  pyodide.FS.writeFile("/tmp/build/hooks/__init__.py", "");
  for (const name of JOB_MODULES) {
    pyodide.FS.writeFile(`/tmp/build/hooks/${name}`, fs.readFileSync(path.join(HERE, name)));
  }
  pyodide.globals.set("JOB_JSON", JSON.stringify(job));
  const report = pyodide.runPython(`
import json, os, sys
sys.dont_write_bytecode = True
sys.path.insert(0, "/tmp/build")
from hooks import runtime_zip
job = json.loads(JOB_JSON)
for part in ("stdlib", "app"):
    spec = job.get(part)
    if spec:
        spec["source"] = os.path.join("/work", spec["source"])
        spec["out"] = os.path.join("/work", spec["out"])
json.dumps(runtime_zip.build(job))
`);
  fs.writeFileSync(path.join(work, "report.json"), report);
  if (errors.length) process.stderr.write(`${errors.join("\n")}\n`);
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`pyodide_job.mjs: ${err?.type ? err.message : (err?.stack ?? String(err))}\n`);
    process.exit(1);
  },
);
