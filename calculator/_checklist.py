"""The checklist's figures: progress per section and overall, and a rough status per indicator.

The status is a rough guide from the ticks to the score tool's detailed form: all items of an
indicator ticked → 符合, some → 部分不符合 (the items as samples, the unticked ones as the
nonconforming samples), none → 不符合, marked not applicable → 不适用. Special deduction kinds
have progress only: a checklist cannot tell whether an auditor will raise one.
"""

from __future__ import annotations

from dataclasses import dataclass

from calculator._checklist_data import Checklist, Section
from calculator._checklist_input import ChecklistRequest

__all__ = ["ChecklistResult", "SectionProgress", "percent_of", "plan_checklist", "score_fields", "suggested_status"]


@dataclass(frozen=True)
class SectionProgress:
    section: Section
    ticked: tuple[str, ...]  # ids of the ticked items, in the section's order
    excluded: bool  # marked not applicable (删减)
    status: str  # the score form's status ("conform", "partial", "nonconform", "na"); "" for a deduction kind

    @property
    def done(self) -> int:
        return len(self.ticked)

    @property
    def total(self) -> int:
        return len(self.section.items)

    @property
    def open_items(self) -> tuple[str, ...]:
        return tuple(item.id for item in self.section.items if item.id not in self.ticked)


@dataclass(frozen=True)
class ChecklistResult:
    sections: tuple[SectionProgress, ...]
    done: int  # ticked items of the sections that count (not marked not applicable)
    total: int  # items of the sections that count
    ready: int  # indicators with every item ticked
    applicable: int  # indicators not marked not applicable


def suggested_status(done: int, total: int, excluded: bool) -> str:
    """The score form's status an indicator's ticks suggest (a rough guide, see the module's docstring)."""
    if excluded:
        return "na"
    if done >= total:
        return "conform"
    return "partial" if done > 0 else "nonconform"


def percent_of(done: int, total: int) -> int:
    """Whole percent, rounded down: 100 only when everything is done."""
    return done * 100 // total if total else 0


def plan_checklist(checklist: Checklist, request: ChecklistRequest) -> ChecklistResult:
    """Apply a validated request to the checklist."""
    progress = []
    for section in checklist.sections:
        ticked = tuple(item.id for item in section.items if item.id in request.ticked)
        excluded = section.id in request.not_applicable and section.can_be_excluded
        status = suggested_status(len(ticked), len(section.items), excluded) if section.kind == "indicator" else ""
        progress.append(SectionProgress(section, ticked, excluded, status))
    counted = [p for p in progress if not p.excluded]
    indicators = [p for p in counted if p.section.kind == "indicator"]
    return ChecklistResult(
        sections=tuple(progress),
        done=sum(p.done for p in counted),
        total=sum(p.total for p in counted),
        ready=sum(1 for p in indicators if p.status == "conform"),
        applicable=len(indicators),
    )


def score_fields(result: ChecklistResult, checklist: Checklist) -> dict[str, str]:
    """The score tool's detailed form filled from the checklist: statuses, no special items."""
    fields = {"mode": "detailed"}
    for p in result.sections:
        if p.section.kind != "indicator":
            continue
        base = f"indicators.{p.section.id}"
        fields[f"{base}.status"] = p.status
        if p.status == "partial":
            fields[f"{base}.samples"] = str(p.total)
            fields[f"{base}.nonconforming"] = str(p.total - p.done)
    for kind in checklist.profile.special_deductions.kinds:
        fields[f"special_deductions.{kind.id}"] = "0"
    fields["bonus"] = "0"
    return fields
