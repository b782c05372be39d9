"""The calculator tools the build can put into a page: the one place the build meets the engine's tool list.

A page asks for a tool with ``<div data-gbt-calculator="<name>"></div>``, a name of the engine's
registry (`calculator._tools.TOOLS`); the build replaces it with the tool's form, a worked example
computed by the same code the browser runs, and the page shell (`calculator._page`).
"""

from __future__ import annotations

from mkdocs.exceptions import PluginError

from calculator._page import render_tool_page
from calculator._tool import AnyTool, Datasets
from calculator._tools import TOOLS

__all__ = ["TOOLS", "page_block", "tool"]


def tool(name: str) -> AnyTool:
    try:
        return TOOLS[name]
    except KeyError:
        raise PluginError(f"calculator: no calculator tool {name!r}; known: {', '.join(TOOLS)}") from None


def page_block(
    chosen: AnyTool, datasets: Datasets, *, links: dict[str, str], organization_html: str, config_json: str
) -> str:
    """The whole calculator block of a page: status, form with its worked example, result, sharing, print parts."""
    try:
        return render_tool_page(
            chosen.name,
            datasets,
            links=links,
            organization_html=organization_html,
            config_json=config_json,
        )
    except ValueError as exc:
        raise PluginError(f"calculator: {exc}") from None
