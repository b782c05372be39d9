"""Build-time fixtures: the default site (built once per test run, shared: tests/default_site.py) and its variants."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.default_site import default_site
from tests.profile_variants import own_checklist, own_fee_schedule
from tests.site.building import build, modified_profile_text


class BuiltSite:
    def __init__(self, root: Path, result: subprocess.CompletedProcess[str]) -> None:
        self.root = root
        self.result = result


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    shared = default_site(tmp_path_factory)
    return BuiltSite(shared.root, shared.result)


@pytest.fixture(scope="session")
def site(built_site: BuiltSite) -> Path:
    return built_site.root


@pytest.fixture(scope="session")
def modified_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built with a modified rules profile (tests/site/building.py), another body's fee schedule and its checklist."""
    tmp = tmp_path_factory.mktemp("site-modified-profile")
    profile = tmp / "modified.toml"
    profile.write_text(modified_profile_text(), encoding="utf-8")
    fees = tmp / "fees-modified.toml"
    fees.write_text(own_fee_schedule(), encoding="utf-8")
    checklist = tmp / "checklist-own.toml"
    checklist.write_text(own_checklist(), encoding="utf-8")
    dest = tmp / "site"
    env = {"GBT27922_PROFILE": str(profile), "GBT27922_FEES": str(fees), "GBT27922_CHECKLIST": str(checklist)}
    result = build(dest, env=env)
    assert result.returncode == 0, result.stderr[-6000:]
    assert "WARNING" not in result.stderr, result.stderr[-4000:]
    return dest
