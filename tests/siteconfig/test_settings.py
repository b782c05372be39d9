"""Which rules profile, fee schedule, checklist and Pyodide the site is built with, from mkdocs.yml and the environment."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from calculator import ProfileError, default_profile
from calculator._profile_reader import parse_profile_bytes
from siteconfig import (
    CHECKLIST_ENV,
    FEES_ENV,
    PROFILE_ENV,
    SettingsError,
    checklist_path,
    fees_path,
    profile_path,
    pyodide_url,
    resolve_checklist,
    resolve_fees,
)
from tests.profile_variants import OWN_CHECKLIST_NAME, official, own_checklist


def test_the_packaged_profile_is_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PROFILE_ENV, raising=False)
    assert profile_path({"extra": {"rules_profile": ""}}) is None
    assert profile_path({}) is None


def test_a_configured_profile_is_relative_to_mkdocs_yml(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(PROFILE_ENV, raising=False)
    config = {"extra": {"rules_profile": "rules/mine.toml"}, "config_file_path": str(tmp_path / "mkdocs.yml")}
    assert profile_path(config) == tmp_path / "rules" / "mine.toml"


def test_the_environment_wins_over_the_configuration(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(PROFILE_ENV, str(tmp_path / "env.toml"))
    assert profile_path({"extra": {"rules_profile": "other.toml"}}) == tmp_path / "env.toml"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ""),
        ("", ""),
        ("  ", ""),
        ("https://cdn.example.org/pyodide/v314", "https://cdn.example.org/pyodide/v314/"),
        ("http://intranet/pyodide/", "http://intranet/pyodide/"),
        ("//cdn.example.org/p/", "//cdn.example.org/p/"),
        ("/pyodide/314/", "/pyodide/314/"),
    ],
)
def test_pyodide_url_ends_with_a_slash(value: Any, expected: str) -> None:
    assert pyodide_url({"extra": {"pyodide_url": value}}) == expected


@pytest.mark.parametrize("value", ["pyodide/", "../pyodide/", "ftp://x/", "https://a b/", 3, ["https://x/"]])
def test_a_pyodide_url_that_works_from_no_page_stops_the_build(value: Any) -> None:
    with pytest.raises(SettingsError, match=r"extra\.pyodide_url"):
        pyodide_url({"extra": {"pyodide_url": value}})


# ------------------------------------------------------------------ the fee schedule


class _Plugin:
    """A stand-in for the calculator plugin as MkDocs holds it: its validated options in `config`."""

    def __init__(self, **options: object) -> None:
        self.config = options


def test_the_packaged_fee_schedule_is_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(FEES_ENV, raising=False)
    assert fees_path({}) is None
    assert fees_path({"plugins": {"gbt27922/calculator": _Plugin(fees="")}}) is None
    assert resolve_fees({}).id == "dabiaowei-trial"


def test_the_calculator_plugins_fees_option_is_relative_to_mkdocs_yml(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(FEES_ENV, raising=False)
    config = {
        "plugins": {"gbt27922/calculator": _Plugin(fees="rates/fees-acme.toml")},
        "config_file_path": str(tmp_path / "mkdocs.yml"),
    }
    assert fees_path(config) == tmp_path / "rates" / "fees-acme.toml"


def test_the_environment_chooses_the_fee_schedule_first(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(FEES_ENV, str(tmp_path / "env-fees.toml"))
    config = {"plugins": {"gbt27922/calculator": _Plugin(fees="other.toml")}}
    assert fees_path(config) == tmp_path / "env-fees.toml"


def test_a_fees_option_that_is_not_text_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(FEES_ENV, raising=False)
    with pytest.raises(SettingsError, match="fees"):
        fees_path({"plugins": {"gbt27922/calculator": _Plugin(fees=3)}})


# ------------------------------------------------------------------ the checklist


def test_the_packaged_checklist_is_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(CHECKLIST_ENV, raising=False)
    assert checklist_path({}) is None
    assert checklist_path({"plugins": {"gbt27922/calculator": _Plugin(checklist=" ")}}) is None
    assert resolve_checklist({}, default_profile()) is None


def test_the_checklist_option_is_relative_to_mkdocs_yml_and_the_environment_wins(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(CHECKLIST_ENV, raising=False)
    config = {
        "plugins": {"gbt27922/calculator": _Plugin(checklist="lists/acme.toml")},
        "config_file_path": str(tmp_path / "mkdocs.yml"),
    }
    assert checklist_path(config) == tmp_path / "lists" / "acme.toml"
    monkeypatch.setenv(CHECKLIST_ENV, str(tmp_path / "env-checklist.toml"))
    assert checklist_path(config) == tmp_path / "env-checklist.toml"


def test_a_deployments_checklist_is_checked_against_the_profile_in_use(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    own = tmp_path / "acme.toml"
    own.write_text(own_checklist(), "utf-8")
    monkeypatch.setenv(CHECKLIST_ENV, str(own))
    checklist = resolve_checklist({}, parse_profile_bytes(official(), "official.toml"))
    assert checklist is not None
    assert checklist.name == OWN_CHECKLIST_NAME
    # The same file under the packaged profile lacks 商品信息: it fails, naming the file and the key.
    with pytest.raises(ProfileError, match=r"^迎审准备清单 .*acme\.toml：items：“5\.2\.1 商品信息”.*有 0 个条目"):
        resolve_checklist({}, default_profile())


def test_a_checklist_option_that_is_not_text_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(CHECKLIST_ENV, raising=False)
    with pytest.raises(SettingsError, match="checklist 应为文本"):
        checklist_path({"plugins": {"gbt27922/calculator": _Plugin(checklist=["a.toml"])}})
