"""Accessibility: axe-core on every page type, at desktop and phone width, no serious or critical violation.

axe-core comes from node_modules (pinned in package.json / package-lock.json) and is evaluated into
the page by Playwright, so nothing is fetched and the page's own CSP does not apply to it. Pages:
the home page, content pages with tables, tabs, admonitions, a task list and a wide table, the FAQ,
the glossary, contact, the 404 page (at phone width, those that show every part whose layout
differs: PHONE_PAGES), the calculators (quick and detailed mode, with an input error showing, with a
live result) and the search overlay open.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.calculator_fixtures import DESKTOP, PHONE, guarded_context, open_calculator, wait_ready

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
IMPACTS = ("serious", "critical")
# Violations we accept, as (rule id, node selector) → why it cannot be fixed from our templates.
# Empty: Material's unnamed search dialog and progress bar are fixed in overrides/partials/.
ACCEPTED: dict[tuple[str, str], str] = {}
PAGES = (
    "", "what-is/", "scoring/", "process/", "managers/", "apply/", "fees/", "faq/", "glossary/", "sources/", "contact/",
    "audit-day/", "choose-body/", "bodies-and-consultants/", "after-certification/", "404.html",
)  # fmt: skip
# At phone width the header, the hidden navigation drawer and the sideways-scrolling tables differ
# from the desktop layout; the text and its colours do not. These pages show every such part (cards,
# tables wide and plain, tabs, admonitions, the task list, folded answers, the 404 page), so the phone
# pass audits them instead of all pages again.
PHONE_PAGES = ("", "what-is/", "scoring/", "apply/", "fees/", "faq/", "sources/", "404.html")
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
# The page has settled: site.js has made every sideways-scrolling table box focusable, and no
# fade-in is half-way (axe would measure the contrast of text that is still appearing).
SETTLED = """() => [...document.querySelectorAll('.md-typeset__scrollwrap')]
    .every(b => b.scrollWidth <= b.clientWidth + 1 || b.hasAttribute('tabindex'))
  && document.getAnimations().every(a => a.playState !== 'running'
    || a.effect.getComputedTiming().iterations === Infinity)"""


def axe_source() -> str:
    if not AXE.is_file():
        pytest.fail("node_modules/axe-core is missing: run `npm ci` (bash scripts/setup)")
    return AXE.read_text("utf-8")


RENDER_ALL = """async () => {
  for (const element of document.querySelectorAll("*")) {
    if (getComputedStyle(element).contentVisibility === "auto") element.style.contentVisibility = "visible";
  }
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
}"""


def violations(page: Page, where: str) -> list[str]:
    """Serious and critical axe violations on the page as it is now, one line per rule and node."""
    page.wait_for_function(SETTLED)
    # Blocks with content-visibility: auto are not rendered until a reader scrolls near them, and
    # axe's contrast check reads colours by hit testing, which skips them: audit them rendered.
    page.evaluate(RENDER_ALL)
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    result: dict[str, Any] = page.evaluate("async () => await axe.run(document, { resultTypes: ['violations'] })")
    found = []
    for rule in result["violations"]:
        if rule["impact"] not in IMPACTS:
            continue
        for node in rule["nodes"]:
            selector = " ".join(str(t) for t in node["target"])
            if (rule["id"], selector) in ACCEPTED:
                continue
            found.append(f"{where}: {rule['id']} ({rule['impact']}) {selector}: {node['failureSummary']}")
    return found


@pytest.mark.parametrize("width", list(VIEWPORTS))
def test_knowledge_pages_have_no_serious_violations(browser: Browser, site_url: str, width: str) -> None:
    viewport = VIEWPORTS[width]
    phone = width == "phone"
    with guarded_context(browser, site_url, viewport=viewport, is_mobile=phone, has_touch=phone) as ctx:
        page = ctx.new_page()
        found: list[str] = []
        for path in PHONE_PAGES if phone else PAGES:
            page.goto(f"{site_url}{path}")
            found += violations(page, f"{width} /{path}")
        assert found == [], "\n".join(found)


@pytest.mark.parametrize("width", list(VIEWPORTS))
def test_calculators_and_search_have_no_serious_violations(browser: Browser, site_url: str, width: str) -> None:
    viewport = VIEWPORTS[width]
    phone = width == "phone"
    with guarded_context(browser, site_url, viewport=viewport, is_mobile=phone, has_touch=phone) as ctx:
        page = ctx.new_page()
        found: list[str] = []
        open_calculator(page, site_url, "score")
        found += violations(page, f"{width} score, quick mode, live result")

        page.get_by_label("售后服务体系（5.1）").fill("abc")
        expect(page.locator('[data-gbt-error-for="categories.service_system"]')).not_to_be_empty()
        found += violations(page, f"{width} score, an input error showing")

        page.get_by_label("详细计分（15 项二级指标逐项评价）").check()
        page.get_by_label("5.1.2 人员配置").select_option("partial")
        expect(page.get_by_label("人员配置：抽查样本数")).to_be_visible()
        found += violations(page, f"{width} score, detailed mode")

        # Instant navigation through the page's own link: the same worker computes the other calculator.
        page.locator("article").get_by_role("link", name="管理师配置", exact=True).click()
        wait_ready(page, timeout=10_000)
        expect(page.locator("[data-gbt-result] [data-gbt-required]")).to_have_text("5")
        found += violations(page, f"{width} staffing, result")

        for tool, ready in (("fees", "[data-gbt-first-year]"), ("plan", "[data-gbt-feasible]")):
            open_calculator(page, site_url, tool)
            expect(page.locator(f"[data-gbt-result] {ready}")).to_be_visible()
            found += violations(page, f"{width} {tool}, result")

        page.locator("label.md-header__button[for='__search']" if phone else ".md-search__input").first.click()
        search = page.locator(".md-search__input")
        search.fill("扣分")
        search.press("End")  # CJK arrives as one insertText; a key press makes Material search
        expect(page.locator(".md-search-result__item").first).to_be_visible()
        found += violations(page, f"{width} search overlay open")
        assert found == [], "\n".join(found)


@pytest.mark.parametrize("width", list(VIEWPORTS))
def test_the_checklist_has_no_serious_violations(browser: Browser, site_url: str, width: str) -> None:
    viewport = VIEWPORTS[width]
    phone = width == "phone"
    with guarded_context(browser, site_url, viewport=viewport, is_mobile=phone, has_touch=phone) as ctx:
        page = ctx.new_page()
        open_calculator(page, site_url, "checklist")
        page.get_by_label("售后服务手册：把各项售后制度和流程汇编成册，现行有效", exact=True).check()
        page.get_by_label("本企业不涉及“废弃商品回收”（不适用，删减）", exact=True).check()
        expect(page.locator("[data-gbt-result] [data-gbt-done]")).to_have_text("1")
        found = violations(page, f"{width} checklist, ticked and one indicator not applicable")
        assert found == [], "\n".join(found)


BACKGROUND = "() => getComputedStyle(document.body).backgroundColor"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_colour_scheme_follows_the_system_without_violations(browser: Browser, site_url: str, scheme: str) -> None:
    # No toggle (mkdocs.yml: one palette): the system's setting decides, by CSS alone (extra.css).
    with guarded_context(browser, site_url, color_scheme=scheme) as ctx:
        page = ctx.new_page()
        found: list[str] = []
        page.goto(f"{site_url}scoring/")
        dark = page.evaluate(BACKGROUND) != "rgb(255, 255, 255)"
        assert dark == (scheme == "dark"), page.evaluate(BACKGROUND)
        assert page.evaluate("() => getComputedStyle(document.body).colorScheme") == ("dark" if dark else "light")
        found += violations(page, f"{scheme} /scoring/")
        open_calculator(page, site_url, "score")
        found += violations(page, f"{scheme} score, live result")
        page.emulate_media(media="print")  # a printed report stays black on white
        assert page.evaluate(BACKGROUND) == "rgb(255, 255, 255)"
        assert found == [], "\n".join(found)
