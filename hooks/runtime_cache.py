"""The runtime's zips, cached by content: the trimmed standard library and the app, built by hooks/runtime_zip.py.

With the bytecode lever the zips are built inside Pyodide under Node (hooks/pyodide_job.mjs),
because bytecode is only valid for the Python that compiled it; without it the same code runs
here. A zip is rebuilt only when an input changes: the Pyodide version, the source zip, the module
list, the bytecode setting or the code that builds it (part of every cache key).
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

from hooks import runtime_zip
from hooks.levers import LEVERS_ENV
from hooks.zipwriter import write_zip

__all__ = ["APP_PATH", "STDLIB_LIST", "RuntimeZips", "app_source_zip", "digest", "runtime_zips", "stdlib_modules"]

HOOKS = Path(__file__).resolve().parent
STDLIB_LIST = HOOKS / "calculator_stdlib.txt"
JOB_SCRIPT = HOOKS / "pyodide_job.mjs"
# What builds the zips: a change to any of them changes every cache key.
JOB_TOOLS = (HOOKS / "runtime_zip.py", HOOKS / "zipwriter.py", JOB_SCRIPT)
# Where the worker writes the app zip in Pyodide's file system; bytecode records this path for tracebacks.
APP_PATH = "/lib/gbt27922-app.zip"
PARTS = ("stdlib", "app")


@dataclass(frozen=True)
class RuntimeZips:
    stdlib: bytes | None  # None: Pyodide's own python_stdlib.zip
    app: bytes | None  # None: the wheels are unpacked instead


def stdlib_modules() -> list[str]:
    """The module list of hooks/calculator_stdlib.txt (comments dropped)."""
    lines = STDLIB_LIST.read_text("utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def digest(*parts: bytes | str) -> str:
    """A short hash of several parts, each length-prefixed so that no two lists of parts collide."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()[:24]


def app_source_zip(wheels: list[bytes]) -> bytes:
    """The entries of the given wheels in one zip (dist-info included: importlib.metadata finds them)."""
    entries: dict[str, bytes] = {}
    for wheel in wheels:
        with zipfile.ZipFile(io.BytesIO(wheel)) as zf:
            for name in zf.namelist():
                entries[name] = zf.read(name)
    return write_zip(sorted(entries.items()))


def _jobs(
    python: str, stdlib_source: bytes | None, app_source: bytes | None, bytecode: bool
) -> tuple[dict[str, dict[str, Any]], dict[str, bytes], dict[str, str]]:
    """What hooks/runtime_zip.py is asked to build (its `build` job), the input files, and each part's cache key."""
    major, minor = python.split(".")[:2]
    tools = b"".join(path.read_bytes() for path in JOB_TOOLS)
    jobs: dict[str, dict[str, Any]] = {}
    inputs: dict[str, bytes] = {}
    keys: dict[str, str] = {}
    if stdlib_source is not None:
        modules = stdlib_modules()
        keys["stdlib"] = digest(tools, python, stdlib_source, "\n".join(modules), str(bytecode))
        inputs["python_stdlib.zip"] = stdlib_source
        # Bytecode records the stdlib zip's path in Pyodide, e.g. /lib/python314.zip.
        prefix = f"/lib/python{major}{minor}.zip"
        jobs["stdlib"] = {"source": "python_stdlib.zip", "modules": modules, "out": "stdlib-out.zip", "prefix": prefix}
    if app_source is not None:
        keys["app"] = digest(tools, python, app_source, str(bytecode))
        inputs["app-source.zip"] = app_source
        jobs["app"] = {"source": "app-source.zip", "out": "app-out.zip", "prefix": APP_PATH}
    for job in jobs.values():
        job["bytecode"] = bytecode
    return jobs, inputs, keys


def _in_pyodide(jobs: dict[str, dict[str, Any]], inputs: dict[str, bytes], cache: Path) -> dict[str, bytes]:
    """Run hooks/pyodide_job.mjs (Pyodide under Node) on the jobs; returns the built zips by part."""
    node = shutil.which("node")
    if node is None:
        raise PluginError(
            "calculator: Node.js is needed to precompile the Python runtime (bytecode lever); install "
            f"Node.js >= 20 (see README.md) or leave the lever out: {LEVERS_ENV}=-bytecode"
        )
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache, prefix="job-") as tmp:
        work = Path(tmp)
        for name, data in inputs.items():
            (work / name).write_bytes(data)
        (work / "job.json").write_text(json.dumps(jobs), "utf-8")
        result = subprocess.run(
            [node, str(JOB_SCRIPT), str(work)], capture_output=True, text=True, timeout=600, check=False
        )
        if result.returncode != 0:
            raise PluginError(f"calculator: compiling the Python runtime failed:\n{result.stderr[-3000:]}")
        return {part: (work / job["out"]).read_bytes() for part, job in jobs.items()}


def _here(jobs: dict[str, dict[str, Any]], inputs: dict[str, bytes]) -> dict[str, bytes]:
    """Without bytecode nothing needs Pyodide: the same code runs in this Python."""
    built = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, data in inputs.items():
            (Path(tmp) / name).write_bytes(data)
        for part, job in jobs.items():
            kwargs = {k: v for k, v in job.items() if k not in ("source", "out")}
            getattr(runtime_zip, part)(str(Path(tmp) / job["source"]), out=str(Path(tmp) / job["out"]), **kwargs)
            built[part] = (Path(tmp) / job["out"]).read_bytes()
    return built


def _store(cache: Path, name: str, data: bytes) -> None:
    """Write a cache file atomically: a build stopped half-way leaves no truncated zip behind."""
    cache.mkdir(parents=True, exist_ok=True)
    target = cache / name
    tmp_path = target.with_suffix(".tmp")
    tmp_path.write_bytes(data)
    tmp_path.replace(target)


def runtime_zips(
    *, cache: Path, python: str, stdlib_source: bytes | None, app_source: bytes | None, bytecode: bool
) -> RuntimeZips:
    """The trimmed standard library (from `stdlib_source`, Pyodide's zip) and the app zip, from `cache` when built before.

    `python` is the runtime's version ("3.14.2"); a part whose source is None is not built.
    """
    jobs, inputs, keys = _jobs(python, stdlib_source, app_source, bytecode)
    found: dict[str, bytes] = {}
    for part, key in keys.items():
        path = cache / f"{part}-{key}.zip"
        if path.is_file():
            found[part] = path.read_bytes()
    missing = {part: job for part, job in jobs.items() if part not in found}
    if missing:
        built = _in_pyodide(missing, inputs, cache) if bytecode else _here(missing, inputs)
        for part, data in built.items():
            _store(cache, f"{part}-{keys[part]}.zip", data)
            found[part] = data
    return RuntimeZips(found.get("stdlib"), found.get("app"))
