"""The production nginx configuration (deploy/nginx/) serving the built site, exactly as deployed.

A separate nginx runs the server example with only its address and root changed, and the CSP
include linked to the build's site/_headers/nginx-csp.conf (no test-only report-uri), then plain
HTTP requests check MIME types, precompressed files, caching, security headers and refusals.
"""

from __future__ import annotations

import http.client
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from harness.nginx import (
    NGINX,
    SERVER_ROOT_EXAMPLE,
    SERVER_SUBPATH_EXAMPLE,
    NginxSite,
    link_snippets,
    nginx_command,
    serve_nginx,
    server_block,
    write_nginx_config,
)
from harness.site import free_port, site_dir
from tests.browser.conftest import ServedSite
from tests.serving import site_server

pytestmark = pytest.mark.browser

IMMUTABLE = "public, max-age=31536000, immutable"
PYODIDE = "assets/pyodide/314.0.7/"


@pytest.fixture(scope="module")
def nginx(served_site: ServedSite, tmp_path_factory: pytest.TempPathFactory) -> Iterator[NginxSite]:
    if not NGINX.exists():
        if site_server() == "dev":
            pytest.skip("nginx is not installed and SITE_SERVER=dev")
        pytest.fail(f"{NGINX} not found: apt-get install -y nginx libnginx-mod-http-brotli-static")
    workdir = tmp_path_factory.mktemp("nginx-as-deployed")
    with serve_nginx(served_site.www, free_port(), workdir, prefix=served_site.prefix) as site:
        yield site


@pytest.fixture(scope="module")
def built(served_site: ServedSite) -> Path:
    return site_dir(served_site.www, served_site.prefix)


def get(site: NginxSite, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """GET <site url><path> without following redirects; header names in lower case."""
    url = urlsplit(site.url)
    conn = http.client.HTTPConnection(url.hostname or "127.0.0.1", url.port, timeout=30)
    try:
        conn.request("GET", url.path + path, headers=headers or {})
        response = conn.getresponse()
        body = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        conn.close()


def headers_file(built: Path) -> dict[str, str]:
    lines = (built / "_headers" / "headers.txt").read_text(encoding="utf-8").splitlines()
    return {name.lower(): value for name, _, value in (line.partition(": ") for line in lines if line)}


def find(built: Path, pattern: str) -> str:
    matches = sorted(p.relative_to(built).as_posix() for p in built.glob(pattern))
    assert matches, f"no {pattern} in the built site"
    return matches[0]


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("", "text/html; charset=utf-8"),
        ("scoring/", "text/html; charset=utf-8"),
        (f"{PYODIDE}pyodide.asm.wasm", "application/wasm"),
        (f"{PYODIDE}pyodide.mjs", "text/javascript; charset=utf-8"),
        (f"{PYODIDE}pyodide.asm.mjs", "text/javascript; charset=utf-8"),
        (f"{PYODIDE}python_stdlib.zip", "application/zip"),
        (f"{PYODIDE}pyodide-lock.json", "application/json"),
        ("assets/calculator/worker.js", "application/javascript; charset=utf-8"),
        ("assets/calculator/calculator.css", "text/css; charset=utf-8"),
        ("search/search_index.json", "application/json"),
        ("sitemap.xml", "text/xml; charset=utf-8"),
    ],
)
def test_mime_types(nginx: NginxSite, path: str, content_type: str) -> None:
    status, headers, _ = get(nginx, path)
    assert status == 200
    assert headers["content-type"] == content_type


@pytest.mark.parametrize("coding", ["br", "gzip"])
@pytest.mark.parametrize("path", ["", f"{PYODIDE}pyodide.asm.wasm", "assets/calculator/calculator.js"])
def test_precompressed_siblings_are_sent(nginx: NginxSite, built: Path, path: str, coding: str) -> None:
    status, headers, body = get(nginx, path, {"Accept-Encoding": coding})
    assert status == 200
    assert headers["content-encoding"] == coding
    assert "Accept-Encoding" in headers["vary"]
    file = built / (path or "index.html")
    file = file / "index.html" if file.is_dir() else file
    assert body == file.with_name(file.name + {"br": ".br", "gzip": ".gz"}[coding]).read_bytes()
    # Without Accept-Encoding: the file itself.
    status, headers, body = get(nginx, path)
    assert "content-encoding" not in headers
    assert body == file.read_bytes()


def test_caching(nginx: NginxSite, built: Path) -> None:
    immutable = [
        f"{PYODIDE}pyodide.asm.wasm",
        f"{PYODIDE}pyodide.mjs",
        find(built, "assets/calculator/_hashed/calculator-*.whl"),
        find(built, "assets/javascripts/bundle.*.min.js"),
        find(built, "assets/stylesheets/main.*.min.css"),
        find(built, "assets/javascripts/workers/search.*.min.js"),
    ]
    revalidated = [
        "",
        "calculator/score/",
        "search/search_index.json",
        "sitemap.xml",
        "assets/calculator/calculator.js",
        "assets/calculator/worker.js",
        "assets/images/favicon.png",
        "404.html",
    ]
    for path in immutable:
        status, headers, _ = get(nginx, path)
        assert (status, headers["cache-control"]) == (200, IMMUTABLE), path
    for path in revalidated:
        status, headers, _ = get(nginx, path)
        assert (status, headers["cache-control"]) == (200, "no-cache"), path
    # Revalidation is cheap: an unchanged page answers 304.
    _, headers, _ = get(nginx, "scoring/", {"Accept-Encoding": "br"})
    status, again, body = get(nginx, "scoring/", {"Accept-Encoding": "br", "If-None-Match": headers["etag"]})
    assert (status, body) == (304, b"")
    assert again["cache-control"] == "no-cache"


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("", 200),
        ("assets/calculator/worker.js", 200),  # the worker gets its policy from its own response
        (f"{PYODIDE}pyodide.asm.wasm", 200),
        ("assets/javascripts/bundle.*.min.js", 200),
        ("no-such-page/", 404),
        ("calculator", 301),
        ("_headers/csp.txt", 404),
    ],
)
def test_security_headers_on_every_response(nginx: NginxSite, built: Path, path: str, status: int) -> None:
    if "*" in path:
        path = find(built, path)
    got, headers, _ = get(nginx, path)
    assert got == status
    expected = headers_file(built)
    assert {name: headers.get(name) for name in expected} == expected
    policy = (built / "_headers" / "csp.txt").read_text(encoding="utf-8").strip()
    assert headers["content-security-policy"] == policy


def test_the_policy_allows_only_the_site_and_webassembly(built: Path) -> None:
    policy = (built / "_headers" / "csp.txt").read_text(encoding="utf-8").strip()
    directives = {d.split()[0]: d.split()[1:] for d in policy.split("; ")}
    script = directives["script-src"]
    assert script[:2] == ["'self'", "'wasm-unsafe-eval'"]
    assert all(re.fullmatch(r"'sha256-[A-Za-z0-9+/]{43}='", s) for s in script[2:]), script
    assert "'unsafe-eval'" not in policy
    assert "'unsafe-inline'" not in script
    assert directives["default-src"] == ["'self'"]
    assert directives["connect-src"] == ["'self'"]
    assert directives["worker-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]
    assert directives["style-src-elem"] == ["'self'"]
    assert "*" not in policy
    assert "http" not in policy


@pytest.mark.parametrize("path", ["_headers/csp.txt", "_headers/nginx-csp.conf", "_headers/headers.txt", ".hidden"])
def test_build_files_and_dot_files_are_not_served(nginx: NginxSite, built: Path, path: str) -> None:
    hidden = built / ".hidden"
    if path == ".hidden":
        hidden.write_text("secret", encoding="utf-8")  # removed again: other tests read this build
    try:
        status, _, body = get(nginx, path)
    finally:
        hidden.unlink(missing_ok=True)
    assert status == 404
    assert b"secret" not in body
    assert b"add_header" not in body


def test_missing_page_gets_the_site_404_page(nginx: NginxSite) -> None:
    status, headers, body = get(nginx, "no-such-page/")
    assert status == 404
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert "404" in body.decode("utf-8")
    assert 'http-equiv="Content-Security-Policy"' in body.decode("utf-8")


def test_directory_redirect_is_relative_to_the_host(nginx: NginxSite) -> None:
    status, headers, _ = get(nginx, "calculator/score")
    assert status == 301
    assert headers["location"] == urlsplit(nginx.url).path + "calculator/score/"


@pytest.mark.parametrize("example", [SERVER_ROOT_EXAMPLE, SERVER_SUBPATH_EXAMPLE], ids=lambda p: p.name)
def test_server_examples_pass_nginx_t(served_site: ServedSite, tmp_path: Path, example: Path) -> None:
    """Both server examples, with only the address and root changed, are valid nginx configurations."""
    if not NGINX.exists():
        pytest.skip("nginx is not installed")
    link_snippets(tmp_path, site_dir(served_site.www, served_site.prefix) / "_headers" / "nginx-csp.conf")
    conf = write_nginx_config(tmp_path, server=server_block(example, port=free_port(), root=tmp_path))
    result = subprocess.run([*nginx_command(tmp_path, conf), "-t"], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
