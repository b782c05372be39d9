"""The fee schedule's values as claims of the site's registry: each figure with its own sources and confidence.

Every sourced value of the schedule in use (`iter_fee_facts`) becomes a claim whose id is its key
under ``schedule.`` (``schedule.fees.per_man_day``, ``schedule.man_days.86_125``,
``schedule.timeline.validity_years``), like a number of the rules profile. A page labels a figure
with ``{{ claim('schedule.timeline.records_months') }}``, so a certification body that ships its
own schedule sees its own labels and sources on every page: nothing about the figures is restated
in the claims file. ``schedule.man_days`` is the man-day table as a whole (its weakest row, every
row's source and the table's note), for sentences about the table.

The schedule's sources join the registry's: one the rules profile defines alike keeps its key; any
other is renamed ``schedule-<key>``, so a schedule's own ``project`` (its assumptions) never
collides with the profile's source of that name, and the profile's keys stay as they are.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import cast

from calculator._claims import Claim, Contribution
from calculator._datafile import Fact, Source
from calculator._fee_schedule import FEE_ITEM_NAMES, Band, FeeSchedule, band_key, fee_claim_id, iter_fee_facts
from calculator._numbers import plain

__all__ = ["TABLE_CLAIM", "fee_schedule_contribution", "schedule_tables", "schedule_tool_claims"]

SOURCE_PREFIX = "schedule-"
TABLE_CLAIM = fee_claim_id("man_days")

# Input bounds are not claims about certification (the rules profile leaves its own out too).
_NOT_CLAIMS = frozenset({"adjustments.max_outlets"})

# What each value of the schedule states, as the sources page lists it (its value follows).
_TEXTS: Mapping[str, str] = {
    "adjustments.extra_category": "每多一个产品或服务类别，每次审核增加的人日",
    "adjustments.outlet_share": "固定服务网点按其人数对应的现场人日，计入的比例",
    "adjustments.outlet_minimum": "每个固定服务网点每次审核至少计的人日",
    "adjustments.outlet_step": "网点人日向上取整的单位",
    "context.other_rate": "另一家机构的服务认证通用收费（每人日）",
    "context.budget_low": "网上所见整体预算的低端（约）",
    "context.budget_high": "网上所见整体预算的高端（以上）",
    "timeline.records_months": "申请前售后服务体系至少运行并留有记录",
    "timeline.records_months_prudent": "更稳妥的运行时间，并有同样长的投诉、维修和满意度记录",
    "timeline.document_review_days": "从申请到完成文件审核约需",
    "timeline.onsite_days": "现场审核安排在申请后约",
    "timeline.certificate_months": "从申请到获证一般最长需要",
    "timeline.certificate_months_fastest": "从申请到获证最快需要",
    "timeline.validity_years": "证书有效期",
    "timeline.surveillance_interval_months": "有效期内监督审核的间隔",
    "timeline.recertification_lead_months": "再认证审核安排在证书到期前",
    "timeline.star_after_months": "首次认证只评达标级的机构，评星级要在首次认证之后再过",
}

# The sources page lists the claims of one part of the schedule together.
_GROUPS: Mapping[str, str] = {
    "fees": "收费项目",
    "man_days": "人日对照表",
    "adjustments": "人日的增减",
    "context": "其他机构的收费（对照）",
    "timeline": "用时",
}

# A duration's unit, by the word its key names it with (``records_months_prudent``: months).
_UNITS: Mapping[str, str] = {"_months": "个月", "_days": "天", "_years": "年"}


def _source_keys(schedule: FeeSchedule, known: Mapping[str, Source]) -> dict[str, str]:
    """The schedule's source keys → their keys in the registry."""
    return {
        key: key if known.get(key) == source else f"{SOURCE_PREFIX}{key}" for key, source in schedule.sources.items()
    }


def _value(key: str, value: object) -> str:
    """A value as the sources page shows it: "3000 元", "0.5 人日", "50%", "3 个月"."""
    section = key.split(".", 1)[0]
    if isinstance(value, str):
        return value
    number = plain(Decimal(str(value)))
    if key == "adjustments.outlet_share":
        return f"{plain(cast(Decimal, value) * 100)}%"
    if section in ("fees", "context"):
        return f"{number} 元"
    if section == "adjustments":
        return f"{number} 人日"
    unit = next(u for word, u in _UNITS.items() if word in key)
    return f"{number} {unit}"


def _band_value(band: Band) -> str:
    """A row's figures: 初次认证 8.5（文件 1.5 + 现场 7）；每次监督 3；再认证 5 人日 (a stage the source lacks says so)."""
    initial = f"初次认证 {plain(band.initial)}（文件 {plain(band.planning)} + 现场 {plain(band.onsite)}）"
    if band.surveillance is None or band.recertification is None:
        return f"{initial} 人日；监督与再认证：原表缺失"
    return f"{initial}；每次监督 {plain(band.surveillance)}；再认证 {plain(band.recertification)} 人日"


def _text(key: str) -> str:
    section, name = key.split(".", 1)
    if section == "fees":
        return FEE_ITEM_NAMES[name]
    if section == "man_days":
        low, high = name.split("_")
        return f"员工 {low}–{high} 人一档的审核人日"
    return _TEXTS[key]


def _claims(schedule: FeeSchedule, keys: Mapping[str, str]) -> Iterator[Claim]:
    bands = {band_key(b.low, b.high): b for b in schedule.bands}
    for key, fact in iter_fee_facts(schedule):
        if key in _NOT_CLAIMS:
            continue
        band = bands.get(key)
        yield Claim(
            id=fee_claim_id(key),
            text=_text(key),
            confidence=fact.confidence,
            sources=tuple(keys[k] for k in fact.sources),
            illustrative=fact.illustrative,
            note=band.note if band else fact.note,
            value=_band_value(band) if band else _value(key, fact.value),
            origin=schedule.file,
            group=_group(schedule, key),
        )


def _group(schedule: FeeSchedule, key: str) -> str:
    """The schedule by its name, then the part: 达标委试行收费标准（各机构不同） · 用时."""
    return f"{schedule.name} · {_GROUPS[key.split('.', 1)[0]]}"


def _table_claim(schedule: FeeSchedule, keys: Mapping[str, str]) -> Claim:
    """The man-day table as a whole: as sure as its weakest row, citing every row's own source."""
    table = Fact("", tuple(dict.fromkeys(b.source for b in schedule.bands)), schedule.band_confidence)
    return Claim(
        id=TABLE_CLAIM,
        text="按员工人数划分的审核人日对照表",
        confidence=table.confidence,
        sources=tuple(keys[k] for k in table.sources),
        note=schedule.bands_note,
        value=f"{len(schedule.bands)} 档，1–{schedule.max_employees} 人",
        origin=schedule.file,
        group=_group(schedule, "man_days"),
    )


def fee_schedule_contribution(schedule: FeeSchedule, known: Mapping[str, Source]) -> Contribution:
    """Every value of the schedule as a claim, with its sources under their registry keys.

    `known` are the sources already in the registry (the rules profile's): a schedule's source
    defined alike keeps its key, any other is prefixed.
    """
    keys = _source_keys(schedule, known)
    sources = {keys[k]: Source(keys[k], s.label, s.refs, s.publishers, s.primary) for k, s in schedule.sources.items()}
    claims = (_table_claim(schedule, keys), *_claims(schedule, keys))
    return Contribution(schedule.file, sources, claims)


def _ids(schedule: FeeSchedule, *sections: str) -> tuple[str, ...]:
    return tuple(
        fee_claim_id(key)
        for key, _ in iter_fee_facts(schedule)
        if key.split(".", 1)[0] in sections and key not in _NOT_CLAIMS
    )


def schedule_tables(schedule: FeeSchedule) -> dict[str, tuple[str, ...]]:
    """The claims each fee-table macro labels (macros.fees), so the usage check sees them."""
    bands = _ids(schedule, "man_days")
    return {
        "fee_items_table": _ids(schedule, "fees"),
        "man_day_table": (TABLE_CLAIM, *bands),
    }


def schedule_tool_claims(schedule: FeeSchedule) -> dict[str, tuple[str, ...]]:
    """The claims each calculator labels, by the tool's name: its notes state every figure it computes with."""
    from calculator._tools import FEES, PLAN  # noqa: PLC0415 - the registry of tools imports the schedule's modules

    return {
        FEES.name: (TABLE_CLAIM, *_ids(schedule, "fees", "man_days", "adjustments")),
        PLAN.name: _ids(schedule, "timeline"),
    }
