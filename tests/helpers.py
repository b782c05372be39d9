"""Shared test plumbing: building the site and serving it on 127.0.0.1.

Two servers:

- ``serve`` — the project's dev server (scripts/devserver.py), in a thread;
- ``serve_nginx`` — Debian's nginx as a child process, configured with the SAME files a host
  installs (deploy/nginx/*.conf and the build's site/_headers/nginx-csp.conf): a throw-away
  nginx.conf in a temporary directory includes them, with ``daemon off``, its pid, logs and
  temporary files in that directory, listening on 127.0.0.1 only.

``site_server()`` picks one (env ``SITE_SERVER=nginx|dev``; nginx when installed) and
``site_prefix()`` the path the site is served under (env ``SITE_PREFIX``, e.g. ``/gbt27922/``).
"""

from __future__ import annotations

import html
import importlib.util
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# Debian's Chromium, headless, with nothing that phones home (this machine has no internet).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MKDOCS = Path(sys.executable).with_name("mkdocs")
NGINX = Path(os.environ.get("NGINX", "/usr/sbin/nginx"))
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")
MIME_TYPES = Path("/etc/nginx/mime.types")
DEPLOY = ROOT / "deploy" / "nginx"
# The server examples a host copies; serve_nginx() runs them with only the address and paths changed.
SERVER_ROOT_EXAMPLE = DEPLOY / "gbt27922.conf"
SERVER_SUBPATH_EXAMPLE = DEPLOY / "gbt27922-subpath.conf"
SNIPPETS = ("gbt27922-site.conf", "security-headers.conf")
CSP_REPORT_PATH = "__csp-report"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def site_server() -> str:
    """'nginx' or 'dev': env SITE_SERVER, else nginx when it is installed."""
    chosen = os.environ.get("SITE_SERVER", "").strip().lower()
    if chosen:
        if chosen not in ("nginx", "dev"):
            raise ValueError(f"SITE_SERVER must be nginx or dev, not {chosen!r}")
        return chosen
    return "nginx" if NGINX.exists() else "dev"


def normalize_prefix(prefix: str) -> str:
    """'gbt27922' / '/gbt27922' / '/gbt27922/' -> '/gbt27922/'; '' or '/' -> '/'."""
    parts = [p for p in prefix.strip().split("/") if p]
    if any(not re.fullmatch(r"[A-Za-z0-9._-]+", p) or p in (".", "..") for p in parts):
        raise ValueError(f"not a usable URL prefix: {prefix!r}")
    return "/" + "".join(f"{p}/" for p in parts)


def site_prefix() -> str:
    """The path the browser tests serve the site under: env SITE_PREFIX, default '/'."""
    return normalize_prefix(os.environ.get("SITE_PREFIX", "/"))


def build_site(
    dest: Path, port: int, env: Mapping[str, str] | None = None, *, prefix: str = "/"
) -> subprocess.CompletedProcess[str]:
    """Build with `mkdocs build --strict` for http://127.0.0.1:<port><prefix> (site_url must match for instant nav)."""
    site_url = f"http://127.0.0.1:{port}{normalize_prefix(prefix)}"
    full_env = {**os.environ, "SITE_URL": site_url, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
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
    server = make_server(root, host="127.0.0.1", port=port, quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.shutdown()
        server.server_close()


# ----------------------------------------------------------------------------- CSP reports


@dataclass
class CspReports:
    """Content-Security-Policy violation reports the browser POSTed (documents and workers alike)."""

    reports: list[dict[str, object]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, report: dict[str, object]) -> None:
        with self.lock:
            self.reports.append(report)

    def snapshot(self) -> list[dict[str, object]]:
        with self.lock:
            return list(self.reports)


@contextmanager
def csp_report_collector() -> Iterator[tuple[CspReports, int]]:
    """A loopback HTTP endpoint that keeps every report POSTed to it; yields (reports, port)."""
    reports = CspReports()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(min(length, 1_000_000))
            try:
                data = json.loads(body or b"null")
            except ValueError:
                data = {"unparsed": body.decode("utf-8", "replace")}
            # report-uri sends {"csp-report": {...}}; the Reporting API a list of {"type", "body"}.
            items = data if isinstance(data, list) else [data]
            for item in items:
                if isinstance(item, dict):
                    inner = item.get("csp-report") or item.get("body") or item
                    reports.add(inner if isinstance(inner, dict) else {"report": inner})
            self.send_response(HTTPStatus.NO_CONTENT)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield reports, int(server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()


# ----------------------------------------------------------------------------------- nginx


class NginxError(RuntimeError):
    pass


def _substitute(text: str, pattern: str, replacement: str, where: Path) -> str:
    changed, count = re.subn(pattern, lambda _: replacement, text, flags=re.MULTILINE)
    if count != 1:
        raise NginxError(f"{where.name}: expected one line matching {pattern!r}, found {count}")
    return changed


def server_block(example: Path, *, port: int, root: Path, extra: str = "") -> str:
    """A deploy/nginx server example with only its address and root changed (and `extra` added)."""
    text = example.read_text(encoding="utf-8")
    text = _substitute(text, r"^\s*listen 80;$", f"    listen 127.0.0.1:{port};", example)
    text = _substitute(text, r"^\s*listen \[::\]:80;$", "", example)
    text = _substitute(text, r"^\s*server_name [^;]+;$", "    server_name 127.0.0.1;", example)
    return _substitute(text, r"^\s*root [^;]+;$", f"    root {root};\n{extra}", example)


TEMP_PATHS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")


def write_nginx_config(workdir: Path, *, server: str) -> Path:
    """A throw-away nginx.conf in workdir: Debian's MIME types and the brotli module; pid, logs, temp there."""
    user = "user root root;\n" if os.geteuid() == 0 else ""  # workers must read pytest's private tmp dirs
    for name in TEMP_PATHS:
        (workdir / "temp" / name).mkdir(parents=True, exist_ok=True)
    temp = "\n".join(f"    {name}_temp_path {workdir / 'temp' / name};" for name in TEMP_PATHS)
    conf = workdir / "nginx.conf"
    conf.write_text(
        f"""# Generated by tests/helpers.py; the site's configuration is the included deploy/nginx files.
load_module {BROTLI_MODULE};
{user}daemon off;
master_process on;
worker_processes 1;
pid {workdir / "nginx.pid"};
error_log {workdir / "error.log"} warn;
events {{
    worker_connections 256;
}}
http {{
    include {MIME_TYPES};
    default_type application/octet-stream;
    sendfile on;
    # As in Debian's /etc/nginx/nginx.conf: dynamic gzip for what has no precompressed sibling.
    gzip on;
    access_log {workdir / "access.log"};
{temp}
{server}
}}
""",
        encoding="utf-8",
    )
    return conf


def link_snippets(workdir: Path, csp: Path | None) -> Path:
    """snippets/gbt27922/ in workdir as a host installs it: the repository's snippets, csp.conf -> the build's."""
    snippets = workdir / "snippets" / "gbt27922"
    snippets.mkdir(parents=True, exist_ok=True)
    for name in (*SNIPPETS, "csp.conf"):
        (snippets / name).unlink(missing_ok=True)
    for name in SNIPPETS:
        (snippets / name).symlink_to(DEPLOY / name)
    if csp is not None:
        (snippets / "csp.conf").symlink_to(csp)
    return snippets


def nginx_command(workdir: Path, conf: Path) -> list[str]:
    return [str(NGINX), "-p", str(workdir), "-c", str(conf), "-e", str(workdir / "error.log")]


@dataclass
class NginxSite:
    url: str  # http://127.0.0.1:<port><prefix>
    workdir: Path
    reports: CspReports | None

    def error_log(self) -> str:
        path = self.workdir / "error.log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""


def _csp_with_reporting(site: Path, report_path: str) -> str:
    """The build's nginx-csp.conf with a report-uri added: the same policy, and every violation is reported."""
    text = (site / "_headers" / "nginx-csp.conf").read_text(encoding="utf-8")
    changed, count = re.subn(
        r'(add_header Content-Security-Policy ")([^"]+)(")', rf"\g<1>\g<2>; report-uri {report_path}\g<3>", text
    )
    if count != 1:
        raise NginxError("site/_headers/nginx-csp.conf has no add_header Content-Security-Policy line")
    return changed


def _wait_for_port(port: int, process: subprocess.Popen[bytes], workdir: Path, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log = (workdir / "error.log").read_text(errors="replace") if (workdir / "error.log").exists() else ""
            raise NginxError(f"nginx exited with {process.returncode}:\n{log}")
        with socket.socket() as s:
            s.settimeout(0.2)
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise NginxError(f"nginx did not listen on 127.0.0.1:{port} within {timeout:.0f} s")


@contextmanager
def serve_nginx(
    www: Path, port: int, workdir: Path, *, prefix: str = "/", report_csp: bool = True
) -> Iterator[NginxSite]:
    """Serve a built site with nginx and the repository's deploy/nginx configuration.

    prefix "/": `www` is the built site (gbt27922.conf). A sub-path such as "/gbt27922/": the built
    site is `www/gbt27922/` and `www` the server's root (gbt27922-subpath.conf, whose location
    must be that prefix). With report_csp, the policy gets a report-uri and the reports are kept.
    """
    if not NGINX.exists():
        raise NginxError(f"{NGINX} not found: apt-get install -y nginx libnginx-mod-http-brotli-static")
    prefix = normalize_prefix(prefix)
    site = site_dir(www, prefix)
    if not (site / "_headers" / "nginx-csp.conf").is_file():
        raise NginxError(f"{site} is not a built site (no _headers/nginx-csp.conf)")
    example = SERVER_ROOT_EXAMPLE if prefix == "/" else SERVER_SUBPATH_EXAMPLE
    if prefix != "/" and f"location {prefix} {{" not in example.read_text(encoding="utf-8"):
        raise NginxError(f"{example.name} serves another sub-path than {prefix}")

    workdir.mkdir(parents=True, exist_ok=True)
    with csp_report_collector() as (reports, collector_port):
        extra = ""
        if report_csp:
            report_path = f"{prefix}{CSP_REPORT_PATH}"
            snippets = link_snippets(workdir, None)
            (snippets / "csp.conf").write_text(_csp_with_reporting(site, report_path), encoding="utf-8")
            extra = (
                f"    # Test only: CSP violation reports go to the test's collector.\n"
                f"    location = {report_path} {{\n"
                f"        proxy_pass http://127.0.0.1:{collector_port};\n"
                f"    }}\n"
            )
        else:
            link_snippets(workdir, site / "_headers" / "nginx-csp.conf")  # exactly as docs/deploy.md says
        conf = write_nginx_config(workdir, server=server_block(example, port=port, root=www, extra=extra))
        base = nginx_command(workdir, conf)
        check = subprocess.run([*base, "-t", "-q"], capture_output=True, text=True, check=False)
        if check.returncode != 0:
            raise NginxError(f"nginx -t failed:\n{check.stderr}{check.stdout}")
        with (workdir / "stderr.log").open("wb") as stderr:
            process = subprocess.Popen(base, stdin=subprocess.DEVNULL, stdout=stderr, stderr=stderr)
        try:
            _wait_for_port(port, process, workdir)
            yield NginxSite(f"http://127.0.0.1:{port}{prefix}", workdir, reports if report_csp else None)
        finally:
            process.send_signal(signal.SIGQUIT)  # graceful: finish the requests in flight, then exit
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


def site_dir(www: Path, prefix: str) -> Path:
    """Where the built site is for a server root `www` and a URL prefix."""
    prefix = normalize_prefix(prefix)
    return www / prefix.strip("/") if prefix != "/" else www


def load_hook(name: str) -> ModuleType:
    """hooks/<name>.py as a fresh module, as MkDocs loads it (by path: hooks/ is not a package)."""
    spec = importlib.util.spec_from_file_location(f"{name}_under_test", ROOT / "hooks" / f"{name}.py")
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def calculator_config(page: Path) -> dict[str, Any]:
    """The runtime configuration a built calculator page carries (data-gbt-config)."""
    match = re.search(r'data-gbt-config="([^"]*)"', page.read_text("utf-8"))
    assert match, f"{page} has no calculator configuration"
    config: dict[str, Any] = json.loads(html.unescape(match.group(1)))
    return config
