"""Build-time fixtures: the default site, built once per session with `mkdocs build --strict`."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from harness.site import build_site, free_port


class BuiltSite:
    def __init__(self, root: Path, result: subprocess.CompletedProcess[str]) -> None:
        self.root = root
        self.result = result


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    dest = tmp_path_factory.mktemp("site-default")
    result = build_site(dest, free_port())
    assert result.returncode == 0, result.stderr[-6000:]
    return BuiltSite(dest, result)


@pytest.fixture(scope="session")
def site(built_site: BuiltSite) -> Path:
    return built_site.root
