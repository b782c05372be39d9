"""The Pyodide runtime the site hosts itself: its files in node_modules/pyodide, checked against package-lock.json."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

__all__ = ["FETCHED", "PYODIDE_DIR", "RUNTIME_FILES", "PyodideRuntime", "copy_runtime", "pyodide_runtime"]

ROOT = Path(__file__).resolve().parent.parent
PYODIDE_DIR = ROOT / "node_modules" / "pyodide"
RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
# Files the runtime fetches (the two .mjs are imported): their sizes give the download percentage.
FETCHED = ("pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")


@dataclass(frozen=True)
class PyodideRuntime:
    """The installed runtime, as far as the build needs to know it."""

    directory: Path
    version: str  # the npm package's, e.g. "314.0.7"
    sizes: dict[str, int]  # FETCHED file name → bytes
    lock_info: dict[str, Any]  # the "info" of pyodide-lock.json (Python version, ABI …)

    @property
    def python(self) -> str:
        """The runtime's Python version, e.g. "3.14.2"."""
        return str(self.lock_info["python"])

    @property
    def index(self) -> str:
        """Where the build puts the runtime in the site (site-relative, ends with "/")."""
        return f"assets/pyodide/{self.version}/"


def pyodide_runtime(directory: Path = PYODIDE_DIR, package_lock: Path = ROOT / "package-lock.json") -> PyodideRuntime:
    """The installed runtime; fails the build clearly when it is missing or not the pinned version."""
    missing = [name for name in RUNTIME_FILES if not (directory / name).is_file()]
    if missing:
        raise PluginError(
            "calculator: the Pyodide runtime is missing from node_modules/pyodide "
            f"({', '.join(missing)}). Run `npm ci` (or `bash scripts/setup`) to install the version pinned in "
            "package-lock.json, or set extra.pyodide_url in mkdocs.yml to load Pyodide from elsewhere."
        )
    version = str(json.loads((directory / "package.json").read_text("utf-8"))["version"])
    if package_lock.is_file():
        packages = json.loads(package_lock.read_text("utf-8")).get("packages", {})
        pinned = packages.get("node_modules/pyodide", {}).get("version")
        if pinned and pinned != version:
            raise PluginError(
                f"calculator: node_modules/pyodide is {version} but package-lock.json pins {pinned}; run `npm ci`."
            )
    lock = json.loads((directory / "pyodide-lock.json").read_text("utf-8"))
    sizes = {name: (directory / name).stat().st_size for name in FETCHED}
    return PyodideRuntime(directory, version, sizes, dict(lock["info"]))


def copy_runtime(runtime: PyodideRuntime, site: Path) -> None:
    """The runtime's files, unchanged, into the built site."""
    dest = site / runtime.index
    dest.mkdir(parents=True, exist_ok=True)
    for name in RUNTIME_FILES:
        shutil.copyfile(runtime.directory / name, dest / name)
