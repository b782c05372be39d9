"""The rules-profile loader treats its input as untrusted: only ProfileError, never markup.

Property-based (hypothesis; well over a thousand generated inputs in all): arbitrary bytes and
text, generated TOML-like tables, and mutations of the real profile, as parsed data and as text
(also as the browser worker receives it).
Loading either gives a Profile or raises ProfileError naming the file; no other exception escapes.
A profile whose free-text fields carry markup loads, and everything rendered from it (the forms,
results, the report header) shows that markup as text.

Standard library, pytest and hypothesis only: this module also runs inside Pyodide.
"""

from __future__ import annotations

import copy
import json
import re
import sys
import tomllib
from dataclasses import replace
from decimal import Decimal
from html.parser import HTMLParser
from importlib import resources
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calculator import Profile, ProfileError, parse_profile
from calculator._profile_reader import parse_profile_bytes
from calculator._score_form import score_example
from calculator._staffing_form import staffing_example
from calculator._tool import Datasets
from calculator._tools import TOOLS
from calculator._web import compute, configure, handle
from tests.unit.budget import examples

FILE = "fuzz.toml"
RAW = resources.files("calculator").joinpath("profiles", "gbt27922-2011.toml").read_bytes()
TEXT = RAW.decode("utf-8")
DATA: dict[str, Any] = tomllib.loads(TEXT, parse_float=Decimal)

FUZZ = settings(max_examples=examples(300), deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _refused(problem: str) -> None:
    assert problem.startswith(f"规则文件 {FILE}："), problem


def load_bytes(raw: bytes) -> Profile | None:
    """The loader as load_profile() runs it on a file's bytes; None when it refused with ProfileError."""
    try:
        return parse_profile_bytes(raw, FILE)
    except ProfileError as exc:
        _refused(str(exc))
    return None


def load_data(data: object) -> Profile | None:
    try:
        return parse_profile(data, FILE)  # type: ignore[arg-type]  # deliberately anything
    except ProfileError as exc:
        _refused(str(exc))
    return None


# ------------------------------------------------------------------ values a TOML file can hold

_keys = st.one_of(
    st.sampled_from(sorted(set(re.findall(r"^(\w+) =", TEXT, re.MULTILINE)) | set(DATA))),
    st.text(max_size=12),
)
_scalars = st.one_of(
    st.text(max_size=30),
    st.integers(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.sampled_from([Decimal("1e999999"), Decimal("-1e-999999"), Decimal("0.000001"), Decimal("1E+30")]),
    st.booleans(),
    st.sampled_from(["", " ", "2+", "1", "0", "up", "down", "nearest", "project", "{total}", "}", "{", "{x:{y}}"]),
)
_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_keys, inner, max_size=4)),
    max_leaves=12,
)


def _paths(node: object, here: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    """Every path to a value inside nested dicts and lists."""
    out = [here]
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, (*here, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            out += _paths(value, (*here, index))
    return out


PATHS = [p for p in _paths(DATA) if p]


def _parent(data: Any, path: tuple[object, ...]) -> Any:
    for step in path[:-1]:
        data = data[step]
    return data


@st.composite
def mutated_data(draw: st.DrawFn) -> dict[str, Any]:
    """The real profile with one to four random edits: delete, replace, add, empty, duplicate."""
    data = copy.deepcopy(DATA)
    for _ in range(draw(st.integers(1, 4))):
        paths = [p for p in _paths(data) if p]
        path = draw(st.sampled_from(paths))
        parent, last = _parent(data, path), path[-1]
        value = parent[last]
        action = draw(st.sampled_from(["delete", "replace", "add", "empty", "duplicate"]))
        if action == "delete":
            del parent[last]
        elif action == "replace":
            parent[last] = draw(_values)
        elif action == "add" and isinstance(parent[last], dict):
            parent[last][draw(_keys)] = draw(_values)
        elif action == "empty":
            parent[last] = type(parent[last])() if isinstance(parent[last], list | dict | str) else 0
        elif action == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(value))
    return data


_LINES = TEXT.splitlines(keepends=True)
_NUMBER = re.compile(r"(?<![\w.])\d+(\.\d+)?")


@st.composite
def mutated_text(draw: st.DrawFn) -> bytes:
    """The real profile's text with one to three edits of lines, numbers, bytes or its end."""
    lines = list(_LINES)
    for _ in range(draw(st.integers(1, 3))):
        index = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "swap", "number", "insert", "truncate"]))
        if action == "delete":
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, lines[index])
        elif action == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
        elif action == "number" and _NUMBER.search(lines[index]):
            number = draw(
                st.one_of(
                    st.integers(-(10**6), 10**6).map(str),
                    st.decimals(allow_nan=False, allow_infinity=False, places=3).map(str),
                    st.sampled_from(["9" * 5000, "1e999999", "-0", "0.0000000001", "1_000", "0x10", "inf", "nan"]),
                )
            )
            lines[index] = _NUMBER.sub(number, lines[index], count=1)
        elif action == "insert":
            at = draw(st.integers(0, len(lines[index])))
            lines[index] = lines[index][:at] + draw(st.text(max_size=10)) + lines[index][at:]
        elif action == "truncate":
            lines = lines[:index]
            break
        if not lines:
            break
    text = "".join(lines)
    if draw(st.booleans()):
        return text.encode("utf-8")
    raw = bytearray(text.encode("utf-8"))  # a few raw bytes changed: maybe invalid UTF-8
    for _ in range(draw(st.integers(1, 3))):
        if raw:
            raw[draw(st.integers(0, len(raw) - 1))] = draw(st.integers(0, 255))
    return bytes(raw)


# -------------------------------------------------------------------------------- properties


@FUZZ
@given(st.one_of(st.binary(max_size=400), st.text(max_size=400).map(lambda t: t.encode("utf-8"))))
def test_arbitrary_bytes_load_or_give_a_profile_error(raw: bytes) -> None:
    load_bytes(raw)


@FUZZ
@given(st.dictionaries(_keys, _values, max_size=8))
def test_arbitrary_tables_load_or_give_a_profile_error(data: dict[str, Any]) -> None:
    load_data(data)


@settings(FUZZ, max_examples=examples(400))
@given(mutated_data())
def test_mutated_profile_data_loads_or_gives_a_profile_error(data: dict[str, Any]) -> None:
    load_data(data)


@settings(FUZZ, max_examples=examples(400))
@given(mutated_text())
def test_mutated_profile_text_loads_or_gives_a_profile_error(raw: bytes) -> None:
    load_bytes(raw)


@settings(FUZZ, max_examples=examples(200))
@given(mutated_text())
def test_the_browser_worker_takes_any_profile_text_without_raising(raw: bytes) -> None:
    """The worker receives a deployment's profile as text (calculator._web, action "configure")."""
    request = json.dumps({"action": "configure", "profile_toml": raw.decode("utf-8", "replace")})
    try:
        answer = json.loads(handle(request))
    finally:
        configure(None)  # back to the packaged rules for the other tests
    assert isinstance(answer["ok"], bool)
    if not answer["ok"]:
        assert answer["message"]


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        (b"a = " + b"[" * 3000 + b"]" * 3000, "嵌套"),  # deep enough to exhaust the parser's recursion
        (b"schema = " + b"9" * 5000, "TOML"),  # more digits than Python converts to an int
        (RAW.replace(b"schema = 1", b"schema = 1\nschema = 2"), "TOML"),
        (RAW[: len(RAW) // 2], ""),
        (b"\xff\xfe" + RAW, "UTF-8"),
    ],
)
def test_hostile_files_give_a_profile_error(raw: bytes, problem: str) -> None:
    with pytest.raises(ProfileError) as caught:
        parse_profile_bytes(raw, FILE)
    assert problem in str(caught.value)


@pytest.mark.parametrize("template", ["a } b", "{", "{total:{nope}}", "{total!x}", "{0}", "{total[0]}", "{__class__}"])
def test_bad_assumption_templates_give_a_profile_error(template: str) -> None:
    data = copy.deepcopy(DATA)
    data["assumptions"][next(iter(data["assumptions"]))] = template
    with pytest.raises(ProfileError, match="assumptions"):
        parse_profile(data, FILE)


def test_absurd_magnitudes_give_a_profile_error() -> None:
    """Consistent sums at 10^30 points: Decimal arithmetic would trap; the loader says so instead."""
    data = copy.deepcopy(DATA)
    scale = Decimal("1E+28")

    def scaled(fact: dict[str, Any]) -> None:
        fact["value"] = fact["value"] * scale

    scaled(data["scale"]["total"])
    for table in (*data["categories"], *data["indicators"]):
        scaled(table["points"])
        for part in table.get("parts", []):
            scaled(part["points"])
    for grade in data["grades"]:
        scaled(grade["min"])
    with pytest.raises(ProfileError):
        parse_profile(data, FILE)


# ------------------------------------------------------------------------- markup stays text

PAYLOADS = [
    '<img src=x onerror="alert(1)">',
    '"><svg onload=alert(1)>',
    "'><script>alert(1)</script>",
    "</textarea><iframe src=javascript:alert(1)></iframe>",
    '<a href="javascript:alert(1)">点我</a>',
    "&lt;b&gt;&amp;",
]
FORBIDDEN_TAGS = {"img", "svg", "script", "iframe", "textarea"}

# Free-text fields of the profile (paths into DATA); markup there must never become markup on the page.
TEXT_FIELDS: list[tuple[object, ...]] = [
    p
    for p in PATHS
    if isinstance(_parent(DATA, p)[p[-1]], str)
    and p[-1] in {"name", "label", "short", "summary", "description", "role", "base", "title", "issuers", "status_note"}
] + [("assumptions", key) for key in DATA["assumptions"]]


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.bad: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not (tag == "img" and ("data-gbt-qr", None) in attrs):  # the report's own QR code image
            self.tags.add(tag)
        for name, value in attrs:
            if name.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                self.bad.append(f"<{tag} {name}={value!r}>")


def _check_html(html: str) -> None:
    parser = _Tags()
    parser.feed(html)
    parser.close()
    assert not parser.tags & FORBIDDEN_TAGS, parser.tags & FORBIDDEN_TAGS
    assert parser.bad == []


def _detailed_fields(profile: Profile) -> dict[str, str]:
    """Every indicator not conforming: the result then lists them all by name."""
    fields = {"mode": "detailed", "bonus": "1"}
    for ind in profile.indicators:
        fields[f"indicators.{ind.id}.status"] = "nonconform"
    for kind in profile.special_deductions.kinds:
        fields[f"special_deductions.{kind.id}"] = "1"
    return fields


def _render_everything(profile: Profile, payload: str) -> list[str]:
    """All HTML made from a profile: both forms, three results, the block with `payload` as the tool's title."""
    # Build-time modules: not in the browser's wheel (see the skip below).
    from calculator._page import render_calculator
    from calculator._page_score import render_score_form
    from calculator._page_staffing import render_staffing_form

    pages = [
        render_score_form(profile, score_example(profile)),
        render_staffing_form(profile, staffing_example(profile)),
    ]
    summary = ""
    for calculator, fields in (
        ("score", score_example(profile)),
        ("score", _detailed_fields(profile)),
        ("staffing", staffing_example(profile)),
    ):
        answer = compute(calculator, fields, Datasets(profile), links={"indicators": "../../indicators/"})
        assert answer["ok"], answer
        pages.append(answer["html"])
        summary += answer["summary"]  # plain text: the page sets it with textContent
    tool = replace(TOOLS["score"], title=payload, disclaimer=lambda _: payload)
    pages.append(render_calculator(tool, profile, form_html="", result_html="", summary=summary))
    return pages


def _around(payload: str) -> st.SearchStrategy[str]:
    """The payload with some ordinary text before and after it."""
    words = st.text(alphabet="售后服务体系 abc-·（）", max_size=6)
    return st.builds(lambda before, after: f"{before}{payload}{after}", words, words)


@pytest.mark.skipif(sys.platform == "emscripten", reason="renders forms with the build-time modules (_page*)")
@settings(FUZZ, max_examples=examples(150))
@given(
    st.dictionaries(st.sampled_from(TEXT_FIELDS), st.sampled_from(PAYLOADS).flatmap(_around), min_size=1),
    st.sampled_from(PAYLOADS),
)
def test_markup_in_profile_text_is_rendered_as_text(changes: dict[tuple[object, ...], str], title: str) -> None:
    data = copy.deepcopy(DATA)
    for path, text in changes.items():
        _parent(data, path)[path[-1]] = text
    profile = parse_profile(data, FILE)
    for html in _render_everything(profile, title):
        _check_html(html)


def test_the_markup_check_would_notice_markup() -> None:
    with pytest.raises(AssertionError):
        _check_html(f"<p>{PAYLOADS[0]}</p>")
    with pytest.raises(AssertionError):
        _check_html(PAYLOADS[4])
