"""Loading a fee schedule (``profiles/fees-*.toml``): every value read strictly, every problem named.

Like the rules profile (`calculator._profile_reader`), a schedule that cannot be used stops loading
with a `ProfileError` naming the file, the key and the problem in Chinese. Beyond types, the checks
hold what the calculators rely on: the man-day table starts at one employee and has no gaps, an
initial certification's total is its planning plus its on-site part, and no figure falls as the
headcount rises (so an estimate never drops when a company grows).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from calculator._datafile import Fact, ProfileError, Source, Table, packaged_bytes, read_file, read_sources, read_toml
from calculator._fee_schedule import STAGES, Adjustments, Band, Context, FeeItems, FeeSchedule, Timeline
from calculator._numbers import plain

if TYPE_CHECKING:
    from calculator._tool import Datasets

__all__ = [
    "DEFAULT_FEES",
    "default_fee_schedule",
    "load_fee_schedule",
    "parse_fee_schedule",
    "parse_fee_schedule_bytes",
    "schedule_in_use",
]

DEFAULT_FEES = "fees-dabiaowei-trial.toml"
SCHEMA = 1
MAX_DECIMALS = 2
MAX_YUAN = Decimal(10_000_000)
MAX_MAN_DAYS = Decimal(1000)
MAX_EMPLOYEES = 10_000_000

Sources = Mapping[str, Source]


def load_fee_schedule(path: str | Path | None = None) -> FeeSchedule:
    """Load and validate a fee schedule file; the packaged default when path is None."""
    if path is None:
        return default_fee_schedule()
    file = str(path)
    raw = read_file(path)
    return parse_fee_schedule_bytes(raw, file)


@cache
def default_fee_schedule() -> FeeSchedule:
    """The packaged schedule (the published trial schedule; loaded once)."""
    raw = packaged_bytes(__name__, DEFAULT_FEES)
    return parse_fee_schedule_bytes(raw, f"calculator/profiles/{DEFAULT_FEES}")


def schedule_in_use(datasets: Datasets) -> FeeSchedule:
    """The fee schedule a deployment configured, else the packaged one (a registry entry's `data`)."""
    return datasets.fee_schedule or default_fee_schedule()


def parse_fee_schedule_bytes(raw: bytes | str, file: str) -> FeeSchedule:
    """A schedule from the text of a TOML file (bytes as read, or text as the browser sends it)."""
    return parse_fee_schedule(read_toml(raw, file), file)


def parse_fee_schedule(data: Mapping[str, object], file: str = "<fees>") -> FeeSchedule:
    """Validate parsed TOML (floats as Decimal) into a FeeSchedule; raises ProfileError and nothing else."""
    try:
        return _read(Table(file, "", data))
    except ArithmeticError as exc:
        raise ProfileError(file, "", f"数值超出可处理的范围（{type(exc).__name__}）") from None


def _read(top: Table) -> FeeSchedule:
    schema = top.integer("schema")
    if schema != SCHEMA:
        raise top.fail("schema", f"不支持的格式版本 {schema}，本程序只支持 {SCHEMA}")
    head = {key: top.text(key) for key in ("id", "name", "title", "publisher", "currency", "caveat")}
    sources = read_sources(top)
    fees = _read_fees(top.table("fees"), sources)
    man_days = top.table("man_days")
    bands_note = man_days.text("note", allow_empty=True)
    bands = _read_bands(man_days, sources)
    man_days.done()
    adjustments = _read_adjustments(top.table("adjustments"), sources)
    context = _read_context(top.table("context"), sources)
    timeline = _read_timeline(top.table("timeline"), sources)
    top.done()
    return FeeSchedule(
        file=top.file,
        sources=sources,
        fees=fees,
        bands=bands,
        bands_note=bands_note,
        adjustments=adjustments,
        context=context,
        timeline=timeline,
        **head,
    )


# ------------------------------------------------------------------ numbers


def _decimal_in(table: Table, key: str, low: Decimal, high: Decimal, what: str) -> Decimal:
    """A number low..high with at most MAX_DECIMALS places."""
    value = table.number(key)
    if not low <= value <= high:
        raise table.fail(key, f"{what}应在 {plain(low)} 到 {plain(high)} 之间，实际是 {plain(value)}")
    if value != value.quantize(Decimal(1).scaleb(-MAX_DECIMALS), rounding="ROUND_DOWN"):
        raise table.fail(key, f"{what}最多保留 {MAX_DECIMALS} 位小数，实际是 {plain(value)}")
    return value


def _yuan(table: Table, sources: Sources, key: str, *, positive: bool = False) -> Fact[Decimal]:
    fact = table.fact(key, lambda t, k: _decimal_in(t, k, Decimal(0), MAX_YUAN, "金额（元）"), sources)
    if positive and fact.value <= 0:
        raise table.fail(f"{key}.value", "应大于 0")
    return fact


def _man_days(table: Table, sources: Sources, key: str) -> Fact[Decimal]:
    return table.fact(key, lambda t, k: _decimal_in(t, k, Decimal(0), MAX_MAN_DAYS, "人日数"), sources)


def _whole(table: Table, sources: Sources, key: str, low: int, high: int) -> Fact[int]:
    fact = table.fact(key, Table.integer, sources)
    if not low <= fact.value <= high:
        raise table.fail(f"{key}.value", f"应为 {low} 到 {high} 之间的整数，实际是 {fact.value}")
    return fact


# ------------------------------------------------------------------ sections


def _read_fees(table: Table, sources: Sources) -> FeeItems:
    items = FeeItems(
        application=_yuan(table, sources, "application"),
        registration=_yuan(table, sources, "registration"),
        annual=_yuan(table, sources, "annual"),
        per_man_day=_yuan(table, sources, "per_man_day", positive=True),
        travel=table.fact("travel", Table.text, sources),
    )
    table.done()
    return items


def _read_band(table: Table, sources: Sources) -> Band:
    low, high = table.integer("from"), table.integer("to")
    if not 1 <= low <= high <= MAX_EMPLOYEES:
        raise table.fail("to", f"人数段应满足 1 ≤ from ≤ to ≤ {MAX_EMPLOYEES}，实际是 {low}–{high}")

    def days(key: str) -> Decimal:
        return _decimal_in(table, key, Decimal(0), MAX_MAN_DAYS, "人日数")

    def optional_pair(total_key: str) -> tuple[Decimal | None, Decimal | None]:
        onsite_key = f"{total_key}_onsite"
        present = [k for k in (total_key, onsite_key) if k in table.data]
        if not present:
            return None, None
        if len(present) == 1:
            missing = onsite_key if present[0] == total_key else total_key
            raise table.fail(missing, f"{total_key} 与 {onsite_key} 应同时给出或同时省略（原文缺失时都省略）")
        total, onsite = days(total_key), days(onsite_key)
        if onsite > total:
            raise table.fail(onsite_key, f"现场人日（{plain(onsite)}）不能多于合计（{plain(total)}）")
        return total, onsite

    initial, planning, onsite = days("initial"), days("initial_planning"), days("initial_onsite")
    if planning + onsite != initial:
        raise table.fail(
            "initial",
            f"初次认证合计应等于策划与文件审核加现场审核：{plain(planning)} + {plain(onsite)} ≠ {plain(initial)}",
        )
    surveillance, surveillance_onsite = optional_pair("surveillance")
    recertification, recertification_onsite = optional_pair("recertification")
    source = table.text("source")
    if source not in sources:
        raise table.fail("source", f"来源 {source!r} 未在 [sources] 中定义")
    corroborated = table.text("corroborated_by") if "corroborated_by" in table.data else ""
    if corroborated and corroborated not in sources:
        raise table.fail("corroborated_by", f"来源 {corroborated!r} 未在 [sources] 中定义")
    band = Band(
        low=low,
        high=high,
        planning=planning,
        onsite=onsite,
        surveillance=surveillance,
        surveillance_onsite=surveillance_onsite,
        recertification=recertification,
        recertification_onsite=recertification_onsite,
        source=source,
        confidence=table.confidence("confidence"),
        corroborated_by=corroborated,
        note=table.text("note") if "note" in table.data else "",
    )
    table.done()
    return band


def _read_bands(man_days: Table, sources: Sources) -> tuple[Band, ...]:
    tables = man_days.tables("bands")
    bands: list[Band] = []
    for table in tables:
        band = _read_band(table, sources)
        expected = bands[-1].high + 1 if bands else 1
        if band.low != expected:
            raise table.fail("from", f"人数段应从 {expected} 开始（与上一段相接，第一段从 1 开始），实际是 {band.low}")
        if bands:
            _check_not_falling(bands[-1], band, table)
        bands.append(band)
    return tuple(bands)


def _check_not_falling(previous: Band, band: Band, table: Table) -> None:
    """No figure may fall as the headcount rises; a stage missing in a band stays missing above it."""
    for stage in STAGES:
        for what, before, now in (
            ("合计", previous.total(stage), band.total(stage)),
            ("现场", previous.onsite_of(stage), band.onsite_of(stage)),
        ):
            key = stage if what == "合计" else f"{stage}_onsite"
            if before is None and now is not None:
                raise table.fail(key, "上一人数段缺少这一项，下一段就不能再给出（缺失只能出现在表的末尾）")
            if before is not None and now is not None and now < before:
                raise table.fail(
                    key,
                    f"人数更多的一段人日不能更少：{previous.label} 人为 {plain(before)}，{band.label} 人为 {plain(now)}",
                )


def _read_adjustments(table: Table, sources: Sources) -> Adjustments:
    share = table.fact("outlet_share", lambda t, k: _decimal_in(t, k, Decimal(0), Decimal(1), "比例"), sources)
    if share.value <= 0:
        raise table.fail("outlet_share.value", "应大于 0")
    step = _man_days(table, sources, "outlet_step")
    if step.value <= 0:
        raise table.fail("outlet_step.value", "应大于 0")
    adjustments = Adjustments(
        extra_category=_man_days(table, sources, "extra_category"),
        outlet_share=share,
        outlet_minimum=_man_days(table, sources, "outlet_minimum"),
        outlet_step=step,
        max_outlets=_whole(table, sources, "max_outlets", 0, 1000),
    )
    table.done()
    return adjustments


def _read_context(table: Table, sources: Sources) -> Context:
    context = Context(
        other_rate=_yuan(table, sources, "other_rate"),
        budget_low=_yuan(table, sources, "budget_low"),
        budget_high=_yuan(table, sources, "budget_high"),
    )
    if context.budget_high.value < context.budget_low.value:
        raise table.fail("budget_high", "预算上限不能低于下限")
    table.done()
    return context


def _read_timeline(table: Table, sources: Sources) -> Timeline:
    timeline = Timeline(
        records_months=_whole(table, sources, "records_months", 0, 60),
        records_months_prudent=_whole(table, sources, "records_months_prudent", 0, 60),
        document_review_days=_whole(table, sources, "document_review_days", 1, 365),
        onsite_days=_whole(table, sources, "onsite_days", 1, 365),
        certificate_months=_whole(table, sources, "certificate_months", 1, 24),
        certificate_months_fastest=_whole(table, sources, "certificate_months_fastest", 1, 24),
        validity_years=_whole(table, sources, "validity_years", 1, 10),
        surveillance_interval_months=_whole(table, sources, "surveillance_interval_months", 1, 24),
        recertification_lead_months=_whole(table, sources, "recertification_lead_months", 0, 24),
        star_after_months=_whole(table, sources, "star_after_months", 0, 60),
    )
    _check_timeline(timeline, table)
    table.done()
    return timeline


def _check_timeline(t: Timeline, table: Table) -> None:
    """The milestones must come in order: review, on-site audit, certificate; surveillance within the validity."""
    if t.records_months_prudent.value < t.records_months.value:
        raise table.fail("records_months_prudent", "稳妥的运行时间不能短于最短运行时间")
    if t.onsite_days.value <= t.document_review_days.value:
        raise table.fail("onsite_days", "现场审核应在文件审核完成之后（天数应更大）")
    if t.onsite_days.value >= 28 * t.certificate_months.value:
        raise table.fail("onsite_days", "现场审核应在发证之前（天数应少于发证所需的月数 × 28）")
    if t.certificate_months_fastest.value > t.certificate_months.value:
        raise table.fail("certificate_months_fastest", "最快的获证时间不能长于一般的获证时间")
    months = 12 * t.validity_years.value
    if t.recertification_lead_months.value >= months:
        raise table.fail("recertification_lead_months", "再认证提前的月数应短于证书有效期")
    if t.surveillance_interval_months.value >= months - t.recertification_lead_months.value:
        raise table.fail("surveillance_interval_months", "有效期内至少应有一次监督审核")
