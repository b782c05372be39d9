"""The `plan` form's HTML, built at build time and filled with the example."""

from __future__ import annotations

from collections.abc import Mapping

from calculator._fee_schedule import FeeSchedule
from calculator._page_widgets import text_field
from calculator._plan_form import plan_fields

__all__ = ["render_plan_form"]


def render_plan_form(schedule: FeeSchedule, values: Mapping[str, str]) -> str:
    """The plan form: the dates, then how far the after-sales system has come."""
    fields = [text_field(spec, values.get(spec.name, "")) for spec in plan_fields(schedule)]
    return (
        '<form class="gbt-form" data-gbt-form="plan" novalidate autocomplete="off">'
        '<fieldset class="gbt-fieldset"><legend>日期</legend><div class="gbt-grid gbt-grid--2">'
        + "".join(fields[:2])
        + '</div></fieldset><fieldset class="gbt-fieldset"><legend>准备情况</legend>'
        + fields[2]
        + "</fieldset></form>"
    )
