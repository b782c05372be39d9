"""The calculator tools the build can put into a page: the one place the build meets the engine's tool list.

A page asks for a tool with ``<div data-gbt-calculator="<name>"></div>``; the build replaces it
with the tool's form, a worked example computed by the same code the browser runs, and the page
shell. Until calculator/ has a registry of its tools, this module lists them; when it does, TOOLS
is read from it and nothing else of the build changes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from mkdocs.exceptions import PluginError

from calculator import Profile
from calculator._forms import score_example, staffing_example
from calculator._render import render_calculator, render_score_form, render_staffing_form
from calculator._web import compute

__all__ = ["TOOLS", "Tool", "WorkedExample", "page_block", "tool", "worked_example"]


@dataclass(frozen=True)
class Tool:
    name: str  # data-gbt-calculator="<name>", the worker's action and the storage key's middle part
    title: str  # the printed report's title is "<title>报告"
    example: Callable[[Profile], dict[str, str]]  # the form's initial values: the worked example's input
    form: Callable[[Profile, Mapping[str, str]], str]  # the form's HTML, filled with those values


TOOLS: dict[str, Tool] = {
    tool.name: tool
    for tool in (
        Tool("score", "售后服务认证自评计分", score_example, render_score_form),
        Tool("staffing", "售后服务管理师配置", staffing_example, render_staffing_form),
    )
}


def tool(name: str) -> Tool:
    try:
        return TOOLS[name]
    except KeyError:
        raise PluginError(f"calculator: no calculator tool {name!r}; known: {', '.join(TOOLS)}") from None


@dataclass(frozen=True)
class WorkedExample:
    form_html: str
    result_html: str
    summary: str


def worked_example(chosen: Tool, profile: Profile, links: Mapping[str, str]) -> WorkedExample:
    """The form with the example's values and the result the browser would show for them."""
    values = chosen.example(profile)
    answer = compute(chosen.name, values, profile, links=links)  # type: ignore[arg-type]
    if not answer["ok"]:
        raise PluginError(f"calculator: the worked example for {chosen.name} is invalid: {answer['errors']}")
    return WorkedExample(chosen.form(profile, values), str(answer["html"]), str(answer["summary"]))


def page_block(chosen: Tool, example: WorkedExample, *, organization_html: str, config_json: str) -> str:
    """The whole calculator block of a page: status, form, result, sharing, print header and footer."""
    return render_calculator(
        chosen.name,  # type: ignore[arg-type]
        form_html=example.form_html,
        result_html=example.result_html,
        title=chosen.title,
        organization_html=organization_html,
        config_json=config_json,
        summary=example.summary,
    )
