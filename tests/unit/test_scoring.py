"""Scoring as a specification of GB/T 27922 (with this site's stated assumptions).

These tests run under CPython and again inside Pyodide (tests/pyodide/run.mjs).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from calculator import InputError, default_profile, score

P = default_profile()
CATS = [c.id for c in P.categories]


def quick(total: str, deductions: object = 0, bonus: bool = False) -> dict[str, object]:
    """A quick-mode input whose three category scores add up to `total` (filled in order)."""
    left = Decimal(total)
    cats: dict[str, Decimal] = {}
    for c in P.categories:
        take = min(left, c.points.value)
        cats[c.id] = take
        left -= take
    assert left == 0
    return {"categories": cats, "special_deductions": deductions, "bonus": bonus}


def all_conform(**overrides: object) -> dict[str, object]:
    ind: dict[str, object] = {i.id: {"status": "conform"} for i in P.indicators}
    ind.update(overrides)
    return {"indicators": ind}


# --------------------------------------------------------------- thresholds

GRADE_TABLE = [
    ("0", "fail"),
    ("69.99", "fail"),
    ("70", "qualified"),
    ("70.01", "qualified"),
    ("79.99", "qualified"),
    ("80", "three_star"),
    ("89.99", "three_star"),
    ("90", "four_star"),
    ("94.96", "four_star"),
    ("94.99", "four_star"),
    ("95", "five_star"),
    ("100", "five_star"),
]


@pytest.mark.parametrize(("total", "grade"), GRADE_TABLE)
def test_each_threshold_is_inclusive(total: str, grade: str) -> None:
    result = score(quick(total))
    assert result["grade"] == grade
    assert result["score_text"] == total


def test_grade_labels_are_the_standards_names() -> None:
    labels = {score(quick(t))["grade"]: score(quick(t))["grade_label"] for t, _ in GRADE_TABLE}
    assert labels == {
        "fail": "不合格",
        "qualified": "达标级",
        "three_star": "三星级",
        "four_star": "四星级",
        "five_star": "五星级",
    }


def test_a_score_just_below_a_threshold_is_never_shown_rounded_up() -> None:
    result = score(quick("94.96"))
    assert result["grade"] == "four_star"
    assert result["score"] == 94.96
    assert result["score_text"] == "94.96"
    assert "95" not in result["score_text"]


def test_repeating_decimals_are_truncated_not_rounded() -> None:
    # 2 of 3 samples nonconforming on a 10-point indicator loses 6.666… points.
    result = score(all_conform(staffing={"status": "partial", "samples": 3, "nonconforming": 2}))
    assert result["score_exact"] == "280/3"
    assert result["score_text"] == "93.33"  # 93.333… never shown as 93.34
    assert result["points_to_next"] == 1.67  # rounded up: 1.67 more points really reach 95


# ------------------------------------------------------ special deductions


@pytest.mark.parametrize(
    ("count", "grade"),
    [(0, "five_star"), (1, "five_star"), (3, "five_star"), (4, "four_star"), (5, "fail"), (6, "fail"), (99, "fail")],
)
def test_five_or_more_special_deductions_fail_whatever_the_score(count: int, grade: str) -> None:
    result = score(quick("98", deductions=count))
    assert result["grade"] == grade
    assert result["deduction_count"] == count
    if grade == "fail":
        assert any("特别扣分项" in r for r in result["reasons"])
        assert result["deductions_to_remove"] == count - 4
    else:
        assert result["deductions_to_remove"] is None


def test_each_special_deduction_costs_one_point_outside_the_score() -> None:
    result = score(quick("90", deductions=2))
    assert result["base_score"] == 90
    assert result["deductions"] == 2
    assert result["score"] == 88
    assert result["grade"] == "three_star"


def test_deductions_as_kinds_count_each_listed_finding() -> None:
    result = score(quick("96", deductions=["law", "industry", "law"]))
    assert result["deduction_count"] == 3
    assert result["score"] == 93
    assert result["deduction_kinds"] == [
        {"id": "law", "label": "不符合国家法律、法规的要求", "count": 2},
        {"id": "industry", "label": "不符合行业专业性的特殊要求", "count": 1},
    ]


def test_a_deduction_can_pull_a_score_below_a_threshold() -> None:
    assert score(quick("70"))["grade"] == "qualified"
    result = score(quick("70", deductions=1))
    assert result["grade"] == "fail"
    assert result["reasons"]
    assert "70" in result["reasons"][0]


# -------------------------------------------------------------------- bonus


def test_the_bonus_adds_one_point() -> None:
    result = score(quick("94", bonus=True))
    assert result["score"] == 95
    assert result["grade"] == "five_star"


def test_the_final_score_stays_within_0_and_100() -> None:
    assert score(quick("100", bonus=True))["score"] == 100
    assert score(quick("0.5", deductions=3))["score"] == 0


def test_order_of_operations_is_reported_as_an_assumption() -> None:
    result = score(quick("90", deductions=1, bonus=True))
    assert any("计算顺序" in a for a in result["assumptions"])
    assert score(quick("90"))["assumptions"] == []


# --------------------------------------------------------------- next grade


@pytest.mark.parametrize(
    ("total", "next_grade", "missing"),
    [
        ("0", "qualified", 70),
        ("69.99", "qualified", 0.01),
        ("70", "three_star", 10),
        ("88.5", "four_star", 1.5),
        ("94.96", "five_star", 0.04),
        ("95", None, None),
    ],
)
def test_next_grade_and_points_still_needed(total: str, next_grade: str | None, missing: float | None) -> None:
    result = score(quick(total))
    assert result["next_grade"] == next_grade
    assert result["points_to_next"] == missing


def test_a_gated_fail_with_enough_points_needs_no_more_points() -> None:
    result = score(quick("85", deductions=5))
    assert result["grade"] == "fail"
    assert result["next_grade"] == "qualified"
    assert result["points_to_next"] is None
    assert result["deductions_to_remove"] == 1


# ---------------------------------------------------------- detailed mode


def test_all_conforming_indicators_score_full_marks() -> None:
    result = score(all_conform())
    assert result["mode"] == "detailed"
    assert result["score"] == 100
    assert result["weakest"] == []
    assert [c["earned"] for c in result["categories"]] == [float(c.points.value) for c in P.categories]


def test_a_nonconformity_loses_the_whole_indicator() -> None:
    repair = P.indicator("repair").points.value
    result = score(all_conform(repair={"status": "nonconform"}))
    assert Decimal(result["score_text"]) == 100 - repair
    assert result["weakest"][0]["id"] == "repair"
    assert result["weakest"][0]["lost"] == float(repair)


def test_a_partial_nonconformity_loses_points_in_proportion() -> None:
    pts = P.indicator("complaints").points.value
    result = score(all_conform(complaints={"status": "partial", "nonconforming_share": 0.25}))
    assert Decimal(result["score_text"]) == 100 - pts / 4
    same = score(all_conform(complaints={"status": "partial", "samples": 8, "nonconforming": 2}))
    assert same["score_exact"] == result["score_exact"]


def test_partial_with_share_0_or_1_equals_conform_or_nonconform() -> None:
    assert score(all_conform(delivery={"status": "partial", "nonconforming_share": 0}))["score"] == 100
    full_loss = score(all_conform(delivery={"status": "nonconform"}))["score"]
    assert score(all_conform(delivery={"status": "partial", "nonconforming_share": 1}))["score"] == full_loss


def test_not_applicable_indicators_are_left_out_and_the_rest_rescaled() -> None:
    recycling = P.indicator("recycling").points.value
    result = score(all_conform(recycling={"status": "na"}))
    assert result["score"] == 100  # everything that applies conforms
    assert result["excluded"] == ["recycling"]
    goods = next(c for c in result["categories"] if c["id"] == "goods_service")
    assert Decimal(str(goods["applicable"])) == P.category("goods_service").points.value - recycling
    assert any("删减" in a for a in result["assumptions"])


def test_rescaling_formula_earned_over_applicable_times_100() -> None:
    # recycling n/a and repair nonconforming: (total - recycling - repair) / (total - recycling) × 100
    rec = P.indicator("recycling").points.value
    rep = P.indicator("repair").points.value
    result = score(all_conform(recycling={"status": "na"}, repair={"status": "nonconform"}))
    expected = (100 - rec - rep) / (100 - rec) * 100
    assert Decimal(result["score_text"]) == expected.quantize(Decimal("0.01"), rounding="ROUND_FLOOR")


def test_weakest_indicators_are_sorted_by_points_lost() -> None:
    result = score(
        all_conform(
            organization={"status": "partial", "nonconforming_share": 0.2},
            complaints={"status": "nonconform"},
            repair={"status": "partial", "nonconforming_share": 0.5},
        )
    )
    assert [w["id"] for w in result["weakest"]] == ["complaints", "repair", "organization"]
    assert result["weakest"][0]["clause"] == P.indicator("complaints").clause


def test_illustrative_points_are_declared_in_detailed_mode() -> None:
    result = score(all_conform(repair={"status": "nonconform"}))
    assert result["profile"]["illustrative_points"] is True
    assert any("示意" in a for a in result["assumptions"])


def test_every_result_explains_itself_step_by_step() -> None:
    result = score(quick("85", deductions=1, bonus=True))
    steps = "".join(result["steps"])
    for fragment in ("85", "扣", "加", "三星级", "四星级"):
        assert fragment in steps


# ----------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({}, "categories"),
        ({"categories": {"service_system": 40, "goods_service": 35}}, "categories.customer_service"),
        (
            {"categories": {"service_system": 41, "goods_service": 35, "customer_service": 25}},
            "categories.service_system",
        ),
        (
            {"categories": {"service_system": -1, "goods_service": 35, "customer_service": 25}},
            "categories.service_system",
        ),
        (
            {"categories": {"service_system": "38", "goods_service": 35, "customer_service": 25}},
            "categories.service_system",
        ),
        (
            {"categories": {"service_system": 38.123, "goods_service": 35, "customer_service": 25}},
            "categories.service_system",
        ),
        (
            {"categories": {"service_system": True, "goods_service": 35, "customer_service": 25}},
            "categories.service_system",
        ),
        ({"categories": {"service_system": 1, "goods_service": 1, "customer_service": 1, "x": 1}}, "categories.x"),
        ({"categories": [], "special_deductions": 0}, "categories"),
        ({"categories": {}, "indicators": {}}, "indicators"),
        ({**quick("80"), "special_deductions": -1}, "special_deductions"),
        ({**quick("80"), "special_deductions": 1.5}, "special_deductions"),
        ({**quick("80"), "special_deductions": 100}, "special_deductions"),
        ({**quick("80"), "special_deductions": ["law", "bribery"]}, "special_deductions[1]"),
        ({**quick("80"), "special_deductions": "2"}, "special_deductions"),
        ({**quick("80"), "bonus": "yes"}, "bonus"),
        ({**quick("80"), "bonus": 1}, "bonus"),
        ({**quick("80"), "extra": 1}, "extra"),
        (all_conform(repair={"status": "broken"}), "indicators.repair.status"),
        (all_conform(repair={"status": "partial"}), "indicators.repair.nonconforming_share"),
        (
            all_conform(repair={"status": "partial", "nonconforming_share": 1.5}),
            "indicators.repair.nonconforming_share",
        ),
        (
            all_conform(repair={"status": "conform", "nonconforming_share": 0.5}),
            "indicators.repair.nonconforming_share",
        ),
        (
            all_conform(repair={"status": "partial", "samples": 3, "nonconforming": 4}),
            "indicators.repair.nonconforming",
        ),
        (all_conform(repair={"status": "partial", "samples": 0, "nonconforming": 0}), "indicators.repair.samples"),
        (all_conform(repair="conform"), "indicators.repair"),
        ({"indicators": {i.id: {"status": "na"} for i in P.indicators}}, "indicators"),
        ({"indicators": {"repair": {"status": "conform"}}}, "indicators.organization"),
    ],
)
def test_bad_input_names_the_field_in_chinese(data: object, field: str) -> None:
    with pytest.raises(InputError) as info:
        score(data)
    assert info.value.field == field
    assert any("\u4e00" <= ch <= "\u9fff" for ch in info.value.message)


def test_range_errors_name_the_allowed_range() -> None:
    with pytest.raises(InputError) as info:
        score({"categories": {"service_system": 41, "goods_service": 35, "customer_service": 25}})
    assert "0 到 40" in info.value.message
    assert "售后服务体系" in info.value.message
