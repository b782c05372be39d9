"""The Chinese explanation of a score: the calculation step by step, the assumptions it used, why it fails.

Written from the figures of `calculator._scoring` and the profile's own assumption texts; no figure
is computed here. A shown figure is truncated to the profile's display decimals and says “约” when
the truncation hides digits, so no shown figure pretends to be exact.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from calculator._labels import with_level
from calculator._numbers import plain, truncate
from calculator._profile import Profile
from calculator._score_input import ScoreRequest
from calculator._scoring import ScoreResult

__all__ = ["Explanation", "explain"]


@dataclass(frozen=True)
class Explanation:
    steps: tuple[str, ...]
    assumptions: tuple[str, ...]  # the profile's texts, each once, in the order they came up
    reasons: tuple[str, ...]  # why the result is the failing grade (empty when it passes)


class _Figures:
    """Figures as the steps show them: truncated to the display decimals."""

    def __init__(self, decimals: int) -> None:
        self.decimals = decimals

    def num(self, x: Fraction) -> str:
        return plain(truncate(x, self.decimals))

    def approx(self, x: Fraction) -> str:
        return self.num(x) if Fraction(truncate(x, self.decimals)) == x else f"约 {self.num(x)}"


def explain(profile: Profile, request: ScoreRequest, result: ScoreResult) -> Explanation:
    """The steps, assumptions and reasons of a score, for the result and the worked examples."""
    f = _Figures(profile.display_decimals.value)
    reasons = _reasons(profile, result, f)
    steps = [
        *(_quick_steps(profile, result, f) if result.mode == "quick" else _detailed_steps(profile, result, f)),
        *_special_steps(profile, result, f),
        _conclusion(profile, result, reasons, f),
        *_next_steps(profile, result, f),
    ]
    return Explanation(tuple(steps), _assumptions(profile, request, result), tuple(reasons))


def _quick_steps(profile: Profile, result: ScoreResult, f: _Figures) -> list[str]:
    parts = " + ".join(f"{c.name} {f.num(c.earned)}" for c in result.categories)
    total = Fraction(profile.total.value)
    return [f"一级指标得分相加：{parts} = {f.num(result.earned)} 分（满分 {f.num(total)} 分），即基础得分。"]


def _detailed_steps(profile: Profile, result: ScoreResult, f: _Figures) -> list[str]:
    counted = len(profile.indicators) - len(result.excluded)
    steps = [
        f"逐项评价 {len(profile.indicators)} 项二级指标：不符合的扣去该项全部分值，"
        f"部分不符合的按不符合样本比例扣分，符合的得满分。"
    ]
    if not result.excluded:
        steps.append(f"全部 {counted} 项都适用，实际得分 {f.approx(result.earned)} 分，即基础得分。")
        return steps
    names = "、".join(profile.indicator(i).name for i in result.excluded)
    earned, applicable = f.approx(result.earned), f.approx(result.applicable)
    steps.append(
        f"删减不适用的 {len(result.excluded)} 项（{names}），其余 {counted} 项的涉及项总分值为 {applicable} 分，"
        f"实际得分 {earned} 分；基础得分 = {earned} ÷ {applicable} × {f.num(Fraction(profile.total.value))}"
        f" = {f.approx(result.base)} 分。"
    )
    return steps


def _special_steps(profile: Profile, result: ScoreResult, f: _Figures) -> list[str]:
    steps = []
    if result.deduction_count:
        each = Fraction(profile.special_deductions.points_each.value)
        steps.append(
            f"特别扣分项 {result.deduction_count} 项，每项在评分之外扣 {f.num(each)} 分，"
            f"共扣 {f.num(result.deduction_points)} 分。"
        )
    else:
        steps.append("没有特别扣分项。")
    if result.bonus:
        steps.append(f"有 1 项特别加分项，加 {f.num(result.bonus_points)} 分。")
    if result.deduction_count or result.bonus:
        line = (
            f"最终得分 = {f.approx(result.base)} − {f.num(result.deduction_points)} + {f.num(result.bonus_points)}"
            f" = {f.approx(result.unclamped)} 分"
        )
        if result.final != result.unclamped:
            line += f"，超出 0–{f.num(Fraction(profile.total.value))} 分的范围，按 {f.num(result.final)} 分计"
        steps.append(line + "。")
    return steps


def _reasons(profile: Profile, result: ScoreResult, f: _Figures) -> list[str]:
    reasons = []
    lowest = profile.grades[0].min
    if result.by_score is profile.fail_grade and lowest is not None:
        reasons.append(
            f"最终得分 {f.num(result.final)} 分，低于{profile.grades[0].label}分数线 {plain(lowest.value)} 分"
            f"（需达到 {plain(lowest.value)} 分及以上）。"
        )
    if result.gated:
        fail_at = profile.special_deductions.fail_at.value
        reasons.append(f"特别扣分项共 {result.deduction_count} 项，达到 {fail_at} 项即判不合格，与得分高低无关。")
    return reasons


def _conclusion(profile: Profile, result: ScoreResult, reasons: list[str], f: _Figures) -> str:
    grade = result.grade
    if grade is profile.fail_grade or grade.min is None:
        return f"结论：{profile.fail_grade.label}。" + "".join(reasons)
    return (
        f"结论：{f.num(result.final)} 分 ≥ {plain(grade.min.value)} 分，"
        f"且特别扣分项少于 {profile.special_deductions.fail_at.value} 项，评为{grade.label}。"
    )


def _next_steps(profile: Profile, result: ScoreResult, f: _Figures) -> list[str]:
    steps = []
    target = result.next_grade
    if target is not None and target.min is not None and result.points_to_next is not None:
        steps.append(f"距{target.label}（{plain(target.min.value)} 分）还差 {f.num(result.points_to_next)} 分。")
    if result.deductions_to_remove is not None:
        # No source says that fixing a finding after the audit takes the item back: say "before".
        steps.append(
            f"特别扣分项要少于 {profile.special_deductions.fail_at.value} 项才能评级："
            f"至少要有 {result.deductions_to_remove} 项涉及的问题在审核前就整改到位"
            "（审核中已记下的特别扣分项能否因事后整改而撤销，公开资料没有说明）。"
        )
    return steps


def _assumptions(profile: Profile, request: ScoreRequest, result: ScoreResult) -> tuple[str, ...]:
    """The profile's texts the result relied on; a rule less than certain says how sure it is."""
    texts = profile.assumptions
    found: list[str] = []
    if request.deduction_count or request.bonus:
        found.append(with_level(texts["order"], "0"))
    rescale = profile.exclusions_rescale
    if result.excluded and rescale.confidence != "2+":
        found.append(with_level(texts["exclusions"], rescale.confidence))
    if request.indicators is not None and any(a.status == "partial" for a in request.indicators.values()):
        found.append(texts["partial"])
    if result.mode == "detailed" and profile.illustrative_points:
        found.append(texts["illustrative_points"])
    if Fraction(truncate(result.final, profile.display_decimals.value)) != result.final:
        found.append(with_level(texts["truncation"], profile.display_decimals.confidence))
    fail_at = profile.special_deductions.fail_at
    if request.deduction_count and fail_at.confidence != "2+":
        found.append(with_level(texts["gate"], fail_at.confidence))
    return tuple(dict.fromkeys(found))
