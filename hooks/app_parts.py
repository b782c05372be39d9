"""The app zip split by tool: a core every calculator page loads, and parts only some tools' pages load.

A page downloads the core (``calculator``, what the worker imports, segno) and the parts of its
own tool, nothing of another tool's. Which module goes where is read from the code, not listed:

- the core is everything ``calculator`` and ``calculator._web`` import (at the top of a module or
  inside a function; ``if TYPE_CHECKING:`` blocks are never run, so they do not count);
- a tool needs what the `Lazy` references of its registry entry (calculator/_tools.py) import;
- a module outside the core goes to the part of the tools that need it: ``fees`` when only the
  fee estimate does, ``fees-plan`` when both fees and plan do (downloaded once, whichever page
  comes first); a module no browser code imports (the command line, the claims registry) is left out;
- a packaged data file (``calculator/profiles/*.toml``) goes with the modules that name it.

A new tool is one more registry entry: its part follows from its references.
"""

from __future__ import annotations

import ast
import io
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache

from calculator._tool import AnyTool, Lazy
from hooks.zipwriter import write_zip

__all__ = ["CORE", "DATA_READERS", "AppParts", "imports_of", "plan_parts", "split_app"]

CORE = "app"  # the part every calculator page loads
PACKAGE = "calculator"
BROWSER_ROOTS = (PACKAGE, f"{PACKAGE}._web")  # what the worker imports
# The data files a deployment may ship (the runtime configuration's keys) and the module that reads each.
DATA_READERS = {
    "profile": f"{PACKAGE}._profile_reader",
    "fees": f"{PACKAGE}._fee_schedule_reader",
    "checklist": f"{PACKAGE}._checklist_reader",
}


@dataclass(frozen=True)
class AppParts:
    """Where each file of the app goes, and what each tool's page loads besides the core."""

    owner: dict[str, str]  # zip entry (source name, "calculator/_fees.py") → part; absent: left out
    tools: dict[str, tuple[str, ...]]  # tool → its parts besides the core, in a fixed order
    data: dict[str, tuple[str, ...]] = field(default_factory=dict)  # tool → data kinds whose reader its parts bring

    def parts(self) -> list[str]:
        """Every part, the core first."""
        return [CORE, *sorted({p for parts in self.tools.values() for p in parts})]


def _module_of(name: str) -> str | None:
    """The module a zip entry holds ("calculator/_fees.pyc" → "calculator._fees"), None for other files."""
    stem, dot, suffix = name.rpartition(".")
    if not dot or suffix not in ("py", "pyc"):
        return None
    parts = stem.split("/")
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _skip_type_checking(tree: ast.Module) -> Iterable[ast.AST]:
    """The nodes of `tree`, without the bodies of ``if TYPE_CHECKING:`` (imports for type checkers only)."""
    todo: list[ast.AST] = [tree]
    while todo:
        node = todo.pop()
        yield node
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and ast.unparse(child.test).endswith("TYPE_CHECKING"):
                todo.extend(child.orelse)
            else:
                todo.append(child)


def imports_of(source: str | bytes) -> set[str]:
    """The calculator modules a module's source imports (every import it may run)."""
    found: set[str] = set()
    for node in _skip_type_checking(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == PACKAGE)
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == PACKAGE:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)  # may name submodules
    return found


@cache  # asked once per data file for every module: parse each source once
def _strings_of(source: bytes) -> frozenset[str]:
    return frozenset(
        n.value for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    )


def _closure(roots: Iterable[str], imports: Mapping[str, set[str]]) -> set[str]:
    """Every module of `imports` that `roots` import, directly or not (names that are not modules drop out)."""
    seen: set[str] = set()
    todo = [r for r in roots if r in imports]
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        seen.add(module)
        todo.extend(m for m in imports[module] if m in imports and m not in seen)
    return seen


def _roots(tool: AnyTool) -> set[str]:
    return {value.module for value in vars(tool).values() if isinstance(value, Lazy)} | {tool.data.__module__}


def _part_of_data(base: str, sources: Mapping[str, bytes], part_of: Mapping[str, str]) -> str:
    """The part of a data file: that of the modules naming it, the core when they are not in one part."""
    users = {part for name, part in part_of.items() if base in _strings_of(sources[name])}
    return users.pop() if len(users) == 1 else CORE


def plan_parts(sources: Mapping[str, bytes], tools: Mapping[str, AnyTool]) -> AppParts:
    """Split the app's files (entry name → bytes, with Python sources) by the tools that need them."""
    modules = {m: name for name in sources if (m := _module_of(name)) is not None}
    imports = {m: imports_of(sources[name]) for m, name in modules.items()}
    core = _closure(BROWSER_ROOTS, imports)
    need = {name: _closure(_roots(tool), imports) - core for name, tool in tools.items()}
    part_of: dict[str, str] = {modules[m]: CORE for m in core}  # entry name → part, for modules
    for module in set().union(*need.values()):
        users = [name for name in tools if module in need[name]]
        # What every tool needs is as good as core: one download less.
        part_of[modules[module]] = CORE if len(users) == len(tools) else "-".join(users)
    owner: dict[str, str] = {}
    for name in sources:
        if name in part_of:
            owner[name] = part_of[name]
        elif name.startswith(f"{PACKAGE}/profiles/"):
            owner[name] = _part_of_data(name.rsplit("/", 1)[-1], sources, part_of)
        elif _module_of(name) is None:
            owner[name] = CORE  # py.typed, the dist-info, segno's files
        elif not name.startswith(f"{PACKAGE}/"):
            owner[name] = CORE  # segno: the QR codes every page draws
    parts = {name: tuple(sorted({p for p in part_of.values() if p != CORE and name in p.split("-")})) for name in tools}
    data = {name: tuple(kind for kind, reader in DATA_READERS.items() if reader in need[name]) for name in tools}
    return AppParts(owner=owner, tools=parts, data=data)


def _source_name(name: str) -> str:
    return name[:-1] if name.endswith(".pyc") else name


def split_app(app: bytes, parts: AppParts) -> dict[str, bytes]:
    """The built app zip (bytecode or sources) as one zip per part; files no part owns are left out."""
    entries: dict[str, list[tuple[str, bytes]]] = {part: [] for part in parts.parts()}
    with zipfile.ZipFile(io.BytesIO(app)) as zf:
        for name in zf.namelist():
            part = parts.owner.get(_source_name(name))
            if part is not None:
                entries[part].append((name, zf.read(name)))
    return {part: write_zip(sorted(files)) for part, files in entries.items()}
