"""`define_env`: the variables and macros the pages use.

Variables
    ``rules``  every figure of the rules profile as text (see macros.rules.rules_view)
    ``fees``   the fee schedule's figures as text (see macros.fees.fees_view); ``fees_timeline`` its durations
    ``org``    the publishing organization (from ``extra.organization``)

Macros (all return HTML or text; block macros return one line of HTML)
    ``claim(id)``                   the label a registered claim needs where a page states it (empty for "2+")
    ``sources_of(id)``              the claim's sources as a phrase, linked to the sources page
    ``link(target)``                a site-relative URL ("sources/#levels") as seen from the current page
    ``category_table()``, ``indicator_table(category="")``, ``grade_table()``, ``deduction_list()``
    ``score_example(title, lost, deductions=0, bonus=False)``, ``boundary_example(title, grade, deductions=0)``,
    ``detailed_example(title, na=[], nonconform=[], partial={}, deductions=0, bonus=False)``,
    ``staffing_example(title, head_office, branches, total_staff=None)``
    ``level_chip(key)``, ``level_legend()``, ``claims_table(level)``, ``claim_count(level)``, ``source_list()``
                                    the sources page: the levels and every claim, generated from the registry
    ``flow(steps, label)``, ``contact_card()``, ``cta(lead="")``
    ``fee_items_table()``, ``man_day_table()``, ``man_day_list()``, ``fee_example(employees)``  (macros.fees)
"""

from __future__ import annotations

import dataclasses
import html
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

from calculator import Profile
from calculator._claims import ClaimsError, Registry
from calculator._datafile import ProfileError
from calculator._fee_schedule import FeeSchedule
from macros import claims, examples, fees, render
from macros.claims import PageUse
from macros.env import MacrosEnv
from macros.links import relative_url
from macros.rules import rules_view
from siteconfig import (
    Organization,
    checklist_in_use,
    organization,
    organization_html,
    resolve_fees,
    resolve_profile,
)

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
    schedule = resolve_fees(env.conf)
    org = organization(env.conf)
    try:
        checklist = checklist_in_use(env.conf, profile)
    except ProfileError as exc:  # a deployment's own checklist that does not fit: as the calculator plugin says
        raise PluginError(f"calculator: {exc}") from None
    try:
        data = claims.data_claims(profile, schedule, checklist)
        registry = claims.site_registry(profile, data.contributions)
        nav = claims.nav_files(env.conf["nav"])
        pages = claims.scan_pages(Path(env.conf["docs_dir"]), profile, nav, data.tools, data.tables)
        claims.check_usage(registry, pages)
    except ClaimsError as exc:  # a data or page problem: say what and where, without a traceback
        raise PluginError(str(exc)) from None
    # Pages write these into Markdown as {{ rules.… }} / {{ org.… }}, which passes HTML through:
    # the profile and the branding are outside text, so they go in as text (markup_free).
    env.variables["rules"] = markup_free(rules_view(profile))
    env.variables["org"] = markup_free(org)
    env.variables["fees"] = markup_free(fees.fees_view(schedule))
    env.variables["fees_timeline"] = fees.timeline_view(schedule)
    macros = _Macros(env, profile, org, registry, pages, schedule=schedule)
    for name in _Macros.NAMES:
        env.macro(getattr(macros, name), name)


class _Macros:
    """The macros the pages call, each rendering from the profile, the claims or the branding for the current page."""

    NAMES = (
        "link",
        "claim",
        "sources_of",
        "level_chip",
        "level_legend",
        "claims_table",
        "claim_count",
        "source_list",
        "category_table",
        "indicator_table",
        "grade_table",
        "deduction_list",
        "flow",
        "score_example",
        "boundary_example",
        "detailed_example",
        "staffing_example",
        "contact_card",
        "cta",
        "fee_items_table",
        "man_day_table",
        "man_day_list",
        "fee_example",
    )

    def __init__(
        self,
        env: MacrosEnv,
        profile: Profile,
        org: Organization,
        registry: Registry,
        pages: Sequence[PageUse],
        *,
        schedule: FeeSchedule,
    ) -> None:
        self.env = env
        self.profile = profile
        self.org = org
        self.registry = registry
        self.pages = pages
        self.schedule = schedule

    def link(self, target: str) -> str:
        page = self.env.page
        return relative_url(target, page.url if page is not None else "")

    def claim(self, claim_id: str) -> str:
        return claims.claim_label(self.registry, claim_id, self.link)

    def sources_of(self, claim_id: str) -> str:
        return claims.sources_of(self.registry, claim_id, self.link)

    def level_chip(self, key: str) -> str:
        return claims.level_chip(key)

    def level_legend(self) -> str:
        return claims.level_legend(self.registry)

    def claims_table(self, level: str) -> str:
        return claims.claims_table(self.registry, level, self.pages, self.link)

    def claim_count(self, level: str) -> int:
        return len(self.registry.by_level()[level])

    def source_list(self) -> str:
        return claims.source_list(self.registry, self.org.name)

    def category_table(self) -> str:
        return render.category_table(self.profile, self.claim)

    def indicator_table(self, category: str = "") -> str:
        return render.indicator_table(self.profile, self.claim, category)

    def grade_table(self) -> str:
        return render.grade_table(self.profile, self.claim)

    def deduction_list(self) -> str:
        return render.deduction_list(self.profile)

    def flow(self, steps: Sequence[Sequence[str]], label: str = "流程图") -> str:
        return render.flow(steps, label)

    def score_example(self, title: str, lost: Sequence[object], deductions: int | str = 0, bonus: bool = False) -> str:
        return examples.score_example(self.profile, title, lost=lost, deductions=deductions, bonus=bonus)

    def boundary_example(self, title: str, grade: str, deductions: int | str = 0, bonus: bool = False) -> str:
        lost = examples.boundary_lost(self.profile, grade)
        return examples.score_example(self.profile, title, lost=lost, deductions=deductions, bonus=bonus)

    def detailed_example(
        self,
        title: str,
        *,
        na: Sequence[str] = (),
        nonconform: Sequence[str] = (),
        partial: Mapping[str, object] | None = None,
        deductions: int | str = 0,
        bonus: bool = False,
    ) -> str:
        return examples.detailed_example(
            self.profile,
            title,
            na=na,
            nonconform=nonconform,
            partial=partial,
            deductions=deductions,
            bonus=bonus,
        )

    def staffing_example(self, title: str, head_office: int, branches: int, total_staff: int | None = None) -> str:
        return examples.staffing_example(
            self.profile, title, head_office=head_office, branches=branches, total_staff=total_staff
        )

    def contact_card(self) -> str:
        return organization_html.contact_card(self.org)

    def cta(self, lead: str = "") -> str:
        return organization_html.cta_box(self.org, organization_html.cta_href(self.org, self.link), lead)

    def fee_items_table(self) -> str:
        return fees.fee_items_table(self.schedule, self.claim)

    def man_day_table(self) -> str:
        return fees.man_day_table(self.schedule, self.claim)

    def man_day_list(self) -> str:
        return fees.man_day_list(self.schedule)

    def fee_example(self, employees: int) -> str:
        return fees.fee_example(self.schedule, int(employees))
