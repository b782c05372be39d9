"""Every tool completed with the keyboard only.

The focus is always visible and every result change reaches the screen reader's live region.

Only keys are used once the page is open: Tab / Shift+Tab to move, typing into fields, arrow keys
in the radio group and the select, Space for the checkbox, Enter for buttons and links.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from calculator import default_profile
from calculator._checklist_form import item_field
from calculator._tool import Datasets
from calculator._tools import FEES, PLAN
from tests.browser.calculator_fixtures import guarded_context, open_calculator, wait_ready

pytestmark = pytest.mark.browser

LIVE = "[data-gbt-live]"
DATASETS = Datasets(default_profile())
MAX_TABS = 80
# What has the focus, and whether it shows: an outline or a box shadow of its own while it
# matches :focus-visible (the way a keyboard user sees where they are). A date field's picker button
# is a focus stop inside the field's closed shadow tree: the field then matches :focus-within but not
# :focus, and only the page's style sheet can say that the button draws a ring (seen drawn in a
# screenshot; the ring itself cannot be read from the page).
FOCUSED = """() => {
  const pickerRing = (el) => el.type === 'date' && el.matches(':focus-within') && !el.matches(':focus') &&
    [...document.styleSheets].some((sheet) => { try { return [...sheet.cssRules].some((rule) =>
      (rule.selectorText || '').includes('input[type="date"]::-webkit-calendar-picker-indicator:focus-visible'));
    } catch { return false; } });
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  return {
    tag: el.tagName.toLowerCase(),
    name: el.getAttribute('name') || '',
    text: (el.innerText || el.value || '').trim().slice(0, 30),
    ours: !!el.closest('article'),
    visible: el.matches(':focus-visible') ? outline || style.boxShadow !== 'none' : pickerRing(el),
  };
}"""


class Keyboard:
    """Moves through the page with the keyboard and checks every focus stop in the page content."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.invisible: list[str] = []

    def focused(self) -> dict[str, Any] | None:
        info: dict[str, Any] | None = self.page.evaluate(FOCUSED)
        if info and info["ours"] and not info["visible"]:
            self.invisible.append(f"{info['tag']} {info['name']} {info['text']}")
        return info

    def press(self, key: str) -> dict[str, Any] | None:
        self.page.keyboard.press(key)
        return self.focused()

    def tab_to(self, name: str = "", text: str = "", back: bool = False) -> None:
        """Tab (or Shift+Tab) until the focus is on the field `name` or the element showing `text`."""
        for _ in range(MAX_TABS):
            info = self.press("Shift+Tab" if back else "Tab")
            if info and ((name and info["name"] == name) or (text and info["text"] == text)):
                return
        pytest.fail(f"the keyboard never reached {name or text!r}")

    def type(self, text: str) -> None:
        """Replace the focused field's text, as a visitor does after tabbing into it."""
        self.page.keyboard.press("Control+A")
        self.page.keyboard.type(text)


def live_changes_to(page: Page, text: str) -> None:
    expect(page.locator(LIVE)).to_have_text(text)
    expect(page.locator("[data-gbt-mini]")).to_have_text(text)


def test_score_calculator_by_keyboard(browser: Browser, site_url: str) -> None:
    with guarded_context(browser, site_url) as ctx:
        page = ctx.new_page()
        open_calculator(page, site_url, "score")
        live = page.locator(LIVE)
        assert live.get_attribute("aria-live") == "polite"
        assert page.locator("[data-gbt-status-text]").get_attribute("role") == "status"
        kb = Keyboard(page)

        # Quick mode: the three first-level scores.
        kb.tab_to(name="mode")
        expect(page.get_by_label("快速计分（3 项一级指标得分）")).to_be_checked()
        kb.press("Tab")
        kb.type("40")
        kb.press("Tab")
        kb.type("35")
        kb.press("Tab")
        kb.type("20")
        live_changes_to(page, "95 分，五星级。")

        # A wrong value: the error is announced and the field is marked, then corrected.
        kb.type("20x")
        expect(live).to_contain_text("有 1 处输入需要修改")
        expect(page.get_by_label("顾客服务（5.3）")).to_have_attribute("aria-invalid", "true")
        kb.type("10")
        live_changes_to(page, "85 分，三星级。距四星级还差 5 分。")

        # The special bonus checkbox, with Space; then back up with Shift+Tab.
        kb.tab_to(name="bonus")
        kb.press("Space")
        expect(page.get_by_label("有特别加分项", exact=False)).to_be_checked()
        live_changes_to(page, "86 分，三星级。距四星级还差 4 分。")
        kb.press("Space")
        live_changes_to(page, "85 分，三星级。距四星级还差 5 分。")
        kb.tab_to(name="categories.customer_service", back=True)
        kb.type("20")
        live_changes_to(page, "95 分，五星级。")

        # Detailed mode with the arrow keys; one indicator partly nonconforming.
        kb.tab_to(name="mode", back=True)
        kb.press("ArrowDown")
        expect(page.get_by_label("详细计分（15 项二级指标逐项评价）")).to_be_checked()
        live_changes_to(page, "100 分，五星级。")  # every indicator conforms until told otherwise
        kb.press("Tab")
        select = page.get_by_label("5.1.1 组织架构")
        expect(select).to_be_focused()
        kb.press("ArrowDown")
        expect(select).to_have_value("partial")
        kb.press("Tab")
        expect(page.get_by_label("组织架构：抽查样本数")).to_be_focused()
        kb.type("10")
        kb.press("Tab")
        kb.type("5")
        live_changes_to(page, "97.5 分，五星级。")  # half of the indicator's 5 points lost

        # The share button with Enter: a message says what happened (copied, or select and copy).
        kb.tab_to(text="复制链接")
        kb.press("Enter")
        expect(page.locator("[data-gbt-share-msg]")).to_contain_text("链接")
        assert kb.invisible == [], f"focus not visible on: {kb.invisible}"
        # Storage works here: no notice that inputs cannot be saved.
        expect(page.locator("[data-gbt-storage]")).to_be_hidden()


def test_staffing_calculator_by_keyboard(browser: Browser, site_url: str) -> None:
    with guarded_context(browser, site_url) as ctx:
        page = ctx.new_page()
        open_calculator(page, site_url, "score")
        kb = Keyboard(page)
        # From the scoring page to the staffing one by a link, with Enter (instant navigation).
        kb.tab_to(text="管理师配置")
        info = kb.focused()
        assert info is not None
        if not info["ours"]:  # the navigation's link comes first; the page's own link is further on
            kb.tab_to(text="管理师配置")
        kb.press("Enter")
        # Once its first result is in, the page writes the inputs' state into the address (#t1…).
        expect(page).to_have_url(re.compile(re.escape(f"{site_url}calculator/staffing/") + r"(#t[^/]*)?$"))
        wait_ready(page, timeout=30_000)

        kb.tab_to(name="head_office")
        kb.type("100")
        kb.press("Tab")
        kb.type("40")
        live_changes_to(page, "应配备售后服务管理师至少 14 人。还差 11 人。")
        kb.tab_to(name="current_managers")
        kb.type("10")
        live_changes_to(page, "应配备售后服务管理师至少 14 人。还差 4 人。")
        kb.press("Shift+Tab")
        kb.press("Shift+Tab")
        expect(page.get_by_label("分支机构和服务网点的服务管理人员")).to_be_focused()
        kb.type("0")
        live_changes_to(page, "应配备售后服务管理师至少 10 人。已满足要求。")
        assert kb.invisible == [], f"focus not visible on: {kb.invisible}"


def test_fees_estimate_by_keyboard(browser: Browser, site_url: str) -> None:
    with guarded_context(browser, site_url) as ctx:
        page = ctx.new_page()
        open_calculator(page, site_url, "fees")
        kb = Keyboard(page)
        kb.tab_to(name="employees")
        kb.type("10")
        schedule = FEES.data(DATASETS)
        live_changes_to(page, FEES.summary(FEES.run({"employees": 10}, schedule)))
        kb.press("Tab")
        expect(page.get_by_label("产品或服务类别数")).to_be_focused()
        kb.type("2")
        live_changes_to(page, FEES.summary(FEES.run({"employees": 10, "product_categories": 2}, schedule)))
        assert kb.invisible == [], f"focus not visible on: {kb.invisible}"


def test_time_plan_by_keyboard(browser: Browser, site_url: str) -> None:
    with guarded_context(browser, site_url) as ctx:
        page = ctx.new_page()
        open_calculator(page, site_url, "plan")
        kb = Keyboard(page)
        deadline = page.get_by_label("需要取得证书的日期").input_value()  # the example, set at build time
        kb.tab_to(name="records_months")
        kb.type("6")
        # "Today" is the browser's clock, the same as this process's.
        request = {"today": dt.date.today().isoformat(), "deadline": deadline, "records_months": 6}
        live_changes_to(page, PLAN.summary(PLAN.run(request, PLAN.data(DATASETS))))
        kb.tab_to(text="下载日历文件（.ics）")  # the calendar download is reached like any link
        assert kb.invisible == [], f"focus not visible on: {kb.invisible}"


def test_checklist_by_keyboard(browser: Browser, site_url: str) -> None:
    with guarded_context(browser, site_url) as ctx:
        page = ctx.new_page()
        open_calculator(page, site_url, "checklist")
        kb = Keyboard(page)
        kb.tab_to(name=item_field("spec_manual"))
        kb.press("Space")
        expect(page.get_by_label("售后服务手册：把各项售后制度和流程汇编成册，现行有效", exact=True)).to_be_checked()
        expect(page.locator(LIVE)).to_contain_text("已准备 1 / ")
        kb.press("Space")
        expect(page.locator(LIVE)).to_contain_text("已准备 0 / ")
        assert kb.invisible == [], f"focus not visible on: {kb.invisible}"
