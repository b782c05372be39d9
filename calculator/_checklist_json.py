"""The `checklist` tool's result as JSON: its typed shape (`ChecklistJSON`) and `checklist()`, input to result.

This is the contract of ``python -m calculator checklist`` and of the worker, and what the result
view reads. ``score`` is the rough guide to the score tool: its detailed form's fields and their
URL state (``state`` is null, with a ``message``, when the score tool cannot take them, for
example when every indicator is marked not applicable).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from calculator._checklist import ChecklistResult, percent_of, plan_checklist, score_fields
from calculator._checklist_data import Checklist
from calculator._checklist_input import parse_checklist_request
from calculator._score_form import STATUS_CHOICES

__all__ = ["STATUS_LABELS", "ChecklistJSON", "checklist", "checklist_to_json", "score_link_state"]

STATUS_LABELS: dict[str, str] = dict(STATUS_CHOICES)

# The result's shape, for mypy only (see calculator._score_json).
if TYPE_CHECKING:
    from typing import Literal, TypedDict

    class ChecklistSectionJSON(TypedDict):
        id: str
        kind: Literal["indicator", "deduction"]
        title: str
        category: str
        done: int
        total: int
        percent: int
        excluded: bool
        status: str | None
        status_label: str | None
        ticked: list[str]
        open: list[str]

    class ChecklistScoreJSON(TypedDict):
        fields: dict[str, str]
        state: str | None
        message: str

    class ChecklistJSON(TypedDict):
        checklist: dict[str, str]
        profile: dict[str, str]
        done: int
        total: int
        percent: int
        ready: int
        applicable: int
        sections: list[ChecklistSectionJSON]
        score: ChecklistScoreJSON


def checklist(data: object, own: Checklist) -> ChecklistJSON:
    """Progress and the rough score statuses of a ticked checklist; raises InputError on bad input."""
    return checklist_to_json(own, plan_checklist(own, parse_checklist_request(data, own)))


def checklist_to_json(own: Checklist, r: ChecklistResult) -> ChecklistJSON:
    fields = score_fields(r, own)
    state, message = score_link_state(fields, own)
    return {
        "checklist": {"id": own.id, "name": own.name},
        "profile": {"id": own.profile.id, "name": own.profile.name},
        "done": r.done,
        "total": r.total,
        "percent": percent_of(r.done, r.total),
        "ready": r.ready,
        "applicable": r.applicable,
        "sections": [
            {
                "id": p.section.id,
                "kind": p.section.kind,
                "title": p.section.title,
                "category": p.section.category,
                "done": p.done,
                "total": p.total,
                "percent": percent_of(p.done, p.total),
                "excluded": p.excluded,
                "status": p.status or None,
                "status_label": STATUS_LABELS[p.status] if p.status else None,
                "ticked": list(p.ticked),
                "open": list(p.open_items),
            }
            for p in r.sections
        ],
        "score": {"fields": fields, "state": state, "message": message},
    }


def score_link_state(fields: dict[str, str], own: Checklist) -> tuple[str | None, str]:
    """The score tool's URL state for `fields`, read by the score tool itself; else None and why not."""
    # The registry of tools imports this module, so the score tool is looked up when first needed.
    from calculator._tools import SCORE  # noqa: PLC0415 - see above
    from calculator._urlstate import encode_values  # noqa: PLC0415 - it imports the registry too

    checked = SCORE.read_form(fields, own.profile)
    if not checked.ok:
        return None, next(iter(checked.errors.values()))
    return encode_values(SCORE, checked.values, own.profile), ""
