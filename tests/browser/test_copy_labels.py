"""Confidence labels survive copy and paste: a paragraph pasted into a chat reads "…（本站假设）。".

On screen a label is a small tag and its brackets are hidden; the brackets are still text, so
selecting the paragraph and copying it (what a reader does before pasting into WeChat) keeps them.
Printed, the brackets show, since a printed tag loses its border colour.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.calculator_fixtures import guarded_context

pytestmark = pytest.mark.browser

PARAGRAPH = "p:has-text('按这一解释，一线的安装工')"
COPIED_END = "一般不计入（本站假设）。"


def select(page: Page, selector: str) -> str:
    """Select the element's contents as a reader would and return the selection's text."""
    return str(
        page.locator(selector).evaluate(
            """(el) => {
                const range = document.createRange();
                range.selectNodeContents(el);
                const selection = window.getSelection();
                selection.removeAllRanges();
                selection.addRange(range);
                return selection.toString();
            }"""
        )
    )


def test_a_selected_paragraph_reads_its_labels_in_brackets(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}managers/")
    text = select(page, PARAGRAPH).strip()
    assert text.endswith(COPIED_END), text
    assert "计入本站假设" not in text


def test_copying_puts_the_brackets_on_the_clipboard(browser: Browser, site_url: str) -> None:
    with guarded_context(browser, site_url, permissions=["clipboard-read", "clipboard-write"]) as ctx:
        page = ctx.new_page()
        page.goto(f"{site_url}managers/")
        select(page, PARAGRAPH)
        page.keyboard.press("Control+C")
        copied = str(page.evaluate("navigator.clipboard.readText()")).strip()
    assert copied.endswith(COPIED_END), copied


def test_on_screen_the_label_is_a_tag_without_visible_brackets(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}managers/")
    label = page.locator(f"{PARAGRAPH} a.conf")
    # What a script (or a browser's own copy) reads as the label's text: no line breaks inside.
    assert label.inner_text().strip() == "（本站假设）"
    box = label.bounding_box()
    assert box is not None
    assert 0 < box["height"] < 40
    widths = label.locator(".conf__sep").evaluate_all("(els) => els.map((e) => e.getBoundingClientRect().width)")
    assert len(widths) == 2
    assert all(w <= 1 for w in widths), widths
    assert label.get_attribute("title", timeout=1000) is not None
    assert str(label.get_attribute("href")).endswith("sources/#claim-staffing.frontline_excluded")


def test_printed_labels_show_their_brackets(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}managers/")
    page.emulate_media(media="print")
    widths = page.locator(f"{PARAGRAPH} a.conf .conf__sep").evaluate_all(
        "(els) => els.map((e) => e.getBoundingClientRect().width)"
    )
    assert len(widths) == 2
    assert all(w > 1 for w in widths), widths
