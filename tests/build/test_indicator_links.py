"""Results link each indicator to the page that says it explains it (hooks/indicator_links.py), checked at build time."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast

import pytest
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from calculator import default_profile
from hooks.indicator_links import LinkTargets

PROFILE = default_profile()
SECTIONS = ("organization", "staffing", "resources", "specifications", "supervision")


@dataclass
class _Anchor:
    id: str
    children: list[_Anchor] = field(default_factory=list)


@dataclass
class _File:
    src_uri: str


@dataclass
class _Page:
    """What LinkTargets reads of a page: its front matter, headings, URL, source and converted content."""

    file: _File
    url: str
    meta: dict[str, Any]
    toc: list[_Anchor]
    content: str = ""


def page(src: str, url: str, explains: object = None, anchors: tuple[str, ...] = ()) -> Page:
    meta = {} if explains is None else {"explains_indicators": explains}
    toc = [_Anchor("top", [_Anchor(a) for a in anchors])]
    return cast(Page, _Page(_File(src), url, meta, toc))


def targets(*pages: Page) -> LinkTargets:
    found = LinkTargets()
    for p in pages:
        found.record(p)
    return found


def site() -> list[Page]:
    """The site as it is: the indicators page (five anchored sections), the complaints page, others."""
    return [
        page("index.md", ""),
        page("indicators.md", "indicators/", "all", ("structure", *SECTIONS, "others")),
        page("complaints.md", "complaints/", ["complaints"], ("requirements",)),
        page("scoring.md", "scoring/", None, ("organization",)),  # an anchor elsewhere does not count
    ]


def test_every_indicator_links_where_the_pages_say() -> None:
    links = targets(*site()).resolve(PROFILE)
    expected = {"indicators": "indicators/"}
    for ind in PROFILE.indicators:
        if ind.id in SECTIONS:
            expected[ind.id] = f"indicators/#{ind.id}"
        elif ind.id == "complaints":
            expected[ind.id] = "complaints/"
        else:
            expected[ind.id] = "indicators/"
    assert links == expected
    assert list(links) == ["indicators", *(ind.id for ind in PROFILE.indicators)]


def test_the_pages_that_hold_a_tool_are_link_targets_too() -> None:
    """A result may point to another tool's page (the score result to the fees estimate)."""
    fees = cast(
        Page, _Page(_File("calculator/fees.md"), "calculator/fees/", {}, [], '<div data-gbt-calculator="fees"></div>')
    )
    links = targets(*site(), fees).resolve(PROFILE)
    assert links["tool:fees"] == "calculator/fees/"
    assert not any(key.startswith("tool:") and key != "tool:fees" for key in links)


def test_a_heading_titled_like_an_indicator_is_not_a_target() -> None:
    """No more guessing from titles: only a heading whose anchor is the indicator's id."""
    links = targets(page("indicators.md", "indicators/", "all", ("repair-service",))).resolve(PROFILE)
    assert links["repair"] == "indicators/"


def test_an_indicator_no_page_explains_stops_the_build() -> None:
    with pytest.raises(PluginError, match=r"no page explains the indicator 'organization' \(组织架构\)"):
        targets(page("complaints.md", "complaints/", ["complaints"])).resolve(PROFILE)


@pytest.mark.parametrize(
    ("pages", "message"),
    [
        (
            [page("a.md", "a/", ["repair"]), page("b.md", "b/", ["repair"]), page("i.md", "i/", "all")],
            r"both a\.md and b\.md say they explain 'repair'",
        ),
        ([page("a.md", "a/", "all"), page("b.md", "b/", "all")], r"only one page may say 'explains_indicators: all'"),
        ([page("a.md", "a/", ["complaint"]), page("i.md", "i/", "all")], r"names 'complaint', which is no indicator"),
        ([page("a.md", "a/", {"x": 1})], r"a\.md: explains_indicators must be 'all' or a list of indicator ids"),
        ([page("a.md", "a/", [])], r"a\.md: explains_indicators must be"),
    ],
)
def test_contradicting_or_wrong_declarations_stop_the_build(pages: list[Page], message: str) -> None:
    with pytest.raises(PluginError, match=message):
        targets(*pages).resolve(PROFILE)
