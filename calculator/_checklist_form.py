"""The `checklist` tool's form: a checkbox per item (and "not applicable" per indicator), the example, the URL state.

Every checkbox travels as "1" or "0" (docs/assets/calculator/form.js). The URL state has one token
per section: its items as a string of 0 and 1 in checklist order, led by "x" when the indicator is
marked not applicable (``1101``, ``x000``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from calculator._checklist_data import Checklist, Section
from calculator._checklist_input import parse_checklist_request
from calculator._fields import FieldSpec, FormReader, FormResult, read_flag
from calculator._memo import per_dataset
from calculator._tool import BROKEN_LINK, LinkError

__all__ = [
    "checklist_example",
    "checklist_fields",
    "checklist_form",
    "decode_checklist_state",
    "encode_checklist_state",
    "item_field",
    "na_field",
]

_TOKEN = re.compile(r"^(x?)([01]+)$")


def item_field(item_id: str) -> str:
    return f"items.{item_id}"


def na_field(section_id: str) -> str:
    return f"na.{section_id}"


def _excludable(section: Section, checklist: Checklist) -> bool:
    return section.can_be_excluded and checklist.allows_exclusions


def section_fields(section: Section, checklist: Checklist) -> tuple[FieldSpec, ...]:
    """A section's checkboxes: "not applicable" (when it may be excluded), then its items."""
    specs = []
    if _excludable(section, checklist):
        name = section.title.split(" ", 1)[-1]
        specs.append(
            FieldSpec(
                name=na_field(section.id),
                label=f"本企业不涉及“{name}”（不适用，删减）",
                kind="flag",
                required=False,
                default="0",
                group=section.id,
            )
        )
    specs += [
        FieldSpec(
            name=item_field(item.id),
            label=item.text,
            kind="flag",
            help=item.why,
            required=False,
            default="0",
            group=section.id,
        )
        for item in section.items
    ]
    return tuple(specs)


@per_dataset  # read on every tick of a box, the same for a checklist
def checklist_fields(checklist: Checklist) -> tuple[FieldSpec, ...]:
    """Every checkbox of the checklist, in display order."""
    return tuple(spec for section in checklist.sections for spec in section_fields(section, checklist))


def checklist_example(checklist: Checklist) -> dict[str, str]:
    """The page's first state: nothing ticked (a checklist starts empty; there is no worked example to show)."""
    return {spec.name: "0" for spec in checklist_fields(checklist)}


def checklist_form(fields: Mapping[str, str], checklist: Checklist) -> FormResult:
    """The checkboxes → a `checklist` input, or the errors of every box that is neither on nor off."""
    form = FormReader(fields)
    ticked: list[str] = []
    not_applicable: list[str] = []
    for spec in checklist_fields(checklist):
        on = read_flag(fields.get(spec.name, "0"))
        if on is None:
            form.errors[spec.name] = "只能勾选或不勾选。"
            continue
        form.values[spec.name] = "1" if on else "0"
        if on:
            kind, _, ident = spec.name.partition(".")
            (ticked if kind == "items" else not_applicable).append(ident)
    data: dict[str, object] = {"ticked": ticked}
    if not_applicable:
        data["not_applicable"] = not_applicable
    return form.result(data, lambda d: parse_checklist_request(d, checklist), lambda field: field)


def encode_checklist_state(values: Mapping[str, str], checklist: Checklist) -> list[str]:
    """One token per section: "x" when marked not applicable, then a 0 or 1 per item."""
    tokens = []
    for section in checklist.sections:
        na = _excludable(section, checklist) and values.get(na_field(section.id)) == "1"
        bits = "".join("1" if values.get(item_field(i.id)) == "1" else "0" for i in section.items)
        tokens.append(("x" if na else "") + bits)
    return tokens


def decode_checklist_state(tokens: list[str], checklist: Checklist) -> dict[str, str]:
    """The checkboxes from the tokens of `encode_checklist_state`."""
    if len(tokens) != len(checklist.sections):
        raise LinkError("链接与当前的清单不一致，无法恢复勾选。")
    fields: dict[str, str] = {}
    for section, token in zip(checklist.sections, tokens, strict=True):
        m = _TOKEN.match(token)
        if not m or len(m.group(2)) != len(section.items) or (m.group(1) and not _excludable(section, checklist)):
            raise LinkError(BROKEN_LINK)
        if _excludable(section, checklist):
            fields[na_field(section.id)] = "1" if m.group(1) else "0"
        for item, bit in zip(section.items, m.group(2), strict=True):
            fields[item_field(item.id)] = bit
    return fields
