"""Browser fixtures: one built site served on 127.0.0.1, Debian's Chromium via Playwright.

Every page fixture fails the test if any request leaves the site's origin.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, Request, sync_playwright

from tests.helpers import build_site, free_port, serve

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The default site, built once per test session and served on a free port."""
    port = free_port()
    dest = tmp_path_factory.mktemp("site")
    result = build_site(dest, port)
    assert result.returncode == 0, result.stderr[-4000:]
    with serve(dest, port) as url:
        yield url


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium)")
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    b = playwright_instance.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    yield b
    b.close()


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
