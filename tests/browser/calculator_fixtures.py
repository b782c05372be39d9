"""Helpers for the calculator browser tests (plain functions; each test module defines its fixtures).

`guarded_context` gives a browser context like conftest's `context` fixture (zh-CN, off-origin
requests blocked and reported) but usable for a module-scoped page, so one Pyodide load can serve
several assertions.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import Browser, BrowserContext, Page, Request, expect

READY = '[data-gbt-status][data-stage="ready"]'
FAILED = '[data-gbt-status][data-stage="failed"]'
LOAD_TIMEOUT = 90_000  # a cold Pyodide start is ~5 s here; CI machines can be much slower
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@contextmanager
def guarded_context(browser: Browser, site_url: str, **options: Any) -> Iterator[BrowserContext]:
    """A fresh (incognito) context; fails on exit if any request left the site's origin."""
    options.setdefault("locale", "zh-CN")
    options.setdefault("viewport", DESKTOP)
    ctx = browser.new_context(**options)
    left: list[str] = []
    own = origin(site_url)

    def watch(request: Request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme not in ("data", "blob", "about") and origin(request.url) != own:
            left.append(request.url)

    ctx.on("request", watch)
    ctx.route(lambda url: not url.startswith(site_url), lambda route: route.abort())
    try:
        yield ctx
    finally:
        ctx.close()
    assert left == [], f"requests left the origin: {left}"


def wait_ready(page: Page, timeout: float = LOAD_TIMEOUT) -> None:
    page.wait_for_selector(READY, timeout=timeout)


def open_calculator(page: Page, site_url: str, calculator: str, fragment: str = "") -> None:
    page.goto(f"{site_url}calculator/{calculator}/{fragment}")
    wait_ready(page)


def fill(page: Page, label: str, value: str) -> None:
    page.get_by_label(label, exact=True).fill(value)


def quick(page: Page, a: str, b: str, c: str) -> None:
    """Fill the three first-level scores of the quick mode by their labels."""
    page.get_by_label("快速计分（3 项一级指标得分）").check()
    fill(page, "售后服务体系（5.1）", a)
    fill(page, "商品服务（5.2）", b)
    fill(page, "顾客服务（5.3）", c)


def score_text(page: Page) -> str:
    return page.locator("[data-gbt-result] [data-gbt-score]").inner_text()


def expect_score(page: Page, score: str, grade_short: str) -> None:
    expect(page.locator("[data-gbt-result] [data-gbt-score]")).to_have_text(score)
    expect(page.locator("[data-gbt-result] .gbt-badge__label")).to_have_text(grade_short)


def error_for(page: Page, name: str) -> str:
    return page.locator(f'[data-gbt-error-for="{name}"]').inner_text()


# Records every change of the load status shown on the page (stage|text), in order.
RECORD_STAGES = """
window.__gbtStages = [];
new MutationObserver(() => {
  const el = document.querySelector('[data-gbt-status]');
  if (!el) return;
  const entry = el.dataset.stage + '|' + el.querySelector('[data-gbt-status-text]').textContent;
  if (window.__gbtStages[window.__gbtStages.length - 1] !== entry) window.__gbtStages.push(entry);
}).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
"""
