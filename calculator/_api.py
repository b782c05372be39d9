"""The JSON-level surface shared by the command line, the macros and the browser worker."""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any, NoReturn

from calculator._inputs import STATUSES, InputError, parse_score_request, parse_staffing_request
from calculator._numbers import plain, truncate
from calculator._profile import Profile, default_profile
from calculator._scoring import ScoreResult, evaluate
from calculator._staffing import StaffingResult, plan_staffing

__all__ = ["COMMANDS", "loads_input", "run", "score", "staffing"]

JSON = dict[str, Any]


def score(data: object, profile: Profile | None = None) -> JSON:
    """Score a self-assessment given as a JSON-like object; raises InputError on bad input."""
    profile = profile or default_profile()
    return score_to_json(profile, evaluate(profile, parse_score_request(data, profile)))


def staffing(data: object, profile: Profile | None = None) -> JSON:
    """Work out the 售后服务管理师 needed; raises InputError on bad input."""
    profile = profile or default_profile()
    return staffing_to_json(profile, plan_staffing(profile, parse_staffing_request(data, profile)))


COMMANDS = {"score": score, "staffing": staffing}


def _reject_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not a number")


def loads_input(text: str) -> object:
    """Parse input JSON exactly: decimals as Decimal, NaN/Infinity refused."""
    try:
        return json.loads(text, parse_float=Decimal, parse_constant=_reject_constant)
    except (ValueError, RecursionError) as exc:
        raise InputError("input", f"输入不是有效的 JSON：{exc}") from None


def run(command: str, text: str, profile: Profile | None = None) -> tuple[int, str]:
    """Run a command on JSON text: (0, result JSON) or (2, error JSON). Never raises on bad input."""
    try:
        func = COMMANDS[command]
    except KeyError:
        err = InputError("command", f"未知的命令“{command}”，可用的有：{'、'.join(COMMANDS)}。")
        return 2, dumps(err.to_json())
    try:
        return 0, dumps(func(loads_input(text), profile))
    except InputError as err:
        return 2, dumps(err.to_json())


def dumps(data: Mapping[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=False)


# ----------------------------------------------------------------- rendering


def _number(value: Fraction, decimals: int) -> float | int:
    shown = truncate(value, decimals)
    return int(shown) if shown == shown.to_integral_value() else float(shown)


def score_to_json(profile: Profile, r: ScoreResult) -> JSON:
    d = profile.display_decimals.value

    def num(x: Fraction) -> float | int:
        return _number(x, d)

    def text(x: Fraction) -> str:
        return plain(truncate(x, d))

    kinds = {k.id: k.label for k in profile.special_deductions.kinds}
    next_min = r.next_grade.min.value if r.next_grade is not None and r.next_grade.min is not None else None
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
        "deduction_kinds": [
            {"id": k, "label": kinds[k], "count": r.deduction_kinds.count(k)} for k in dict.fromkeys(r.deduction_kinds)
        ],
        "bonus": num(r.bonus_points),
        "grade": r.grade.id,
        "grade_label": r.grade.label,
        "grade_short": r.grade.short,
        "stars": r.grade.stars,
        "passed": r.grade is not profile.fail_grade,
        "next_grade": r.next_grade.id if r.next_grade else None,
        "next_grade_label": r.next_grade.label if r.next_grade else None,
        "next_threshold": _number(Fraction(next_min), d) if next_min is not None else None,
        "points_to_next": num(r.points_to_next) if r.points_to_next is not None else None,
        "deductions_to_remove": (r.deduction_count - profile.special_deductions.fail_at.value + 1 if r.gated else None),
        "reasons": list(r.reasons),
        "categories": [
            {
                "id": c.id,
                "name": c.name,
                "earned": num(c.earned),
                "earned_text": text(c.earned),
                "applicable": num(c.applicable),
                "max": num(c.maximum),
            }
            for c in r.categories
        ],
        "weakest": [
            {
                "id": x.id,
                "name": x.name,
                "category": x.category,
                "clause": x.clause,
                "status": x.status,
                "status_label": STATUSES[x.status],
                "points": num(x.points),
                "lost": num(x.lost),
                "lost_text": text(x.lost),
            }
            for x in r.losses[:5]
        ],
        "excluded": list(r.excluded),
        "assumptions": list(r.assumptions),
        "steps": list(r.steps),
    }


def staffing_to_json(profile: Profile, r: StaffingResult) -> JSON:
    rule = profile.staffing
    result: JSON = {
        "profile": {"id": profile.id, "name": profile.name},
        "service_managers": r.service_managers,
        "head_office": r.head_office,
        "branches": r.branches,
        "required": r.required,
        "by_ratio": r.by_ratio,
        "exact": str(r.exact),
        "rule": {
            "clause": rule.clause,
            "role": rule.role,
            "base": rule.base,
            "ratio_percent": plain(Fraction(rule.ratio.value) * 100),
            "ratio_confidence": rule.ratio.confidence,
            "minimum": rule.minimum.value,
            "minimum_confidence": rule.minimum.confidence,
            "rounding": rule.rounding.value,
            "rounding_confidence": rule.rounding.confidence,
        },
        "assumptions": list(r.assumptions),
        "steps": list(r.steps),
    }
    if r.current is not None:
        result["current_managers"] = r.current
        result["shortfall"] = r.shortfall
        result["surplus"] = r.surplus
    if r.total_staff is not None and r.rough_estimate is not None:
        result["total_staff"] = r.total_staff
        result["rough_estimate"] = _number(r.rough_estimate, 2)
        result["rough_percent"] = plain(Fraction(rule.rough_share_of_headcount.value) * 100)
        result["rough_confidence"] = rule.rough_share_of_headcount.confidence
    return result
