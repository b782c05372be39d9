"""The site deployed under a sub-path (http://host/gbt27922/) works as well as at the root.

The rest of the browser suite covers the site at the root (or under SITE_PREFIX); this module builds
it a second time for the other case and serves it the same way (nginx with gbt27922-subpath.conf,
or the dev server): the home page, a content page, instant navigation, a calculator, the 404 page,
and not one request outside the prefix.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.calculator_fixtures import expect_score, guarded_context, quick, wait_ready
from tests.browser.conftest import CspViolations, ServedSite, served
from tests.serving import site_prefix

pytestmark = pytest.mark.browser

SUBPATH = "/gbt27922/"


@pytest.fixture(scope="module")
def other_site(tmp_path_factory: pytest.TempPathFactory, csp_violations: CspViolations) -> Iterator[ServedSite]:
    """The site under /gbt27922/, or at the root when the whole suite already runs under a prefix."""
    prefix = SUBPATH if site_prefix() == "/" else "/"
    yield from served(tmp_path_factory, prefix, csp_violations)


@pytest.fixture(scope="module")
def requests_seen() -> list[str]:
    return []


@pytest.fixture(scope="module")
def ctx(browser: Browser, other_site: ServedSite, requests_seen: list[str]) -> Iterator[BrowserContext]:
    with guarded_context(browser, other_site.url) as context:
        context.on("request", lambda r: requests_seen.append(r.url))
        yield context


@pytest.fixture
def page(ctx: BrowserContext) -> Iterator[Page]:
    page = ctx.new_page()
    yield page
    page.close()


def styled(page: Page) -> bool:
    """True when Material's stylesheet applied (the header is a fixed bar)."""
    return bool(page.evaluate("() => getComputedStyle(document.querySelector('.md-header')).position === 'sticky'"))


def test_home_and_content_pages(page: Page, other_site: ServedSite) -> None:
    page.goto(other_site.url)
    expect(page).to_have_title(re.compile("售后服务认证指南"))
    assert styled(page)
    page.goto(f"{other_site.url}scoring/")
    expect(page.locator("article h1")).to_have_text(re.compile("评分与星级"))
    assert styled(page)
    # The logo goes back to the prefix, not to the server's root.
    href = page.locator("a.md-logo").first.get_attribute("href") or ""
    assert page.evaluate("(href) => new URL(href, location.href).href", href) == other_site.url


def test_instant_navigation_stays_under_the_prefix(page: Page, other_site: ServedSite) -> None:
    page.goto(other_site.url)
    page.evaluate("() => { window.__sameDocument = true; }")
    nav = page.locator(".md-nav--primary")
    nav.get_by_role("link", name="评分与星级").click()
    expect(page).to_have_url(f"{other_site.url}scoring/")
    nav.get_by_role("link", name="售后服务管理师").click()
    expect(page).to_have_url(f"{other_site.url}managers/")
    expect(page.locator("article h1")).to_have_text(re.compile("售后服务管理师"))
    assert page.evaluate("() => window.__sameDocument") is True  # no full page load happened


def test_calculator_computes(page: Page, other_site: ServedSite) -> None:
    page.goto(f"{other_site.url}calculator/score/")
    wait_ready(page)
    quick(page, "40", "35", "20")
    expect_score(page, "95", "五星")
    share = page.get_by_label("当前输入的链接").input_value()
    assert share.startswith(f"{other_site.url}calculator/score/#s1.")


def test_missing_page_shows_the_styled_404_page(page: Page, other_site: ServedSite) -> None:
    response = page.goto(f"{other_site.url}no-such-page/")
    assert response is not None
    assert response.status == 404
    if other_site.server == "nginx":  # the dev server only knows a 404.html at its root
        expect(page.locator("article h1")).to_have_text("404 - Not found")
        assert styled(page)


def test_nothing_is_requested_outside_the_prefix(other_site: ServedSite, requests_seen: list[str]) -> None:
    """Runs last in this module: every request the pages above made stayed under the prefix."""
    assert requests_seen, "the tests above made no request"
    outside = [u for u in requests_seen if not u.startswith(other_site.url) and not u.startswith(("data:", "blob:"))]
    assert outside == []
