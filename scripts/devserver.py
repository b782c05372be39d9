"""Tiny static server for the built site, bound to the loopback interface only.

- MIME types that Pyodide needs (``.wasm`` as application/wasm, ``.mjs``/``.js`` as text/javascript);
- a precompressed ``X.br`` / ``X.gz`` sibling when the client accepts it
  (``Content-Encoding`` + ``Vary: Accept-Encoding``);
- ``Cache-Control: no-cache`` by default, ``public, max-age=31536000, immutable`` for content-hashed
  paths (a ``_hashed/`` directory or a name like ``main.6f8fc17f.min.js``);
- ``Last-Modified`` / ``If-Modified-Since``, no directory listings, the site's ``404.html``.

Usage: ``python scripts/devserver.py [--root site] [--port 8000]``; tests call ``make_server()``.
"""

from __future__ import annotations

import argparse
import email.utils
import functools
import io
import ipaddress
import mimetypes
import os
import re
import sys
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

MIME_TYPES: dict[str, str] = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".webmanifest": "application/manifest+json",
    ".wasm": "application/wasm",
    ".zip": "application/zip",
    ".whl": "application/zip",
    ".tar": "application/x-tar",
    ".txt": "text/plain; charset=utf-8",
    ".toml": "text/plain; charset=utf-8",
    ".md": "text/plain; charset=utf-8",
    ".xml": "application/xml",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".ico": "image/x-icon",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".pdf": "application/pdf",
    ".gz": "application/gzip",
    ".br": "application/octet-stream",
}
# (Content-Encoding token, file suffix), in order of preference.
PRECOMPRESSED: tuple[tuple[str, str], ...] = (("br", ".br"), ("gzip", ".gz"))
HASHED_NAME = re.compile(r"\.[0-9a-f]{8,}\.")
IMMUTABLE = "public, max-age=31536000, immutable"
NO_CACHE = "no-cache"


def content_type(path: Path) -> str:
    known = MIME_TYPES.get(path.suffix.lower())
    if known:
        return known
    guessed, _ = mimetypes.guess_type(path.name)
    return guessed or "application/octet-stream"


def cache_control(url_path: str) -> str:
    parts = url_path.split("/")
    if "_hashed" in parts[:-1] or HASHED_NAME.search(parts[-1]):
        return IMMUTABLE
    return NO_CACHE


def accepted_encodings(header: str) -> set[str]:
    """Codings the client accepts (q > 0) from an Accept-Encoding header."""
    accepted: set[str] = set()
    for item in header.split(","):
        name, _, params = item.partition(";")
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if name.strip() and quality > 0:
            accepted.add(name.strip().lower())
    return accepted


class SiteServer(ThreadingHTTPServer):
    quiet: bool = False


class SiteRequestHandler(SimpleHTTPRequestHandler):
    server: SiteServer
    server_version = "devserver"
    protocol_version = "HTTP/1.1"  # keep-alive; every response carries Content-Length

    def send_head(self) -> BinaryIO | None:
        url_path = urlsplit(self.path).path
        target = Path(self.translate_path(self.path))
        if target.is_dir():
            if not url_path.endswith("/"):
                query = urlsplit(self.path).query
                self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                self.send_header("Location", url_path + "/" + (f"?{query}" if query else ""))
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            target = target / "index.html"
            url_path += "index.html"
        elif url_path.endswith("/"):
            return self.send_not_found()
        if not target.is_file():
            return self.send_not_found()

        variants = [(coding, target.with_name(target.name + suffix)) for coding, suffix in PRECOMPRESSED]
        variants = [(coding, path) for coding, path in variants if path.is_file()]
        accepted = accepted_encodings(self.headers.get("Accept-Encoding", ""))
        coding, body = next(((c, p) for c, p in variants if c in accepted), (None, target))

        stat = target.stat()
        if self.not_modified_since(stat.st_mtime):
            self.send_response(HTTPStatus.NOT_MODIFIED)
            self.send_common_headers(url_path, vary=bool(variants))
            self.end_headers()
            return None

        f = body.open("rb")
        try:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", content_type(target))
            self.send_header("Content-Length", str(os.fstat(f.fileno()).st_size))
            if coding:
                self.send_header("Content-Encoding", coding)
            self.send_common_headers(url_path, vary=bool(variants))
            self.send_header("Last-Modified", email.utils.formatdate(stat.st_mtime, usegmt=True))
            self.end_headers()
        except BaseException:
            f.close()
            raise
        return f

    def send_common_headers(self, url_path: str, *, vary: bool) -> None:
        self.send_header("Cache-Control", cache_control(url_path))
        self.send_header("X-Content-Type-Options", "nosniff")
        if vary:
            self.send_header("Vary", "Accept-Encoding")

    def not_modified_since(self, mtime: float) -> bool:
        header = self.headers.get("If-Modified-Since")
        if not header or self.headers.get("If-None-Match"):
            return False
        try:
            since = email.utils.parsedate_to_datetime(header)
        except (TypeError, ValueError, IndexError, OverflowError):
            return False
        return int(mtime) <= since.timestamp()

    def send_not_found(self) -> BinaryIO | None:
        page = Path(self.directory) / "404.html"
        if not page.is_file():
            self.send_error(HTTPStatus.NOT_FOUND, "File not found")
            return None
        data = page.read_bytes()
        self.send_response(HTTPStatus.NOT_FOUND)
        self.send_header("Content-Type", MIME_TYPES[".html"])
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", NO_CACHE)
        self.end_headers()
        return io.BytesIO(data)

    def log_message(self, format: str, *args: object) -> None:
        if not self.server.quiet:
            super().log_message(format, *args)


def make_server(root: Path, host: str = "127.0.0.1", port: int = 0, *, quiet: bool = False) -> ThreadingHTTPServer:
    """A server for ``root`` on a loopback address (port 0: a free port); call ``serve_forever()``."""
    if host != "localhost" and not ipaddress.ip_address(host).is_loopback:
        raise ValueError(f"refusing to bind {host}: the dev server listens on the loopback interface only")
    root = Path(root).resolve()
    if not root.is_dir():
        raise FileNotFoundError(f"no such directory: {root}")
    handler = functools.partial(SiteRequestHandler, directory=str(root))
    server = SiteServer((host, port), handler)
    server.quiet = quiet
    return server


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--root", type=Path, default=Path("site"), help="directory to serve (default: site)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")), help="default: $PORT or 8000")
    parser.add_argument("--quiet", action="store_true", help="do not log requests")
    args = parser.parse_args(argv)
    try:
        server = make_server(args.root, port=args.port, quiet=args.quiet)
    except (OSError, ValueError) as exc:
        print(f"devserver: {exc}", file=sys.stderr)
        return 1
    host, port = server.server_address[:2]
    print(f"Serving {args.root}/ at http://{host!s}:{port}/  (Ctrl+C to stop)", flush=True)
    with server:
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            print("\nstopped", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
