"""The `staffing` tool's result as JSON: its typed shape (`StaffingJSON`) and `staffing()`, input to result.

This is the contract of ``python -m calculator staffing`` and of the worker, and what the result
view reads; the keys and their order are part of it. The keys of the optional checks appear only
when their input was given: ``current_managers`` … for the managers already in post,
``total_staff`` … for the rough check against the whole headcount.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from calculator._numbers import json_number, plain
from calculator._profile import Profile
from calculator._staffing import StaffingResult, plan_staffing
from calculator._staffing_input import parse_staffing_request

__all__ = ["StaffingJSON", "staffing"]


# The result's shape, for mypy only (see calculator._score_json).
if TYPE_CHECKING:
    from typing import NotRequired, TypedDict

    from calculator._datafile import Confidence
    from calculator._numbers import Number
    from calculator._profile import Rounding

    class StaffingProfileJSON(TypedDict):
        id: str
        name: str

    class StaffingRuleJSON(TypedDict):
        standard: str  # the standard's code, as the profile names it
        clause: str
        role: str
        base: str
        ratio_percent: str
        ratio_confidence: Confidence
        minimum: int
        minimum_confidence: Confidence
        rounding: Rounding
        rounding_confidence: Confidence

    class StaffingJSON(TypedDict):
        profile: StaffingProfileJSON
        service_managers: int
        head_office: int | None
        branches: int | None
        required: int
        by_ratio: int
        exact: str  # ratio × service managers as an exact fraction ("47/10")
        rule: StaffingRuleJSON
        assumptions: list[str]
        steps: list[str]
        current_managers: NotRequired[int]
        shortfall: NotRequired[int]
        surplus: NotRequired[int]
        total_staff: NotRequired[int]
        rough_estimate: NotRequired[Number]
        rough_percent: NotRequired[str]
        rough_confidence: NotRequired[Confidence]


def staffing(data: object, profile: Profile) -> StaffingJSON:
    """Work out the 售后服务管理师 needed; raises InputError on bad input."""
    return staffing_to_json(profile, plan_staffing(profile, parse_staffing_request(data, profile)))


def staffing_to_json(profile: Profile, r: StaffingResult) -> StaffingJSON:
    rule = profile.staffing
    result: StaffingJSON = {
        "profile": {"id": profile.id, "name": profile.name},
        "service_managers": r.service_managers,
        "head_office": r.head_office,
        "branches": r.branches,
        "required": r.required,
        "by_ratio": r.by_ratio,
        "exact": str(r.exact),
        "rule": {
            "standard": profile.standard.code,
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
    if r.current is not None and r.shortfall is not None and r.surplus is not None:
        result["current_managers"] = r.current
        result["shortfall"] = r.shortfall
        result["surplus"] = r.surplus
    if r.total_staff is not None and r.rough_estimate is not None:
        result["total_staff"] = r.total_staff
        result["rough_estimate"] = json_number(r.rough_estimate, 2)
        result["rough_percent"] = plain(Fraction(rule.rough_share_of_headcount.value) * 100)
        result["rough_confidence"] = rule.rough_share_of_headcount.confidence
    return result
