"""The two calculators on Firefox and on WebKit, used as a person would: the same steps on both engines.

Each engine loads Python in its own module worker, computes as the fields are typed into key by
key, explains a bad input next to the field, carries the inputs in a link that opens them in
another browser, and prints the one-page report.
"""

from __future__ import annotations

import contextlib
import re
import zlib
from collections.abc import Callable

import pytest

from harness.engines.engine import Engine
from tests.browser.engines.person import Person

pytestmark = [pytest.mark.browser, pytest.mark.engines]

RESULT = "[data-gbt-result]"
MINI = "[data-gbt-mini]"
NOTE = "[data-gbt-note]"
QUICK = "快速计分（3 项一级指标得分）"
SERVICE_SYSTEM = "售后服务体系（5.1）"
GOODS = "商品服务（5.2）"
CUSTOMER = "顾客服务（5.3）"
SHARE = "当前输入的链接"
CLEAR = '[data-gbt-action="clear"]'
HEAD = "总部的服务管理人员"
BRANCHES = "分支机构和服务网点的服务管理人员"
REQUIRED = "[data-gbt-result] [data-gbt-required]"


def quick(person: Person, a: str, b: str, c: str) -> None:
    person.choose(QUICK)
    person.fill(SERVICE_SYSTEM, a)
    person.fill(GOODS, b)
    person.fill(CUSTOMER, c)


@pytest.fixture
def score(person: Person) -> Person:
    """The score page (loaded once per engine while the module's tests stay on it) back at its
    example values, with nothing saved.
    """
    if not str(person.engine.run("() => location.pathname")).endswith("/calculator/score/"):
        person.open_calculator("score")
    person.click(CLEAR)
    person.sees_score("89", "三星")
    return person


def test_the_score_page_loads_python_and_grades_as_the_fields_are_typed(score: Person) -> None:
    assert score.shown("[data-gbt-status-text]") == "计算程序已就绪：修改任一输入，结果会立即更新。"
    # Python runs in a module worker: only there could the worker import() pyodide.mjs.
    assert "gbt:worker:pyodide-imported" in score.engine.run(
        "() => performance.getEntriesByType('mark').map((m) => m.name)"
    )
    score.sees(RESULT, "距四星级（90 分）还差 1 分")
    quick(score, "38", "33", "24")
    score.sees_score("95", "五星")
    score.sees(MINI, "95 分，五星级。", exact=True)
    score.fill(SERVICE_SYSTEM, "３７,5")  # full-width digits and a decimal comma, as some keyboards type
    score.sees_score("94.5", "四星")
    score.fill("对服务系统运行有影响的情况", "1")
    score.sees_score("93.5", "四星")
    score.sees(RESULT, "特别扣分")


@pytest.mark.parametrize(
    ("typed", "needles"),
    [
        # Typed key by key, so every prefix is bad too (a value such as "45" passes through the valid
        # "4", and whether that was computed depends on timing).
        ("-1", ["0 到 40 分"]),
        ("abc", ["不是有效的数字"]),
        ("", ["请填写"]),
    ],
)
def test_a_bad_score_is_explained_next_to_the_field_and_nothing_is_lost(
    score: Person, typed: str, needles: list[str]
) -> None:
    quick(score, "38", "33", "24")
    score.sees_score("95", "五星")
    score.fill(SERVICE_SYSTEM, typed)
    for needle in needles:
        score.sees('[data-gbt-error-for="categories.service_system"]', needle)
    field = score.state_of(SERVICE_SYSTEM)
    assert (field["value"], field["invalid"]) == (typed, "true")  # kept as typed, never rewritten
    assert score.state_of(GOODS)["value"] == "33"
    score.sees(NOTE, "上一次有效输入")
    score.sees_score("95", "五星")  # the last valid result stays, marked as such
    score.fill(SERVICE_SYSTEM, "40")
    score.sees_score("97", "五星")
    score.sees('[data-gbt-error-for="categories.service_system"]', "", exact=True)


def test_the_print_view_is_the_report(score: Person) -> None:
    """The page under its print style sheet (the @media print rules applied, the screen-only ones
    not): the form and the navigation are gone, the organization, date, inputs and QR code are there.
    """
    quick(score, "38", "33", "24")
    score.sees_score("95", "五星")
    score.until(lambda: score.engine.run(VISIBLE, "[data-gbt-qr]"), 20, "the QR code")
    score.engine.run(PRINT_MEDIA, True)
    try:
        visible = {css: score.engine.run(VISIBLE, css) for css in PRINTED}
        assert visible == PRINTED, visible
        assert score.shown(".gbt-print__org-name")
        assert re.search(r"日期：\d{4}年\d{1,2}月\d{1,2}日", score.shown(".gbt-print__header") or "")
        assert "不代表任何认证机构的评价结论" in (score.shown(".gbt-print__footer") or "")
    finally:
        score.engine.run(PRINT_MEDIA, False)
    assert score.engine.run(VISIBLE, ".gbt-calc__form")


def test_the_printed_report_is_one_a4_page(score: Person) -> None:
    """The engine's own printing (to PDF) of the report with the longest inputs."""
    if score.engine.name == "webkit":
        pytest.skip("WebKitWebDriver 2.50 has no Print Page command (POST /session/{id}/print: unknown command)")
    quick(score, "38", "33", "24")
    score.fill("不符合国家法律、法规的要求", "2")
    score.choose("有特别加分项（加 1 分）")
    score.sees_score("94", "四星")
    score.until(lambda: score.engine.run(VISIBLE, "[data-gbt-qr]"), 20, "the QR code")
    pages = pdf_pages(score.engine.pdf())
    assert pages == 1, f"the report takes {pages} A4 pages"


def pdf_pages(pdf: bytes) -> int:
    """Page objects in a PDF, also those inside compressed object streams (Firefox writes those)."""
    text = pdf
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL):
        with contextlib.suppress(zlib.error):  # an image or a font: not a page
            text += zlib.decompress(stream)
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", text))


# The @media print rules in force and the screen-only ones off, in every same-origin style sheet
# ("print" and "screen" swapped in each media list): what the engine lays out then is its print
# view (WebDriver has no media emulation).
PRINT_MEDIA = """(on) => {
  const swap = (list) => {
    const text = list.mediaText;
    if (on && !list.__original) list.__original = text;
    if (!on && list.__original !== undefined) { list.mediaText = list.__original; delete list.__original; return; }
    if (on && /print|screen/.test(text)) {
      list.mediaText = text.replace(/\\bprint\\b/g, "__P__").replace(/\\bscreen\\b/g, "print").replace(/__P__/g, "screen");
    }
  };
  const walk = (rules) => {
    for (const rule of rules) {
      if (rule.media && rule.cssRules) swap(rule.media);
      if (rule.cssRules) walk(rule.cssRules);
    }
  };
  for (const sheet of document.styleSheets) {
    if (sheet.media) swap(sheet.media);
    try { walk(sheet.cssRules); } catch { /* another origin's sheet: none on this site */ }
  }
  window.dispatchEvent(new Event(on ? "beforeprint" : "afterprint"));
}"""
VISIBLE = """(css) => {
  const el = document.querySelector(css);
  if (!el) return false;
  const style = getComputedStyle(el);
  return style.display !== "none" && style.visibility !== "hidden" && el.getClientRects().length > 0;
}"""
PRINTED = {
    ".gbt-calc__form": False,
    ".md-sidebar--primary": False,
    ".md-header": False,
    ".gbt-print__org-name": True,
    ".gbt-print__header": True,
    ".gbt-inputs": True,
    ".gbt-print__footer": True,
    "[data-gbt-qr]": True,
}


def test_the_staffing_page_loads_python_and_answers_as_the_fields_are_typed(person: Person) -> None:
    person.open_calculator("staffing")
    person.click(CLEAR)
    person.sees(REQUIRED, "5", exact=True)
    person.sees(RESULT, "已配备 3 人，还差 2 人")
    person.fill(HEAD, "100")
    person.fill(BRANCHES, "1")
    person.sees(REQUIRED, "11", exact=True)
    person.fill(BRANCHES, "2.5")
    person.sees('[data-gbt-error-for="branches"]', "整数")
    assert person.state_of(BRANCHES)["invalid"] == "true"
    person.sees(REQUIRED, "11", exact=True)  # the last valid result stays
    person.sees(NOTE, "上一次有效输入")
    person.fill(BRANCHES, "１２")  # full-width digits: 100 / 10 + 12 / 10 = 11.2, rounded up
    person.sees(REQUIRED, "12", exact=True)


def test_a_share_link_opens_the_same_inputs_in_another_browser(
    person: Person, launch: Callable[[str], Engine], site_url: str
) -> None:
    person.open_calculator("score")
    person.click(CLEAR)  # this browser's earlier tests saved inputs
    quick(person, "39", "34", "21.5")
    person.fill("不符合企业有关服务制度的要求", "2")
    person.choose("有特别加分项（加 1 分）")
    person.sees_score("93.5", "四星")  # 94.5 − 2 + 1
    person.until(lambda: "#s1." in str(person.state_of(SHARE)["value"]), 20, "the share link")
    link = str(person.state_of(SHARE)["value"])
    assert link == person.engine.run("() => location.href")  # the address bar holds the same state

    other = Person(launch(person.engine.name), site_url)  # a new profile: nothing saved
    other.engine.goto(link)
    other.wait_ready()
    other.wait_first_result()
    other.sees_score("93.5", "四星")
    other.sees(NOTE, "已按链接中的输入计算")
    assert other.state_of(CUSTOMER)["value"] == "21.5"
    assert other.state_of("不符合企业有关服务制度的要求")["value"] == "2"
    assert other.state_of("有特别加分项（加 1 分）")["checked"] is True
