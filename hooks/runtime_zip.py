"""Zips for the in-browser Python runtime; runs INSIDE Pyodide (hooks/pyodide_job.mjs drives it).

It runs there, not on the build host, because bytecode is only valid for the Python that made it:
Pyodide 314 is Python 3.14, the host may be 3.11. Two archives, both with STORED (uncompressed)
entries so the server's brotli/gzip sees plain text and bytecode (a deflated zip barely shrinks
again, and every import would have to inflate its entry in WebAssembly):

- the standard library, trimmed to the modules listed in hooks/calculator_stdlib.txt (derived by
  recording imports under Pyodide: ``node tests/pyodide/run.mjs --derive-stdlib``), as sourceless
  bytecode; mounted by Pyodide itself in place of ``python_stdlib.zip`` (``stdLibURL``);
- the app: the ``calculator`` package and ``segno`` (their wheels' files), as sourceless bytecode
  too, or as sources without the bytecode lever; the worker puts it on ``sys.path`` (zipimport).

Bytecode is hash-based and unchecked (PEP 552): no clock or source is consulted when it is loaded.
Docstrings are left out of it (``_strip_docstrings``), as ``python -OO`` would.
Sourceless because the sources would double the download: the browser shows no tracebacks (the
worker turns every error into a Chinese message), and bytecode is only built for the exact Pyodide
the site ships (with ``extra.pyodide_url`` the build falls back to sources).

Usage (inside Pyodide): ``build(job)`` with the job described in ``build``'s docstring.
"""

from __future__ import annotations

import ast
import importlib.util
import sys
import zipfile
from collections.abc import Iterable
from typing import Any

from hooks.zipwriter import write_zip


def _strip_docstrings(tree: ast.Module) -> ast.Module:
    """Drop module, class and function docstrings (what ``python -OO`` drops, but asserts stay).

    A fifth of the bytecode is docstrings nobody reads in a browser worker; code that looks at
    ``__doc__`` finds ``None``, as under ``-OO`` (which the standard library supports).
    """
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if (
                isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
            ):
                node.body = node.body[1:] or [ast.Pass(lineno=first.lineno, col_offset=first.col_offset)]
    return tree


def _pyc(source: bytes, filename: str) -> bytes:
    code = compile(_strip_docstrings(ast.parse(source, filename)), filename, "exec", dont_inherit=True)
    # Hash-based and unchecked (PEP 552): valid whatever the file dates, never re-validated.
    bootstrap: Any = importlib._bootstrap_external
    data: bytes = bootstrap._code_to_hash_pyc(code, importlib.util.source_hash(source), checked=False)
    return data


def _write(out: str, entries: Iterable[tuple[str, bytes]]) -> dict[str, int]:
    ordered = sorted(entries)
    blob = write_zip(ordered)
    with open(out, "wb") as f:
        f.write(blob)
    return {"files": len(ordered), "bytes": len(blob)}


def wanted(names: Iterable[str], modules: Iterable[str]) -> set[str]:
    """The .py entries of the stdlib zip that the module list needs (with their parent packages)."""
    available = set(names)
    keep: set[str] = set()
    for raw in modules:
        module = raw.strip()
        if not module or module.startswith("#"):
            continue
        if module.endswith(".*"):
            prefix = module[:-2].replace(".", "/") + "/"
            keep.update(n for n in available if n.startswith(prefix) and n.endswith(".py"))
            module = module[:-2]
        parts = module.split(".")
        for depth in range(1, len(parts) + 1):
            base = "/".join(parts[:depth])
            for candidate in (f"{base}/__init__.py", f"{base}.py"):
                if candidate in available:
                    keep.add(candidate)
                    break
    return keep


def stdlib(source: str, modules: list[str], out: str, prefix: str, bytecode: bool) -> dict[str, Any]:
    entries: list[tuple[str, bytes]] = []
    with zipfile.ZipFile(source) as zf:
        keep = wanted(zf.namelist(), modules) if modules else {n for n in zf.namelist() if n.endswith(".py")}
        for name in sorted(keep):
            data = zf.read(name)
            if bytecode:
                entries.append((name + "c", _pyc(data, f"{prefix}/{name}")))
            else:
                entries.append((name, data))
    return {**_write(out, entries), "modules": len(keep)}


def app(source: str, out: str, prefix: str, bytecode: bool) -> dict[str, Any]:
    entries: list[tuple[str, bytes]] = []
    with zipfile.ZipFile(source) as zf:
        for name in zf.namelist():
            if name.endswith(".pyi"):
                continue  # type stubs: for type checkers, never imported
            data = zf.read(name)
            if bytecode and name.endswith(".py"):
                entries.append((name + "c", _pyc(data, f"{prefix}/{name}")))
            else:
                entries.append((name, data))
    return _write(out, entries)


def build(job: dict[str, Any]) -> dict[str, Any]:
    """Build what `job` asks for and report sizes.

    job = {"stdlib": {"source", "modules", "out", "prefix", "bytecode"} | None,
           "app": {"source", "out", "prefix", "bytecode"} | None}
    """
    report: dict[str, Any] = {"python": sys.version.split()[0], "magic": importlib.util.MAGIC_NUMBER.hex()}
    if job.get("stdlib"):
        s = job["stdlib"]
        report["stdlib"] = stdlib(s["source"], list(s["modules"]), s["out"], s["prefix"], bool(s["bytecode"]))
    if job.get("app"):
        a = job["app"]
        report["app"] = app(a["source"], a["out"], a["prefix"], bool(a["bytecode"]))
    return report
