"""Chinese search (segmented at build time by jieba) finds the right page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

# A term a reader would type, and the page that must be among the first results.
CASES = [
    ("管理师", "managers/"),
    ("特别扣分", "scoring/"),
    ("证书", "verify/"),
    ("投诉", "complaints/"),
    ("人日", "fees/"),
    ("七星", "what-is/"),
    ("删减", "scoring/"),
    ("自查清单", "apply/"),
    ("迎审", "calculator/checklist/"),
    ("首次会议", "audit-day/"),
    ("整改", "audit-day/"),
    ("选择认证机构", "choose-body/"),
    ("培训机构", "bodies-and-consultants/"),
    ("咨询机构", "bodies-and-consultants/"),
    ("认证标志", "after-certification/"),
    ("转换认证机构", "after-certification/"),
]


def _search(page: Page, term: str) -> list[str]:
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    # keyboard.type sends CJK text as one insertText without key events; a key press makes the search react.
    page.keyboard.type(term)
    page.keyboard.press("End")
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    page.wait_for_timeout(300)
    hrefs: list[str] = page.eval_on_selector_all(
        ".md-search-result__item > a.md-search-result__link", "els => els.map(e => e.href)"
    )
    return hrefs


@pytest.mark.parametrize(("term", "expected"), CASES)
def test_search_finds_the_page(page: Page, site_url: str, term: str, expected: str) -> None:
    page.goto(site_url)
    hrefs = _search(page, term)
    pages = [h.split("?")[0].split("#")[0] for h in hrefs]
    top = list(dict.fromkeys(pages))[:3]
    assert site_url + expected in top, f"{term}: {site_url + expected} not in the first results {top}"


def test_search_result_opens_the_page(page: Page, site_url: str) -> None:
    page.goto(site_url)
    _search(page, "管理师")
    page.locator(f'.md-search-result__item > a.md-search-result__link[href^="{site_url}managers/"]').first.click()
    page.wait_for_url(f"{site_url}managers/**")
    page.wait_for_function(
        "() => document.querySelector('.md-content article h1')?.textContent.includes('售后服务管理师')"
    )
    # The search term is highlighted on the page it opened.
    assert page.locator(".md-content article mark").count() > 0
