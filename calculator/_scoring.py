"""Self-scoring against GB/T 27922: base score, special items, grade.

All arithmetic is exact (Fraction). Scores are truncated for display, never
rounded up, so a shown score can never cross a grade threshold.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from calculator._inputs import ScoreRequest
from calculator._numbers import ceil_to, plain, truncate
from calculator._profile import Grade, Profile

__all__ = ["CategoryScore", "IndicatorLoss", "ScoreResult", "evaluate"]

WEAKEST_SHOWN = 5


@dataclass(frozen=True)
class CategoryScore:
    id: str
    name: str
    earned: Fraction
    applicable: Fraction  # points still in play after 删减
    maximum: Fraction  # the category's full points


@dataclass(frozen=True)
class IndicatorLoss:
    id: str
    name: str
    category: str
    clause: str
    status: str
    points: Fraction
    lost: Fraction


@dataclass(frozen=True)
class ScoreResult:
    mode: str
    base: Fraction
    earned: Fraction
    applicable: Fraction
    deduction_count: int
    deduction_kinds: tuple[str, ...]
    deduction_points: Fraction
    bonus_points: Fraction
    unclamped: Fraction
    final: Fraction
    grade: Grade
    gated: bool
    next_grade: Grade | None
    points_to_next: Fraction | None
    categories: tuple[CategoryScore, ...]
    losses: tuple[IndicatorLoss, ...]
    excluded: tuple[str, ...]
    assumptions: tuple[str, ...]
    reasons: tuple[str, ...]
    steps: tuple[str, ...]


def grade_for(profile: Profile, score: Fraction) -> Grade:
    """The highest grade whose inclusive threshold the score reaches, else the failing grade."""
    reached = profile.fail_grade
    for g in profile.grades:
        assert g.min is not None
        if score >= Fraction(g.min.value):
            reached = g
    return reached


def evaluate(profile: Profile, request: ScoreRequest) -> ScoreResult:
    """Apply the rules to a validated request."""
    d = profile.display_decimals.value
    total = Fraction(profile.total.value)

    def num(x: Fraction) -> str:
        return plain(truncate(x, d))

    def approx(x: Fraction) -> str:
        # Say "约" when truncation hides digits, so no shown figure pretends to be exact.
        return num(x) if Fraction(truncate(x, d)) == x else f"约 {num(x)}"

    steps: list[str] = []
    assumptions: list[str] = []
    losses: list[IndicatorLoss] = []
    excluded: list[str] = []
    categories: list[CategoryScore] = []

    if request.categories is not None:
        for c in profile.categories:
            pts = Fraction(c.points.value)
            categories.append(CategoryScore(c.id, c.name, Fraction(request.categories[c.id]), pts, pts))
        earned = sum((c.earned for c in categories), Fraction(0))
        applicable = total
        base = earned
        parts = " + ".join(f"{c.name} {num(c.earned)}" for c in categories)
        steps.append(f"一级指标得分相加：{parts} = {num(earned)} 分（满分 {num(total)} 分），即基础得分。")
    else:
        assert request.indicators is not None
        for c in profile.categories:
            c_earned = Fraction(0)
            c_applicable = Fraction(0)
            for ind in profile.indicators_of(c.id):
                a = request.indicators[ind.id]
                pts = Fraction(ind.points.value)
                if a.status == "na":
                    excluded.append(ind.id)
                    continue
                lost = pts * a.lost_share
                c_applicable += pts
                c_earned += pts - lost
                if lost:
                    losses.append(IndicatorLoss(ind.id, ind.name, c.id, ind.clause, a.status, pts, lost))
            categories.append(CategoryScore(c.id, c.name, c_earned, c_applicable, Fraction(c.points.value)))
        earned = sum((c.earned for c in categories), Fraction(0))
        applicable = sum((c.applicable for c in categories), Fraction(0))
        base = earned / applicable * total
        counted = len(profile.indicators) - len(excluded)
        steps.append(
            f"逐项评价 {len(profile.indicators)} 项二级指标：不符合的扣去该项全部分值，"
            f"部分不符合的按不符合样本比例扣分，符合的得满分。"
        )
        if excluded:
            names = "、".join(profile.indicator(i).name for i in excluded)
            steps.append(
                f"删减不适用的 {len(excluded)} 项（{names}），其余 {counted} 项的涉及项总分值为 {approx(applicable)} 分，"
                f"实际得分 {approx(earned)} 分；基础得分 = {approx(earned)} ÷ {approx(applicable)} × {num(total)}"
                f" = {approx(base)} 分。"
            )
            assumptions.append(profile.assumptions["exclusions"])
        else:
            steps.append(f"全部 {counted} 项都适用，实际得分 {approx(earned)} 分，即基础得分。")
        if any(a.status == "partial" for a in request.indicators.values()):
            assumptions.append(profile.assumptions["partial"])
        if profile.illustrative_points:
            assumptions.append(profile.assumptions["illustrative_points"])

    sd = profile.special_deductions
    deduction_points = request.deduction_count * Fraction(sd.points_each.value)
    bonus_points = Fraction(profile.special_bonus.points.value) if request.bonus else Fraction(0)
    if request.deduction_count:
        steps.append(
            f"特别扣分项 {request.deduction_count} 项，每项在评分之外扣 {num(Fraction(sd.points_each.value))} 分，"
            f"共扣 {num(deduction_points)} 分。"
        )
    else:
        steps.append("没有特别扣分项。")
    if request.bonus:
        steps.append(f"有 1 项特别加分项，加 {num(bonus_points)} 分。")

    unclamped = base - deduction_points + bonus_points
    final = min(max(unclamped, Fraction(0)), total)
    if request.deduction_count or request.bonus:
        assumptions.insert(0, profile.assumptions["order"])
        line = f"最终得分 = {approx(base)} − {num(deduction_points)} + {num(bonus_points)} = {approx(unclamped)} 分"
        if final != unclamped:
            line += f"，超出 0–{num(total)} 分的范围，按 {num(final)} 分计"
        steps.append(line + "。")
    if Fraction(truncate(final, d)) != final:
        assumptions.append(profile.assumptions["truncation"])

    gated = request.deduction_count >= sd.fail_at.value
    by_score = grade_for(profile, final)
    grade = profile.fail_grade if gated else by_score
    if request.deduction_count:
        assumptions.append(profile.assumptions["gate"])

    reasons: list[str] = []
    lowest = profile.grades[0]
    assert lowest.min is not None
    if by_score is profile.fail_grade:
        reasons.append(
            f"最终得分 {num(final)} 分，低于{lowest.label}分数线 {plain(lowest.min.value)} 分"
            f"（需达到 {plain(lowest.min.value)} 分及以上）。"
        )
    if gated:
        reasons.append(
            f"特别扣分项共 {request.deduction_count} 项，达到 {sd.fail_at.value} 项即判不合格，与得分高低无关。"
        )

    if grade is profile.fail_grade:
        steps.append(f"结论：{profile.fail_grade.label}。" + "".join(reasons))
    else:
        assert grade.min is not None
        steps.append(
            f"结论：{num(final)} 分 ≥ {plain(grade.min.value)} 分，且特别扣分项少于 {sd.fail_at.value} 项，"
            f"评为{grade.label}。"
        )

    next_grade = _next_grade(profile, grade)
    points_to_next: Fraction | None = None
    if next_grade is not None:
        assert next_grade.min is not None
        gap = Fraction(next_grade.min.value) - final
        if gap > 0:
            points_to_next = Fraction(ceil_to(gap, d))
            steps.append(f"距{next_grade.label}（{plain(next_grade.min.value)} 分）还差 {num(points_to_next)} 分。")
        if gated:
            remove = request.deduction_count - sd.fail_at.value + 1
            steps.append(f"要摆脱不合格，至少需整改消除 {remove} 项特别扣分项。")

    losses.sort(key=lambda x: (-x.lost, profile.indicators.index(profile.indicator(x.id))))
    return ScoreResult(
        mode=request.mode,
        base=base,
        earned=earned,
        applicable=applicable,
        deduction_count=request.deduction_count,
        deduction_kinds=request.deduction_kinds,
        deduction_points=deduction_points,
        bonus_points=bonus_points,
        unclamped=unclamped,
        final=final,
        grade=grade,
        gated=gated,
        next_grade=next_grade,
        points_to_next=points_to_next,
        categories=tuple(categories),
        losses=tuple(losses),
        excluded=tuple(excluded),
        assumptions=tuple(dict.fromkeys(assumptions)),
        reasons=tuple(reasons),
        steps=tuple(steps),
    )


def _next_grade(profile: Profile, grade: Grade) -> Grade | None:
    if grade is profile.fail_grade:
        return profile.grades[0]
    index = profile.grades.index(grade)
    return profile.grades[index + 1] if index + 1 < len(profile.grades) else None
