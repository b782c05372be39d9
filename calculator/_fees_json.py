"""The `fees` tool's result as JSON: its typed shape (`FeesJSON`) and `fees()`, input to result.

This is the contract of ``python -m calculator fees`` and of the worker, and what the result view
reads. Man-days and yuan are exact; a figure is an integer when it is whole. ``man_days`` holds the
total of each audit, ``man_days_detail`` where each comes from; ``costs`` the first year, each later
year of the certificate and the whole cycle; ``items`` the itemised quote with its arithmetic;
``excluded`` what no estimate includes, ``notes`` how sure the data is.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from calculator._datafile import CONFIDENCES, Fact
from calculator._fee_schedule import STAGES, FeeSchedule
from calculator._fees import FeesResult, estimate_fees
from calculator._fees_input import parse_fees_request
from calculator._labels import level_for
from calculator._numbers import json_number, plain

__all__ = ["FeesJSON", "fees", "fees_notes"]

if TYPE_CHECKING:
    from typing import TypedDict

    from calculator._datafile import Confidence
    from calculator._numbers import Number

    class ScheduleJSON(TypedDict):
        id: str
        name: str
        title: str
        publisher: str
        currency: str
        caveat: str

    class BandJSON(TypedDict):
        low: int
        high: int
        confidence: Confidence

    class StageDaysJSON(TypedDict):
        band: Number
        onsite: Number
        categories: Number
        outlets: list[Number]
        outlets_total: Number
        total: Number

    class ManDaysJSON(TypedDict):
        initial: Number
        surveillance: Number
        recertification: Number

    class CostsJSON(TypedDict):
        first_year: Number
        surveillance_year: Number
        three_year_total: Number
        recertification_review: Number
        years: int

    class ItemJSON(TypedDict):
        id: str
        label: str
        arithmetic: str
        amount: Number
        when: str

    class RateJSON(TypedDict):
        per_man_day: Number
        confidence: Confidence

    class FeesJSON(TypedDict):
        schedule: ScheduleJSON
        employees: int
        product_categories: int
        outlets: list[int]
        band: BandJSON
        man_days: ManDaysJSON
        man_days_detail: dict[str, StageDaysJSON]
        costs: CostsJSON
        items: list[ItemJSON]
        rate: RateJSON
        excluded: list[str]
        notes: list[str]
        steps: list[str]


def fees(data: object, schedule: FeeSchedule) -> FeesJSON:
    """Estimate the man-days and costs of certification; raises InputError on bad input."""
    return fees_to_json(schedule, estimate_fees(schedule, parse_fees_request(data, schedule)))


def _n(value: Decimal) -> Number:
    return json_number(Fraction(value), 2)


def _sure(*facts: Fact[Any]) -> str:
    """The label of the least sure of `facts`, as the fee schedule gives it ("单一来源")."""
    return level_for(max((f.confidence for f in facts), key=CONFIDENCES.index)).label  # most sure first


def fees_notes(schedule: FeeSchedule) -> list[str]:
    """How sure the figures are, in the order a reader needs it: each label as the schedule in use gives it."""
    adj, f = schedule.adjustments, schedule.fees
    return [
        schedule.caveat,
        f"收费项目与单价来自{schedule.publisher}的{schedule.title}"
        f"（{_sure(f.application, f.registration, f.annual, f.per_man_day)}）。",
        f"人日数对照表（{level_for(schedule.band_confidence).label}）。{schedule.bands_note}",
        f"多一个产品或服务类别每次审核加 {plain(adj.extra_category.value)} 人日（{_sure(adj.extra_category)}）；"
        f"固定服务网点按其人数对应现场人日的 {plain(adj.outlet_share.value * 100)}% 计（{_sure(adj.outlet_share)}），"
        f"向上取整到 {plain(adj.outlet_step.value)} 人日（{_sure(adj.outlet_step)}），"
        f"每个网点至少 {plain(adj.outlet_minimum.value)} 人日（{_sure(adj.outlet_minimum)}）。",
    ]


def fees_to_json(schedule: FeeSchedule, r: FeesResult) -> FeesJSON:
    detail: dict[str, StageDaysJSON] = {
        stage: {
            "band": _n(d.band),
            "onsite": _n(d.onsite),
            "categories": _n(d.categories),
            "outlets": [_n(x) for x in d.outlets],
            "outlets_total": _n(sum(d.outlets, Decimal(0))),
            "total": _n(d.total),
        }
        for stage, d in r.days.items()
    }
    totals = {stage: _n(r.days[stage].total) for stage in STAGES}
    return {
        "schedule": {
            "id": schedule.id,
            "name": schedule.name,
            "title": schedule.title,
            "publisher": schedule.publisher,
            "currency": schedule.currency,
            "caveat": schedule.caveat,
        },
        "employees": r.request.employees,
        "product_categories": r.request.product_categories,
        "outlets": list(r.request.outlets),
        "band": {"low": r.band.low, "high": r.band.high, "confidence": r.band.confidence},
        "man_days": {
            "initial": totals["initial"],
            "surveillance": totals["surveillance"],
            "recertification": totals["recertification"],
        },
        "man_days_detail": detail,
        "costs": {
            "first_year": _n(r.first_year),
            "surveillance_year": _n(r.surveillance_year),
            "three_year_total": _n(r.three_year_total),
            "recertification_review": _n(r.recertification),
            "years": schedule.timeline.validity_years.value,
        },
        "items": [
            {"id": i.id, "label": i.label, "arithmetic": i.arithmetic, "amount": _n(i.amount), "when": i.when}
            for i in r.items
        ],
        "rate": {
            "per_man_day": _n(schedule.fees.per_man_day.value),
            "confidence": schedule.fees.per_man_day.confidence,
        },
        "excluded": [schedule.fees.travel.value],
        "notes": fees_notes(schedule),
        "steps": list(r.steps),
    }
