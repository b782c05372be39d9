"""The rules profile as ready-to-print text: what the pages write as ``{{ rules.… }}``.

Nothing here is typed by hand: every figure comes from the profile, so a
different profile changes every sentence that quotes it.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from calculator import Profile
from calculator._labels import ROUNDINGS, STATUSES
from calculator._numbers import percent, plain
from calculator._profile import IndicatorPart

__all__ = ["rules_view", "staffing_part"]


def staffing_part(profile: Profile) -> tuple[str, IndicatorPart] | None:
    """The clause of an indicator that holds the 管理师 rule, with its claim id, when the profile gives it points."""
    for indicator in profile.indicators:
        for part in indicator.parts:
            if part.clause == profile.staffing.clause:
                return f"indicators.{indicator.id}.parts.{part.clause}.points", part
    return None


def _grades(profile: Profile) -> Iterator[tuple[str, dict[str, Any]]]:
    step = Decimal(1).scaleb(-profile.display_decimals.value)
    upper: list[Decimal | None] = [g.min.value if g.min else None for g in profile.grades[1:]] + [None]
    for grade, below in zip(profile.grades, upper, strict=True):
        threshold = grade.threshold
        yield (
            grade.id,
            {
                "id": grade.id,
                "label": grade.label,
                "short": grade.short,
                "stars": grade.stars,
                "min": plain(threshold.value),
                "just_below": plain(threshold.value - step),
                "below": plain(below) if below is not None else "",
                "claim": f"grades.{grade.id}.min",
            },
        )


def rules_view(profile: Profile) -> dict[str, Any]:
    """A nested dict of strings (Jinja reads ``rules.grades.five_star.min``)."""
    return {
        "profile_name": profile.name,
        "illustrative": profile.illustrative_points,
        "std": _standard(profile),
        "total": plain(profile.total.value),
        "decimals": str(profile.display_decimals.value),
        **_categories(profile),
        **_indicators(profile),
        **_grades_view(profile),
        "deductions": _deductions(profile),
        "bonus": _bonus(profile),
        "exclusions_rescale": profile.exclusions_rescale.value,
        # The assessments a detailed self-score offers (删减 only where the rules allow it).
        "status_names": "、".join(
            s.label for key, s in STATUSES.items() if key != "na" or profile.exclusions_rescale.value
        ),
        "staffing": _staffing(profile),
        "assumptions": dict(profile.assumptions),
    }


def _standard(profile: Profile) -> dict[str, str]:
    std = profile.standard
    return {
        "code": std.code,
        "title": std.title,
        "full": f"{std.code}《{std.title}》",
        "issued": std.issued,
        "effective": std.effective,
        "issuers": std.issuers,
        "announcement": std.announcement,
        "predecessor": std.predecessor,
        "status_note": std.status_note,
        "status_confidence": std.status_confidence,
    }


def _categories(profile: Profile) -> dict[str, Any]:
    categories: list[dict[str, Any]] = [
        {
            "id": c.id,
            "name": c.name,
            "clause": c.clause,
            "points": plain(c.points.value),
            "claim": f"categories.{c.id}.points",
            "indicator_count": len(profile.indicators_of(c.id)),
            "indicator_names": "、".join(i.name for i in profile.indicators_of(c.id)),
        }
        for c in profile.categories
    ]
    return {
        "categories": {c["id"]: c for c in categories},
        "category_list": categories,
        "category_count": len(categories),
        "category_names": "、".join(c["name"] for c in categories),
        "weights": "/".join(c["points"] for c in categories),
        "weights_sum": " + ".join(f"{c['name']} {c['points']}" for c in categories),
    }


def _indicators(profile: Profile) -> dict[str, Any]:
    indicators: list[dict[str, Any]] = [
        {
            "id": i.id,
            "name": i.name,
            "clause": i.clause,
            "category": i.category,
            "points": plain(i.points.value),
            "clause_confidence": i.clause_confidence,
        }
        for i in profile.indicators
    ]
    return {
        "indicators": {i["id"]: i for i in indicators},
        "indicator_list": indicators,
        "indicator_count": len(indicators),
        "indicator_names": "、".join(i["name"] for i in indicators),
    }


def _grades_view(profile: Profile) -> dict[str, Any]:
    grades = dict(_grades(profile))
    grade_list = list(grades.values())
    return {
        "grades": grades,
        "grade_list": grade_list,
        "grade_count": len(grade_list),
        "grade_names": "、".join(g["label"] for g in grade_list),
        "thresholds": "/".join(g["min"] for g in grade_list),
        "pass_min": grade_list[0]["min"],
        "lowest": grade_list[0],
        "top": grade_list[-1],
        "fail_label": profile.fail_grade.label,
    }


def _deductions(profile: Profile) -> dict[str, Any]:
    sd = profile.special_deductions
    return {
        "each": plain(sd.points_each.value),
        "fail_at": str(sd.fail_at.value),
        "max_allowed": str(sd.fail_at.value - 1),
        "kinds": [k.label for k in sd.kinds],
        "kind_count": len(sd.kinds),
    }


def _bonus(profile: Profile) -> dict[str, str]:
    bonus = profile.special_bonus
    return {
        "points": plain(bonus.points.value),
        "max_items": str(bonus.max_items.value),
        "description": bonus.description,
    }


def _staffing(profile: Profile) -> dict[str, str]:
    st = profile.staffing
    part = staffing_part(profile)
    return {
        "clause": st.clause,
        "role": st.role,
        "base": st.base,
        "ratio_percent": percent(st.ratio.value),
        "minimum": str(st.minimum.value),
        "rounding": st.rounding.value,
        "rounding_label": ROUNDINGS[st.rounding.value],
        "manager_percent": percent(st.manager_share_of_headcount.value),
        "rough_percent": percent(st.rough_share_of_headcount.value),
        "implied_percent": percent(st.manager_share_of_headcount.value * st.ratio.value),
        "points": plain(part[1].points.value) if part else "",
        "points_claim": part[0] if part else "",
    }
