"""The `checklist` form's HTML, built at build time: the items grouped by indicator, a checkbox and its why each.

Every checkbox is labelled by the item and described by why an auditor looks at it, its basis
(clause, sources, and the confidence label of the item's claim in the site's registry,
`calculator._checklist_claims`) and its error line. Each section is a fieldset whose id
(`section_anchor`) the score result links to.
"""

from __future__ import annotations

from collections.abc import Mapping

from calculator._checklist_claims import item_label
from calculator._checklist_data import ITEM_KINDS, Checklist, Item, Section, section_anchor
from calculator._checklist_form import item_field, na_field, section_fields
from calculator._fields import FieldSpec
from calculator._html import e
from calculator._page_widgets import field_id

__all__ = ["render_checklist_form"]


def render_checklist_form(own: Checklist, values: Mapping[str, str]) -> str:
    """The checklist form: a group per first-level indicator (and the special deductions), a fieldset per section."""
    parts = ['<form class="gbt-form" data-gbt-form="checklist" novalidate autocomplete="off">']
    parts.append(_contents(own))
    category = ""
    for s in own.sections:
        if s.category != category:
            category = s.category
            parts.append(f'<h3 class="gbt-cl-category">{e(category)}</h3>')
        parts.append(_section(s, own, values))
    parts.append("</form>")
    return "".join(parts)


def _contents(own: Checklist) -> str:
    links = "".join(f'<li><a href="#{e(section_anchor(s.id))}">{e(s.title)}</a></li>' for s in own.sections)
    return f'<nav class="gbt-cl-contents" aria-label="清单目录"><ol>{links}</ol></nav>'


def _section(s: Section, own: Checklist, values: Mapping[str, str]) -> str:
    specs = {spec.name: spec for spec in section_fields(s, own)}
    na = specs.get(na_field(s.id))
    na_html = f'<div class="gbt-cl-na">{_checkbox(na, values, "")}</div>' if na else ""
    items = "".join(
        f'<li class="gbt-cl-item">{_checkbox(specs[item_field(i.id)], values, _basis(i, s, own))}</li>' for i in s.items
    )
    return (
        f'<fieldset class="gbt-fieldset gbt-cl-section" id="{e(section_anchor(s.id))}">'
        f"<legend>{e(s.title)}</legend>{na_html}"
        f'<ul class="gbt-cl-items">{items}</ul></fieldset>'
    )


def _checkbox(spec: FieldSpec, values: Mapping[str, str], basis: str) -> str:
    fid = field_id(spec.name)
    checked = " checked" if values.get(spec.name) == "1" else ""
    help_html = f'<p class="gbt-help" id="{fid}-help">{e(spec.help)}{basis}</p>' if spec.help else ""
    described = f"{fid}-help {fid}-error" if spec.help else f"{fid}-error"
    return (
        f'<div class="gbt-field gbt-check" data-gbt-field="{e(spec.name)}">'
        f'<input id="{fid}" name="{e(spec.name)}" type="checkbox" value="1"{checked} aria-describedby="{described}">'
        f'<label class="gbt-check__label" for="{fid}">{e(spec.label)}</label>'
        f"{help_html}"
        f'<p class="gbt-error" id="{fid}-error" data-gbt-error-for="{e(spec.name)}"></p></div>'
    )


def _basis(item: Item, section: Section, own: Checklist) -> str:
    """The item's kind, clause and published sources, and the label of how sure we are that it is asked for.

    The label is the registry's (none where two publishers agree, as everywhere on the site); the
    site's own advice cites no publication, so its label alone says so.
    """
    parts = [ITEM_KINDS[item.kind]]
    if item.clause:
        parts.append(f"对应第 {item.clause} 条")
    published = [own.sources[key] for key in item.sources if own.sources[key].publishers or own.sources[key].primary]
    if published:
        parts.append("出处：" + "；".join(source.label for source in published))
    return f'<span class="gbt-cl-basis">{e(" · ".join(parts))}{item_label(own, section, item)}</span>'
