"""HTML of form fields, built at build time: a labelled text input with its help and error slot.

Every input is labelled, described by its help and its error line (``aria-describedby``), and named
by its contract path, which the browser script sends back as typed.
"""

from __future__ import annotations

from calculator._fields import FieldSpec
from calculator._html import e
from calculator._plan_input import FIRST_YEAR, LAST_YEAR

__all__ = ["field_id", "group_error", "text_field"]

FIRST_DATE, LAST_DATE = f"{FIRST_YEAR}-01-01", f"{LAST_YEAR}-12-31"


def field_id(name: str) -> str:
    """The element id of a field: ``categories.service_system`` → ``gbt-f-categories-service_system``."""
    return "gbt-f-" + name.replace(".", "-")


def _label_text(label: str) -> str:
    """“组织架构：抽查样本数” shows “抽查样本数” inside its indicator; the full text stays the accessible name."""
    context, colon, own = label.partition("：")
    if not colon:
        return e(label)
    return f'<span class="gbt-visually-hidden">{e(context)}：</span>{e(own)}'


def text_field(spec: FieldSpec, value: str, cls: str = "") -> str:
    """A text input for a number, filled with `value`."""
    fid = field_id(spec.name)
    help_html = f'<p class="gbt-help" id="{fid}-help">{e(spec.help)}</p>' if spec.help else ""
    described = f"{fid}-help {fid}-error" if spec.help else f"{fid}-error"
    # A list of counts needs separators, which a numeric keyboard may not offer.
    mode = {"points": "decimal", "counts": "text"}.get(spec.kind, "numeric")
    # A date gets the browser's date picker; its value is always YYYY-MM-DD, whatever the display.
    kind = (
        f'type="date" min="{FIRST_DATE}" max="{LAST_DATE}"'
        if spec.kind == "date"
        else f'type="text" inputmode="{mode}"'
    )
    unit = f'<span class="gbt-unit" aria-hidden="true">{e(spec.unit)}</span>' if spec.unit else ""
    return (
        f'<div class="gbt-field {e(cls)}" data-gbt-field="{e(spec.name)}">'
        f'<label class="gbt-label" for="{fid}">{_label_text(spec.label)}</label>'
        f'<div class="gbt-input"><input id="{fid}" name="{e(spec.name)}" {kind} '
        f'autocomplete="off" spellcheck="false" value="{e(value)}" aria-describedby="{described}">{unit}</div>'
        f"{help_html}"
        f'<p class="gbt-error" id="{fid}-error" data-gbt-error-for="{e(spec.name)}"></p></div>'
    )


def group_error(name: str) -> str:
    """The error line of a group of fields (a fieldset), for errors that concern the group as a whole."""
    return f'<p class="gbt-error gbt-error--group" id="{field_id(name)}-error" data-gbt-error-for="{e(name)}"></p>'
