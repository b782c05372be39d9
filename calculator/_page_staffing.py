"""The `staffing` form's HTML, built at build time from the profile and filled with the example."""

from __future__ import annotations

from collections.abc import Mapping

from calculator._html import e
from calculator._page_widgets import text_field
from calculator._profile import Profile
from calculator._staffing_form import staffing_fields

__all__ = ["render_staffing_form"]


def render_staffing_form(profile: Profile, values: Mapping[str, str]) -> str:
    """The staffing form: the service managers, then the optional checks."""
    specs = staffing_fields(profile)
    fields = [text_field(spec, values.get(spec.name, "")) for spec in specs]
    return (
        '<form class="gbt-form" data-gbt-form="staffing" novalidate autocomplete="off">'
        f'<fieldset class="gbt-fieldset"><legend>{e(profile.staffing.base)}</legend><div class="gbt-grid gbt-grid--2">'
        + "".join(fields[:2])
        + '</div></fieldset><fieldset class="gbt-fieldset"><legend>选填：核对用</legend><div class="gbt-grid gbt-grid--2">'
        + "".join(fields[2:])
        + "</div></fieldset></form>"
    )
