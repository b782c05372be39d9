"""The 时间规划 page, as a person uses it: a deadline in, the verdict, the milestones and a calendar file out."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.calculator_fixtures import fill, guarded_context, open_calculator

pytestmark = pytest.mark.browser

DEADLINE = "需要取得证书的日期"
START = "开始准备的日期（选填）"
RECORDS = "体系已运行并保留记录的月数（选填）"


@pytest.fixture(scope="module")
def plan_page(browser: Browser, site_url: str) -> Iterator[Page]:
    with guarded_context(browser, site_url, accept_downloads=True) as ctx:
        page = ctx.new_page()
        open_calculator(page, site_url, "plan")
        yield page


@pytest.fixture
def calc(plan_page: Page) -> Page:
    plan_page.get_by_role("button", name="清除已保存的输入").click()
    return plan_page


def verdict(page: Page) -> str:
    return page.locator("[data-gbt-result] [data-gbt-feasible]").inner_text()


def test_a_distant_deadline_is_met(calc: Page) -> None:
    fill(calc, DEADLINE, "2099-06-30")
    fill(calc, RECORDS, "6")
    expect(calc.locator("[data-gbt-result] [data-gbt-feasible]")).to_have_text("来得及")
    timeline = calc.locator("[data-gbt-result] .gbt-timeline")
    for label in (
        "提交认证申请",
        "现场审核（第二阶段）",
        "取得证书（稳妥估计）",
        "第 1 次年度监督审核（约）",
        "再认证审核（证书到期前）",
    ):
        expect(timeline).to_contain_text(label)


def test_a_close_deadline_is_not_met_and_says_why(calc: Page) -> None:
    soon = dt.date.today() + dt.timedelta(days=40)
    fill(calc, DEADLINE, soon.isoformat())
    fill(calc, RECORDS, "0")
    expect(calc.locator("[data-gbt-result] [data-gbt-feasible]")).to_have_text("来不及")
    reasons = calc.locator("[data-gbt-result] .gbt-reasons")
    expect(reasons).to_contain_text("还需运行并保留记录 3 个月")
    expect(reasons).to_contain_text("最迟应在")
    expect(calc.locator("[data-gbt-result] .gbt-warnings")).to_contain_text("无法取得星级证书")


def test_no_date_at_all_is_explained(calc: Page) -> None:
    fill(calc, DEADLINE, "")
    fill(calc, START, "")
    expect(calc.locator('[data-gbt-error-for="deadline"]')).to_contain_text("至少填一个")


def test_the_calendar_file_downloads(calc: Page) -> None:
    fill(calc, DEADLINE, "2099-06-30")
    fill(calc, START, (dt.date.today() + dt.timedelta(days=3)).isoformat())
    expect(calc.locator("[data-gbt-result] [data-gbt-feasible]")).to_have_text("来得及")
    with calc.expect_download() as caught:
        calc.get_by_role("link", name="下载日历文件（.ics）").click()
    download = caught.value
    assert download.suggested_filename == "售后服务认证时间规划.ics"
    text = download.path().read_bytes().decode("utf-8")
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert text.endswith("END:VCALENDAR\r\n")
    assert re.search(r"\r\nDTSTART;VALUE=DATE:20990630\r\n", text)  # the deadline itself
    assert text.count("BEGIN:VEVENT") == calc.locator("[data-gbt-result] .gbt-timeline li").count()
