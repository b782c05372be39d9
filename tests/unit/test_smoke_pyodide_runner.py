"""Smoke test of the bundled rules profile; also proves the Pyodide runner (tests/pyodide/run.mjs) runs tests."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

import calculator
from calculator._profile import Category

PROFILE = calculator.default_profile()


def test_default_profile_first_level_points_add_up_to_total() -> None:
    assert PROFILE.categories
    assert sum((c.points.value for c in PROFILE.categories), Decimal(0)) == PROFILE.total.value


@given(st.sampled_from(PROFILE.categories))
def test_each_category_has_positive_points_within_total(category: Category) -> None:
    assert Decimal(0) < category.points.value <= PROFILE.total.value
