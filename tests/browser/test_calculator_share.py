"""Links, saved inputs, the QR code and the printed report."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.calculator_fixtures import (
    expect_score,
    fill,
    guarded_context,
    open_calculator,
    quick,
    wait_ready,
)

pytestmark = pytest.mark.browser

STORAGE_KEY = "gbt27922.score.v1"
SHARE = "当前输入的链接"


def fill_detailed(page: Page) -> None:
    page.get_by_label("详细计分（15 项二级指标逐项评价）").check()
    page.get_by_label("5.3.1 顾客关系").select_option("partial")
    fill(page, "顾客关系：抽查样本数", "8")
    fill(page, "顾客关系：其中不符合的样本数", "2")
    page.get_by_label("5.2.6 废弃商品回收").select_option("na")
    fill(page, "不符合企业有关服务制度的要求", "2")
    page.get_by_label("有特别加分项（加 1 分）").check()


def test_share_link_round_trip_in_a_fresh_browser(browser: Browser, site_url: str) -> None:
    with guarded_context(browser, site_url) as first:
        page = first.new_page()
        open_calculator(page, site_url, "score")
        fill_detailed(page)
        expect_score(page, "95.84", "五星")
        share = page.get_by_label(SHARE)
        expect(share).to_have_value(re.compile(r"#s1\.d_"))
        link = share.input_value()
        assert link == page.url  # the address bar holds the same state
        assert len(link) - len(site_url) < 120

    with guarded_context(browser, site_url) as second:
        page = second.new_page()
        page.goto(link)
        wait_ready(page)
        expect_score(page, "95.84", "五星")
        expect(page.locator("[data-gbt-note]")).to_contain_text("已按链接中的输入计算")
        expect(page.get_by_label("详细计分（15 项二级指标逐项评价）")).to_be_checked()
        expect(page.get_by_label("5.3.1 顾客关系")).to_have_value("partial")
        expect(page.get_by_label("顾客关系：抽查样本数")).to_have_value("8")
        expect(page.get_by_label("5.2.6 废弃商品回收")).to_have_value("na")
        expect(page.get_by_label("不符合企业有关服务制度的要求")).to_have_value("2")
        expect(page.get_by_label("有特别加分项（加 1 分）")).to_be_checked()


@pytest.fixture(scope="module")
def link_page(browser: Browser, site_url: str) -> Iterator[Page]:
    """One tab for opening many links (the runtime then comes from this browser's cache)."""
    with guarded_context(browser, site_url) as ctx:
        yield ctx.new_page()


# Truncated, other-version, markup and oversized links: tests/browser/test_security_links.py, on every page.
@pytest.mark.parametrize(
    ("fragment", "needle"),
    [
        ("#s1.q_36_31_22_0_0_0_0_0.0000000", "校验不通过"),  # tampered: the right length, wrong check digits
        ("#t1.12_35_600_3.0w71lgi", "管理师配置"),  # the staffing calculator's link, opened on the score page
    ],
)
def test_bad_links_give_a_message_and_a_working_page(
    link_page: Page, site_url: str, fragment: str, needle: str
) -> None:
    page = link_page
    errors: list[str] = []

    def record(exc: Exception) -> None:
        errors.append(str(exc))

    page.on("pageerror", record)
    page.goto("about:blank")
    page.goto(f"{site_url}calculator/score/{fragment}")
    wait_ready(page)
    note = page.locator("[data-gbt-note]")
    expect(note).to_contain_text("链接无法使用")
    expect(note).to_contain_text(needle)
    expect_score(page, "89", "三星")  # the example values, computed
    assert page.evaluate("() => window.__pwned") is None
    assert page.locator("[data-gbt-calc] img:not([data-gbt-qr])").count() == 0
    quick(page, "40", "35", "20")
    expect_score(page, "95", "五星")
    page.remove_listener("pageerror", record)
    assert errors == []


def test_inputs_are_saved_in_this_browser_restored_and_cleared(browser: Browser, site_url: str) -> None:
    with guarded_context(browser, site_url) as ctx:
        page = ctx.new_page()
        open_calculator(page, site_url, "score")
        quick(page, "39", "34", "21.5")
        expect_score(page, "94.5", "四星")
        state = page.get_by_label(SHARE).input_value().split("#", 1)[1]
        page.wait_for_function(f"() => localStorage.getItem({STORAGE_KEY!r}) === {state!r}")

        again = ctx.new_page()  # same browser profile, no link
        open_calculator(again, site_url, "score")
        expect_score(again, "94.5", "四星")
        expect(again.get_by_label("顾客服务（5.3）")).to_have_value("21.5")
        expect(again.locator("[data-gbt-note]")).to_contain_text("已恢复你上次在本浏览器中填写的输入")

        again.get_by_role("button", name="清除已保存的输入").click()
        expect(again.get_by_label("顾客服务（5.3）")).to_have_value("22")
        expect_score(again, "89", "三星")
        expect(again.locator("[data-gbt-note]")).to_contain_text("已清除")
        assert again.evaluate(f"() => localStorage.getItem({STORAGE_KEY!r})") is None
        assert "#" not in again.url

        again.reload()
        wait_ready(again)
        expect(again.get_by_label("顾客服务（5.3）")).to_have_value("22")
        expect(again.locator("[data-gbt-note]")).not_to_contain_text("已恢复")


def test_copy_link_button_and_qr_code(browser: Browser, site_url: str) -> None:
    with guarded_context(browser, site_url, permissions=["clipboard-read", "clipboard-write"]) as ctx:
        page = ctx.new_page()
        open_calculator(page, site_url, "staffing")
        fill(page, "总部的服务管理人员", "20")
        expect(page.locator("[data-gbt-result] [data-gbt-required]")).to_have_text("6")
        share = page.get_by_label(SHARE)
        expect(share).to_have_value(re.compile(r"#t1\.20_35_600_3\."))
        page.get_by_role("button", name="复制链接").click()
        expect(page.locator("[data-gbt-share-msg]")).to_have_text("链接已复制。")
        assert page.evaluate("() => navigator.clipboard.readText()") == share.input_value()
        qr = page.get_by_role("img", name="当前输入的链接二维码")
        expect(qr).to_be_visible()
        expect(qr).to_have_attribute("src", re.compile(r"^data:image/svg\+xml"))
        first = qr.get_attribute("src")
        fill(page, "总部的服务管理人员", "21")
        expect(qr).not_to_have_attribute("src", first or "")


@pytest.mark.parametrize("calculator", ["score", "staffing"])
def test_print_view_is_one_a4_report(browser: Browser, site_url: str, calculator: str) -> None:
    with guarded_context(browser, site_url) as ctx:
        page = ctx.new_page()
        open_calculator(page, site_url, calculator)
        if calculator == "score":
            fill_detailed(page)  # the longest report
            expect_score(page, "95.84", "五星")
        expect(page.get_by_role("img", name="当前输入的链接二维码")).to_be_visible()
        page.emulate_media(media="print")
        expect(page.locator(".gbt-calc__form")).to_be_hidden()
        expect(page.locator(".md-sidebar--primary")).to_be_hidden()
        expect(page.locator(".gbt-print__org-name")).not_to_have_text("")
        expect(page.locator(".gbt-print__header")).to_contain_text(re.compile(r"日期：\d{4}年\d{1,2}月\d{1,2}日"))
        expect(page.locator(".gbt-inputs")).to_be_visible()
        expect(page.locator(".gbt-assumptions")).to_be_visible()
        expect(page.locator(".gbt-print__footer")).to_contain_text("不代表任何认证机构的评价结论")
        expect(page.get_by_role("img", name="当前输入的链接二维码")).to_be_visible()
        pdf = page.pdf(format="A4", print_background=True)
        pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
        assert pages == 1, f"the report takes {pages} A4 pages"
