"""Runs inside Pyodide (tests/pyodide/run.mjs): every entry point the browser worker uses.

What docs/assets/calculator/worker.js does after loadPyodide — ``sysconfig`` for site-packages,
``import calculator._web`` — then every kind of request the page sends through ``handle``: both
calculators in every mode, invalid input, link state encode/decode (valid and broken), a QR code
(segno), and ``configure`` with the packaged rules as TOML text (the path of a custom profile).

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
from calculator._score_form import score_example  # noqa: E402
from calculator._staffing_form import staffing_example  # noqa: E402


def ask(request: dict[str, Any], ok: bool = True) -> dict[str, Any]:
    answer: dict[str, Any] = json.loads(web.handle(json.dumps(request, ensure_ascii=False)))
    if answer.get("ok") is not ok:
        raise AssertionError(f"{request.get('action')}: expected ok={ok}, got {answer}")
    return answer


def run() -> int:
    profile = default_profile()
    links = {"indicators": "../../indicators/"}
    base = "http://127.0.0.1:8000/calculator/score/"
    toml = resources.files("calculator").joinpath("profiles", "gbt27922-2011.toml").read_text("utf-8")
    answers = [
        ask({"action": "configure", "profile_toml": toml}),
        ask({"action": "configure", "profile_toml": "not = [toml"}, ok=False),
        ask({"action": "configure", "profile_toml": None}),
        ask({"action": "score", "fields": score_example(profile), "links": links, "base_url": base}),
        ask({"action": "score", "fields": {**score_example(profile), "mode": "detailed"}, "links": links}),
        ask({"action": "score", "fields": {"mode": "quick", "categories.service_system": "40"}}, ok=False),
        ask({"action": "score", "fields": {"mode": "quick", "categories.service_system": "x"}}, ok=False),
        ask({"action": "staffing", "fields": staffing_example(profile), "base_url": base}),
        ask({"action": "staffing", "fields": {"head_office": "-1"}}, ok=False),
    ]
    state = ask({"action": "encode", "calculator": "score", "fields": score_example(profile)})["state"]
    answers += [
        ask({"action": "decode", "calculator": "score", "state": state}),
        ask({"action": "decode", "calculator": "staffing", "state": "s9.%%%"}, ok=False),
        ask({"action": "qr", "text": f"{base}#{state}"}),
        ask({"action": "qr", "text": "http://127.0.0.1:8000/计算器/#s1.中文"}),
        ask({"action": "nope"}, ok=False),
    ]
    if json.loads(web.handle("{not json"))["ok"] is not False:
        raise AssertionError("invalid JSON was accepted")
    return len(answers) + 2


ENTRY_POINTS_OK = run()
