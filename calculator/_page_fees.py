"""The `fees` form's HTML, built at build time from the fee schedule and filled with the example."""

from __future__ import annotations

from collections.abc import Mapping

from calculator._fee_schedule import FeeSchedule
from calculator._fees_form import fees_fields
from calculator._page_widgets import text_field

__all__ = ["render_fees_form"]


def render_fees_form(schedule: FeeSchedule, values: Mapping[str, str]) -> str:
    """The fees form: the company's size and scope, then its fixed service outlets."""
    fields = [text_field(spec, values.get(spec.name, "")) for spec in fees_fields(schedule)]
    return (
        '<form class="gbt-form" data-gbt-form="fees" novalidate autocomplete="off">'
        '<fieldset class="gbt-fieldset"><legend>企业规模与认证范围</legend><div class="gbt-grid gbt-grid--2">'
        + "".join(fields[:2])
        + '</div></fieldset><fieldset class="gbt-fieldset"><legend>选填：多场所</legend>'
        + fields[2]
        + "</fieldset></form>"
    )
