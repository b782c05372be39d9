"""JavaScript disabled: the knowledge pages stay fully readable, the calculators say what they need.

The calculator pages still show the worked example computed at build time.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from calculator._tools import TOOLS
from tests.browser.calculator_fixtures import expect_score, guarded_context

pytestmark = pytest.mark.browser


def test_pages_without_javascript(browser: Browser, site_url: str) -> None:
    with guarded_context(browser, site_url, java_script_enabled=False) as ctx:
        page = ctx.new_page()
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))

        page.goto(site_url)
        expect(page.locator("html")).to_have_class(re.compile(r"\bno-js\b"))  # really no script ran
        expect(page.locator("article h1")).to_be_visible()
        expect(page.locator("article")).to_contain_text("GB/T 27922")

        # The navigation is plain links: following one loads the page.
        page.locator(".md-nav--primary").get_by_role("link", name="评分与星级").click()
        expect(page).to_have_url(re.compile(r"/scoring/$"))
        expect(page.locator("article h1")).to_have_text(re.compile("评分与星级"))
        # Tables, admonitions and the content tabs (CSS only) are all there.
        expect(page.locator("article table").first).to_be_visible()
        expect(page.locator("article .admonition").first).to_be_visible()
        tabs = page.locator("article .tabbed-set").first
        expect(tabs).to_be_visible()
        labels = tabs.locator(".tabbed-labels > label")
        assert labels.count() >= 2
        labels.nth(1).click()
        expect(tabs.locator(".tabbed-block").nth(1)).to_be_visible()
        expect(tabs.locator(".tabbed-block").nth(0)).to_be_hidden()

        for calculator, tool in TOOLS.items():
            page.goto(f"{site_url}calculator/{calculator}/")
            expect(page.locator("article h1")).to_contain_text(tool.short_title)
            message = page.locator(".gbt-noscript")
            expect(message).to_be_visible()
            expect(message).to_contain_text("需要浏览器启用 JavaScript")
            expect(message).to_contain_text("WebAssembly")
            expect(message).to_contain_text("示例")
            # The load status would promise a load that never comes; the sharing tools need the runtime.
            expect(page.locator("[data-gbt-status]")).to_be_hidden()
            expect(page.locator(".gbt-share")).to_be_hidden()
            # The worked example, computed at build time by the same code, is readable.
            expect(page.locator("[data-gbt-result] .gbt-result")).to_be_visible()
            expect_example(page, calculator)

        heavy = [u for u in requests if "/assets/pyodide/" in u or "/_hashed/" in u or "worker.js" in u]
        assert heavy == []


def expect_example(page: Page, calculator: str) -> None:
    """The worked example of each tool, as the build computed it."""
    result = page.locator("[data-gbt-result]")
    if calculator == "score":
        expect_score(page, "89", "三星")
    elif calculator == "staffing":
        expect(result.locator("[data-gbt-required]")).to_have_text("5")
    elif calculator == "fees":
        expect(result.locator("[data-gbt-first-year]")).to_have_text("30500")  # 100 employees
    elif calculator == "plan":
        expect(result.locator("[data-gbt-feasible]")).to_have_text("来得及")  # six months ahead
        expect(result.locator(".gbt-timeline")).to_contain_text("提交认证申请")
    else:
        assert calculator == "checklist", f"no example check written for the tool {calculator!r}"
        expect(result.locator("[data-gbt-done]")).to_have_text("0")
