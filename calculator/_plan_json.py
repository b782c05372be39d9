"""The `plan` tool's result as JSON: its typed shape (`PlanJSON`) and `plan()`, input to result.

This is the contract of ``python -m calculator plan`` and of the worker. ``feasible`` is null when
no deadline was given; ``milestones`` are in date order; ``reasons`` say why a deadline cannot be
met; ``ics`` is the iCalendar file of the milestones (RFC 5545, CRLF line ends).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from calculator._fee_schedule import FeeSchedule
from calculator._labels import level_for
from calculator._plan import PlanResult, make_plan
from calculator._plan_ics import ICS_NAME, plan_ics
from calculator._plan_input import parse_plan_request

__all__ = ["PlanJSON", "plan", "plan_notes"]

if TYPE_CHECKING:
    from typing import TypedDict

    class MilestoneJSON(TypedDict):
        id: str
        date: str
        label: str
        detail: str

    class PlanJSON(TypedDict):
        today: str
        deadline: str | None
        start: str | None
        records_months: int
        feasible: bool | None
        application: str
        certificate: str
        certificate_fastest: str
        latest_application: str | None
        milestones: list[MilestoneJSON]
        reasons: list[str]
        warnings: list[str]
        notes: list[str]
        ics: str
        ics_name: str


def plan(data: object, schedule: FeeSchedule) -> PlanJSON:
    """Plan the way to the certificate; raises InputError on bad input."""
    return plan_to_json(schedule, make_plan(schedule, parse_plan_request(data)))


def plan_notes(schedule: FeeSchedule) -> list[str]:
    """Where each duration comes from and how sure it is."""
    t = schedule.timeline

    def sure(level: str) -> str:
        return level_for(level).label

    return [
        f"申请前体系至少运行 {t.records_months.value} 个月（{sure(t.records_months.confidence)}）；"
        f"也有资料建议 {t.records_months_prudent.value} 个月以上（{sure(t.records_months_prudent.confidence)}）。",
        f"从申请到发证一般 {t.certificate_months_fastest.value}–{t.certificate_months.value} 个月（{sure(t.certificate_months.confidence)}）；"
        f"文件审核约 {t.document_review_days.value} 天（{sure(t.document_review_days.confidence)}），"
        f"现场审核安排在申请后约 {t.onsite_days.value} 天（{sure(t.onsite_days.confidence)}）。",
        f"证书有效期 {t.validity_years.value} 年，每年一次监督审核（{sure(t.validity_years.confidence)}）；"
        f"再认证安排在到期前 {t.recertification_lead_months.value} 个月（{sure(t.recertification_lead_months.confidence)}）。",
        f"部分机构首次只评达标级、满 {t.star_after_months.value} 个月后才评星级（{sure(t.star_after_months.confidence)}，"
        "另有机构首次即按得分评星）。",
    ]


def plan_to_json(schedule: FeeSchedule, r: PlanResult) -> PlanJSON:
    req = r.request
    return {
        "today": req.today.isoformat(),
        "deadline": req.deadline.isoformat() if req.deadline else None,
        "start": req.start.isoformat() if req.start else None,
        "records_months": req.records_months,
        "feasible": r.feasible,
        "application": r.application.isoformat(),
        "certificate": r.certificate.isoformat(),
        "certificate_fastest": r.certificate_fastest.isoformat(),
        "latest_application": r.latest_application.isoformat() if r.latest_application else None,
        "milestones": [
            {"id": m.id, "date": m.date.isoformat(), "label": m.label, "detail": m.detail} for m in r.milestones
        ],
        "reasons": list(r.reasons),
        "warnings": list(r.warnings),
        "notes": plan_notes(schedule),
        "ics": plan_ics(r),
        "ics_name": ICS_NAME,
    }
