"""Runs inside Pyodide (tests/pyodide/run.mjs): which modules the app's own code imports.

An import counts when code of the ``calculator`` or ``segno`` package installed in site-packages is
on the call stack (except the command line, ``calculator/__main__.py``, which no browser runs): its own ``import`` statements (also of modules something else imported before,
seen through ``builtins.__import__``) and every module loaded for the first time while it runs
(the ``import`` audit event, which also covers ``importlib.import_module`` and the imports a
stdlib module makes on the app's behalf). Pytest's and hypothesis's own imports do not count.

``--derive-stdlib`` uses the names to derive hooks/calculator_stdlib.txt; ``--stdlib=ZIP`` uses
``violations`` to prove that the app never reached a module outside the trimmed standard library.
"""

from __future__ import annotations

import builtins
import importlib.util
import sys
import zipimport
from collections.abc import Mapping, Sequence
from importlib.machinery import ModuleSpec
from types import FrameType, ModuleType
from typing import Any

APP_DIRS = ("site-packages/calculator/", "site-packages/segno/")
# The command line (python -m calculator, which the unit tests also run) never runs in the browser.
NOT_IN_BROWSER = ("site-packages/calculator/__main__.py",)


_is_app: dict[str, bool] = {}  # file name → whether it is the app's code (called for every import)


def _app_on_stack(frame: FrameType | None) -> bool:
    while frame is not None:
        name = frame.f_code.co_filename
        app = _is_app.get(name)
        if app is None:
            app = _is_app[name] = any(part in name for part in APP_DIRS) and not name.endswith(NOT_IN_BROWSER)
        if app:
            return True
        frame = frame.f_back
    return False


class ImportWatch:
    def __init__(self) -> None:
        self.names: set[str] = set()
        self._original = builtins.__import__

    def install(self) -> ImportWatch:
        original = self._original

        def watched(
            name: str,
            globals: Mapping[str, object] | None = None,  # the signature of __import__
            locals: Mapping[str, object] | None = None,
            fromlist: Sequence[str] | None = (),
            level: int = 0,
        ) -> ModuleType:
            module = original(name, globals, locals, fromlist or (), level)
            if _app_on_stack(sys._getframe(1)):
                self._note(name, globals, fromlist or (), level)
            return module

        builtins.__import__ = watched
        sys.addaudithook(self._audit)
        return self

    def _note(self, name: str, globals: Mapping[str, object] | None, fromlist: Sequence[str], level: int) -> None:
        if level:
            package = str((globals or {}).get("__package__") or "")
            name = importlib.util.resolve_name("." * level + name, package) if name else package
        self.names.add(name)
        for item in fromlist:
            if isinstance(item, str) and f"{name}.{item}" in sys.modules:
                self.names.add(f"{name}.{item}")

    def _audit(self, event: str, args: tuple[Any, ...]) -> None:
        if event == "import" and args and isinstance(args[0], str) and _app_on_stack(sys._getframe(1)):
            self.names.add(args[0])

    def origins(self) -> dict[str, str]:
        """Module name → the file it was loaded from ("" for built-in modules)."""
        out: dict[str, str] = {}
        for name in sorted(self.names):
            module = sys.modules.get(name)
            if module is not None:
                out[name] = str(getattr(module, "__file__", "") or "")
        return out

    def violations(self, fallback: str) -> list[str]:
        """The app's imports that were served from `fallback` (a zip outside the trimmed stdlib)."""
        return [f"{name} ({origin})" for name, origin in self.origins().items() if origin.startswith(fallback)]


class FallbackFinder:
    """Finds what the trimmed standard library lacks in a second zip (for pytest and hypothesis).

    Last on ``sys.meta_path``. A plain ``sys.path`` entry would not do: a package found in the
    trimmed zip (``importlib``) only looks for its submodules (``importlib.metadata``) there.
    """

    def __init__(self, zip_path: str) -> None:
        self.zip_path = zip_path

    def find_spec(  # importlib's MetaPathFinder signature; only the name matters here
        self,
        fullname: str,
        path: object = None,  # noqa: ARG002
        target: ModuleType | None = None,
    ) -> ModuleSpec | None:
        package = "/".join(fullname.split(".")[:-1])
        try:
            importer = zipimport.zipimporter(f"{self.zip_path}/{package}/" if package else self.zip_path)
        except zipimport.ZipImportError:
            return None
        return importer.find_spec(fullname, target)


def add_fallback(zip_path: str) -> None:
    sys.meta_path.append(FallbackFinder(zip_path))
