"""localStorage unavailable (Safari private mode, a WeChat webview with storage off) or full.

The calculator works all the same, says once and quietly that the inputs cannot be saved here, and
nothing typed is lost: the address (and so the link) still carries the inputs.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.calculator_fixtures import expect_score, guarded_context, open_calculator, quick

pytestmark = pytest.mark.browser

# Reading window.localStorage throws, as in Chromium with site data blocked or some webviews.
STORAGE_DENIED = """
Object.defineProperty(window, "localStorage", {
  configurable: true,
  get() { throw new DOMException("The operation is insecure.", "SecurityError"); },
});
"""
# Every write throws, as when the quota is used up (and in old Safari private windows).
STORAGE_FULL = """
Storage.prototype.setItem = function () {
  throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
};
"""
NOTICE = "不允许本站保存数据"


def calculator_errors(errors: list[str]) -> list[str]:
    """Uncaught errors from our scripts (Material's own storage helpers may throw when storage is denied)."""
    return [e for e in errors if "/assets/calculator/" in e]


def expect_works_and_tells_once(page: Page) -> None:
    quick(page, "40", "35", "20")
    expect_score(page, "95", "五星")
    notice = page.locator("[data-gbt-storage]")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text(NOTICE)
    expect(notice).to_contain_text("链接")
    # Once and quietly: a single line, not an alert and not re-announced on every input.
    assert page.get_by_text(NOTICE).count() == 1
    assert notice.get_attribute("role") is None
    assert notice.get_attribute("aria-live") is None
    page.get_by_label("顾客服务（5.3）").fill("15")
    expect_score(page, "90", "四星")
    assert page.get_by_text(NOTICE).count() == 1
    expect(page.locator("[data-gbt-share-url]")).to_have_value(re.compile(r"#s1\."))


@pytest.mark.parametrize(
    ("script", "case"), [(STORAGE_DENIED, "denied"), (STORAGE_FULL, "full")], ids=["denied", "full"]
)
def test_calculator_works_without_storage_and_says_so_once(
    browser: Browser, site_url: str, script: str, case: str
) -> None:
    with guarded_context(browser, site_url) as ctx:
        page = ctx.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(f"{exc}\n{exc.stack}"))
        page.add_init_script(script)
        open_calculator(page, site_url, "score")
        expect_works_and_tells_once(page)

        # Nothing typed is lost: leave the page and come back; the address still has the inputs.
        page.locator(".md-nav--primary").get_by_role("link", name="评分与星级").click()
        expect(page).to_have_url(re.compile(r"/scoring/"))
        page.go_back()
        expect(page).to_have_url(re.compile(r"/calculator/score/#s1\."))
        expect_score(page, "90", "四星")
        expect(page.get_by_label("顾客服务（5.3）")).to_have_value("15")
        assert calculator_errors(errors) == [], f"{case}: {errors}"
