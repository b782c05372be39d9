"""The 管理师配置 page: head office and branches in, required / shortfall / rough check / rule out."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser.calculator_fixtures import fill, guarded_context, open_calculator

pytestmark = pytest.mark.browser

HEAD = "总部的服务管理人员"
BRANCHES = "分支机构和服务网点的服务管理人员"
TOTAL = "企业总人数（选填）"
CURRENT = "已配备的售后服务管理师（选填）"


@pytest.fixture(scope="module")
def staffing_page(browser: Browser, site_url: str) -> Iterator[Page]:
    with guarded_context(browser, site_url) as ctx:
        page = ctx.new_page()
        open_calculator(page, site_url, "staffing")
        yield page


@pytest.fixture
def calc(staffing_page: Page) -> Page:
    staffing_page.get_by_role("button", name="清除已保存的输入").click()
    expect(required(staffing_page)).to_have_text("5")
    return staffing_page


def required(page: Page) -> Locator:
    return page.locator("[data-gbt-result] [data-gbt-required]")


def result(page: Page) -> Locator:
    return page.locator("[data-gbt-result]")


def test_example_shows_required_shortfall_rough_check_and_rule(calc: Page) -> None:
    expect(result(calc)).to_contain_text("已配备 3 人，还差 2 人")
    expect(result(calc)).to_contain_text("企业总人数 600 人 × 约 1% ≈ 6 人")
    expect(result(calc)).to_contain_text("GB/T 27922-2011 第 5.1.2.2 条")
    rule = calc.locator("[data-gbt-result] .gbt-rule")
    # The same labels as on the site's pages (the 10 % rule and the minimum: two publishers each).
    expect(rule.get_by_role("row", name="比例")).to_contain_text("（多源印证）")
    expect(rule.get_by_role("row", name="最少人数")).to_contain_text("（多源印证）")
    expect(rule.get_by_role("row", name="不是整数时")).to_contain_text("向上取整")
    expect(rule.get_by_role("row", name="不是整数时")).to_contain_text("（本站假设）")


@pytest.mark.parametrize(
    ("head", "branches", "expected"),
    [("0", "0", "1"), ("3", "7", "1"), ("5", "6", "2"), ("100", "0", "10"), ("100", "1", "11"), ("１２", " 38 ", "5")],
)
def test_required_managers(calc: Page, head: str, branches: str, expected: str) -> None:
    fill(calc, HEAD, head)
    fill(calc, BRANCHES, branches)
    fill(calc, TOTAL, "")
    fill(calc, CURRENT, "")
    expect(required(calc)).to_have_text(expected)
    expect(calc.locator("[data-gbt-result] .gbt-rough")).to_have_count(0)
    expect(calc.locator("[data-gbt-result] .gbt-verdict")).to_have_count(0)


def test_enough_managers_says_so(calc: Page) -> None:
    fill(calc, CURRENT, "6")
    expect(result(calc)).to_contain_text("已配备 6 人，满足要求，比要求多 1 人")


@pytest.mark.parametrize(
    ("label", "name", "typed", "needles"),
    [
        (HEAD, "head_office", "-1", ["0 到 10000000"]),
        (HEAD, "head_office", "", ["请填写", "0 到 10000000"]),
        (BRANCHES, "branches", "2.5", ["整数", "0 到 10000000"]),
        (BRANCHES, "branches", "三十", ["不是有效的数字"]),
        (CURRENT, "current_managers", "1,000", ["千位分隔符"]),
        (TOTAL, "total_staff", "20", ["少于服务管理人员人数"]),
    ],
)
def test_bad_input_is_explained_next_to_the_field(
    calc: Page, label: str, name: str, typed: str, needles: list[str]
) -> None:
    fill(calc, label, typed)
    message = calc.locator(f'[data-gbt-error-for="{name}"]')
    for needle in needles:
        expect(message).to_contain_text(needle)
    expect(calc.get_by_label(label, exact=True)).to_have_value(typed)
    expect(calc.get_by_label(HEAD, exact=True)).to_have_value("12" if name != "head_office" else typed)
    expect(required(calc)).to_have_text("5")  # the last valid result stays
    expect(calc.locator("[data-gbt-note]")).to_contain_text("上一次有效输入")
