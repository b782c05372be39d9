"""The 费用估算 page and its links, as a person uses them: headcount in, man-days and costs out, a one-page quote."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser.calculator_fixtures import PHONE, fill, guarded_context, open_calculator, wait_ready

pytestmark = pytest.mark.browser

EMPLOYEES = "企业员工人数"
CATEGORIES = "产品或服务类别数"
OUTLETS = "固定服务网点的人数（选填）"


@pytest.fixture(scope="module")
def fees_page(browser: Browser, site_url: str) -> Iterator[Page]:
    with guarded_context(browser, site_url) as ctx:
        page = ctx.new_page()
        open_calculator(page, site_url, "fees")
        yield page


@pytest.fixture
def calc(fees_page: Page) -> Page:
    fees_page.get_by_role("button", name="清除已保存的输入").click()
    expect(first_year(fees_page)).to_have_text("30500")
    return fees_page


def first_year(page: Page) -> Locator:
    return page.locator("[data-gbt-result] [data-gbt-first-year]")


def days(page: Page, stage: str) -> Locator:
    return page.locator(f'[data-gbt-result] [data-gbt-days="{stage}"]')


def test_the_example_is_the_100_employee_company(calc: Page) -> None:
    result = calc.locator("[data-gbt-result]")
    expect(result).to_contain_text("之后每年11000 元")
    expect(result).to_contain_text("3 年合计52500 元")
    expect(result).to_contain_text("8.5 人日 × 3000 元")
    expect(result).to_contain_text("单一来源")
    expect(result).to_contain_text("不在估算之内")


@pytest.mark.parametrize(
    ("employees", "initial", "first"),
    [
        ("10", "3", "14000"),
        ("11", "4", "17000"),
        ("25", "4", "17000"),
        ("26", "6", "23000"),
        ("1175", "14.5", "48500"),
        ("1176", "16", "53000"),
        ("1200", "16", "53000"),
        ("1550", "16", "53000"),
        ("1551", "17", "56000"),
    ],
)
def test_band_edges(calc: Page, employees: str, initial: str, first: str) -> None:
    fill(calc, EMPLOYEES, employees)
    expect(days(calc, "initial")).to_have_text(initial)
    expect(first_year(calc)).to_have_text(first)


def test_categories_and_outlets_add_man_days(calc: Page) -> None:
    fill(calc, CATEGORIES, "3")
    fill(calc, OUTLETS, "5，30")
    expect(days(calc, "initial")).to_have_text("13")  # 8.5 + 2 × 0.5 + 1 + 2.5
    expect(calc.locator("[data-gbt-result]")).to_contain_text("第 2 个固定服务网点 30 人（26–45 人一档）")


@pytest.mark.parametrize(
    ("label", "name", "typed", "needle"),
    [
        (EMPLOYEES, "employees", "10701", "超出了人日数对照表的范围（1 到 10700 人）"),
        (EMPLOYEES, "employees", "9000", "原表缺少这一档的监督审核和再认证人日数"),
        (EMPLOYEES, "employees", "", "请填写企业员工人数"),
        (OUTLETS, "outlets", "5, 十", "第 2 个网点的人数“十”不是整数"),
    ],
)
def test_beyond_the_table_is_said_next_to_the_field(calc: Page, label: str, name: str, typed: str, needle: str) -> None:
    fill(calc, label, typed)
    expect(calc.locator(f'[data-gbt-error-for="{name}"]')).to_contain_text(needle)
    expect(first_year(calc)).to_have_text("30500")  # the last valid result stays
    expect(calc.locator("[data-gbt-note]")).to_contain_text("上一次有效输入")


def test_the_print_view_is_a_one_page_a4_quote(browser: Browser, site_url: str) -> None:
    with guarded_context(browser, site_url) as ctx:
        page = ctx.new_page()
        open_calculator(page, site_url, "fees")
        fill(page, EMPLOYEES, "1200")
        fill(page, OUTLETS, "8, 30, 120")
        expect(first_year(page)).not_to_have_text("30500")
        expect(page.get_by_role("img", name="当前输入的链接二维码")).to_be_visible()
        page.emulate_media(media="print")
        expect(page.locator(".gbt-calc__form")).to_be_hidden()
        expect(page.locator(".gbt-print__org-name")).not_to_have_text("")
        expect(page.locator(".gbt-print__title")).to_have_text("售后服务认证费用估算报告")
        expect(page.locator(".gbt-items")).to_be_visible()
        expect(page.locator(".gbt-data-notes")).to_contain_text("多种收费口径中的一种")
        expect(page.locator(".gbt-print__footer")).to_contain_text("不是报价或合同")
        pdf = page.pdf(format="A4", print_background=True)
        pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
        assert pages == 1, f"the quote takes {pages} A4 pages"


def test_the_score_result_leads_to_the_fees_estimate(browser: Browser, site_url: str) -> None:
    with guarded_context(browser, site_url) as ctx:
        page = ctx.new_page()
        open_calculator(page, site_url, "score")
        page.get_by_role("link", name="按你的规模估算费用").click()
        expect(page).to_have_url(re.compile(r"/calculator/fees/"))
        wait_ready(page)
        expect(first_year(page)).to_have_text("30500")


# A zip of the app the worker fetches: "app" (the core) or a part named by the tools that load it.
APP_ZIP = re.compile(r"/_hashed/calculator-([a-z-]+)\.[0-9a-f]{16}\.zip$")


def test_the_score_page_downloads_nothing_of_the_estimate_until_its_page_is_opened(
    browser: Browser, site_url: str
) -> None:
    # No service worker: it would keep every part for offline use once the page is ready.
    with guarded_context(browser, site_url, service_workers="block") as ctx:
        fetched: list[str] = []
        ctx.on("request", lambda r: fetched.extend(APP_ZIP.findall(r.url)))
        page = ctx.new_page()
        open_calculator(page, site_url, "score")
        expect(page.locator("[data-gbt-result]")).not_to_be_empty()
        assert "app" in fetched
        assert [p for p in fetched if p != "app" and "score" not in p.split("-")] == [], fetched
        page.get_by_role("link", name="按你的规模估算费用").click()
        expect(first_year(page)).to_have_text("30500")
        assert [p for p in fetched if "fees" in p.split("-")], fetched  # fetched now, by the same worker
        assert fetched.count("app") == 1


def test_on_a_phone_the_fees_page_lists_man_days_by_headcount(browser: Browser, site_url: str) -> None:
    with guarded_context(browser, site_url, viewport=PHONE, is_mobile=True, has_touch=True) as ctx:
        page = ctx.new_page()
        page.goto(f"{site_url}fees/")
        lookup = page.get_by_role("list", name="按员工人数查人日数（单位：人日）")
        expect(lookup).to_be_visible()
        expect(lookup.get_by_role("listitem").filter(has_text="1176–1550 人")).to_contain_text("初次认证 16")
        expect(page.locator(".gbt-wide-table")).to_be_hidden()
        estimate = page.locator("#estimate ~ .gbt-fee-example")
        expect(estimate).to_contain_text("30500 元")
        page.locator("article").get_by_role("link", name="费用估算").first.click()
        expect(page).to_have_url(re.compile(r"/calculator/fees/"))
