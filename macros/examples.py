"""Worked examples computed at build time by the calculator package.

The inputs are stated relative to the profile (points lost per first-level
indicator, a grade's threshold, the fail-at count), so an example stays
valid, and its figures change, when the profile changes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from html import escape
from typing import Any

from calculator import Profile, score, staffing
from calculator._labels import STATUSES
from calculator._numbers import plain

__all__ = ["boundary_lost", "detailed_example", "score_example", "staffing_example"]


def _number(value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal, str)):
        raise TypeError(f"not a number: {value!r}")
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def boundary_lost(profile: Profile, grade_id: str) -> list[Decimal]:
    """Points lost per first-level indicator so the base score is exactly the grade's threshold."""
    grade = profile.grade(grade_id)
    if grade.min is None:
        raise ValueError(f"grade {grade_id!r} has no threshold")
    gap = profile.total.value - grade.min.value
    # Whole points per indicator where possible; the remainder (possibly a fraction) goes to the first.
    shares = [
        (gap * c.points.value / profile.total.value).quantize(Decimal(1), rounding="ROUND_FLOOR")
        for c in profile.categories
    ]
    shares[0] += gap - sum(shares, Decimal(0))
    return shares


def _assumptions(items: Sequence[str]) -> str:
    """The assumptions and less-than-certain rules the example relied on (each says how sure it is)."""
    if not items:
        return ""
    lis = "".join(f"<li>{escape(a)}</li>" for a in items)
    return f'<details class="note worked__assumptions"><summary>本例用到的假设</summary><ul>{lis}</ul></details>'


def _box(title: str, inputs: str, steps: Sequence[str], result: str, assumptions: str) -> str:
    lis = "".join(f"<li>{escape(s)}</li>" for s in steps)
    return (
        f'<div class="admonition example worked"><p class="admonition-title">计算示例：{escape(title)}</p>'
        f'<p class="worked__inputs">{inputs}</p><ol class="worked__steps">{lis}</ol>'
        f'<p class="worked__result">{result}</p>{assumptions}</div>'
    )


def _special(deductions: int, bonus: bool) -> str:
    text = f"特别扣分项 {deductions} 项" if deductions else "没有特别扣分项"
    return text + ("；有 1 项特别加分项" if bonus else "；没有特别加分项")


def _result(data: Mapping[str, Any]) -> str:
    return f'结果：<strong class="worked__score">{escape(str(data["score_text"]))} 分</strong>，<strong class="worked__grade">{escape(str(data["grade_label"]))}</strong>'


def _deductions(profile: Profile, deductions: int | str) -> int:
    if deductions == "gate":
        return profile.special_deductions.fail_at.value
    if isinstance(deductions, str):
        raise ValueError(f"deductions must be a number or 'gate', not {deductions!r}")
    return int(deductions)


def score_example(
    profile: Profile,
    title: str,
    *,
    lost: Sequence[object],
    deductions: int | str = 0,
    bonus: bool = False,
) -> str:
    """Quick mode: each first-level indicator earns its full points minus `lost`."""
    if len(lost) != len(profile.categories):
        raise ValueError(f"lost needs {len(profile.categories)} numbers, one per first-level indicator")
    earned: dict[str, Decimal] = {}
    for category, loss in zip(profile.categories, lost, strict=True):
        points = category.points.value - _number(loss)
        if points < 0:
            raise ValueError(f"{category.name}: lost {loss} is more than its {category.points.value} points")
        earned[category.id] = points
    count = _deductions(profile, deductions)
    data = score({"categories": earned, "special_deductions": count, "bonus": bonus}, profile)
    parts = "、".join(f"{escape(c.name)} {plain(earned[c.id])}/{plain(c.points.value)}" for c in profile.categories)
    inputs = f"输入：{parts}；{_special(count, bonus)}。"
    return _box(title, inputs, data["steps"], _result(data), _assumptions(data["assumptions"]))


def detailed_example(
    profile: Profile,
    title: str,
    *,
    na: Sequence[str] = (),
    nonconform: Sequence[str] = (),
    partial: Mapping[str, object] | None = None,
    deductions: int | str = 0,
    bonus: bool = False,
) -> str:
    """Detailed mode: every indicator conforms except those named."""
    partial = dict(partial or {})
    indicators: dict[str, dict[str, object]] = {}
    for ind in profile.indicators:
        if ind.id in na:
            indicators[ind.id] = {"status": "na"}
        elif ind.id in nonconform:
            indicators[ind.id] = {"status": "nonconform"}
        elif ind.id in partial:
            indicators[ind.id] = {"status": "partial", "nonconforming_share": _number(partial[ind.id])}
        else:
            indicators[ind.id] = {"status": "conform"}
    known = {i.id for i in profile.indicators}
    unknown = sorted((set(na) | set(nonconform) | set(partial)) - known)
    if unknown:
        raise ValueError(f"unknown indicator ids: {', '.join(unknown)}")
    count = _deductions(profile, deductions)
    data = score({"indicators": indicators, "special_deductions": count, "bonus": bonus}, profile)
    described = []
    for ind in profile.indicators:
        if ind.id in na:
            described.append(f"{escape(ind.name)}{STATUSES['na'].label}")
        elif ind.id in nonconform:
            described.append(f"{escape(ind.name)}{STATUSES['nonconform'].label}")
        elif ind.id in partial:
            share = Fraction(_number(partial[ind.id])) * 100
            described.append(f"{escape(ind.name)}抽查样本中 {plain(share)}% 不符合")
    others = "其余二级指标全部符合" if described else "全部二级指标符合"
    inputs = f"输入：{'；'.join(described)}{'；' if described else ''}{others}；{_special(count, bonus)}。"
    if profile.illustrative_points:
        inputs += "（二级指标按示意分值计算）"
    return _box(title, inputs, data["steps"], _result(data), _assumptions(data["assumptions"]))


def staffing_example(
    profile: Profile,
    title: str,
    *,
    head_office: int,
    branches: int,
    total_staff: int | None = None,
) -> str:
    """The 管理师 needed for a head office and branches, with the rough check when the headcount is given."""
    request: dict[str, int] = {"head_office": head_office, "branches": branches}
    if total_staff is not None:
        request["total_staff"] = total_staff
    data = staffing(request, profile)
    inputs = f"输入：总部{escape(profile.staffing.base)} {head_office} 人，分支机构和服务网点 {branches} 人"
    inputs += f"；企业总人数 {total_staff} 人。" if total_staff is not None else "。"
    result = (
        f'结果：至少配备 <strong class="worked__score">{data["required"]} 名</strong>{escape(profile.staffing.role)}'
    )
    return _box(title, inputs, data["steps"], result, _assumptions(data["assumptions"]))
