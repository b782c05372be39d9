"""The fee schedule: a certification body's rate card, man-day table and timeline as validated, immutable data.

Read by `calculator._fee_schedule_reader` from ``profiles/fees-*.toml``. Every figure is a `Fact`
(value, source, confidence); a row of the man-day table carries its source and confidence as a
whole, since it comes from one table.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal, cast

from calculator._datafile import Confidence, Fact, Source

__all__ = [
    "FEE_ITEM_NAMES",
    "STAGES",
    "Adjustments",
    "Band",
    "Context",
    "FeeItems",
    "FeeSchedule",
    "Stage",
    "Timeline",
    "band_key",
    "fee_claim_id",
    "iter_fee_facts",
]

Stage = Literal["initial", "surveillance", "recertification"]
STAGES: tuple[Stage, ...] = ("initial", "surveillance", "recertification")

# What each fee item is called wherever it is listed (the fees page's table, a quote, the sources page).
FEE_ITEM_NAMES: dict[str, str] = {
    "application": "申请费",
    "registration": "审定与注册费（含证书费）",
    "annual": "年金（含标志使用费）",
    "per_man_day": "评审费（每人日）",
    "travel": "食宿与交通",
}


@dataclass(frozen=True)
class FeeItems:
    """Yuan: once at the first certification (application, registration), every year (annual), per man-day."""

    application: Fact[Decimal]
    registration: Fact[Decimal]
    annual: Fact[Decimal]
    per_man_day: Fact[Decimal]
    travel: Fact[str]


@dataclass(frozen=True)
class Band:
    """A row of the man-day table: employees `low`..`high` (inclusive).

    `planning` is the initial certification's planning and document review, `onsite` its on-site part;
    surveillance and re-certification are None where the source's cells are missing.
    """

    low: int
    high: int
    planning: Decimal
    onsite: Decimal
    surveillance: Decimal | None
    surveillance_onsite: Decimal | None
    recertification: Decimal | None
    recertification_onsite: Decimal | None
    source: str
    confidence: Confidence
    corroborated_by: str = ""
    note: str = ""  # why the row has its confidence (a corroborated figure that leaves the row at "1")

    @property
    def initial(self) -> Decimal:
        return self.planning + self.onsite

    @property
    def sources(self) -> tuple[str, ...]:
        """The row's source, and the one that corroborates some of its figures (if any)."""
        return (self.source, self.corroborated_by) if self.corroborated_by else (self.source,)

    @property
    def label(self) -> str:
        """'1176–1550'."""
        return f"{self.low}–{self.high}"

    def total(self, stage: Stage) -> Decimal | None:
        """The man-days of `stage` for this band (None: missing in the source)."""
        return {"initial": self.initial, "surveillance": self.surveillance, "recertification": self.recertification}[
            stage
        ]

    def onsite_of(self, stage: Stage) -> Decimal | None:
        """The on-site part of `stage` (None: missing in the source)."""
        return {
            "initial": self.onsite,
            "surveillance": self.surveillance_onsite,
            "recertification": self.recertification_onsite,
        }[stage]


@dataclass(frozen=True)
class Adjustments:
    extra_category: Fact[Decimal]  # man-days per category beyond the first, every audit
    outlet_share: Fact[Decimal]  # share of the on-site man-days of an outlet's own headcount
    outlet_minimum: Fact[Decimal]  # man-days per outlet and audit, at least
    outlet_step: Fact[Decimal]  # an outlet's man-days are rounded up to whole steps
    max_outlets: Fact[int]


@dataclass(frozen=True)
class Context:
    """Not this schedule's own figures: what others charge, so a reader sees it is one schedule of many."""

    other_rate: Fact[Decimal]  # another body's rate per man-day
    budget_low: Fact[Decimal]  # the range of overall budgets quoted online
    budget_high: Fact[Decimal]


@dataclass(frozen=True)
class Timeline:
    records_months: Fact[int]
    records_months_prudent: Fact[int]
    document_review_days: Fact[int]
    onsite_days: Fact[int]
    certificate_months: Fact[int]
    certificate_months_fastest: Fact[int]
    validity_years: Fact[int]
    surveillance_interval_months: Fact[int]
    recertification_lead_months: Fact[int]
    star_after_months: Fact[int]


@dataclass(frozen=True)
class FeeSchedule:
    """A complete, validated fee schedule."""

    file: str
    id: str
    name: str
    title: str
    publisher: str
    currency: str
    caveat: str
    sources: Mapping[str, Source]
    fees: FeeItems
    bands: tuple[Band, ...]
    bands_note: str
    adjustments: Adjustments
    context: Context
    timeline: Timeline

    @property
    def max_employees(self) -> int:
        return self.bands[-1].high

    def band_for(self, employees: int) -> Band | None:
        """The band holding `employees` (None beyond the table)."""
        return next((b for b in self.bands if b.low <= employees <= b.high), None)

    @property
    def complete_up_to(self) -> int:
        """The largest headcount whose band has every stage's figures."""
        top = 0
        for band in self.bands:
            if band.surveillance is None or band.recertification is None:
                break
            top = band.high
        return top

    @property
    def band_confidence(self) -> Confidence:
        """The lowest confidence of the table's rows (how sure the table as a whole is)."""
        return min((b.confidence for b in self.bands), key=("0", "1", "2+").index)


def band_key(low: int, high: int) -> str:
    """``man_days.1176_1550``: the row of the man-day table for `low`..`high` employees, as `iter_fee_facts` names it."""
    return f"man_days.{low}_{high}"


def fee_claim_id(key: str) -> str:
    """``schedule.fees.per_man_day``: the claims registry's id of a value `iter_fee_facts` names `key`.

    Light on purpose: the calculators label their results with these ids in the browser, where the
    registry itself (calculator._fee_schedule_claims) is not loaded.
    """
    return f"schedule.{key}"


def iter_fee_facts(schedule: FeeSchedule) -> Iterator[tuple[str, Fact[object]]]:
    """Every sourced value of a fee schedule with a readable key (for the sources page and the claims registry)."""
    for key in ("application", "registration", "annual", "per_man_day", "travel"):
        yield f"fees.{key}", cast(Fact[object], getattr(schedule.fees, key))
    for band in schedule.bands:
        yield band_key(band.low, band.high), Fact(band.label, band.sources, band.confidence)
    for key in ("extra_category", "outlet_share", "outlet_minimum", "outlet_step", "max_outlets"):
        yield f"adjustments.{key}", cast(Fact[object], getattr(schedule.adjustments, key))
    for key in Context.__dataclass_fields__:
        yield f"context.{key}", cast(Fact[object], getattr(schedule.context, key))
    for key in Timeline.__dataclass_fields__:
        yield f"timeline.{key}", cast(Fact[object], getattr(schedule.timeline, key))
