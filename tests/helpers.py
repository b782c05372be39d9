"""Shared test plumbing: building the site and serving it on 127.0.0.1."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MKDOCS = Path(sys.executable).with_name("mkdocs")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def build_site(dest: Path, port: int, env: Mapping[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Build with `mkdocs build --strict` for http://127.0.0.1:<port>/ (site_url must match for instant nav)."""
    full_env = {**os.environ, "SITE_URL": f"http://127.0.0.1:{port}/", "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    return subprocess.run(
        [str(MKDOCS), "build", "--strict", "--site-dir", str(dest)],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        check=False,
    )


@contextmanager
def serve(root: Path, port: int) -> Iterator[str]:
    """Serve a built site with the project's dev server; yields the base URL."""
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from devserver import make_server  # type: ignore[import-not-found]
    finally:
        sys.path.pop(0)
    server = make_server(root, host="127.0.0.1", port=port)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.shutdown()
        server.server_close()
