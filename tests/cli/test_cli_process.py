"""The command line as other tools call it: a real `python -m calculator` process (CPython only)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from harness.site import ROOT


def run_cli(*args: str, stdin: str) -> tuple[int, dict[str, object], str]:
    proc = subprocess.run(
        [sys.executable, "-m", "calculator", *args], input=stdin, capture_output=True, text=True, cwd=ROOT, check=False
    )
    return proc.returncode, json.loads(proc.stdout), proc.stderr


def test_score_round_trip() -> None:
    code, out, err = run_cli(
        "score", stdin='{"categories": {"service_system": 40, "goods_service": 35, "customer_service": 19.96}}'
    )
    assert (code, err) == (0, "")
    assert (out["score"], out["grade"], out["next_grade"], out["points_to_next"]) == (
        94.96,
        "four_star",
        "five_star",
        0.04,
    )


def test_staffing_round_trip() -> None:
    code, out, _ = run_cli("staffing", stdin='{"service_managers": 30, "current_managers": 1}')
    assert code == 0
    assert (out["required"], out["shortfall"]) == (3, 2)


@pytest.mark.parametrize(
    ("args", "stdin", "field"),
    [
        (["score"], "not json", "input"),
        (["staffing"], '{"service_managers": 2.5}', "service_managers"),
        (["score", "--profile", "/nonexistent.toml"], "{}", "profile"),
        (["score", "--bogus"], "{}", "command"),
        ([], "{}", "command"),
    ],
)
def test_errors_exit_2_with_json_on_stdout_only(args: list[str], stdin: str, field: str) -> None:
    code, out, err = run_cli(*args, stdin=stdin)
    assert code == 2
    assert err == ""
    assert list(out) == ["error"]
    assert out["error"]["field"] == field  # type: ignore[index]
