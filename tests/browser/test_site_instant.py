"""navigation.instant works: following a link swaps the page without a full reload."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

pytestmark = pytest.mark.browser


def test_nav_link_does_not_reload_the_page(page: Page, site_url: str) -> None:
    page.goto(site_url)
    page.evaluate("() => { window.__marker = 1; }")
    page.locator('nav.md-nav--primary a.md-nav__link[href$="scoring/"]').first.click()
    page.wait_for_url(f"{site_url}scoring/")
    page.wait_for_function("() => document.querySelector('.md-content article h1')?.textContent.includes('评分与星级')")
    assert page.evaluate("() => window.__marker") == 1, "the page was fully reloaded: navigation.instant is off"


def test_content_link_and_back_keep_the_document(page: Page, site_url: str) -> None:
    page.goto(site_url + "faq/")
    page.evaluate("() => { window.__marker = 2; }")
    page.locator('article a[href$="managers/#how-to-count"]').first.click()
    page.wait_for_url(f"{site_url}managers/#how-to-count")
    page.wait_for_function(
        "() => document.querySelector('.md-content article h1')?.textContent.includes('售后服务管理师')"
    )
    page.go_back()
    page.wait_for_url(f"{site_url}faq/")
    assert page.evaluate("() => window.__marker") == 2


def test_instant_navigation_is_enabled_by_a_matching_site_url(page: Page, site_url: str) -> None:
    """Material turns instant navigation off silently when site_url does not match the serving origin."""
    page.goto(site_url)
    assert page.evaluate("() => __md_scope.href") == site_url
    features = page.evaluate("() => JSON.parse(document.querySelector('#__config').textContent).features")
    assert "navigation.instant" in features
