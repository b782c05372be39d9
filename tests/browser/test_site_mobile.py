"""At a phone's width (390 × 844), no page scrolls sideways; wide tables scroll inside their own box."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext

from tests.site.sitecheck import PAGES

pytestmark = pytest.mark.browser


@pytest.fixture
def phone(browser: Browser, site_url: str) -> Iterator[BrowserContext]:
    """A phone context with the same guard as the shared fixtures: no request may leave the origin."""
    ctx = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(site_url))
    off_origin: list[str] = []
    ctx.on(
        "request",
        lambda r: (
            off_origin.append(r.url)
            if urlsplit(r.url).scheme not in ("data", "blob", "about")
            and "{0.scheme}://{0.netloc}".format(urlsplit(r.url)) != origin
            else None
        ),
    )
    ctx.route(lambda url: not url.startswith(site_url), lambda route: route.abort())
    yield ctx
    ctx.close()
    assert off_origin == [], off_origin


@pytest.mark.parametrize("url_path", list(PAGES))
def test_no_horizontal_scroll_at_phone_width(phone: BrowserContext, site_url: str, url_path: str) -> None:
    page = phone.new_page()
    page.goto(site_url + url_path)
    page.wait_for_load_state("load")
    widths = page.evaluate("() => [document.documentElement.scrollWidth, document.body.scrollWidth, window.innerWidth]")
    assert max(widths[0], widths[1]) <= widths[2], f"{url_path or '/'}: page is {widths[0]}px wide at {widths[2]}px"
    # Nothing in the article sticks out of the viewport except inside a scrolling box.
    sticking_out = page.evaluate(
        """() => {
            const w = window.innerWidth;
            const out = [];
            for (const el of document.querySelectorAll('article *')) {
                const r = el.getBoundingClientRect();
                if (r.width === 0 || r.right <= w + 1) continue;
                let p = el.parentElement, clipped = false;
                while (p && p !== document.body) {
                    const s = getComputedStyle(p);
                    if (['auto', 'scroll', 'hidden'].includes(s.overflowX) && p.getBoundingClientRect().right <= w + 1) {
                        clipped = true; break;
                    }
                    p = p.parentElement;
                }
                if (!clipped) out.push(el.tagName + '.' + el.className);
            }
            return out.slice(0, 5);
        }"""
    )
    assert sticking_out == [], f"{url_path or '/'}: elements wider than the screen: {sticking_out}"
    page.close()


def test_phone_navigation_drawer_opens(phone: BrowserContext, site_url: str) -> None:
    page = phone.new_page()
    page.goto(site_url)
    page.locator('label.md-header__button[for="__drawer"]').click()
    drawer = page.locator("nav.md-nav--primary")
    drawer.get_by_text("评分与星级").first.wait_for(state="visible")
    page.close()
