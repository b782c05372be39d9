"""The registry of tools: every tool is complete and consistent, and everything that handles tools finds it there."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import calculator
from calculator import default_profile, run
from calculator._tool import AnyTool, Datasets
from calculator._tools import TOOLS, tool_named
from calculator._urlstate import decode, encode
from calculator._web import compute, handle

DATA = Datasets(default_profile())


@pytest.fixture(params=list(TOOLS.values()), ids=list(TOOLS))
def tool(request: pytest.FixtureRequest) -> AnyTool:
    tool: AnyTool = request.param
    return tool


def test_names_and_state_letters_are_unique_and_well_formed() -> None:
    assert all(name == t.name for name, t in TOOLS.items())
    letters = [t.state_letter for t in TOOLS.values()]
    assert len(set(letters)) == len(letters)
    assert all(len(letter) == 1 and letter.isascii() and letter.islower() for letter in letters)
    assert all(t.title and t.short_title and t.disclaimer(t.data(DATA)) for t in TOOLS.values())


def test_the_example_is_a_valid_form_and_gives_a_result(tool: AnyTool) -> None:
    data = tool.data(DATA)
    example = tool.example(data)
    assert set(example) <= {spec.name for spec in tool.fields(data)}
    checked = tool.read_form(example, data)
    assert checked.ok, checked.errors
    answer = compute(tool.name, example, DATA, base_url="http://127.0.0.1/page/")
    assert answer["ok"], answer
    assert answer["html"].startswith(f'<div class="gbt-result gbt-result--{tool.name}"')
    assert answer["summary"] == tool.summary(tool.run(checked.data, data))
    assert answer["url"] == f"http://127.0.0.1/page/#{answer['state']}"


def test_the_worker_and_the_command_line_answer_for_every_tool(tool: AnyTool) -> None:
    data = tool.data(DATA)
    checked = tool.read_form(tool.example(data), data)
    worker = json.loads(handle(json.dumps({"action": tool.name, "fields": tool.example(data)})))
    assert worker["ok"], worker
    code, out = run(tool.name, json.dumps(checked.data, default=float))  # Decimal → JSON number
    assert code == 0, out
    assert json.loads(out) == json.loads(json.dumps(tool.run(checked.data, data)))


def test_the_state_of_the_example_decodes_to_the_same_input(tool: AnyTool) -> None:
    data = tool.data(DATA)
    example = tool.example(data)
    state = encode(tool, example, data)
    assert state is not None
    assert state.startswith(f"{tool.state_letter}1.")
    decoded = decode(tool, state, data)
    assert decoded.fields is not None, decoded.message
    assert tool.read_form(decoded.fields, data).data == tool.read_form(example, data).data


def test_a_state_opened_on_another_tool_names_the_tool_it_belongs_to(tool: AnyTool) -> None:
    for other in TOOLS.values():
        if other is tool:
            continue
        state = encode(other, other.example(other.data(DATA)), other.data(DATA))
        decoded = decode(tool, state, tool.data(DATA))
        assert decoded.fields is None
        assert other.short_title in decoded.message


@pytest.mark.skipif(sys.platform == "emscripten", reason="renders the form with the build-time modules (_page*)")
def test_the_form_has_every_field_filled_with_the_example(tool: AnyTool) -> None:
    data = tool.data(DATA)
    html = tool.render_form(data, tool.example(data))
    assert html.startswith(f'<form class="gbt-form" data-gbt-form="{tool.name}"')
    for spec in tool.fields(data):
        assert f'name="{spec.name}"' in html, spec.name


def test_an_unknown_tool_is_refused_naming_the_tools() -> None:
    with pytest.raises(calculator.InputError) as caught:
        tool_named("invoice")
    assert all(name in caught.value.message for name in TOOLS)
    code, out = run("invoice", "{}")
    assert code == 2
    assert json.loads(out)["error"]["field"] == "command"


# ------------------------------------------------------------------ the package's surface


def test_the_public_surface_is_small_and_documented() -> None:
    for name in calculator.__all__:
        assert getattr(calculator, name).__doc__, name
    modules = [m.name for m in pkgutil.iter_modules(calculator.__path__)]
    assert [m for m in modules if not m.startswith("_")] == [], "internals stay private"


@pytest.mark.skipif(sys.platform == "emscripten", reason="needs a fresh interpreter (a subprocess)")
def test_the_worker_never_imports_what_renders_forms_and_pages() -> None:
    """What only the build renders (the modules named _page*) stays out of the browser: the worker never imports it."""
    script = (
        "import json, sys; import calculator._web as w;"
        "[w.handle(json.dumps({'action': a, 'fields': {}})) for a in sys.argv[1:]];"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('calculator'))))"
    )
    root = Path(calculator.__file__).parents[1]
    out = subprocess.run(
        [sys.executable, "-c", script, *TOOLS], cwd=root, capture_output=True, text=True, check=True
    ).stdout
    imported = set(json.loads(out))
    assert "calculator._tools" in imported
    pages = {f"calculator.{m.name}" for m in pkgutil.iter_modules(calculator.__path__) if m.name.startswith("_page")}
    assert {"calculator._page", "calculator._page_widgets"} | {f"calculator._page_{name}" for name in TOOLS} <= pages
    assert not imported & pages
