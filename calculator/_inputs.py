"""Turning untrusted JSON-like input into typed requests, or a clear InputError.

Nothing here clamps or guesses: a value outside its range, of the wrong type,
or under an unknown key is refused with a Chinese message naming the field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Literal

from calculator._numbers import plain
from calculator._profile import Profile

__all__ = [
    "Assessment",
    "InputError",
    "ScoreRequest",
    "StaffingRequest",
    "Status",
    "parse_score_request",
    "parse_staffing_request",
]

Status = Literal["conform", "nonconform", "partial", "na"]
STATUSES: dict[str, str] = {
    "conform": "符合",
    "nonconform": "不符合",
    "partial": "部分不符合（按样本比例）",
    "na": "不适用（删减）",
}


class InputError(ValueError):
    """Input that cannot be used; `field` is the offending key, `message` says why in Chinese."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")

    def to_json(self) -> dict[str, dict[str, str]]:
        return {"error": {"field": self.field, "message": self.message}}


@dataclass(frozen=True)
class Assessment:
    """How one second-level indicator was found."""

    status: Status
    nonconforming_share: Fraction = Fraction(0)

    @property
    def lost_share(self) -> Fraction:
        if self.status == "nonconform":
            return Fraction(1)
        if self.status == "partial":
            return self.nonconforming_share
        return Fraction(0)


@dataclass(frozen=True)
class ScoreRequest:
    """Exactly one of `categories` (quick mode) or `indicators` (detailed mode) is set."""

    categories: Mapping[str, Decimal] | None
    indicators: Mapping[str, Assessment] | None
    deduction_count: int
    deduction_kinds: tuple[str, ...]
    bonus: bool

    @property
    def mode(self) -> Literal["quick", "detailed"]:
        return "quick" if self.categories is not None else "detailed"


@dataclass(frozen=True)
class StaffingRequest:
    head_office: int | None
    branches: int | None
    service_managers: int
    total_staff: int | None
    current_managers: int | None


# ------------------------------------------------------------------ primitives


def _type_name(value: object) -> str:
    if value is None:
        return "空值（null）"
    if isinstance(value, bool):
        return "布尔值"
    if isinstance(value, (int, float, Decimal)):
        return "数字"
    if isinstance(value, str):
        return "文本"
    if isinstance(value, (list, tuple)):
        return "列表"
    if isinstance(value, Mapping):
        return "对象"
    return type(value).__name__


def _object(value: object, field: str, what: str) -> Mapping[str, object]:
    if not isinstance(value, Mapping) or not all(isinstance(k, str) for k in value):
        raise InputError(field, f"{what}应为一个对象（键值对），实际是{_type_name(value)}。")
    return value


def _no_unknown(data: Mapping[str, object], allowed: tuple[str, ...], prefix: str, what: str) -> None:
    for key in data:
        if key not in allowed:
            raise InputError(_join(prefix, key) or "input", f"未知的{what}“{key}”。可用的有：{'、'.join(allowed)}。")


def _join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


def _decimal(value: object, field: str, label: str) -> Decimal:
    """A finite number from JSON (Decimal when parsed with parse_float=Decimal), never a bool or text."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise InputError(field, f"{label}应为数字，实际是{_type_name(value)}。")
    try:
        # repr() of a float is the shortest text that reads back the same: what a person typed.
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except InvalidOperation:
        raise InputError(field, f"{label}不是有效的数字。") from None
    if not number.is_finite():
        raise InputError(field, f"{label}应为有限的数字。")
    return number


def parse_count(value: object, field: str, label: str, maximum: int) -> int:
    """A whole number 0..maximum; 3.0 is accepted as 3, 2.5 is refused."""
    number = _decimal(value, field, label)
    if number != number.to_integral_value():
        raise InputError(field, f"{label}应为整数（人数或项数不能有小数），实际是 {plain(number)}。")
    if number < 0 or number > maximum:
        raise InputError(field, f"{label}应在 0 到 {maximum} 之间，实际是 {plain(number)}。")
    return int(number)


def parse_points(value: object, field: str, label: str, maximum: Decimal, decimals: int) -> Decimal:
    """Points 0..maximum with at most `decimals` decimal places (finer input is refused, not rounded)."""
    number = _decimal(value, field, label)
    if number < 0 or number > maximum:
        raise InputError(field, f"{label}应在 0 到 {plain(maximum)} 分之间，实际是 {plain(number)}。")
    if number != number.quantize(Decimal(1).scaleb(-decimals), rounding="ROUND_DOWN"):
        raise InputError(field, f"{label}最多保留 {decimals} 位小数，实际是 {plain(number)}。")
    return number


# --------------------------------------------------------------------- scoring

_SCORE_KEYS = ("categories", "indicators", "special_deductions", "bonus")
_INDICATOR_KEYS = ("status", "nonconforming_share", "samples", "nonconforming")


def parse_score_request(data: object, profile: Profile) -> ScoreRequest:
    """Validate a `score` input object against the profile."""
    top = _object(data, "input", "输入")
    _no_unknown(top, _SCORE_KEYS, "", "输入项")
    has_quick = "categories" in top
    has_detailed = "indicators" in top
    if has_quick and has_detailed:
        raise InputError(
            "indicators",
            "请只选一种方式：按一级指标快速计分（categories）或按二级指标详细计分（indicators），不能同时给出。",
        )
    if not has_quick and not has_detailed:
        raise InputError(
            "categories", "缺少评分数据：请给出各一级指标得分（categories）或各二级指标评价（indicators）。"
        )

    categories = _parse_categories(top["categories"], profile) if has_quick else None
    indicators = _parse_indicators(top["indicators"], profile) if has_detailed else None
    count, kinds = _parse_deductions(top.get("special_deductions", 0), profile)
    bonus = top.get("bonus", False)
    if not isinstance(bonus, bool):
        raise InputError("bonus", f"特别加分项应为 true 或 false，实际是{_type_name(bonus)}。")
    if bonus and profile.special_bonus.max_items.value < 1:
        raise InputError("bonus", "当前规则不设特别加分项。")
    return ScoreRequest(categories, indicators, count, kinds, bonus)


def _parse_categories(value: object, profile: Profile) -> dict[str, Decimal]:
    data = _object(value, "categories", "一级指标得分")
    ids = tuple(c.id for c in profile.categories)
    _no_unknown(data, ids, "categories", "一级指标")
    result: dict[str, Decimal] = {}
    for c in profile.categories:
        field = f"categories.{c.id}"
        if c.id not in data:
            raise InputError(field, f"缺少“{c.name}”的得分（0 到 {plain(c.points.value)} 分）。")
        label = f"“{c.name}”得分"
        result[c.id] = parse_points(data[c.id], field, label, c.points.value, profile.input_decimals.value)
    return result


def _parse_indicators(value: object, profile: Profile) -> dict[str, Assessment]:
    data = _object(value, "indicators", "二级指标评价")
    ids = tuple(i.id for i in profile.indicators)
    _no_unknown(data, ids, "indicators", "二级指标")
    result: dict[str, Assessment] = {}
    for ind in profile.indicators:
        field = f"indicators.{ind.id}"
        if ind.id not in data:
            raise InputError(field, f"缺少“{ind.name}”的评价（符合、部分不符合、不符合或不适用）。")
        result[ind.id] = parse_assessment(data[ind.id], field, ind.name, profile)
    if all(a.status == "na" for a in result.values()):
        raise InputError("indicators", "所有指标都标为不适用，无法计分：至少需要一项适用的指标。")
    return result


def parse_assessment(value: object, field: str, name: str, profile: Profile) -> Assessment:
    """One indicator's assessment: its status and, for "partial", the share of nonconforming samples
    (given as a share, or as samples and nonconforming counts; never both)."""
    entry = _object(value, field, f"“{name}”的评价")
    _no_unknown(entry, _INDICATOR_KEYS, field, "键")
    status = entry.get("status")
    if status not in ("conform", "nonconform", "partial", "na"):
        choices = "、".join(f"{k}（{v}）" for k, v in STATUSES.items())
        raise InputError(f"{field}.status", f"“{name}”的评价应为 {choices} 之一。")
    if status == "na" and not profile.exclusions_rescale.value:
        raise InputError(f"{field}.status", "当前规则不允许删减（不适用）指标。")
    extra = [k for k in ("nonconforming_share", "samples", "nonconforming") if k in entry]
    if status != "partial":
        if extra:
            raise InputError(
                f"{field}.{extra[0]}", f"只有“部分不符合”才需要填写不符合样本的比例；“{name}”当前为{STATUSES[status]}。"
            )
        return Assessment(status)
    if "nonconforming_share" in entry:
        if "samples" in entry or "nonconforming" in entry:
            raise InputError(
                f"{field}.samples",
                "请只用一种方式给出不符合样本：比例（nonconforming_share）或样本数（samples 与 nonconforming）。",
            )
        share = _decimal(entry["nonconforming_share"], f"{field}.nonconforming_share", f"“{name}”不符合样本比例")
        if not 0 <= share <= 1:
            raise InputError(
                f"{field}.nonconforming_share", f"“{name}”不符合样本比例应在 0 到 1 之间，实际是 {plain(share)}。"
            )
        return Assessment("partial", Fraction(share))
    if "samples" not in entry:
        raise InputError(f"{field}.nonconforming_share", f"“{name}”为部分不符合时，请给出不符合样本比例（0 到 1）。")
    limit = profile.staffing.max_headcount.value
    samples = parse_count(entry["samples"], f"{field}.samples", f"“{name}”抽查样本数", limit)
    if samples < 1:
        raise InputError(f"{field}.samples", f"“{name}”抽查样本数应在 1 到 {limit} 之间，实际是 0。")
    if "nonconforming" not in entry:
        raise InputError(f"{field}.nonconforming", f"请给出“{name}”不符合的样本数（0 到 {samples}）。")
    bad = parse_count(entry["nonconforming"], f"{field}.nonconforming", f"“{name}”不符合样本数", samples)
    return Assessment("partial", Fraction(bad, samples))


def _parse_deductions(value: object, profile: Profile) -> tuple[int, tuple[str, ...]]:
    sd = profile.special_deductions
    maximum = sd.max_count.value
    if isinstance(value, (list, tuple)):
        if len(value) > maximum:
            raise InputError("special_deductions", f"特别扣分项最多 {maximum} 项，实际给出 {len(value)} 项。")
        kinds = {k.id: k.label for k in sd.kinds}
        for index, kind in enumerate(value):
            if not isinstance(kind, str) or kind not in kinds:
                choices = "、".join(f"{k}（{v}）" for k, v in kinds.items())
                raise InputError(f"special_deductions[{index}]", f"特别扣分项类型应为 {choices} 之一。")
        return len(value), tuple(value)
    label = "特别扣分项数量"
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise InputError("special_deductions", f"{label}应为整数（项数）或类型列表，实际是{_type_name(value)}。")
    return parse_count(value, "special_deductions", label, maximum), ()


# -------------------------------------------------------------------- staffing

_STAFFING_KEYS = ("service_managers", "head_office", "branches", "total_staff", "current_managers")


def parse_staffing_request(data: object, profile: Profile) -> StaffingRequest:
    """Validate a `staffing` input object."""
    top = _object(data, "input", "输入")
    _no_unknown(top, _STAFFING_KEYS, "", "输入项")
    limit = profile.staffing.max_headcount.value
    base = profile.staffing.base
    head = branches = None
    if "service_managers" in top:
        if "head_office" in top or "branches" in top:
            raise InputError(
                "service_managers",
                f"请只用一种方式给出{base}：总数（service_managers），或总部（head_office）与分支机构（branches）分开填写。",
            )
        managers = parse_count(top["service_managers"], "service_managers", f"{base}总数", limit)
    elif "head_office" in top or "branches" in top:
        missing = "branches" if "head_office" in top else "head_office"
        if missing not in top:
            where = "分支机构和服务网点" if missing == "branches" else "总部"
            raise InputError(missing, f"缺少{where}的{base}人数（没有请填 0）。")
        head = parse_count(top["head_office"], "head_office", f"总部{base}人数", limit)
        branches = parse_count(top["branches"], "branches", f"分支机构和服务网点{base}人数", limit)
        managers = head + branches
        if managers > limit:
            raise InputError("branches", f"{base}合计应在 0 到 {limit} 之间，实际是 {managers}。")
    else:
        raise InputError(
            "service_managers",
            f"缺少{base}人数：请给出总数（service_managers），或总部（head_office）与分支机构（branches）人数。",
        )

    total = None
    if "total_staff" in top:
        total = parse_count(top["total_staff"], "total_staff", "企业总人数", limit)
        if managers > total:
            raise InputError(
                "total_staff", f"企业总人数（{total}）少于{base}人数（{managers}），请核对：{base}是企业员工的一部分。"
            )
    current = None
    if "current_managers" in top:
        current = parse_count(
            top["current_managers"], "current_managers", f"已配备的{profile.staffing.role}人数", limit
        )
    return StaffingRequest(head, branches, managers, total, current)
