"""The `fees` tool's JSON input: employees, product or service categories, fixed service outlets.

Turns untrusted JSON-like input into a typed `FeesRequest`, or an `InputError` naming the field.
A headcount beyond the man-day table, or in a band whose figures the source leaves out, is refused
with a message that says so: the estimate never invents a figure.
"""

from __future__ import annotations

from dataclasses import dataclass

from calculator._fee_schedule import Band, FeeSchedule
from calculator._inputs import InputError, as_object, no_unknown, parse_count, type_name

__all__ = ["MAX_CATEGORIES", "FeesRequest", "parse_fees_request"]

# More categories than this in one certificate's scope is not a quick estimate any more.
MAX_CATEGORIES = 99
# Headcounts beyond the table are refused with a message about the table, not this bound.
_MAX_COUNT = 10_000_000

_KEYS = ("employees", "product_categories", "outlets")


@dataclass(frozen=True)
class FeesRequest:
    employees: int
    product_categories: int
    outlets: tuple[int, ...]


def parse_fees_request(data: object, schedule: FeeSchedule) -> FeesRequest:
    """Validate a `fees` input object."""
    top = as_object(data, "input", "输入")
    no_unknown(top, _KEYS, "", "输入项")
    if "employees" not in top:
        raise InputError("employees", "缺少企业员工人数（employees）。")
    employees = _headcount(top["employees"], "employees", "企业员工人数", schedule)
    categories = 1
    if "product_categories" in top:
        categories = parse_count(top["product_categories"], "product_categories", "产品或服务类别数", MAX_CATEGORIES)
        if categories < 1:
            raise InputError("product_categories", f"产品或服务类别数应在 1 到 {MAX_CATEGORIES} 之间，实际是 0。")
    outlets = _outlets(top.get("outlets", []), schedule)
    return FeesRequest(employees, categories, outlets)


def _outlets(value: object, schedule: FeeSchedule) -> tuple[int, ...]:
    if not isinstance(value, list):
        raise InputError("outlets", f"固定服务网点应为各网点人数的列表，实际是{type_name(value)}。")
    limit = schedule.adjustments.max_outlets.value
    if len(value) > limit:
        raise InputError(
            "outlets", f"固定服务网点最多填 {limit} 个，实际是 {len(value)} 个；网点更多时请向认证机构询价。"
        )
    return tuple(
        _headcount(item, f"outlets.{i}", f"第 {i + 1} 个固定服务网点的人数", schedule) for i, item in enumerate(value)
    )


def _headcount(value: object, field: str, label: str, schedule: FeeSchedule) -> int:
    """A headcount ≥ 1 whose band has every figure the estimate needs."""
    count = parse_count(value, field, label, _MAX_COUNT)
    top = schedule.max_employees
    if count < 1:
        raise InputError(field, f"{label}应在 1 到 {top} 之间，实际是 0。")
    band = schedule.band_for(count)
    if band is None:
        raise InputError(
            field,
            f"{label}（{count}）超出了人日数对照表的范围（1 到 {top} 人）。这份收费标准没有给出更多人的人日数，"
            "本工具不作推算，请直接向认证机构询价。",
        )
    _check_complete(band, field, label, count, schedule)
    return count


def _check_complete(band: Band, field: str, label: str, count: int, schedule: FeeSchedule) -> None:
    if band.surveillance is not None and band.recertification is not None:
        return
    raise InputError(
        field,
        f"{label}（{count}）落在 {band.label} 人一档：原表缺少这一档的监督审核和再认证人日数，无法估算三年费用"
        f"（本工具只估算 1 到 {schedule.complete_up_to} 人）。这一档初次认证为 {band.initial.normalize():f} 人日，"
        "其余请向认证机构询价。",
    )
