"""Browser fixtures: one built site served on 127.0.0.1, Debian's Chromium via Playwright.

The server is nginx with the repository's deploy/nginx configuration when nginx is installed, else
the dev server (env ``SITE_SERVER=nginx|dev``); env ``SITE_PREFIX=/gbt27922/`` serves the whole
suite under a sub-path. Every page fixture fails the test if any request leaves the site's origin.

Content-Security-Policy violations fail the test during which they happen, whichever context
or page produced them: every browser context of the session reports ``securitypolicyviolation``
events of its documents, and under nginx the policy carries a ``report-uri`` whose reports
(documents and workers alike) are collected too.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, Request, sync_playwright

from harness.chromium import CHROMIUM, CHROMIUM_ARGS
from harness.site import build_site, free_port, normalize_prefix, serve_dev, site_dir
from tests.csp_reports import CspReports
from tests.default_site import default_site, port_is_free
from tests.serving import serve_nginx_reporting, site_prefix, site_server

pytestmark = pytest.mark.browser

# Reports every CSP violation of a document to Python (the binding survives navigations).
RECORD_CSP = """
document.addEventListener("securitypolicyviolation", (event) => {
  const report = {
    page: location.href,
    directive: event.effectiveDirective,
    blocked: event.blockedURI,
    source: event.sourceFile,
    line: event.lineNumber,
    sample: event.sample,
  };
  if (typeof window.__gbtCspViolation === "function") window.__gbtCspViolation(report);
});
"""


@dataclass
class ServedSite:
    url: str  # http://127.0.0.1:<port><prefix>
    server: str  # "nginx" or "dev"
    prefix: str
    www: Path  # the server's root; the site is www/<prefix>
    reports: CspReports | None  # nginx: the policy's report-uri collects here


@dataclass
class CspViolations:
    """Violations seen by any browser context of the session (documents), and the servers' reports.

    `take()` returns what arrived since the previous call: a violation during a module-scoped
    fixture's set-up fails the next test, a late report the test after it, none is lost.
    """

    seen: list[dict[str, Any]] = field(default_factory=list)
    sources: list[CspReports] = field(default_factory=list)
    _cursor: dict[int, int] = field(default_factory=dict)

    def take(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        start = self._cursor.get(-1, 0)
        found += self.seen[start:]
        self._cursor[-1] = start + len(self.seen[start:])
        for source in self.sources:
            reports = source.snapshot()
            start = self._cursor.get(id(source), 0)
            found += [{"report": r} for r in reports[start:]]
            self._cursor[id(source)] = len(reports)
        return found


def describe(violations: list[dict[str, Any]]) -> str:
    return "Content-Security-Policy violations:\n" + "\n".join(
        json.dumps(v, ensure_ascii=False)[:800] for v in violations
    )


def served(tmp_path_factory: pytest.TempPathFactory, prefix: str, violations: CspViolations) -> Iterator[ServedSite]:
    """Serve the site for `prefix` (nginx or the dev server): the shared default build for "/", else a build of its own."""
    server = site_server()
    shared = default_site(tmp_path_factory) if normalize_prefix(prefix) == "/" else None
    if shared is not None and port_is_free(shared.port):
        port, www = shared.port, shared.root
    else:
        port = free_port()
        www = tmp_path_factory.mktemp("www")
        result = build_site(site_dir(www, prefix), port, prefix=prefix)
        assert result.returncode == 0, result.stderr[-4000:]
    if server == "nginx":
        with serve_nginx_reporting(www, port, tmp_path_factory.mktemp("nginx"), prefix=prefix) as (site, reports):
            violations.sources.append(reports)
            yield ServedSite(site.url, "nginx", prefix, www, reports)
            time.sleep(0.5)  # the browser sends reports asynchronously: let the last ones arrive
    else:
        with serve_dev(www, port) as url:
            yield ServedSite(url.rstrip("/") + prefix, "dev", prefix, www, None)


@pytest.fixture(scope="session")
def served_site(tmp_path_factory: pytest.TempPathFactory, csp_violations: CspViolations) -> Iterator[ServedSite]:
    """The site served for the browser tests (the shared default build unless SITE_PREFIX asks for another)."""
    yield from served(tmp_path_factory, site_prefix(), csp_violations)


@pytest.fixture(scope="session")
def site_url(served_site: ServedSite) -> str:
    return served_site.url


@pytest.fixture(scope="session")
def csp_violations() -> CspViolations:
    return CspViolations()


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium)")
    with sync_playwright() as p:
        yield p


def record_csp(ctx: BrowserContext, violations: CspViolations) -> None:
    """Make a context report its documents' CSP violations into `violations`."""
    ctx.expose_binding("__gbtCspViolation", lambda _source, report: violations.seen.append(report))
    ctx.add_init_script(RECORD_CSP)


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright, csp_violations: CspViolations) -> Iterator[Browser]:
    b = playwright_instance.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    new_context = b.new_context

    # Every context made from this browser (the fixtures here, calculator_fixtures.guarded_context,
    # a test's own) records CSP violations: the check must not depend on which helper made the page.
    def recording_new_context(**options: Any) -> BrowserContext:
        ctx = new_context(**options)
        record_csp(ctx, csp_violations)
        return ctx

    b.new_context = recording_new_context  # type: ignore[method-assign]
    yield b
    b.close()


@pytest.fixture(autouse=True)
def no_csp_violations(csp_violations: CspViolations) -> Iterator[None]:
    """Fails the test when a CSP violation was seen or reported (see CspViolations.take)."""
    yield
    found = csp_violations.take()
    assert found == [], describe(found)


@pytest.fixture(scope="session", autouse=True)
def no_late_csp_reports(csp_violations: CspViolations) -> Iterator[None]:
    """Violations that arrived after the last test's check (reports are sent asynchronously)."""
    yield
    found = csp_violations.take()
    assert found == [], describe(found)


class OffOrigin:
    """Collects every request that leaves the site's origin."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.requests: list[str] = []

    def __call__(self, request: Request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("data", "blob", "about"):
            return
        if f"{parts.scheme}://{parts.netloc}" != self.origin:
            self.requests.append(request.url)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@pytest.fixture
def context(browser: Browser, site_url: str) -> Iterator[BrowserContext]:
    ctx = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    guard = OffOrigin(_origin(site_url))
    ctx.on("request", guard)
    # Block anything off-origin so a stray request cannot hang a test on this offline machine.
    ctx.route(lambda url: not url.startswith(site_url), lambda route: route.abort())
    yield ctx
    ctx.close()
    assert guard.requests == [], f"requests left the origin: {guard.requests}"


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()
