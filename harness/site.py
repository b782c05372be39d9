"""Building the site with ``mkdocs build --strict`` and serving a built site with the project's dev server."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

__all__ = ["MKDOCS", "ROOT", "build_site", "free_port", "normalize_prefix", "serve_dev", "site_dir"]

ROOT = Path(__file__).resolve().parent.parent
MKDOCS = Path(sys.executable).with_name("mkdocs")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def normalize_prefix(prefix: str) -> str:
    """'gbt27922' / '/gbt27922' / '/gbt27922/' -> '/gbt27922/'; '' or '/' -> '/'."""
    parts = [p for p in prefix.strip().split("/") if p]
    if any(not re.fullmatch(r"[A-Za-z0-9._-]+", p) or p in (".", "..") for p in parts):
        raise ValueError(f"not a usable URL prefix: {prefix!r}")
    return "/" + "".join(f"{p}/" for p in parts)


def site_dir(www: Path, prefix: str) -> Path:
    """Where the built site is for a server root `www` and a URL prefix."""
    prefix = normalize_prefix(prefix)
    return www / prefix.strip("/") if prefix != "/" else www


def build_site(
    dest: Path,
    port: int,
    env: Mapping[str, str] | None = None,
    *,
    prefix: str = "/",
    config: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` into `dest` for http://127.0.0.1:<port><prefix> (site_url must match for instant nav).

    `config` builds with another configuration file (a copy of mkdocs.yml next to it).
    """
    site_url = f"http://127.0.0.1:{port}{normalize_prefix(prefix)}"
    full_env = {**os.environ, "SITE_URL": site_url, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    args = [str(MKDOCS), "build", "--strict", "--site-dir", str(dest)]
    if config is not None:
        args += ["--config-file", str(config)]
    return subprocess.run(args, cwd=ROOT, env=full_env, capture_output=True, text=True, check=False)


@contextmanager
def serve_dev(root: Path, port: int) -> Iterator[str]:
    """Serve a built site with the project's dev server (scripts/devserver.py) in a thread; yields the base URL."""
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from devserver import make_server  # noqa: PLC0415 (scripts/ is no package: found on the path set above)
    finally:
        sys.path.pop(0)
    server = make_server(root, host="127.0.0.1", port=port, quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.shutdown()
        server.server_close()
