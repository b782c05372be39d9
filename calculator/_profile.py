"""The rules profile: GB/T 27922 as validated, immutable data (read by `calculator._profile_reader`).

Every number in it is a `Fact` that carries its source and how sure we are of it, so the site can
say so wherever the number appears.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from calculator._datafile import Confidence, Fact, Source

__all__ = [
    "ROUNDINGS",
    "Category",
    "DeductionKind",
    "Grade",
    "Indicator",
    "IndicatorPart",
    "Profile",
    "Rounding",
    "SpecialBonus",
    "SpecialDeductions",
    "Staffing",
    "Standard",
]

Rounding = Literal["up", "down", "nearest"]
ROUNDINGS: tuple[Rounding, ...] = ("up", "down", "nearest")


@dataclass(frozen=True)
class Standard:
    code: str
    title: str
    issued: str
    effective: str
    issuers: str
    announcement: str
    predecessor: str
    status_note: str
    status_sources: tuple[str, ...]
    status_confidence: Confidence


@dataclass(frozen=True)
class Category:
    """A first-level indicator (一级指标)."""

    id: str
    name: str
    clause: str
    points: Fact[Decimal]


@dataclass(frozen=True)
class IndicatorPart:
    """A clause inside an indicator whose points are known on their own."""

    clause: str
    name: str
    points: Fact[Decimal]


@dataclass(frozen=True)
class Indicator:
    """A second-level indicator (二级指标)."""

    id: str
    name: str
    category: str
    clause: str
    clause_confidence: Confidence
    summary: str
    points: Fact[Decimal]
    parts: tuple[IndicatorPart, ...] = ()


@dataclass(frozen=True)
class Grade:
    """A grade; `min` is the inclusive threshold, None for the failing grade."""

    id: str
    label: str
    short: str
    stars: int
    min: Fact[Decimal] | None

    @property
    def threshold(self) -> Fact[Decimal]:
        """The inclusive threshold of a passing grade (every grade of `Profile.grades` has one)."""
        if self.min is None:
            raise ValueError(f"grade {self.id!r} has no threshold")
        return self.min


@dataclass(frozen=True)
class DeductionKind:
    id: str
    label: str


@dataclass(frozen=True)
class SpecialDeductions:
    points_each: Fact[Decimal]
    fail_at: Fact[int]
    max_count: Fact[int]
    kinds: tuple[DeductionKind, ...]


@dataclass(frozen=True)
class SpecialBonus:
    points: Fact[Decimal]
    max_items: Fact[int]
    description: str


@dataclass(frozen=True)
class Staffing:
    clause: str
    role: str
    base: str
    ratio: Fact[Decimal]
    minimum: Fact[int]
    rounding: Fact[Rounding]
    manager_share_of_headcount: Fact[Decimal]
    rough_share_of_headcount: Fact[Decimal]
    max_headcount: Fact[int]


@dataclass(frozen=True)
class Profile:
    """A complete, validated set of rules."""

    file: str
    id: str
    name: str
    standard: Standard
    sources: Mapping[str, Source]
    total: Fact[Decimal]
    display_decimals: Fact[int]
    input_decimals: Fact[int]
    categories: tuple[Category, ...]
    indicators: tuple[Indicator, ...]
    fail_grade: Grade
    grades: tuple[Grade, ...]
    special_deductions: SpecialDeductions
    special_bonus: SpecialBonus
    exclusions_rescale: Fact[bool]
    staffing: Staffing
    assumptions: Mapping[str, str]
    _by_id: Mapping[str, Category | Indicator] = field(repr=False, compare=False, default_factory=dict)

    def category(self, category_id: str) -> Category:
        found = self._by_id[category_id]
        if not isinstance(found, Category):
            raise KeyError(category_id)
        return found

    def indicator(self, indicator_id: str) -> Indicator:
        found = self._by_id[indicator_id]
        if not isinstance(found, Indicator):
            raise KeyError(indicator_id)
        return found

    def indicators_of(self, category_id: str) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if i.category == category_id)

    def grade(self, grade_id: str) -> Grade:
        for g in (self.fail_grade, *self.grades):
            if g.id == grade_id:
                return g
        raise KeyError(grade_id)

    @property
    def illustrative_points(self) -> bool:
        return any(i.points.illustrative for i in self.indicators)
