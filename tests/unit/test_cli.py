"""The command-line contract, run in-process so it also holds inside Pyodide.

`python -m calculator score|staffing [--profile FILE] < input.json`: result JSON and
exit 0, or exactly {"error": {"field", "message"}} on stdout and exit 2.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from calculator.__main__ import main

QUICK = {"categories": {"service_system": 38, "goods_service": 33, "customer_service": 24}}


class _Stdin:
    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


def cli(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], args: list[str], stdin: str | bytes
) -> tuple[int, dict[str, object]]:
    monkeypatch.setattr(sys, "stdin", _Stdin(stdin.encode() if isinstance(stdin, str) else stdin))
    try:
        code = main(args)
    except SystemExit as exc:
        code = int(exc.code or 0)
    out = capsys.readouterr()
    assert out.err == ""
    assert out.out.endswith("\n")
    assert out.out.count("\n") == 1
    return code, json.loads(out.out)


def test_score_prints_the_result_and_exits_0(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, result = cli(monkeypatch, capsys, ["score"], json.dumps(QUICK))
    assert code == 0
    for key in ("score", "base_score", "grade", "grade_label", "next_grade", "points_to_next", "reasons"):
        assert key in result
    assert result["score"] == 95
    assert result["grade"] == "five_star"
    assert result["next_grade"] is None
    assert result["points_to_next"] is None
    assert result["reasons"] == []


def test_a_failing_score_gives_reasons(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    data = {**QUICK, "special_deductions": 5}
    code, result = cli(monkeypatch, capsys, ["score"], json.dumps(data))
    assert code == 0
    assert result["grade"] == "fail"
    assert result["reasons"]


def test_staffing_prints_required_and_shortfall(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, result = cli(monkeypatch, capsys, ["staffing"], '{"head_office": 10, "branches": 20, "current_managers": 1}')
    assert code == 0
    assert result["required"] == 3
    assert result["shortfall"] == 2


def test_exact_decimals_from_json(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    data = '{"categories": {"service_system": 40, "goods_service": 35, "customer_service": 19.96}}'
    code, result = cli(monkeypatch, capsys, ["score"], data)
    assert code == 0
    assert result["score"] == 94.96
    assert result["grade"] == "four_star"


BAD = [
    ("score", "{", "input"),
    ("score", "", "input"),
    ("score", "[1, 2]", "input"),
    ("score", '{"categories": {"service_system": NaN, "goods_service": 1, "customer_service": 1}}', "input"),
    ("score", '{"categories": {"service_system": Infinity, "goods_service": 1, "customer_service": 1}}', "input"),
    (
        "score",
        '{"categories": {"service_system": 1e400, "goods_service": 1, "customer_service": 1}}',
        "categories.service_system",
    ),
    ("score", '{"categories": {"goods_service": 1, "customer_service": 1}}', "categories.service_system"),
    ("score", '{"categories": {"service_system": 1, "goods_service": 1, "customer_service": 1}, "color": 1}', "color"),
    (
        "score",
        '{"categories": {"service_system": "1", "goods_service": 1, "customer_service": 1}}',
        "categories.service_system",
    ),
    (
        "score",
        '{"categories": {"service_system": -0.01, "goods_service": 1, "customer_service": 1}}',
        "categories.service_system",
    ),
    (
        "score",
        '{"categories": {"service_system": 40.01, "goods_service": 1, "customer_service": 1}}',
        "categories.service_system",
    ),
    (
        "score",
        '{"categories": {"service_system": 1, "goods_service": 1, "customer_service": 1}, "special_deductions": 2.5}',
        "special_deductions",
    ),
    (
        "score",
        '{"categories": {"service_system": 1, "goods_service": 1, "customer_service": 1}, "special_deductions": -1}',
        "special_deductions",
    ),
    (
        "score",
        '{"categories": {"service_system": 1, "goods_service": 1, "customer_service": 1}, "bonus": null}',
        "bonus",
    ),
    ("staffing", '{"service_managers": 1.5}', "service_managers"),
    ("staffing", '{"service_managers": -3}', "service_managers"),
    ("staffing", '{"service_managers": 5, "total_staff": 4}', "total_staff"),
    ("staffing", '{"service_managers": true}', "service_managers"),
    ("staffing", '{"managers": 5}', "managers"),
    ("staffing", '"5"', "input"),
]


@pytest.mark.parametrize(("command", "stdin", "field"), BAD)
def test_bad_input_exits_2_with_only_the_error_object(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], command: str, stdin: str, field: str
) -> None:
    code, result = cli(monkeypatch, capsys, [command], stdin)
    assert code == 2
    assert list(result) == ["error"]
    error = result["error"]
    assert isinstance(error, dict)
    assert sorted(error) == ["field", "message"]
    assert error["field"] == field
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(error["message"]))


def test_input_that_is_not_utf8(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    code, result = cli(monkeypatch, capsys, ["score"], b"\xff\xfe{")
    assert code == 2
    assert result["error"] == {"field": "input", "message": "输入不是 UTF-8 编码的文本。"}


def test_unknown_command_is_a_contract_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, result = cli(monkeypatch, capsys, ["grade"], "{}")
    assert code == 2
    assert result["error"]["field"] == "command"  # type: ignore[index]


def test_profile_option_selects_another_rules_file(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from tests.unit.test_profile import default_text

    strict = default_text().replace("value = 70,", "value = 75,")
    path = tmp_path / "strict.toml"
    path.write_text(strict, encoding="utf-8")
    data = json.dumps({"categories": {"service_system": 30, "goods_service": 25, "customer_service": 17}})
    assert cli(monkeypatch, capsys, ["score"], data)[1]["grade"] == "qualified"
    code, result = cli(monkeypatch, capsys, ["score", "--profile", str(path)], data)
    assert code == 0
    assert result["grade"] == "fail"


def test_a_broken_profile_is_reported_with_file_and_key(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "broken.toml"
    path.write_text("schema = 1\n", encoding="utf-8")
    code, result = cli(monkeypatch, capsys, ["score", "--profile", str(path)], json.dumps(QUICK))
    assert code == 2
    error = result["error"]
    assert isinstance(error, dict)
    assert error["field"] == "profile"
    assert "broken.toml" in str(error["message"])
    assert "id" in str(error["message"])
