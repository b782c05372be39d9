"""The `score` tool's JSON input: quick (first-level points) or detailed (each indicator assessed).

Turns untrusted JSON-like input into a typed `ScoreRequest`, or an `InputError` naming the field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from calculator._inputs import InputError, as_decimal, as_object, no_unknown, parse_count, parse_points, type_name
from calculator._labels import STATUSES as STATUS_LABELS
from calculator._numbers import plain
from calculator._profile import Profile

__all__ = ["STATUSES", "Assessment", "ScoreRequest", "Status", "parse_assessment", "parse_score_request"]

Status = Literal["conform", "nonconform", "partial", "na"]
# How each status reads where it stands alone (the words are defined once, in calculator._labels).
STATUSES: dict[str, str] = {key: status.long for key, status in STATUS_LABELS.items()}


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


_SCORE_KEYS = ("categories", "indicators", "special_deductions", "bonus")
_INDICATOR_KEYS = ("status", "nonconforming_share", "samples", "nonconforming")


def parse_score_request(data: object, profile: Profile) -> ScoreRequest:
    """Validate a `score` input object against the profile."""
    top = as_object(data, "input", "输入")
    no_unknown(top, _SCORE_KEYS, "", "输入项")
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
        raise InputError("bonus", f"特别加分项应为 true 或 false，实际是{type_name(bonus)}。")
    if bonus and profile.special_bonus.max_items.value < 1:
        raise InputError("bonus", "当前规则不设特别加分项。")
    return ScoreRequest(categories, indicators, count, kinds, bonus)


def _parse_categories(value: object, profile: Profile) -> dict[str, Decimal]:
    data = as_object(value, "categories", "一级指标得分")
    ids = tuple(c.id for c in profile.categories)
    no_unknown(data, ids, "categories", "一级指标")
    result: dict[str, Decimal] = {}
    for c in profile.categories:
        field = f"categories.{c.id}"
        if c.id not in data:
            raise InputError(field, f"缺少“{c.name}”的得分（0 到 {plain(c.points.value)} 分）。")
        label = f"“{c.name}”得分"
        result[c.id] = parse_points(data[c.id], field, label, c.points.value, profile.input_decimals.value)
    return result


def _parse_indicators(value: object, profile: Profile) -> dict[str, Assessment]:
    data = as_object(value, "indicators", "二级指标评价")
    ids = tuple(i.id for i in profile.indicators)
    no_unknown(data, ids, "indicators", "二级指标")
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
    """One indicator's assessment: its status and, for "partial", the share of nonconforming samples.

    The share is given as a share, or as samples and nonconforming counts; never both.
    """
    entry = as_object(value, field, f"“{name}”的评价")
    no_unknown(entry, _INDICATOR_KEYS, field, "键")
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
        share = as_decimal(entry["nonconforming_share"], f"{field}.nonconforming_share", f"“{name}”不符合样本比例")
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
        raise InputError("special_deductions", f"{label}应为整数（项数）或类型列表，实际是{type_name(value)}。")
    return parse_count(value, "special_deductions", label, maximum), ()
