"""The shape a newcomer can read: limits on the size of the shipped Python, and an opening line per module.

The browser scripts have their own limits in tests/js/modules.test.mjs (400 lines) and biome.json.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# What ships: the engine (also the browser's wheel), the macros, the build plugins and what both share.
SHIPPED = ("calculator", "macros", "hooks", "siteconfig")
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 60

MODULES = sorted(p for package in SHIPPED for p in (ROOT / package).rglob("*.py"))


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_the_shipped_packages_are_found() -> None:
    assert len(MODULES) > 50
    assert {p.relative_to(ROOT).parts[0] for p in MODULES} == set(SHIPPED)


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_a_module_is_at_most_500_lines_and_says_what_it_is(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    assert source.count("\n") <= MAX_MODULE_LINES
    docstring = ast.get_docstring(ast.parse(source))
    assert docstring, "the module opens with a docstring saying what it is"
    assert docstring.strip().splitlines()[0].strip()


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_no_function_is_over_60_lines(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    too_long = [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines, from line {node.lineno})"
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert too_long == []
