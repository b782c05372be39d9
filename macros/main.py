"""`define_env`: the variables and macros the pages use.

Variables
    ``rules``  every figure of the rules profile as text (see macros.rules.rules_view)
    ``org``    the publishing organization (from ``extra.organization``)

Macros (all return HTML or text; block macros return one line of HTML)
    ``conf(level, note="")``        a confidence label: "2+", "1", "0", "x" or "illustrative"
    ``fact_conf(key)``              the label a profile number needs (empty when several sources agree)
    ``link(target)``                a site-relative URL ("sources/#levels") as seen from the current page
    ``category_table()``, ``indicator_table(category="")``, ``grade_table()``, ``deduction_list()``
    ``score_example(title, lost, deductions=0, bonus=False)``, ``boundary_example(title, grade, deductions=0)``,
    ``detailed_example(title, na=[], nonconform=[], partial={}, deductions=0, bonus=False)``,
    ``staffing_example(title, head_office, branches, total_staff=None)``
    ``facts_table()``, ``sources_list()``, ``flow(steps, label)``, ``contact_card()``, ``cta(lead="")``
"""

from __future__ import annotations

import dataclasses
import html
from collections.abc import Mapping, Sequence
from typing import Any

from macros import examples, render
from macros.confidence import SOURCES_PAGE, badge
from macros.env import MacrosEnv
from macros.links import relative_url
from macros.rules import facts_by_key, rules_view
from siteconfig import organization, organization_html, resolve_profile

__all__ = ["define_env"]


def markup_free(value: Any) -> Any:
    """`value` with every string made inert in Markdown: HTML escaped, and no [link](…) or ![image](…)."""
    if isinstance(value, str):
        return html.escape(value, quote=True).replace("[", "&#91;").replace("]", "&#93;")
    if isinstance(value, Mapping):
        return {k: markup_free(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(markup_free(v) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(
            value, **{f.name: markup_free(getattr(value, f.name)) for f in dataclasses.fields(value)}
        )
    return value


def define_env(env: MacrosEnv) -> None:
    """Called once by mkdocs-macros when the build starts."""
    profile = resolve_profile(env.conf)
    org = organization(env.conf)
    facts = facts_by_key(profile)
    # Pages write these into Markdown as {{ rules.… }} / {{ org.… }}, which passes HTML through:
    # the profile and the branding are outside text, so they go in as text (markup_free).
    env.variables["rules"] = markup_free(rules_view(profile))
    env.variables["org"] = markup_free(org)

    def link(target: str) -> str:
        page = env.page
        return relative_url(target, page.url if page is not None else "")

    def conf(level: str, note: str = "") -> str:
        return badge(str(level), link(SOURCES_PAGE), note)

    def fact_conf(key: str, note: str = "") -> str:
        try:
            fact = facts[key]
        except KeyError:
            raise KeyError(f"no such fact {key!r}; known: {', '.join(facts)}") from None
        return render.fact_badge(fact, link, note)

    def category_table() -> str:
        return render.category_table(profile, link)

    def indicator_table(category: str = "") -> str:
        return render.indicator_table(profile, link, category)

    def grade_table() -> str:
        return render.grade_table(profile, link)

    def deduction_list() -> str:
        return render.deduction_list(profile)

    def facts_table() -> str:
        return render.facts_table(profile, link)

    def sources_list() -> str:
        return render.sources_list(profile)

    def flow(steps: Sequence[Sequence[str]], label: str = "流程图") -> str:
        return render.flow(steps, label)

    def score_example(title: str, lost: Sequence[object], deductions: int | str = 0, bonus: bool = False) -> str:
        return examples.score_example(profile, link, title, lost=lost, deductions=deductions, bonus=bonus)

    def boundary_example(title: str, grade: str, deductions: int | str = 0, bonus: bool = False) -> str:
        lost = examples.boundary_lost(profile, grade)
        return examples.score_example(profile, link, title, lost=lost, deductions=deductions, bonus=bonus)

    def detailed_example(
        title: str,
        *,
        na: Sequence[str] = (),
        nonconform: Sequence[str] = (),
        partial: Mapping[str, object] | None = None,
        deductions: int | str = 0,
        bonus: bool = False,
    ) -> str:
        return examples.detailed_example(
            profile, link, title, na=na, nonconform=nonconform, partial=partial, deductions=deductions, bonus=bonus
        )

    def staffing_example(title: str, head_office: int, branches: int, total_staff: int | None = None) -> str:
        return examples.staffing_example(
            profile, link, title, head_office=head_office, branches=branches, total_staff=total_staff
        )

    def contact_card() -> str:
        return organization_html.contact_card(org)

    def cta(lead: str = "") -> str:
        return organization_html.cta_box(org, organization_html.cta_href(org, link), lead)

    macros: dict[str, Any] = {
        "link": link,
        "conf": conf,
        "fact_conf": fact_conf,
        "category_table": category_table,
        "indicator_table": indicator_table,
        "grade_table": grade_table,
        "deduction_list": deduction_list,
        "facts_table": facts_table,
        "sources_list": sources_list,
        "flow": flow,
        "score_example": score_example,
        "boundary_example": boundary_example,
        "detailed_example": detailed_example,
        "staffing_example": staffing_example,
        "contact_card": contact_card,
        "cta": cta,
    }
    for name, func in macros.items():
        env.macro(func, name)
