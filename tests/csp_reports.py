"""Content-Security-Policy violation reports: a loopback endpoint that keeps what the browser POSTs to it."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

__all__ = ["CspReports", "csp_report_collector"]


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
