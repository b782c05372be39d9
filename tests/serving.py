"""How the browser tests serve the site: which server (env SITE_SERVER) under which prefix (env SITE_PREFIX).

``site_server()`` picks nginx (the repository's deploy/nginx configuration, harness/nginx.py) or
the dev server (env ``SITE_SERVER=nginx|dev``; nginx when installed), ``site_prefix()`` the path
the site is served under (env ``SITE_PREFIX``, e.g. ``/gbt27922/``), and
``serve_nginx_reporting`` runs nginx with every CSP violation reported to a collector.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from harness.nginx import NGINX, NginxSite, serve_nginx
from harness.site import normalize_prefix
from tests.csp_reports import CspReports, csp_report_collector

__all__ = ["serve_nginx_reporting", "site_prefix", "site_server"]


def site_server() -> str:
    """'nginx' or 'dev': env SITE_SERVER, else nginx when it is installed."""
    chosen = os.environ.get("SITE_SERVER", "").strip().lower()
    if chosen:
        if chosen not in ("nginx", "dev"):
            raise ValueError(f"SITE_SERVER must be nginx or dev, not {chosen!r}")
        return chosen
    return "nginx" if NGINX.exists() else "dev"


def site_prefix() -> str:
    """The path the browser tests serve the site under: env SITE_PREFIX, default '/'."""
    return normalize_prefix(os.environ.get("SITE_PREFIX", "/"))


@contextmanager
def serve_nginx_reporting(
    www: Path, port: int, workdir: Path, *, prefix: str = "/"
) -> Iterator[tuple[NginxSite, CspReports]]:
    """Nginx as deployed, except that the policy carries a report-uri whose reports are kept."""
    with (
        csp_report_collector() as (reports, collector_port),
        serve_nginx(www, port, workdir, prefix=prefix, csp_report_to=collector_port) as site,
    ):
        yield site, reports
