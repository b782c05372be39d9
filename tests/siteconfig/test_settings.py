"""Which rules profile and which Pyodide the site is built with, from extra: and the environment."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from siteconfig import FEES_ENV, PROFILE_ENV, SettingsError, fees_path, profile_path, pyodide_url, resolve_fees


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
