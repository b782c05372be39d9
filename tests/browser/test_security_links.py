"""Crafted links and stored inputs are untrusted: a Chinese message, never markup, never a script.

Calculator pages are opened with links a visitor could be sent (markup, `javascript:`, far too
long, cut off, from another format version, plain garbage after the ``#``): all of them on one
page, and on every page those its own code reads (see LINKS). The page must say in
Chinese that the link cannot be used, fire no dialog, gain no element from the link, run nothing
from it, and keep calculating. The same for junk saved in the browser's local storage.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, Dialog, Page, expect

from calculator import default_profile
from calculator._tool import Datasets
from calculator._tools import TOOLS
from calculator._urlstate import encode
from tests.browser.calculator_fixtures import expect_score, fill, guarded_context, quick, wait_ready

pytestmark = pytest.mark.browser

DATASETS = Datasets(default_profile())
# Every tool of the registry: each takes its state from the address and from local storage.
STATES = {
    name: encode(tool, tool.example(tool.data(DATASETS)), tool.data(DATASETS)) or "" for name, tool in TOOLS.items()
}
ALERT = "window.__pwned = (window.__pwned || 0) + 1"

# Anything in the document that could only have come from a crafted link or stored value.
INJECTED = """() => {
  const handlers = [...document.querySelectorAll("*")].filter((el) =>
    [...el.attributes].some((a) => a.name.toLowerCase().startsWith("on")));
  const images = [...document.querySelectorAll("img")].filter((img) => {
    const src = img.getAttribute("src") || "";
    return src === "x" || src.endsWith("/x");
  });
  const links = [...document.querySelectorAll("[href], [src], [action]")].filter((el) =>
    /^\\s*javascript:/i.test(el.getAttribute("href") || el.getAttribute("src") || el.getAttribute("action") || ""));
  const scripts = [...document.querySelectorAll("script")].filter((s) => s.textContent.includes("__pwned"));
  return {
    handlers: handlers.map((el) => el.outerHTML.slice(0, 200)),
    images: images.map((el) => el.outerHTML.slice(0, 200)),
    links: links.map((el) => el.outerHTML.slice(0, 200)),
    scripts: scripts.length,
    pwned: window.__pwned ?? null,
  };
}"""
CLEAN = {"handlers": [], "images": [], "links": [], "scripts": 0, "pwned": None}


def crafted(calculator: str) -> list[tuple[str, str, str]]:
    """(name, fragment after the #, words the message must contain) for one calculator."""
    state = STATES[calculator]
    head, _, rest = state.partition(".")
    return [
        ("img-onerror", f'"><img src=x onerror="{ALERT}">', "不应出现的字符"),
        (
            "img-onerror-encoded",
            "%3Cimg%20src%3Dx%20onerror%3D%22" + ALERT.replace(" ", "%20") + "%22%3E",
            "不应出现的字符",
        ),
        ("script-encoded", "%3Cscript%3E" + ALERT.replace(" ", "%20") + "%3C%2Fscript%3E", "不应出现的字符"),
        ("javascript-url", f"javascript:{ALERT.replace(' ', '%20')}", "不应出现的字符"),
        ("oversized", f"{head}." + "9_" * 3000 + "0.0000000", "太长"),
        ("truncated", state[:-4], "校验不通过"),
        ("wrong-version", f"{head[0]}7.{rest}", "版本"),
        ("garbage", "%E2%98%83%00%FF%20garbage%20%F0%9F%92%A5", "不应出现的字符"),
        ("broken-percent", "%E0%A4%A", "链接"),
    ]


@dataclass(frozen=True)
class Link:
    calculator: str
    name: str
    fragment: str
    needle: str


# Opened as a fresh page load (a link from a chat or an e-mail); the others by the site's instant
# navigation, which mounts the calculator again with the worker already running (much faster).
FULL_LOAD = {"img-onerror", "oversized"}
# Markup, stray characters and oversized links are refused by the shared decoder before any tool
# reads them (calculator/_urlstate.py `_split`, and the page's percent-decoding), so every link is
# tried on one page; on every other page, the markup link (the page's own message rendering) and
# the links each tool decodes itself (its state letter and version, its check digits and layout).
EVERY_LINK_ON = "score"
PER_TOOL = {"img-onerror", "truncated", "wrong-version"}
# Alternating calculators: each link is then opened on a page other than the current one.
LINKS = [
    pytest.param(
        Link(calc, name, fragment, needle),
        id=f"{calc}-{name}",
    )
    for index in range(len(crafted(EVERY_LINK_ON)))
    for calc in TOOLS
    for name, fragment, needle in [crafted(calc)[index]]
    if calc == EVERY_LINK_ON or name in PER_TOOL
]


@dataclass
class Tab:
    page: Page
    dialogs: list[str]
    errors: list[str]


@pytest.fixture(scope="module")
def tab(browser: Browser, site_url: str) -> Iterator[Tab]:
    """One tab for all the links (the runtime then comes from this browser's cache)."""
    with guarded_context(browser, site_url) as ctx:
        page = ctx.new_page()
        found = Tab(page, [], [])

        def on_dialog(dialog: Dialog) -> None:
            found.dialogs.append(f"{dialog.type}: {dialog.message}")
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page.on("pageerror", lambda exc: found.errors.append(str(exc)))
        yield found


# Follows a link inside the site the way a visitor's click does: Material's instant navigation takes it.
CLICK_LINK = """(url) => {
  const a = document.createElement("a");
  a.href = url;
  document.body.append(a);
  a.click();
  a.remove();
}"""


def instant(page: Page, url: str) -> None:
    page.evaluate(CLICK_LINK, url)


def open_link(tab: Tab, site_url: str, calculator: str, fragment: str, *, full_load: bool) -> None:
    page = tab.page
    target = f"{site_url}calculator/{calculator}/#{fragment}"
    # Python is ready in this tab (the mark the page sets): instant navigation keeps it running.
    running = page.evaluate("() => performance.getEntriesByName('gbt:ready').length > 0")
    if full_load or not running:
        page.goto("about:blank")
        page.goto(target)
    else:
        if f"/calculator/{calculator}/" in page.url:  # same page: Material would only scroll
            instant(page, site_url)
            expect(page).to_have_url(site_url)
        instant(page, target)
        expect(page).to_have_url(re.compile(f"/calculator/{calculator}/#"))
    wait_ready(page)


def still_calculates(page: Page, calculator: str) -> None:
    """The tool shows its worked example, computed, and answers a change of its input."""
    result = page.locator("[data-gbt-result]")
    if calculator == "score":
        expect_score(page, "89", "三星")
        quick(page, "40", "35", "20")
        expect_score(page, "95", "五星")
    elif calculator == "staffing":
        expect(result.locator("[data-gbt-required]")).to_have_text("5")
        fill(page, "总部的服务管理人员", "100")
        expect(result.locator("[data-gbt-required]")).to_have_text("14")
    elif calculator == "fees":
        expect(result.locator("[data-gbt-first-year]")).to_have_text("30500")  # 100 employees
        fill(page, "企业员工人数", "10")
        expect(result.locator("[data-gbt-first-year]")).to_have_text("14000")
    elif calculator == "plan":
        # The example's one month of records: the plan starts with the records period.
        expect(result.locator(".gbt-timeline")).to_contain_text("开始运行并保留记录")
        fill(page, "体系已运行并保留记录的月数（选填）", "6")
        expect(result.locator(".gbt-timeline")).not_to_contain_text("开始运行并保留记录")
    else:
        assert calculator == "checklist", f"no check written for the tool {calculator!r}"
        expect(result.locator("[data-gbt-done]")).to_have_text("0")
        page.get_by_label("售后服务手册：把各项售后制度和流程汇编成册，现行有效", exact=True).check()
        expect(result.locator("[data-gbt-done]")).to_have_text("1")


@pytest.mark.parametrize("link", LINKS)
def test_crafted_link_shows_a_message_and_nothing_else(tab: Tab, site_url: str, link: Link) -> None:
    page = tab.page
    tab.dialogs.clear()
    tab.errors.clear()
    open_link(tab, site_url, link.calculator, link.fragment, full_load=link.name in FULL_LOAD)
    note = page.locator("[data-gbt-note]")
    expect(note).to_contain_text("链接无法使用")
    expect(note).to_contain_text(link.needle)
    assert page.evaluate(INJECTED) == CLEAN
    still_calculates(page, link.calculator)
    assert page.evaluate(INJECTED) == CLEAN
    assert tab.dialogs == []
    assert tab.errors == []


JUNK_STORED = [
    f'<img src=x onerror="{ALERT}">',
    f"javascript:{ALERT}",
    "s1." + "9" * 5000,
    "\u0000\ufffd garbage",
]


@pytest.mark.parametrize("calculator", list(TOOLS))
def test_junk_in_local_storage_is_dropped_quietly(tab: Tab, site_url: str, calculator: str) -> None:
    page = tab.page
    key = f"gbt27922.{calculator}.v1"
    for index, junk in enumerate(JUNK_STORED):
        tab.dialogs.clear()
        tab.errors.clear()
        if index == 0:
            page.goto(f"{site_url}")
        page.evaluate("([key, value]) => localStorage.setItem(key, value)", [key, junk])
        if index == 0:
            page.goto(f"{site_url}calculator/{calculator}/")  # a fresh load reads the stored value
        else:  # the calculator mounts again on an instant navigation and reads it too
            instant(page, f"{site_url}calculator/{calculator}/")
            expect(page).to_have_url(f"{site_url}calculator/{calculator}/")
        wait_ready(page)
        # A stored value is not a link the visitor chose: no message; the junk is replaced, the example shows.
        still_calculates(page, calculator)
        assert page.evaluate("(key) => localStorage.getItem(key)", key) != junk
        assert page.evaluate(INJECTED) == CLEAN
        assert tab.dialogs == []
        assert tab.errors == []
        instant(page, site_url)
        expect(page).to_have_url(site_url)
