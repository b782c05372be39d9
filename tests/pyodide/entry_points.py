"""Runs inside Pyodide (tests/pyodide/run.mjs): every entry point the browser worker uses.

What docs/assets/calculator/worker.js does after loadPyodide — ``sysconfig`` for site-packages,
``import calculator._web`` — then every kind of request the page sends through ``handle``: every tool of the registry (calculator._tools.TOOLS) on its worked example with its link state encoded and
decoded, the score in both modes, invalid input, a broken link state, a QR code (segno), and ``configure``
with the packaged rules and checklist as TOML text (the path of a custom profile and a deployment's checklist).

Used to derive the trimmed standard library (``--derive-stdlib``: which modules these imports
pull in) and to prove a trimmed one works (``--stdlib=ZIP``: this runs with nothing else).
Sets ``ENTRY_POINTS_OK`` to the number of requests answered as expected; raises on a wrong answer.
"""

from __future__ import annotations

import json
import sysconfig
from importlib import resources
from typing import Any

sysconfig.get_paths()["purelib"]

import calculator._web as web  # noqa: E402 - imported after the worker's own first step, like the worker
from calculator import default_profile  # noqa: E402
from calculator._tool import Datasets  # noqa: E402
from calculator._tools import TOOLS  # noqa: E402


def ask(request: dict[str, Any], ok: bool = True) -> dict[str, Any]:
    answer: dict[str, Any] = json.loads(web.handle(json.dumps(request, ensure_ascii=False)))
    if answer.get("ok") is not ok:
        raise AssertionError(f"{request.get('action')}: expected ok={ok}, got {answer}")
    return answer


def every_tool(base: str, links: dict[str, str]) -> list[dict[str, Any]]:
    """Each tool of the registry on its worked example, and its link state there and back."""
    answers = []
    for tool in TOOLS.values():
        example = tool.example(tool.data(Datasets(default_profile())))
        answers.append(ask({"action": tool.name, "fields": example, "links": links, "base_url": base}))
        answers.append(ask({"action": "encode", "calculator": tool.name, "fields": example}))
        answers.append(ask({"action": "decode", "calculator": tool.name, "state": answers[-1]["state"]}))
    return answers


def run() -> int:
    links = {"indicators": "../../indicators/"}
    base = "http://127.0.0.1:8000/calculator/score/"
    toml = resources.files("calculator").joinpath("profiles", "gbt27922-2011.toml").read_text("utf-8")
    checklist = resources.files("calculator").joinpath("profiles", "checklist-gbt27922-2011.toml").read_text("utf-8")
    example = TOOLS["score"].example(default_profile())
    answers = [
        ask({"action": "configure", "profile_toml": toml}),
        ask({"action": "configure", "profile_toml": "not = [toml"}, ok=False),
        ask({"action": "configure", "profile_toml": None, "checklist_toml": checklist}),
        ask({"action": "checklist", "fields": {}, "links": links}),
        ask({"action": "configure", "profile_toml": None}),
        *every_tool(base, links),
        ask({"action": "score", "fields": {**example, "mode": "detailed"}, "links": links}),
        ask({"action": "score", "fields": {"mode": "quick", "categories.service_system": "40"}}, ok=False),
        ask({"action": "score", "fields": {"mode": "quick", "categories.service_system": "x"}}, ok=False),
        ask({"action": "staffing", "fields": {"head_office": "-1"}}, ok=False),
        ask({"action": "decode", "calculator": "staffing", "state": "s9.%%%"}, ok=False),
        ask({"action": "qr", "text": f"{base}#s1.q_36_31_22_0_0_0_0_0.1puvj80"}),
        ask({"action": "qr", "text": "http://127.0.0.1:8000/计算器/#s1.中文"}),
        ask({"action": "nope"}, ok=False),
    ]
    if json.loads(web.handle("{not json"))["ok"] is not False:
        raise AssertionError("invalid JSON was accepted")
    return len(answers) + 1  # and the invalid JSON


ENTRY_POINTS_OK = run()
