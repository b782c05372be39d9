"""The 迎审准备清单 page as a person uses it: tick items, reload, share, print, and score from it."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from calculator import default_profile
from calculator._checklist_reader import packaged_checklist
from calculator._labels import LEVELS
from tests.browser.calculator_fixtures import guarded_context, open_calculator, wait_ready

pytestmark = pytest.mark.browser

CHECKLIST = packaged_checklist(default_profile())
# A label in an accessible description: the name computation puts spaces around its inline blocks.
ANY_LABEL = re.compile(r"（\s*(?:" + "|".join(level.label for level in LEVELS.values()) + r")\s*）")
TOTAL = len(CHECKLIST.items)
MANUAL = "售后服务手册：把各项售后制度和流程汇编成册，现行有效"
PROCEDURES = "各项售后活动的流程文件：送货安装、维修、退换货、回访、投诉"
LAWS = "适用法律法规清单（消费者权益保护、产品质量、三包等）及其更新记录"
LAWS_TRAINING = "员工学习法律法规和服务制度的培训与考核记录"
HOTLINE = "服务热线（如 400 电话）在承诺时段内能打通，并有来电记录"
NO_RECYCLING = "本企业不涉及“废弃商品回收”（不适用，删减）"
RECYCLING_ITEMS = 3
SHARE = "当前输入的链接"
STORAGE_KEY = "gbt27922.checklist.v1"


@pytest.fixture(scope="module")
def checklist_page(browser: Browser, site_url: str) -> Iterator[Page]:
    with guarded_context(browser, site_url) as ctx:
        page = ctx.new_page()
        open_calculator(page, site_url, "checklist")
        yield page


@pytest.fixture
def calc(checklist_page: Page) -> Page:
    checklist_page.get_by_role("button", name="清除已保存的输入").click()
    expect(done(checklist_page)).to_have_text("0")
    return checklist_page


def done(page: Page) -> Locator:
    return page.locator("[data-gbt-result] [data-gbt-done]")


def progress_row(page: Page, title: str) -> Locator:
    return page.locator("[data-gbt-result] .gbt-cl-progress").get_by_role("row", name=title)


def tick(page: Page, *labels: str) -> None:
    for label in labels:
        page.get_by_label(label, exact=True).check()


def test_each_item_shows_why_and_how_sure_we_are(calc: Page) -> None:
    """Its why, clause and sources, and its claim's label from the registry: none where two publishers agree."""
    manual = calc.get_by_label(MANUAL, exact=True)
    expect(manual).not_to_be_checked()
    expect(manual).to_have_accessible_description(re.compile("第一阶段的文件审核主要审它"))
    expect(manual).to_have_accessible_description(
        re.compile(r"文件 · 对应第 5\.1\.4\.1 条 · 出处：公开转述的.*条款文本；")
    )
    expect(manual).not_to_have_accessible_description(ANY_LABEL)
    hotline = calc.get_by_label(HOTLINE, exact=True)
    expect(hotline).to_have_accessible_description(
        re.compile(r"出处：一家企业按本认证编写的售后服务手册.*（\s*单一来源\s*）\s*$")
    )
    advice = calc.get_by_label("问题汇总分析：投诉、回访、监督中发现的问题，按月或按季度统计", exact=True)
    expect(advice).to_have_accessible_description(re.compile(r"记录\s*（\s*本站假设\s*）\s*$"))
    label = calc.locator('[data-claim="checklist.imp_analysis"]')
    expect(label).to_be_visible()
    expect(label).to_have_attribute("title", re.compile("^本站假设：没有公开来源"))
    expect(calc.locator("[data-gbt-result]")).to_contain_text(f"0/ {TOTAL} 项")


def test_ticks_give_progress_per_indicator_and_overall(calc: Page) -> None:
    tick(calc, MANUAL, PROCEDURES)
    expect(done(calc)).to_have_text("2")
    expect(progress_row(calc, "5.1.4 规范要求")).to_contain_text("2 / 4")
    expect(progress_row(calc, "5.1.4 规范要求")).to_contain_text("部分不符合")
    tick(calc, LAWS, LAWS_TRAINING)
    expect(progress_row(calc, "5.1.4 规范要求")).to_contain_text("符合")
    expect(progress_row(calc, "5.1.4 规范要求")).not_to_contain_text("部分")
    expect(progress_row(calc, "5.1.1 组织架构")).to_contain_text("不符合")
    expect(calc.locator("[data-gbt-result]")).to_contain_text("15 个适用的二级指标中，1 个的材料已全部准备好")
    expect(calc.locator("[data-gbt-mini]")).to_contain_text(f"已准备 4 / {TOTAL} 项")


def test_not_applicable_leaves_the_indicator_out_of_the_progress(calc: Page) -> None:
    tick(calc, NO_RECYCLING)
    expect(progress_row(calc, "5.2.6 废弃商品回收")).to_contain_text("不适用（删减）")
    expect(calc.locator("[data-gbt-result]")).to_contain_text(f"/ {TOTAL - RECYCLING_ITEMS} 项")
    expect(calc.locator("[data-gbt-result]")).to_contain_text("1 个标为不适用（删减），不计入进度")


def test_ticks_survive_a_reload_and_clearing_forgets_them(calc: Page) -> None:
    tick(calc, MANUAL, NO_RECYCLING)
    expect(done(calc)).to_have_text("1")
    assert calc.evaluate(f"() => localStorage.getItem({STORAGE_KEY!r})") is not None
    calc.goto(calc.url.split("#")[0])  # the page without the link's state: the saved ticks
    wait_ready(calc)
    expect(calc.locator("[data-gbt-note]")).to_contain_text("已恢复你上次在本浏览器中填写的输入")
    expect(calc.get_by_label(MANUAL, exact=True)).to_be_checked()
    expect(calc.get_by_label(NO_RECYCLING, exact=True)).to_be_checked()
    expect(done(calc)).to_have_text("1")
    calc.get_by_role("button", name="清除已保存的输入").click()
    expect(calc.get_by_label(MANUAL, exact=True)).not_to_be_checked()
    expect(calc.get_by_label(NO_RECYCLING, exact=True)).not_to_be_checked()
    expect(done(calc)).to_have_text("0")
    assert calc.evaluate(f"() => localStorage.getItem({STORAGE_KEY!r})") is None


def test_the_share_link_carries_the_ticks_to_a_fresh_browser(browser: Browser, site_url: str) -> None:
    with guarded_context(browser, site_url) as first:
        page = first.new_page()
        open_calculator(page, site_url, "checklist")
        tick(page, MANUAL, HOTLINE, NO_RECYCLING)
        expect(done(page)).to_have_text("2")
        expect(page.locator("[data-gbt-result]")).to_contain_text(f"/ {TOTAL - RECYCLING_ITEMS} 项")
        share = page.get_by_label(SHARE)
        expect(share).to_have_value(re.compile(r"#c1\."))
        link = share.input_value()
        assert link == page.url
        assert len(link) - len(site_url) < 160
    with guarded_context(browser, site_url) as second:
        page = second.new_page()
        page.goto(link)
        wait_ready(page)
        expect(page.locator("[data-gbt-note]")).to_contain_text("已按链接中的输入计算")
        for label in (MANUAL, HOTLINE, NO_RECYCLING):
            expect(page.get_by_label(label, exact=True)).to_be_checked()
        expect(page.get_by_label(PROCEDURES, exact=True)).not_to_be_checked()
        expect(done(page)).to_have_text("2")


def test_print_is_a_paper_checklist_with_owner_and_date_columns(calc: Page) -> None:
    tick(calc, MANUAL, PROCEDURES)
    expect(done(calc)).to_have_text("2")
    calc.emulate_media(media="print")
    try:
        expect(calc.locator(".gbt-calc__form")).to_be_hidden()
        expect(calc.locator(".gbt-cl-score-guide")).to_be_hidden()
        paper = calc.locator(".gbt-cl-paper")
        expect(paper).to_be_visible()
        expect(paper.locator("caption")).to_have_count(len(CHECKLIST.sections))
        table = paper.get_by_role("table", name="5.1.4 规范要求")
        expect(table.get_by_role("columnheader")).to_have_text(["完成", "类型", "事项", "负责人", "完成日期"])
        expect(table.get_by_role("row", name=MANUAL)).to_contain_text("☑")
        expect(table.get_by_role("row", name=LAWS)).to_contain_text("☐")
        expect(calc.locator(".gbt-print__header")).to_contain_text("迎审准备清单报告")
        expect(calc.locator(".gbt-print__footer")).to_contain_text("多数条目是本站的建议")
    finally:
        calc.emulate_media(media="screen")


def test_score_from_the_checklist_opens_the_detailed_form_with_its_statuses(calc: Page) -> None:
    tick(calc, MANUAL, PROCEDURES, LAWS, LAWS_TRAINING, HOTLINE, NO_RECYCLING)
    guide = calc.locator(".gbt-cl-score-guide")
    expect(guide).to_contain_text("粗略参考")
    expect(guide).to_contain_text("全部勾选 → 符合")
    guide.get_by_role("link", name="用清单结果打开自评计分").click()
    calc.wait_for_url(re.compile(r"/calculator/score/#s1\.d_"))
    wait_ready(calc)
    expect(calc.locator("[data-gbt-note]")).to_contain_text("已按链接中的输入计算")
    expect(calc.get_by_label("详细计分（15 项二级指标逐项评价）")).to_be_checked()
    expect(calc.get_by_label("5.1.4 规范要求")).to_have_value("conform")
    expect(calc.get_by_label("5.1.1 组织架构")).to_have_value("nonconform")
    expect(calc.get_by_label("5.3.1 顾客关系")).to_have_value("partial")
    expect(calc.get_by_label("顾客关系：抽查样本数")).to_have_value("4")
    expect(calc.get_by_label("顾客关系：其中不符合的样本数")).to_have_value("3")
    expect(calc.get_by_label("5.2.6 废弃商品回收")).to_have_value("na")
    # …and back: the weakest indicators link to their section of the checklist.
    link = calc.locator("[data-gbt-result] .gbt-weak a.gbt-weak__prep").first
    expect(link).to_have_accessible_name(re.compile(r"^投诉处理：\s?迎审准备清单$"))  # the indicator that lost most
    anchor = (link.get_attribute("href") or "").partition("#")[2]
    assert anchor.startswith("gbt-cl-")
    link.click()
    calc.wait_for_url(re.compile(r"/calculator/checklist/"))
    expect(calc.locator("[data-gbt-calc]")).to_have_attribute("data-gbt-calc", "checklist")
    wait_ready(calc)
    expect(calc.locator(f"#{anchor}")).to_be_in_viewport(timeout=15_000)
    expect(calc.get_by_label(MANUAL, exact=True)).to_be_checked()  # the checklist's own saved ticks
