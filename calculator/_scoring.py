"""Self-scoring against GB/T 27922, the arithmetic: base score, special items, grade.

All arithmetic is exact (Fraction). Scores are truncated for display, never
rounded up, so a shown score can never cross a grade threshold. The Chinese
explanation of each step is written from these figures by `calculator._score_steps`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from calculator._numbers import ceil_to
from calculator._profile import Grade, Profile
from calculator._score_input import Assessment, ScoreRequest

__all__ = ["CategoryScore", "IndicatorLoss", "ScoreResult", "evaluate", "grade_for"]


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
    """Every figure of a score; `losses` are sorted by points lost, most first."""

    mode: str
    base: Fraction
    earned: Fraction
    applicable: Fraction
    deduction_count: int
    deduction_kinds: tuple[str, ...]
    deduction_points: Fraction
    bonus: bool
    bonus_points: Fraction
    unclamped: Fraction
    final: Fraction
    by_score: Grade  # the grade the score alone reaches
    grade: Grade  # the result: the failing grade when the special deductions reach fail_at
    gated: bool
    deductions_to_remove: int | None  # when gated: how many fewer special deductions would pass
    next_grade: Grade | None
    points_to_next: Fraction | None
    categories: tuple[CategoryScore, ...]
    losses: tuple[IndicatorLoss, ...]
    excluded: tuple[str, ...]


def grade_for(profile: Profile, score: Fraction) -> Grade:
    """The highest grade whose inclusive threshold the score reaches, else the failing grade."""
    reached = profile.fail_grade
    for g in profile.grades:
        if g.min is not None and score >= Fraction(g.min.value):
            reached = g
    return reached


def evaluate(profile: Profile, request: ScoreRequest) -> ScoreResult:
    """Apply the rules to a validated request."""
    losses: list[IndicatorLoss] = []
    excluded: list[str] = []
    if request.categories is not None:
        categories = _quick(profile, request.categories)
    else:
        categories, losses, excluded = _detailed(profile, request.indicators or {})
    total = Fraction(profile.total.value)
    earned = sum((c.earned for c in categories), Fraction(0))
    applicable = sum((c.applicable for c in categories), Fraction(0))
    # Without 删减 the applicable points are the total, and this is the earned points themselves.
    base = earned / applicable * total
    sd = profile.special_deductions
    deduction_points = request.deduction_count * Fraction(sd.points_each.value)
    bonus_points = Fraction(profile.special_bonus.points.value) if request.bonus else Fraction(0)
    unclamped = base - deduction_points + bonus_points
    final = min(max(unclamped, Fraction(0)), total)
    gated = request.deduction_count >= sd.fail_at.value
    by_score = grade_for(profile, final)
    grade = profile.fail_grade if gated else by_score
    next_grade = _next_grade(profile, grade)
    losses.sort(key=lambda x: (-x.lost, profile.indicators.index(profile.indicator(x.id))))
    return ScoreResult(
        mode=request.mode,
        base=base,
        earned=earned,
        applicable=applicable,
        deduction_count=request.deduction_count,
        deduction_kinds=request.deduction_kinds,
        deduction_points=deduction_points,
        bonus=request.bonus,
        bonus_points=bonus_points,
        unclamped=unclamped,
        final=final,
        by_score=by_score,
        grade=grade,
        gated=gated,
        deductions_to_remove=request.deduction_count - sd.fail_at.value + 1 if gated else None,
        next_grade=next_grade,
        points_to_next=_points_to(next_grade, final, profile.display_decimals.value),
        categories=tuple(categories),
        losses=tuple(losses),
        excluded=tuple(excluded),
    )


def _quick(profile: Profile, earned: Mapping[str, Decimal]) -> list[CategoryScore]:
    scores = []
    for c in profile.categories:
        points = Fraction(c.points.value)
        scores.append(CategoryScore(c.id, c.name, Fraction(earned[c.id]), points, points))
    return scores


def _detailed(
    profile: Profile, assessed: Mapping[str, Assessment]
) -> tuple[list[CategoryScore], list[IndicatorLoss], list[str]]:
    """Per category: points earned and still in play; the indicators that lost points; those 删减."""
    scores: list[CategoryScore] = []
    losses: list[IndicatorLoss] = []
    excluded: list[str] = []
    for c in profile.categories:
        earned = applicable = Fraction(0)
        for ind in profile.indicators_of(c.id):
            assessment = assessed[ind.id]
            points = Fraction(ind.points.value)
            if assessment.status == "na":
                excluded.append(ind.id)
                continue
            lost = points * assessment.lost_share
            applicable += points
            earned += points - lost
            if lost:
                losses.append(IndicatorLoss(ind.id, ind.name, c.id, ind.clause, assessment.status, points, lost))
        scores.append(CategoryScore(c.id, c.name, earned, applicable, Fraction(c.points.value)))
    return scores, losses, excluded


def _next_grade(profile: Profile, grade: Grade) -> Grade | None:
    if grade is profile.fail_grade:
        return profile.grades[0]
    index = profile.grades.index(grade)
    return profile.grades[index + 1] if index + 1 < len(profile.grades) else None


def _points_to(grade: Grade | None, score: Fraction, decimals: int) -> Fraction | None:
    """The points still missing to reach `grade`, rounded up to the shown decimals; None when reached."""
    if grade is None or grade.min is None:
        return None
    gap = Fraction(grade.min.value) - score
    return Fraction(ceil_to(gap, decimals)) if gap > 0 else None
