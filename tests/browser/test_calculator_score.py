"""The 自评计分 page, used as a person would: fill fields by their labels, read the grade and messages."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, Request, expect

from tests.browser.calculator_fixtures import (
    error_for,
    expect_score,
    fill,
    guarded_context,
    open_calculator,
    quick,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def score_page(browser: Browser, site_url: str) -> Iterator[Page]:
    """One loaded scoring page shared by the tests of this module (Pyodide loads once)."""
    with guarded_context(browser, site_url) as ctx:
        page = ctx.new_page()
        open_calculator(page, site_url, "score")
        yield page


@pytest.fixture
def calc(score_page: Page) -> Page:
    """The shared page back in quick mode with the example values and no saved state."""
    score_page.get_by_role("button", name="清除已保存的输入").click()
    expect_score(score_page, "89", "三星")
    return score_page


def test_worked_example_is_on_the_page_and_python_agrees(calc: Page) -> None:
    expect(calc.locator("[data-gbt-result]")).to_contain_text("距四星级（90 分）还差 1 分")
    expect(calc.get_by_label("售后服务体系（5.1）")).to_have_value("36")
    expect(calc.locator("[data-gbt-status-text]")).to_contain_text("就绪")


def test_quick_mode_grade_from_labelled_fields(calc: Page) -> None:
    quick(calc, "38", "33", "24")
    expect_score(calc, "95", "五星")
    expect(calc.locator("[data-gbt-result]")).to_contain_text("已达到最高等级五星级")
    expect(calc.locator("[data-gbt-mini]")).to_have_text("95 分，五星级。")


@pytest.mark.parametrize(
    ("scores", "score", "grade"),
    [
        (("40", "29.99", "0"), "69.99", "不合格"),
        (("40", "30", "0"), "70", "达标"),
        (("40", "35", "4.99"), "79.99", "达标"),
        (("40", "35", "5"), "80", "三星"),
        (("40", "35", "14.99"), "89.99", "三星"),
        (("40", "35", "15"), "90", "四星"),
        (("40", "35", "19.99"), "94.99", "四星"),
        (("40", "35", "20"), "95", "五星"),
        (("0", "0", "0"), "0", "不合格"),
        (("40", "35", "25"), "100", "五星"),
    ],
)
def test_grade_boundaries(calc: Page, scores: tuple[str, str, str], score: str, grade: str) -> None:
    quick(calc, *scores)
    expect_score(calc, score, grade)


def test_failing_score_says_why_and_what_is_missing(calc: Page) -> None:
    quick(calc, "40", "29.99", "0")
    result = calc.locator("[data-gbt-result]")
    expect(result).to_contain_text("为什么不合格")
    expect(result).to_contain_text("低于达标级分数线 70 分")
    expect(result).to_contain_text("得分还需提高 0.01 分")


def test_five_special_deductions_fail_whatever_the_score(calc: Page) -> None:
    quick(calc, "40", "35", "25")
    fill(calc, "不符合国家法律、法规的要求", "3")
    fill(calc, "不符合行业专业性的特殊要求", "1")
    expect_score(calc, "96", "五星")  # four items: 100 − 4 = 96, still graded
    fill(calc, "对服务系统运行有影响的情况", "1")
    expect_score(calc, "95", "不合格")
    result = calc.locator("[data-gbt-result]")
    expect(result).to_contain_text("特别扣分项共 5 项，达到 5 项即判不合格")
    expect(result).to_contain_text("至少要有 1 项涉及的问题在审核前就整改到位")


def test_bonus_lifts_to_the_next_grade(calc: Page) -> None:
    quick(calc, "40", "35", "19")
    expect_score(calc, "94", "四星")
    calc.get_by_label("有特别加分项（加 1 分）").check()
    expect_score(calc, "95", "五星")


def test_detailed_mode_weakest_indicators_link_to_the_knowledge_pages(calc: Page) -> None:
    calc.get_by_label("详细计分（15 项二级指标逐项评价）").check()
    expect(calc.get_by_label("售后服务体系（5.1）")).to_be_hidden()
    calc.get_by_label("5.3.2 投诉处理").select_option("nonconform")
    calc.get_by_label("5.1.1 组织架构").select_option("partial")
    fill(calc, "组织架构：抽查样本数", "１０")
    fill(calc, "组织架构：其中不符合的样本数", "5")
    calc.get_by_label("5.2.3 配送").select_option("na")
    expect_score(calc, "83.51", "三星")
    weak = calc.locator("[data-gbt-result] .gbt-weak__list li")
    expect(weak).to_have_count(2)
    expect(weak.nth(0)).to_contain_text("投诉处理")
    expect(weak.nth(1)).to_contain_text("组织架构")
    expect(weak.nth(1)).to_contain_text("失 2.5 分")
    link = weak.nth(1).get_by_role("link", name="5.1.1 组织架构")
    assert (link.get_attribute("href") or "").endswith("indicators/#organization")
    prepare = weak.nth(1).get_by_role("link", name=re.compile(r"^组织架构：\s?迎审准备清单$"))
    expect(prepare).to_have_attribute("href", "../checklist/#gbt-cl-organization")
    expect(calc.locator("[data-gbt-result]")).to_contain_text("已删减（不适用）：配送")
    expect(calc.locator("[data-gbt-result]")).to_contain_text("本结果用到的假设")
    base = calc.url.split("/calculator/")[0]
    link.click()
    expect(calc).to_have_url(f"{base}/indicators/#organization")
    calc.go_back()
    expect(calc.locator('[data-gbt-status][data-stage="ready"]')).to_be_attached()
    expect(calc.get_by_label("5.3.2 投诉处理")).to_have_value("nonconform")


def test_detailed_mode_missing_samples_are_flagged_next_to_the_field(calc: Page) -> None:
    calc.get_by_label("详细计分（15 项二级指标逐项评价）").check()
    calc.get_by_label("5.2.4 维修").select_option("partial")
    fill(calc, "维修：抽查样本数", "6")
    fill(calc, "维修：其中不符合的样本数", "7")
    expect(calc.locator('[data-gbt-error-for="indicators.repair.nonconforming"]')).to_contain_text("0 到 6 之间")
    expect(calc.get_by_label("维修：其中不符合的样本数")).to_have_attribute("aria-invalid", "true")
    fill(calc, "维修：其中不符合的样本数", "3")
    expect(calc.get_by_label("维修：其中不符合的样本数")).not_to_have_attribute("aria-invalid", "true")
    expect(calc.locator('[data-gbt-error-for="indicators.repair.nonconforming"]')).to_have_text("")


@pytest.mark.parametrize(
    ("typed", "shown"),
    [("３８", "95"), ("38,00", "95"), (" 38 ", "95"), ("38 分", "95"), ("37,5", "94.5")],
)
def test_typed_variants_that_are_unambiguous_are_accepted(calc: Page, typed: str, shown: str) -> None:
    quick(calc, "38", "33", "24")
    fill(calc, "售后服务体系（5.1）", typed)
    expect_score(calc, shown, "五星" if shown == "95" else "四星")
    expect(calc.get_by_label("售后服务体系（5.1）")).to_have_value(typed)  # what was typed stays
    assert error_for(calc, "categories.service_system") == ""


@pytest.mark.parametrize(
    ("typed", "needles"),
    [
        ("abc", ["不是有效的数字", "0 到 40 分"]),
        ("", ["请填写", "0 到 40 分"]),
        ("45", ["0 到 40 分", "实际是 45"]),
        ("-1", ["0 到 40 分"]),
        ("1,000", ["千位分隔符", "0 到 40 分"]),
        ("3 5", ["空格", "0 到 40 分"]),
        ("12.345", ["2 位小数", "0 到 40 分"]),
    ],
)
def test_bad_input_gets_a_message_next_to_the_field_and_nothing_is_lost(
    calc: Page, typed: str, needles: list[str]
) -> None:
    quick(calc, "38", "33", "24")
    expect_score(calc, "95", "五星")
    fill(calc, "售后服务体系（5.1）", typed)
    message = calc.locator('[data-gbt-error-for="categories.service_system"]')
    for needle in needles:
        expect(message).to_contain_text(needle)
    field = calc.get_by_label("售后服务体系（5.1）")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_value(typed)  # never clamped or rewritten
    expect(calc.get_by_label("商品服务（5.2）")).to_have_value("33")
    expect(calc.get_by_label("顾客服务（5.3）")).to_have_value("24")
    # The last valid result stays, marked as such.
    expect(calc.locator("[data-gbt-note]")).to_contain_text("上一次有效输入")
    expect_score(calc, "95", "五星")
    fill(calc, "售后服务体系（5.1）", "40")
    expect_score(calc, "97", "五星")
    expect(message).to_have_text("")


def test_several_bad_fields_each_get_their_own_message(calc: Page) -> None:
    quick(calc, "x", "36", "")
    expect(calc.locator('[data-gbt-error-for="categories.service_system"]')).to_contain_text("0 到 40 分")
    expect(calc.locator('[data-gbt-error-for="categories.goods_service"]')).to_contain_text("0 到 35 分")
    expect(calc.locator('[data-gbt-error-for="categories.customer_service"]')).to_contain_text("0 到 25 分")
    fill(calc, "不符合企业有关服务制度的要求", "1.5")
    expect(calc.locator('[data-gbt-error-for="special_deductions.company_rules"]')).to_contain_text("整数")


def test_no_request_at_all_while_calculating(calc: Page) -> None:
    requests: list[str] = []

    def record(request: Request) -> None:
        requests.append(request.url)

    calc.on("request", record)
    try:
        for value in ("30", "31", "32.5", "abc", "33"):
            fill(calc, "售后服务体系（5.1）", value)
            calc.wait_for_timeout(150)
        expect_score(calc, "86", "三星")
        calc.get_by_label("详细计分（15 项二级指标逐项评价）").check()
        expect_score(calc, "100", "五星")
        calc.wait_for_timeout(800)  # QR code and saving happen after a short pause
        expect(calc.locator("[data-gbt-qr]")).to_be_visible()
    finally:
        calc.remove_listener("request", record)
    assert requests == []


def test_typing_fast_keeps_the_page_responsive_and_ends_on_the_last_value(calc: Page) -> None:
    field = calc.get_by_label("顾客服务（5.3）")
    field.fill("")
    field.press_sequentially("2.5", delay=0)
    field.fill("")
    field.press_sequentially("20", delay=10)
    # The page answers immediately while Python works in the worker.
    assert calc.evaluate("() => 1 + 1") == 2
    expect_score(calc, "87", "三星")


FOCUSED_FIELD_VS_STICKY_BAR = """() => {
  const el = document.activeElement;
  const mini = document.querySelector('[data-gbt-mini]');
  const form = mini.closest('section');
  if (!form.contains(el) || !(el.compareDocumentPosition(mini) & Node.DOCUMENT_POSITION_FOLLOWING)) return null;
  const field = el.getBoundingClientRect();
  if (!field.height) return null;
  return { name: el.name || el.id, bottom: field.bottom, barTop: mini.getBoundingClientRect().top };
}"""


def test_tabbing_down_the_detailed_form_never_hides_a_field_under_the_sticky_result(calc: Page) -> None:
    """On a laptop screen the current score sticks to the bottom edge of the form.

    A field reached with Tab is scrolled to just above it, not under it.
    """
    size = calc.viewport_size
    calc.set_viewport_size({"width": 1280, "height": 720})
    try:
        calc.get_by_label("详细计分（15 项二级指标逐项评价）").check()
        calc.evaluate("() => window.scrollTo(0, 0)")
        calc.get_by_label("5.1.1 组织架构").focus()
        seen: list[str] = []
        for _ in range(60):
            state = calc.evaluate(FOCUSED_FIELD_VS_STICKY_BAR)
            if state:
                seen.append(state["name"])
                assert state["bottom"] <= state["barTop"] + 0.5, state
            calc.keyboard.press("Tab")
        assert len(set(seen)) >= 15, seen  # every indicator's field was checked on the way down
    finally:
        calc.get_by_label("快速计分（3 项一级指标得分）").check()
        if size:
            calc.set_viewport_size(size)
