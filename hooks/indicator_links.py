"""Where a calculator result links each second-level indicator: declared by the pages that explain them, and checked.

A page says which indicators it explains in its front matter::

    explains_indicators: all            # docs/indicators.md: the page that explains every indicator
    explains_indicators: [complaints]   # docs/complaints.md: a page of its own for one indicator

An indicator links to the page that names it, else to the page that explains them all; on that
page, to the heading whose anchor is the indicator's id (``### 组织架构 { #organization }``)
when there is one. The build stops when an indicator has no page, when two pages claim the same
indicator, or when a page names an indicator the rules profile does not have.

The pages that hold a tool are noted too, so a result can point to another tool (``tool:fees``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

from calculator import Profile

__all__ = ["META_KEY", "LinkTargets"]

META_KEY = "explains_indicators"
# The marker of a page that holds a tool (hooks/pages.py replaces it later in the build).
TOOL_MARKER = re.compile(r'<div data-gbt-calculator="([a-z][a-z0-9_]*)">')
ALL = "all"
# The key under which results find the page that explains every indicator.
OVERVIEW = "indicators"


@dataclass(frozen=True)
class _Explainer:
    src_uri: str
    url: str  # site-relative
    anchors: frozenset[str]  # the ids of the page's headings
    explains: tuple[str, ...] | None  # indicator ids; None: all of them


def _anchors(items: Iterable[AnchorLink]) -> set[str]:
    found: set[str] = set()
    for item in items:
        found.add(item.id)
        found |= _anchors(item.children)
    return found


def _declared(page: Page) -> tuple[str, ...] | None:
    value = page.meta[META_KEY]
    if value == ALL:
        return None
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
        raise PluginError(
            f"calculator: {page.file.src_uri}: {META_KEY} must be '{ALL}' or a list of indicator ids, not {value!r}"
        )
    return tuple(value)


@dataclass
class LinkTargets:
    """The pages that explain indicators, met one by one while the build converts pages."""

    explainers: list[_Explainer] = field(default_factory=list)
    tool_pages: dict[str, str] = field(default_factory=dict)  # tool name → URL of the page that holds it

    def record(self, page: Page) -> None:
        """Remember `page` when its front matter says it explains indicators, or when it holds a tool."""
        tool = TOOL_MARKER.search(page.content or "")
        if tool:
            self.tool_pages[tool.group(1)] = page.url
        if META_KEY not in page.meta:
            return
        self.explainers.append(_Explainer(page.file.src_uri, page.url, frozenset(_anchors(page.toc)), _declared(page)))

    def _overview(self) -> _Explainer | None:
        overviews = [e for e in self.explainers if e.explains is None]
        if len(overviews) > 1:
            names = ", ".join(e.src_uri for e in overviews)
            raise PluginError(f"calculator: only one page may say '{META_KEY}: {ALL}'; found {names}")
        return overviews[0] if overviews else None

    def _own_pages(self, profile: Profile) -> dict[str, _Explainer]:
        known = {ind.id for ind in profile.indicators}
        own: dict[str, _Explainer] = {}
        for explainer in self.explainers:
            for ind_id in explainer.explains or ():
                if ind_id not in known:
                    raise PluginError(
                        f"calculator: {explainer.src_uri}: {META_KEY} names {ind_id!r}, which is no indicator of the "
                        f"rules profile; known: {', '.join(sorted(known))}"
                    )
                if ind_id in own:
                    raise PluginError(
                        f"calculator: both {own[ind_id].src_uri} and {explainer.src_uri} say they explain {ind_id!r}"
                    )
                own[ind_id] = explainer
        return own

    def resolve(self, profile: Profile) -> dict[str, str]:
        """Indicator id (and "indicators", the overview) → site-relative target; fails on a gap or a clash."""
        overview = self._overview()
        own = self._own_pages(profile)
        links = {OVERVIEW: overview.url} if overview else {}
        # A result may point to another tool ("tool:fees" → the fees calculator's page).
        links.update({f"tool:{name}": url for name, url in self.tool_pages.items()})
        for ind in profile.indicators:
            page = own.get(ind.id, overview)
            if page is None:
                raise PluginError(
                    f"calculator: no page explains the indicator {ind.id!r} ({ind.name}), so the results cannot link "
                    f"it: add '{META_KEY}: [{ind.id}]' to the front matter of the page that does, or "
                    f"'{META_KEY}: {ALL}' to the page that explains every indicator"
                )
            links[ind.id] = f"{page.url}#{ind.id}" if ind.id in page.anchors else page.url
        return links
