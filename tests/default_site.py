"""The site as it ships, built once per test run and read by the build, site and browser tests.

Three folders of tests need the default build; one build instead of four saves about 10 s each
time. Its address is fixed when it is built (instant navigation needs ``site_url`` to match where
it is served), so the browser tests serve it on the port it was built for, or build their own when
that port has been taken in the meantime. Tests read its files; one that needs other files builds
its own site.
"""

from __future__ import annotations

import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from harness.site import build_site, free_port

__all__ = ["DefaultSite", "default_site", "port_is_free"]


@dataclass(frozen=True)
class DefaultSite:
    root: Path
    port: int  # the site was built for http://127.0.0.1:<port>/
    result: subprocess.CompletedProcess[str]  # the build's output (its warnings are tested)


_BUILT: dict[Path, DefaultSite] = {}  # by the test run's base temporary directory


def default_site(tmp_path_factory: pytest.TempPathFactory) -> DefaultSite:
    """The default build of this test run (`mkdocs build --strict`, the levers as shipped)."""
    run = tmp_path_factory.getbasetemp()
    if run not in _BUILT:
        port = free_port()
        root = tmp_path_factory.mktemp("site-default")
        result = build_site(root, port, env={"GBT27922_RUNTIME_LEVERS": ""})
        assert result.returncode == 0, result.stderr[-6000:]
        _BUILT[run] = DefaultSite(root, port, result)
    return _BUILT[run]


def port_is_free(port: int) -> bool:
    """Whether a server could listen on 127.0.0.1:<port> now."""
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True
