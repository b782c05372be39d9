"""The app split per tool (hooks/app_parts.py): a page downloads the core and its own tool's parts, nothing of another tool.

Proven the way the worker uses the zips: a fresh interpreter with nothing but the standard library
puts the core zip on sys.path, adds one tool's parts to the calculator package's ``__path__``
(docs/assets/calculator/worker-parts.js), starts as the worker does and answers that tool's requests.
It must work (nothing the tool needs is missing), and every module of that download must have
been imported (nothing another tool needs came along).
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from functools import cache
from pathlib import Path

import pytest

from calculator._tools import TOOLS
from hooks.app_parts import CORE, AppParts, imports_of, plan_parts, split_app
from hooks.runtime_cache import app_source_zip, runtime_zips
from hooks.wheels import calculator_wheel, installed_wheel

# What the worker does (worker.js, worker-parts.js), then every kind of request for one tool.
WORKER = """
import json, sys
core, parts, tool = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3]
sys.path.insert(0, core)
import calculator._web as web
import calculator
for path in parts:
    calculator.__path__.append(path + "/calculator")
from calculator._tools import TOOLS
ask = lambda request: json.loads(web.handle(json.dumps(request)))
example = TOOLS[tool].example(TOOLS[tool].data(web.datasets_in_use()))
answers = [
    ask({"action": tool, "fields": example, "links": {}, "base_url": "http://127.0.0.1/x/"}),
    ask({"action": "encode", "calculator": tool, "fields": example}),
    ask({"action": "qr", "text": "http://127.0.0.1/x/"}),
]
answers.append(ask({"action": "decode", "calculator": tool, "state": answers[1]["state"]}))
print(json.dumps({
    "ok": [a.get("ok") for a in answers],
    "messages": [a.get("message") for a in answers],
    "modules": sorted(m for m in sys.modules if m == "calculator" or m.startswith("calculator.")),
}))
"""


@cache
def _sources() -> dict[str, bytes]:
    source = app_source_zip([calculator_wheel()[1], installed_wheel("segno")[1]])
    with zipfile.ZipFile(io.BytesIO(source)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


@pytest.fixture(scope="module")
def split(tmp_path_factory: pytest.TempPathFactory) -> tuple[AppParts, dict[str, Path]]:
    """The app as the site ships it (sources instead of bytecode: this Python runs them), one zip per part."""
    tmp = tmp_path_factory.mktemp("parts")
    source = app_source_zip([calculator_wheel()[1], installed_wheel("segno")[1]])
    built = runtime_zips(cache=tmp / "cache", python="3.0", stdlib_source=None, app_source=source, bytecode=False).app
    assert built is not None
    parts = plan_parts(_sources(), TOOLS)
    files = {}
    for part, data in split_app(built, parts).items():
        files[part] = tmp / f"gbt27922-{part}.zip"
        files[part].write_bytes(data)
    return parts, files


def download(parts: AppParts, files: dict[str, Path], tool: str) -> set[str]:
    """The names of every file a page of `tool` downloads."""
    names: set[str] = set()
    for part in (CORE, *parts.tools[tool]):
        with zipfile.ZipFile(files[part]) as zf:
            names.update(zf.namelist())
    return names


def run_tool(files: dict[str, Path], parts: AppParts, tool: str) -> dict[str, list[str]]:
    own = [str(files[p]) for p in parts.tools[tool]]
    # -I -S: no site-packages, no working tree: the zips are the only calculator there is.
    result = subprocess.run(
        [sys.executable, "-I", "-S", "-c", WORKER, str(files[CORE]), json.dumps(own), tool],
        cwd=files[CORE].parent,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    out: dict[str, list[str]] = json.loads(result.stdout)
    return out


def module_name(entry: str) -> str:
    return entry.removesuffix(".py").removesuffix("/__init__").replace("/", ".")


@pytest.mark.parametrize("tool", list(TOOLS))
def test_a_tool_runs_from_the_core_and_its_own_parts_alone(split: tuple[AppParts, dict[str, Path]], tool: str) -> None:
    parts, files = split
    answered = run_tool(files, parts, tool)
    assert answered["ok"] == [True, True, True, True], answered["messages"]


@pytest.mark.parametrize("tool", list(TOOLS))
def test_a_page_downloads_no_module_its_tool_does_not_import(
    split: tuple[AppParts, dict[str, Path]], tool: str
) -> None:
    parts, files = split
    imported = set(run_tool(files, parts, tool)["modules"])
    names = download(parts, files, tool)
    downloaded = {module_name(n) for n in names if n.startswith("calculator/") and n.endswith(".py")}
    assert downloaded - imported == set(), f"{tool}'s page downloads modules its tool never imports"
    # A packaged data file comes with a module that names it, and that module was imported.
    for name in names:
        if name.startswith("calculator/profiles/"):
            base = name.rsplit("/", 1)[1]
            readers = {m for m in imported if base.encode() in _sources().get(m.replace(".", "/") + ".py", b"")}
            assert readers, f"{tool}'s page downloads {name}, which nothing it imports reads"


def test_the_score_page_downloads_nothing_of_the_fee_plan_and_checklist_tools(
    split: tuple[AppParts, dict[str, Path]],
) -> None:
    parts, files = split
    names = download(parts, files, "score")
    others = (
        "calculator/_fees",
        "calculator/_fee_schedule",
        "calculator/_plan",
        "calculator/_checklist.",
        "calculator/_checklist_",
        "calculator/_staffing",
    )
    # The score result links to the checklist's sections: their names and anchors come along.
    assert sorted(n for n in names if n.startswith(others)) == ["calculator/_checklist_data.py"]
    assert not [n for n in names if n.startswith(("calculator/profiles/fees-", "calculator/profiles/checklist-"))]
    assert "calculator/profiles/gbt27922-2011.toml" in names


def test_every_file_of_the_app_ships_once_or_is_left_out_for_a_reason(
    split: tuple[AppParts, dict[str, Path]],
) -> None:
    _, files = split
    shipped: list[str] = []
    for path in files.values():
        with zipfile.ZipFile(path) as zf:
            shipped += zf.namelist()
    assert len(shipped) == len(set(shipped)), "a file is in two parts"
    left_out = {n for n in set(_sources()) - set(shipped) if not n.endswith(".pyi")}  # stubs: for type checkers
    # The command line and the claims registry (with the checklist's and the fee schedule's claims) run under CPython only.
    assert left_out == {
        "calculator/__main__.py",
        "calculator/_claims.py",
        "calculator/_checklist_claims.py",
        "calculator/_fee_schedule_claims.py",
    }


def test_parts_are_named_by_the_tools_that_load_them(split: tuple[AppParts, dict[str, Path]]) -> None:
    parts, _ = split
    assert parts.tools["fees"] == ("fees", "fees-plan")
    assert parts.tools["plan"] == ("fees-plan", "plan")
    for tool, own in parts.tools.items():
        assert all(tool in part.split("-") for part in own)
    # The shipped fee schedule is handed over once the reader has arrived: with fees and plan.
    assert {tool for tool, kinds in parts.data.items() if "fees" in kinds} == {"fees", "plan"}


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import calculator._a\nfrom calculator._b import x\n", {"calculator._a", "calculator._b", "calculator._b.x"}),
        ("def f():\n    from calculator._lazy import y\n", {"calculator._lazy", "calculator._lazy.y"}),
        ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from calculator._types import T\n", set()),
        ("if TYPE_CHECKING:\n    pass\nelse:\n    import calculator._real\n", {"calculator._real"}),
        ('Lazy("calculator._fees_json", "fees")\nimport json\n', set()),
    ],
    ids=["top-level", "inside a function", "type checking only", "the else of type checking", "a Lazy reference"],
)
def test_what_counts_as_an_import(source: str, expected: set[str]) -> None:
    assert imports_of(source) == expected
