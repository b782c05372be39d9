"""The `score` tool's result as JSON: its typed shape (`ScoreJSON`) and `score()`, input to result.

This is the contract of ``python -m calculator score`` and of the worker, and what the result view
reads; the keys and their order are part of it. Numbers are truncated to the profile's display
decimals (``score``), with the same figure as text (``score_text``) and exact (``score_exact``).
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from calculator._numbers import json_number, plain, truncate
from calculator._profile import Profile
from calculator._score_input import STATUSES, parse_score_request
from calculator._score_steps import Explanation, explain
from calculator._scoring import CategoryScore, IndicatorLoss, ScoreResult, evaluate

__all__ = ["WEAKEST_SHOWN", "ScoreJSON", "score"]

# The indicators that lost the most points, listed in the result (in detailed mode).
WEAKEST_SHOWN = 5


# The result's shape, for mypy only: a TypedDict turns each of its string annotations into a
# ForwardRef, compiled when the module is imported, which the browser worker would pay at every start.
if TYPE_CHECKING:
    from typing import TypedDict

    from calculator._numbers import Number

    class ScoreProfileJSON(TypedDict):
        id: str
        name: str
        illustrative_points: bool

    class DeductionKindJSON(TypedDict):
        id: str
        label: str
        count: int

    class CategoryJSON(TypedDict):
        id: str
        name: str
        earned: Number
        earned_text: str
        applicable: Number  # points in play after 删减
        max: Number

    class WeakIndicatorJSON(TypedDict):
        id: str
        name: str
        category: str
        clause: str
        status: str
        status_label: str
        points: Number
        lost: Number
        lost_text: str

    class ScoreJSON(TypedDict):
        profile: ScoreProfileJSON
        mode: str
        score: Number
        score_text: str
        score_exact: str
        base_score: Number
        base_score_text: str
        deductions: Number
        deduction_count: int
        deduction_kinds: list[DeductionKindJSON]
        bonus: Number
        grade: str
        grade_label: str
        grade_short: str
        stars: int
        passed: bool
        next_grade: str | None
        next_grade_label: str | None
        next_threshold: Number | None
        points_to_next: Number | None
        deductions_to_remove: int | None
        reasons: list[str]
        categories: list[CategoryJSON]
        weakest: list[WeakIndicatorJSON]
        excluded: list[str]
        assumptions: list[str]
        steps: list[str]


def score(data: object, profile: Profile) -> ScoreJSON:
    """Score a self-assessment given as a JSON-like object; raises InputError on bad input."""
    request = parse_score_request(data, profile)
    result = evaluate(profile, request)
    return score_to_json(profile, result, explain(profile, request, result))


def score_to_json(profile: Profile, r: ScoreResult, why: Explanation) -> ScoreJSON:
    d = profile.display_decimals.value

    def num(x: Fraction) -> Number:
        return json_number(x, d)

    def text(x: Fraction) -> str:
        return plain(truncate(x, d))

    next_min = r.next_grade.min if r.next_grade is not None else None
    return {
        "profile": {"id": profile.id, "name": profile.name, "illustrative_points": profile.illustrative_points},
        "mode": r.mode,
        "score": num(r.final),
        "score_text": text(r.final),
        "score_exact": str(r.final),
        "base_score": num(r.base),
        "base_score_text": text(r.base),
        "deductions": num(r.deduction_points),
        "deduction_count": r.deduction_count,
        "deduction_kinds": _deduction_kinds(profile, r.deduction_kinds),
        "bonus": num(r.bonus_points),
        "grade": r.grade.id,
        "grade_label": r.grade.label,
        "grade_short": r.grade.short,
        "stars": r.grade.stars,
        "passed": r.grade is not profile.fail_grade,
        "next_grade": r.next_grade.id if r.next_grade else None,
        "next_grade_label": r.next_grade.label if r.next_grade else None,
        "next_threshold": num(Fraction(next_min.value)) if next_min is not None else None,
        "points_to_next": num(r.points_to_next) if r.points_to_next is not None else None,
        "deductions_to_remove": r.deductions_to_remove,
        "reasons": list(why.reasons),
        "categories": [_category_json(c, d) for c in r.categories],
        "weakest": [_weak_json(x, d) for x in r.losses[:WEAKEST_SHOWN]],
        "excluded": list(r.excluded),
        "assumptions": list(why.assumptions),
        "steps": list(why.steps),
    }


def _category_json(c: CategoryScore, d: int) -> CategoryJSON:
    return {
        "id": c.id,
        "name": c.name,
        "earned": json_number(c.earned, d),
        "earned_text": plain(truncate(c.earned, d)),
        "applicable": json_number(c.applicable, d),
        "max": json_number(c.maximum, d),
    }


def _weak_json(x: IndicatorLoss, d: int) -> WeakIndicatorJSON:
    return {
        "id": x.id,
        "name": x.name,
        "category": x.category,
        "clause": x.clause,
        "status": x.status,
        "status_label": STATUSES[x.status],
        "points": json_number(x.points, d),
        "lost": json_number(x.lost, d),
        "lost_text": plain(truncate(x.lost, d)),
    }


def _deduction_kinds(profile: Profile, kinds: tuple[str, ...]) -> list[DeductionKindJSON]:
    """Each special-deduction kind named in the input, with how often (in the order first named)."""
    labels = {k.id: k.label for k in profile.special_deductions.kinds}
    return [{"id": k, "label": labels[k], "count": kinds.count(k)} for k in dict.fromkeys(kinds)]
