"""The cost estimate, the time plan and the audit checklist on Firefox and on WebKit, used as a person would.

Each page loads Python in the same module worker as the two calculators, answers as its fields
are typed into (or its boxes ticked), says next to the field what is wrong with a bad input and
keeps the last valid result. The plan is opened from links a sales person would send (a date field
is typed into differently by each engine's date picker, which is not what is tested here).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from urllib.parse import unquote

import pytest

from calculator import default_profile
from calculator._tool import Datasets
from calculator._tools import CHECKLIST, FEES, PLAN
from calculator._urlstate import encode
from harness.engines.engine import Engine
from tests.browser.engines.person import Person

pytestmark = [pytest.mark.browser, pytest.mark.engines]

RESULT = "[data-gbt-result]"
NOTE = "[data-gbt-note]"
CLEAR = '[data-gbt-action="clear"]'
SHARE = "当前输入的链接"
DATASETS = Datasets(default_profile())

EMPLOYEES = "企业员工人数"
CATEGORIES = "产品或服务类别数"
OUTLETS = "固定服务网点的人数（选填）"
FIRST_YEAR = "[data-gbt-result] [data-gbt-first-year]"
INITIAL_DAYS = '[data-gbt-result] [data-gbt-days="initial"]'

RECORDS = "体系已运行并保留记录的月数（选填）"
VERDICT = "[data-gbt-result] [data-gbt-feasible]"

MANUAL = "售后服务手册：把各项售后制度和流程汇编成册，现行有效"
HOTLINE = "服务热线（如 400 电话）在承诺时段内能打通，并有来电记录"
DONE = "[data-gbt-result] [data-gbt-done]"


def open_plan_link(person: Person, deadline: dt.date, records_months: int) -> None:
    """Open the plan from a link as the share box writes it, in a new page load (a link that differs
    from the open page only after the # would not load the page again).
    """
    values = {"deadline": deadline.isoformat(), "start": "", "records_months": str(records_months)}
    state = encode(PLAN, values, PLAN.data(DATASETS))
    assert state
    person.open("")
    person.open_calculator("plan", f"#{state}")


@pytest.fixture
def fees(person: Person) -> Person:
    if not str(person.engine.run("() => location.pathname")).endswith("/calculator/fees/"):
        person.open_calculator("fees")
    person.click(CLEAR)
    person.sees(FIRST_YEAR, "30500", exact=True)  # the example: 100 employees
    return person


@pytest.mark.parametrize(
    ("employees", "initial_days", "first_year"),
    [("10", "3", "14000"), ("1200", "16", "53000"), ("1551", "17", "56000")],
)
def test_the_cost_estimate_follows_the_headcount_as_it_is_typed(
    fees: Person, employees: str, initial_days: str, first_year: str
) -> None:
    fees.fill(EMPLOYEES, employees)
    fees.sees(INITIAL_DAYS, initial_days, exact=True)
    fees.sees(FIRST_YEAR, first_year, exact=True)


def test_categories_and_outlets_add_man_days(fees: Person) -> None:
    fees.fill(CATEGORIES, "3")
    fees.fill(OUTLETS, "5，30")  # a full-width comma, as a Chinese keyboard types it
    fees.sees(INITIAL_DAYS, "13", exact=True)  # 8.5 + 2 × 0.5 + 1 + 2.5
    fees.sees(RESULT, "第 2 个固定服务网点 30 人（26–45 人一档）")


def test_a_headcount_beyond_the_table_is_said_and_never_estimated(fees: Person) -> None:
    fees.fill(EMPLOYEES, "10701")
    fees.sees('[data-gbt-error-for="employees"]', "超出了人日数对照表的范围（1 到 10700 人）")
    assert fees.state_of(EMPLOYEES)["invalid"] == "true"
    # Typed key by key: which of the valid prefixes ("1" … "1070") was computed last depends on timing.
    earlier = {
        str(FEES.run({"employees": int("10701"[:n])}, FEES.data(DATASETS))["costs"]["first_year"]) for n in range(1, 5)
    }
    fees.until(lambda: fees.shown(FIRST_YEAR) in earlier, 20, f"the result of a valid prefix ({earlier})")
    fees.sees(NOTE, "上一次有效输入")


def test_a_deadline_too_close_is_not_met_and_the_page_says_why(person: Person) -> None:
    open_plan_link(person, dt.date.today() + dt.timedelta(days=40), 0)
    person.sees(VERDICT, "来不及", exact=True)
    person.sees(NOTE, "已按链接中的输入计算")
    person.sees("[data-gbt-result] .gbt-reasons", "还需运行并保留记录 3 个月")
    person.sees("[data-gbt-result] .gbt-warnings", "无法取得星级证书")
    person.fill(RECORDS, "三")
    person.sees('[data-gbt-error-for="records_months"]', "整数")
    person.sees(VERDICT, "来不及", exact=True)  # the last valid result stays


def test_a_distant_deadline_is_met_and_the_milestones_come_as_a_calendar_file(person: Person) -> None:
    open_plan_link(person, dt.date(2099, 6, 30), 6)
    person.sees(VERDICT, "来得及", exact=True)
    for milestone in ("提交认证申请", "现场审核（第二阶段）", "取得证书（稳妥估计）", "再认证审核（证书到期前）"):
        person.sees("[data-gbt-result] .gbt-timeline", milestone)
    link = person.engine.run(
        "() => { const a = document.querySelector('[data-gbt-ics]'); return [a.download, a.href]; }"
    )
    assert link[0] == "售后服务认证时间规划.ics"
    head, _, body = str(link[1]).partition(",")
    assert head == "data:text/calendar;charset=utf-8"
    calendar = unquote(body)
    assert calendar.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert calendar.count("BEGIN:VEVENT") >= 5
    assert calendar.rstrip().endswith("END:VCALENDAR")


@pytest.fixture
def checklist(person: Person) -> Person:
    if not str(person.engine.run("() => location.pathname")).endswith("/calculator/checklist/"):
        person.open_calculator("checklist")
    person.click(CLEAR)
    person.sees(DONE, "0", exact=True)
    return person


def test_ticks_count_and_are_kept_after_a_reload(checklist: Person) -> None:
    checklist.choose(MANUAL)
    checklist.choose(HOTLINE)
    checklist.sees(DONE, "2", exact=True)
    checklist.reload()
    checklist.wait_ready()
    checklist.wait_first_result()
    checklist.sees(DONE, "2", exact=True)
    assert checklist.state_of(MANUAL)["checked"] is True
    assert checklist.state_of(HOTLINE)["checked"] is True


def test_a_checklist_link_carries_the_ticks_to_another_browser(
    checklist: Person, launch: Callable[[str], Engine], site_url: str
) -> None:
    checklist.choose(MANUAL)
    checklist.sees(DONE, "1", exact=True)
    prefix = f"#{CHECKLIST.state_letter}1."
    checklist.until(lambda: prefix in str(checklist.state_of(SHARE)["value"]), 20, "the share link")
    link = str(checklist.state_of(SHARE)["value"])

    other = Person(launch(checklist.engine.name), site_url)  # a new profile: nothing saved
    other.engine.goto(link)
    other.wait_ready()
    other.wait_first_result()
    other.sees(DONE, "1", exact=True)
    assert other.state_of(MANUAL)["checked"] is True
    assert other.state_of(HOTLINE)["checked"] is False
