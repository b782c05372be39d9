"""Invariants of the scoring and staffing rules, checked on generated inputs (hypothesis)."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from calculator import InputError, default_profile, run, score, staffing
from calculator._numbers import ceil_to, truncate
from tests.unit.budget import examples

P = default_profile()
ORDER = ["fail", *(g.id for g in P.grades)]
THRESHOLDS = {g.id: g.min.value for g in P.grades if g.min is not None}
KINDS = [k.id for k in P.special_deductions.kinds]

# Each property tries 150 examples (a quarter inside Pyodide: tests/unit/budget.py).
PROPERTY = settings(max_examples=examples(150), deadline=None)


def points(maximum: Decimal) -> st.SearchStrategy[Decimal]:
    return st.integers(0, int(maximum * 100)).map(lambda n: Decimal(n) / 100)


categories = st.fixed_dictionaries({c.id: points(c.points.value) for c in P.categories})
deductions = st.integers(0, 8)
assessment = st.one_of(
    st.sampled_from([{"status": "conform"}, {"status": "nonconform"}, {"status": "na"}]),
    st.fractions(0, 1, max_denominator=20).map(
        lambda f: {"status": "partial", "samples": f.denominator, "nonconforming": f.numerator}
    ),
)
indicators = st.fixed_dictionaries({i.id: assessment for i in P.indicators}).filter(
    lambda d: any(a["status"] != "na" for a in d.values())
)


def rank(result: Mapping[str, object]) -> int:
    return ORDER.index(str(result["grade"]))


@PROPERTY
@given(categories, deductions, st.booleans(), st.sampled_from([c.id for c in P.categories]), st.integers(1, 500))
def test_more_points_never_lower_the_grade(
    cats: dict[str, Decimal], count: int, bonus: bool, which: str, extra: int
) -> None:
    before = score({"categories": cats, "special_deductions": count, "bonus": bonus})
    more = dict(cats)
    more[which] = min(P.category(which).points.value, cats[which] + Decimal(extra) / 100)
    after = score({"categories": more, "special_deductions": count, "bonus": bonus})
    assert after["score"] >= before["score"]
    assert rank(after) >= rank(before)


@PROPERTY
@given(categories, deductions, st.booleans())
def test_a_deduction_never_raises_the_grade(cats: dict[str, Decimal], count: int, bonus: bool) -> None:
    before = score({"categories": cats, "special_deductions": count, "bonus": bonus})
    after = score({"categories": cats, "special_deductions": count + 1, "bonus": bonus})
    assert after["score"] <= before["score"]
    assert rank(after) <= rank(before)


@PROPERTY
@given(
    st.one_of(categories.map(lambda c: {"categories": c}), indicators.map(lambda i: {"indicators": i})),
    deductions,
    st.booleans(),
)
def test_the_shown_score_never_contradicts_the_grade(base: dict[str, object], count: int, bonus: bool) -> None:
    result = score({**base, "special_deductions": count, "bonus": bonus})
    shown = Decimal(str(result["score_text"]))
    assert Decimal(repr(result["score"])) == shown
    assert Fraction(shown) <= Fraction(str(result["score_exact"]))  # truncated, never rounded up
    if count < P.special_deductions.fail_at.value:
        reached = [g for g, t in THRESHOLDS.items() if shown >= t]
        assert result["grade"] == (reached[-1] if reached else "fail")
    else:
        assert result["grade"] == "fail"
    if result["points_to_next"] is not None:
        nxt = THRESHOLDS[str(result["next_grade"])]
        needed = Decimal(repr(result["points_to_next"]))
        exact = Fraction(str(result["score_exact"]))
        assert exact + Fraction(needed) >= Fraction(nxt)  # adding what is shown really reaches it
        assert exact + Fraction(needed) - Fraction(1, 100) < Fraction(nxt)  # and is the least such figure


@PROPERTY
@given(indicators, deductions, st.booleans())
def test_rescaled_scores_stay_within_0_and_100(ind: dict[str, object], count: int, bonus: bool) -> None:
    result = score({"indicators": ind, "special_deductions": count, "bonus": bonus})
    assert 0 <= Fraction(str(result["score_exact"])) <= 100
    assert 0 <= result["base_score"] <= 100
    for c in result["categories"]:
        assert 0 <= c["earned"] <= c["applicable"] <= c["max"]


@PROPERTY
@given(indicators)
def test_marking_a_lost_indicator_conform_never_lowers_the_score(ind: dict[str, dict[str, object]]) -> None:
    before = score({"indicators": ind})
    for key, value in ind.items():
        if value["status"] in ("nonconform", "partial"):
            better = {**ind, key: {"status": "conform"}}
            assert Fraction(str(score({"indicators": better})["score_exact"])) >= Fraction(str(before["score_exact"]))


@PROPERTY
@given(st.lists(st.sampled_from(KINDS), max_size=8), categories)
def test_deductions_by_kind_equal_deductions_by_count(kinds: list[str], cats: dict[str, Decimal]) -> None:
    by_kind = score({"categories": cats, "special_deductions": kinds})
    by_count = score({"categories": cats, "special_deductions": len(kinds)})
    assert by_kind["score_exact"] == by_count["score_exact"]
    assert by_kind["grade"] == by_count["grade"]


@PROPERTY
@given(st.integers(0, 10_000_000))
def test_staffing_is_the_integer_ceiling_of_ten_percent(n: int) -> None:
    required = staffing({"service_managers": n})["required"]
    assert required == max(1, -(-n // 10))
    assert required * 10 >= n  # enough …
    assert required == 1 or (required - 1) * 10 < n  # … and no more than needed


@PROPERTY
@given(st.integers(0, 5000), st.integers(0, 5000), st.integers(0, 50))
def test_split_or_total_give_the_same_requirement(head: int, branches: int, current: int) -> None:
    split = staffing({"head_office": head, "branches": branches, "current_managers": current})
    total = staffing({"service_managers": head + branches, "current_managers": current})
    assert split["required"] == total["required"]
    assert split["shortfall"] == max(0, split["required"] - current)


@PROPERTY
@given(st.text(max_size=200))
def test_any_text_on_stdin_gives_json_not_a_crash(text: str) -> None:
    for command in ("score", "staffing"):
        code, out = run(command, text)
        parsed = json.loads(out)
        assert code == 0 or (code == 2 and list(parsed) == ["error"])


@PROPERTY
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
        lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=12), c, max_size=4),
        max_leaves=12,
    )
)
def test_any_json_value_is_a_result_or_an_input_error(data: object) -> None:
    for func in (score, staffing):
        outcome = _outcome(func, data)
        if isinstance(outcome, InputError):
            assert outcome.field
            assert outcome.message
        else:
            assert "required" in outcome or "grade" in outcome


def _outcome(func: Callable[[object], Mapping[str, object]], data: object) -> Mapping[str, object] | InputError:
    try:
        return func(data)
    except InputError as err:
        return err


@PROPERTY
@given(st.fractions(-100, 100), st.integers(0, 4))
def test_truncate_and_ceil_bracket_the_exact_value(value: Fraction, decimals: int) -> None:
    low, high = truncate(value, decimals), ceil_to(value, decimals)
    step = Fraction(1, 10**decimals)
    assert Fraction(low) <= value <= Fraction(high)
    assert Fraction(high) - Fraction(low) in (0, step)
    assert low.as_tuple().exponent == high.as_tuple().exponent == -decimals  # always `decimals` places: 1.50
