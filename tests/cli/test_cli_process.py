"""The command line as other tools call it: a real `python -m calculator` process (CPython only)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from harness.site import ROOT
from tests.profile_variants import DROPPED, OWN_ITEM, official, own_checklist

DEFAULT_FEES_TEXT = (ROOT / "calculator" / "profiles" / "fees-dabiaowei-trial.toml").read_text("utf-8")


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


def test_fees_round_trip() -> None:
    code, out, err = run_cli("fees", stdin='{"employees": 1200}')
    assert (code, err) == (0, "")
    assert out["man_days"] == {"initial": 16, "surveillance": 5.5, "recertification": 10}
    assert out["costs"]["first_year"] == 53000  # type: ignore[index]


def test_fees_with_a_certification_bodys_own_rate_card(tmp_path: Path) -> None:
    own = tmp_path / "fees-acme.toml"
    own.write_text(DEFAULT_FEES_TEXT.replace("per_man_day = { value = 3000,", "per_man_day = { value = 5000,"), "utf-8")
    code, out, _ = run_cli("fees", "--fees", str(own), stdin='{"employees": 100}')
    assert code == 0
    assert out["costs"]["first_year"] == 1000 + 8.5 * 5000 + 2000 + 2000  # type: ignore[index]
    code, out, _ = run_cli("fees", "--fees", str(tmp_path / "absent.toml"), stdin='{"employees": 100}')
    assert code == 2
    assert out["error"]["field"] == "fees"  # type: ignore[index]


def test_checklist_round_trip_and_a_profile_it_does_not_fit(tmp_path: Path) -> None:
    code, out, _ = run_cli("checklist", stdin='{"ticked": ["spec_manual"], "not_applicable": ["recycling"]}')
    assert code == 0
    assert out["done"] == 1
    assert str(out["score"]["state"]).startswith("s1.d_")  # type: ignore[index]
    profile = (ROOT / "calculator" / "profiles" / "gbt27922-2011.toml").read_text(encoding="utf-8")
    own = tmp_path / "own.toml"
    own.write_text(profile.replace('id = "recycling"', 'id = "take_back"'), encoding="utf-8")
    code, out, err = run_cli("checklist", "--profile", str(own), stdin="{}")
    assert (code, err) == (2, "")
    assert "没有二级指标 'recycling'" in out["error"]["message"]  # type: ignore[index]


def test_checklist_with_a_deployments_own_file(tmp_path: Path) -> None:
    profile, own = tmp_path / "official.toml", tmp_path / "acme-checklist.toml"
    profile.write_text(official(), "utf-8")
    own.write_text(own_checklist(), "utf-8")
    ticked = json.dumps({"ticked": [OWN_ITEM[0]]})
    code, out, err = run_cli("checklist", "--profile", str(profile), "--checklist", str(own), stdin=ticked)
    assert (code, err) == (0, "")
    sections = {s["id"]: s for s in out["sections"]}  # type: ignore[attr-defined]
    assert sections["technical_support"]["done"] == 1
    assert DROPPED[0] not in sections
    # The same file with the packaged profile, where 商品信息 has no items, and a file that is not there.
    for args, problem in (
        (["--checklist", str(own)], "items：“5.2.1 商品信息”（indicator = 'product_info'）有 0 个条目"),
        (["--checklist", str(tmp_path / "absent.toml")], "无法读取文件"),
    ):
        code, out, err = run_cli("checklist", *args, stdin=ticked)
        assert (code, err) == (2, "")
        error = out["error"]
        assert error["field"] == "checklist"  # type: ignore[index]
        assert error["message"].startswith(f"迎审准备清单 {args[1]}：")  # type: ignore[index]
        assert problem in error["message"]  # type: ignore[index]


@pytest.mark.parametrize(
    ("args", "stdin", "field"),
    [
        (["score"], "not json", "input"),
        (["staffing"], '{"service_managers": 2.5}', "service_managers"),
        (["fees"], '{"employees": 10701}', "employees"),
        (["fees"], '{"employees": 100, "outlets": [3, 0]}', "outlets.1"),
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
