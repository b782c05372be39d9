"""The server behind the benchmark's relay, as production runs it.

nginx with the repository's deploy/nginx configuration (harness/nginx.py, the harness the browser
tests use too) when nginx is installed, else the project's dev server (scripts/devserver.py). Both
send the build's precompressed .br/.gz siblings; nginx also sends the production cache headers
(immutable versioned Pyodide files and content-hashed files) and the Content-Security-Policy.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from harness.nginx import NGINX, serve_nginx
from harness.site import serve_dev


@dataclass(frozen=True)
class Server:
    kind: str  # "nginx" | "devserver"
    port: int
    description: str


def available(kind: str) -> str:
    """The server to use for `kind` ("auto", "nginx" or "dev")."""
    has_nginx = NGINX.exists()
    if kind == "auto":
        return "nginx" if has_nginx else "dev"
    if kind == "nginx" and not has_nginx:
        raise SystemExit(
            "bench: nginx was asked for but is not installed (apt-get install -y nginx libnginx-mod-http-brotli-static)"
        )
    return kind


@contextmanager
def start_server(root: Path, port: int, kind: str) -> Iterator[Server]:
    if kind == "nginx":
        workdir = Path(tempfile.mkdtemp(prefix="bench-nginx-"))
        try:
            with serve_nginx(root, port, workdir):
                yield Server(
                    "nginx", port, "nginx with deploy/nginx/*.conf (brotli_static, production cache headers, CSP)"
                )
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
        return
    with serve_dev(root, port):
        yield Server(
            "devserver", port, "scripts/devserver.py (precompressed .br/.gz; no-cache except content-hashed paths)"
        )
