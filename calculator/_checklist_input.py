"""The `checklist` tool's JSON input: the items ticked, and the indicators marked not applicable.

    {"ticked": ["org_department", "spec_manual"], "not_applicable": ["recycling"]}

Both keys are optional (an empty checklist is a valid one); an id the checklist does not have, or
one given twice, is refused with an `InputError` naming the key.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from calculator._checklist_data import Checklist
from calculator._inputs import InputError, as_object, no_unknown, type_name

__all__ = ["ChecklistRequest", "parse_checklist_request"]

_KEYS = ("ticked", "not_applicable")


@dataclass(frozen=True)
class ChecklistRequest:
    ticked: frozenset[str]  # item ids
    not_applicable: frozenset[str]  # indicator ids


def parse_checklist_request(data: object, checklist: Checklist) -> ChecklistRequest:
    """Validate a `checklist` input object."""
    top = as_object(data, "input", "输入")
    no_unknown(top, _KEYS, "", "输入项")
    items = [item.id for item in checklist.items]
    excludable = [s.id for s in checklist.indicator_sections] if checklist.allows_exclusions else []
    ticked = _ids(top.get("ticked", []), "ticked", items, "清单条目")
    if "not_applicable" in top and not excludable:
        raise InputError("not_applicable", "当前的计分规则不允许删减指标，不能把指标标为不适用。")
    not_applicable = _ids(top.get("not_applicable", []), "not_applicable", excludable, "二级指标")
    return ChecklistRequest(frozenset(ticked), frozenset(not_applicable))


def _ids(value: object, field: str, known: Collection[str], what: str) -> list[str]:
    """A list of distinct known ids."""
    if not isinstance(value, list):
        raise InputError(field, f"{field} 应为{what}标识的数组，实际是{type_name(value)}。")
    seen: list[str] = []
    for i, ident in enumerate(value):
        where = f"{field}[{i}]"
        if not isinstance(ident, str):
            raise InputError(where, f"{what}标识应为文本，实际是{type_name(ident)}。")
        if ident not in known:
            raise InputError(where, f"没有标识为“{ident[:40]}”的{what}。")
        if ident in seen:
            raise InputError(where, f"{what}“{ident}”重复出现。")
        seen.append(ident)
    return seen
