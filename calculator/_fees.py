"""What certification costs over one certificate's cycle: man-days per audit and the fees built on them.

Exact decimal arithmetic throughout. For every audit (initial certification, each surveillance,
re-certification):

    man-days = the band's figure for the company's headcount
             + extra_category × (categories − 1)
             + Σ over fixed service outlets of max(outlet_minimum, ⌈outlet_share × on-site man-days of
               the outlet's own headcount⌉ to whole outlet_steps)

and the costs: first year = application + initial man-days × rate + registration + annual fee;
each later year of the certificate = surveillance man-days × rate + annual fee.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from calculator._fee_schedule import FEE_ITEM_NAMES, STAGES, Band, FeeSchedule, Stage
from calculator._fees_input import FeesRequest
from calculator._numbers import ceil_div, plain

__all__ = ["STAGE_NAMES", "CostItem", "FeesResult", "StageDays", "estimate_fees", "outlet_days"]

STAGE_NAMES: dict[Stage, str] = {"initial": "初次认证", "surveillance": "每次监督审核", "recertification": "再认证"}


@dataclass(frozen=True)
class StageDays:
    """The man-days of one audit and where they come from."""

    stage: Stage
    band: Decimal  # the table's figure for the company's own headcount
    onsite: Decimal  # its on-site part
    categories: Decimal  # added for the categories beyond the first
    outlets: tuple[Decimal, ...]  # added for each fixed service outlet, in input order

    @property
    def total(self) -> Decimal:
        return self.band + self.categories + sum(self.outlets, Decimal(0))


@dataclass(frozen=True)
class CostItem:
    """One line of the quote: what, how it is worked out, how much (yuan), and in which year(s)."""

    id: str
    label: str
    arithmetic: str
    amount: Decimal
    when: str  # "first_year", "surveillance_year" or "recertification"


@dataclass(frozen=True)
class FeesResult:
    request: FeesRequest
    band: Band
    outlet_bands: tuple[Band, ...]
    days: dict[Stage, StageDays]
    items: tuple[CostItem, ...]
    first_year: Decimal
    surveillance_year: Decimal
    surveillance_years: int  # years of the cycle after the first
    three_year_total: Decimal  # the whole certificate cycle (validity_years years)
    recertification: Decimal  # the re-certification audit's review fee
    steps: tuple[str, ...]


def _need(band: Band, value: Decimal | None) -> Decimal:
    # The request parser refuses bands with missing figures: reaching None here is a bug.
    if value is None:
        raise ValueError(f"band {band.label} lacks a figure the request parser should have refused")
    return value


def _band(schedule: FeeSchedule, employees: int) -> Band:
    band = schedule.band_for(employees)
    if band is None:
        raise ValueError(f"{employees} employees are beyond the table; the request parser should have refused them")
    return band


def outlet_days(schedule: FeeSchedule, band: Band, stage: Stage) -> Decimal:
    """The man-days one fixed service outlet of this band adds to an audit of `stage`."""
    adj = schedule.adjustments
    share = Fraction(adj.outlet_share.value) * Fraction(_need(band, band.onsite_of(stage)))
    step = Fraction(adj.outlet_step.value)
    steps = ceil_div((share / step).numerator, (share / step).denominator)
    rounded = Decimal(steps) * adj.outlet_step.value
    return max(adj.outlet_minimum.value, rounded)


def _stage_days(
    schedule: FeeSchedule, request: FeesRequest, band: Band, outlets: tuple[Band, ...], stage: Stage
) -> StageDays:
    return StageDays(
        stage=stage,
        band=_need(band, band.total(stage)),
        onsite=_need(band, band.onsite_of(stage)),
        categories=schedule.adjustments.extra_category.value * (request.product_categories - 1),
        outlets=tuple(outlet_days(schedule, b, stage) for b in outlets),
    )


def estimate_fees(schedule: FeeSchedule, request: FeesRequest) -> FeesResult:
    """Apply the schedule to a validated request: man-days, the itemised costs, the totals and the steps."""
    band = _band(schedule, request.employees)
    outlet_bands = tuple(_band(schedule, n) for n in request.outlets)
    days = {stage: _stage_days(schedule, request, band, outlet_bands, stage) for stage in STAGES}
    items = _items(schedule, days)
    first_year = sum((i.amount for i in items if i.when == "first_year"), Decimal(0))
    surveillance_year = sum((i.amount for i in items if i.when == "surveillance_year"), Decimal(0))
    years = schedule.timeline.validity_years.value - 1
    result = FeesResult(
        request=request,
        band=band,
        outlet_bands=outlet_bands,
        days=days,
        items=items,
        first_year=first_year,
        surveillance_year=surveillance_year,
        surveillance_years=years,
        three_year_total=first_year + years * surveillance_year,
        recertification=sum((i.amount for i in items if i.when == "recertification"), Decimal(0)),
        steps=(),
    )
    return FeesResult(**{**result.__dict__, "steps": tuple(_steps(schedule, result))})


def _money(value: Decimal) -> str:
    return f"{plain(value)} 元"


def _items(schedule: FeeSchedule, days: dict[Stage, StageDays]) -> tuple[CostItem, ...]:
    fees = schedule.fees
    rate = fees.per_man_day.value

    def review(stage: Stage, item_id: str, label: str, when: str) -> CostItem:
        total = days[stage].total
        return CostItem(item_id, label, f"{plain(total)} 人日 × {_money(rate)}", total * rate, when)

    return (
        CostItem("application", FEE_ITEM_NAMES["application"], "申请时一次", fees.application.value, "first_year"),
        review("initial", "initial_review", "初次认证评审费", "first_year"),
        CostItem("registration", FEE_ITEM_NAMES["registration"], "发证时一次", fees.registration.value, "first_year"),
        CostItem("annual_first", f"第一年{FEE_ITEM_NAMES['annual']}", "每年", fees.annual.value, "first_year"),
        review("surveillance", "surveillance_review", "监督审核评审费", "surveillance_year"),
        CostItem("annual", FEE_ITEM_NAMES["annual"], "每年", fees.annual.value, "surveillance_year"),
        review("recertification", "recertification_review", "再认证评审费", "recertification"),
    )


def _days_step(schedule: FeeSchedule, r: FeesResult, stage: Stage) -> str:
    d = r.days[stage]
    parts = [f"{r.band.label} 人一档 {plain(d.band)}"]
    if d.categories:
        extra = schedule.adjustments.extra_category.value
        parts.append(f"类别加 {plain(d.categories)}（{plain(extra)} × {r.request.product_categories - 1}）")
    if d.outlets:
        added = sum(d.outlets, Decimal(0))
        detail = f"（{' + '.join(plain(x) for x in d.outlets)}）" if len(d.outlets) > 1 else ""
        parts.append(f"网点加 {plain(added)}{detail}")
    if len(parts) == 1:
        return f"{STAGE_NAMES[stage]}：{parts[0]} 人日。"
    return f"{STAGE_NAMES[stage]}：{' + '.join(parts)} = {plain(d.total)} 人日。"


def _steps(schedule: FeeSchedule, r: FeesResult) -> list[str]:
    req, adj = r.request, schedule.adjustments
    steps = [f"企业员工 {req.employees} 人，落在人日数对照表的 {r.band.label} 人一档。"]
    if req.product_categories > 1:
        steps.append(
            f"产品或服务类别 {req.product_categories} 个：第一个以外每个类别每次审核加 {plain(adj.extra_category.value)} 人日（本站假设）。"
        )
    for i, (n, band) in enumerate(zip(req.outlets, r.outlet_bands, strict=True)):
        steps.append(
            f"第 {i + 1} 个固定服务网点 {n} 人（{band.label} 人一档）：按该档现场人日的 {plain(adj.outlet_share.value * 100)}% "
            f"向上取到 {plain(adj.outlet_step.value)} 人日的整数倍，至少 {plain(adj.outlet_minimum.value)} 人日（比例与取整为本站假设）。"
        )
    steps += [_days_step(schedule, r, stage) for stage in STAGES]
    steps.append(
        f"第一年：申请费 + 初次认证评审费 + 审定与注册费 + 年金 = {_money(r.first_year)}；"
        f"之后每年：监督审核评审费 + 年金 = {_money(r.surveillance_year)}。"
    )
    steps.append(
        f"证书有效期 {schedule.timeline.validity_years.value} 年合计：{_money(r.first_year)} + "
        f"{r.surveillance_years} × {_money(r.surveillance_year)} = {_money(r.three_year_total)}（不含食宿交通）。"
    )
    return steps
