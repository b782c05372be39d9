"""售后服务管理师 staffing (clause 5.1.2.2) as a specification."""

from __future__ import annotations

import pytest

from calculator import InputError, staffing


@pytest.mark.parametrize(
    ("managers", "required"),
    [
        (0, 1),  # at least one
        (1, 1),
        (9, 1),
        (10, 1),
        (11, 2),  # 1.1 rounds up
        (19, 2),
        (20, 2),
        (21, 3),
        (30, 3),  # exact arithmetic: 10 % of 30 is 3, not 4
        (31, 4),
        (100, 10),
        (101, 11),
        (10_000_000, 1_000_000),
    ],
)
def test_ten_percent_rounded_up_and_at_least_one(managers: int, required: int) -> None:
    assert staffing({"service_managers": managers})["required"] == required


def test_head_office_and_branches_are_added() -> None:
    result = staffing({"head_office": 12, "branches": 19})
    assert result["service_managers"] == 31
    assert result["required"] == 4
    assert "12" in result["steps"][0]
    assert "19" in result["steps"][0]


@pytest.mark.parametrize(("current", "shortfall", "surplus"), [(0, 4, 0), (3, 1, 0), (4, 0, 0), (6, 0, 2)])
def test_shortfall_against_managers_already_trained(current: int, shortfall: int, surplus: int) -> None:
    result = staffing({"service_managers": 40, "current_managers": current})
    assert result["required"] == 4
    assert result["shortfall"] == shortfall
    assert result["surplus"] == surplus


def test_no_shortfall_key_without_current_managers() -> None:
    assert "shortfall" not in staffing({"service_managers": 40})


def test_rough_check_is_one_percent_of_headcount_and_labelled() -> None:
    result = staffing({"service_managers": 150, "total_staff": 1000})
    assert result["required"] == 15
    assert result["rough_estimate"] == 10
    assert result["rough_percent"] == "1"
    assert result["rough_confidence"] == "2+"  # two publishers say "about 1 %" …
    assert any("1.5%" in a for a in result["assumptions"])  # … and their own numbers disagree


def test_rule_reports_clause_and_confidence() -> None:
    rule = staffing({"service_managers": 5})["rule"]
    assert rule == {
        "standard": "GB/T 27922-2011",
        "clause": "5.1.2.2",
        "role": "售后服务管理师",
        "base": "服务管理人员",
        "ratio_percent": "10",
        "ratio_confidence": "2+",
        "minimum": 1,
        "minimum_confidence": "2+",
        "rounding": "up",
        "rounding_confidence": "0",
    }


def test_rounding_is_declared_as_our_assumption() -> None:
    result = staffing({"service_managers": 11})
    assert any("向上取整" in a and "（本站假设）" in a for a in result["assumptions"])
    assert any("向上取整" in s and "（本站假设）" in s for s in result["steps"])


def test_a_rule_two_publishers_state_is_not_listed_as_an_assumption() -> None:
    result = staffing({"service_managers": 3})
    assert result["required"] == 1
    assert not any("至少配备" in a for a in result["assumptions"])


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({}, "service_managers"),
        ({"service_managers": -1}, "service_managers"),
        ({"service_managers": 2.5}, "service_managers"),
        ({"service_managers": "10"}, "service_managers"),
        ({"service_managers": None}, "service_managers"),
        ({"service_managers": 10_000_001}, "service_managers"),
        ({"head_office": 3}, "branches"),
        ({"branches": 3}, "head_office"),
        ({"service_managers": 3, "head_office": 3}, "service_managers"),
        ({"head_office": 6_000_000, "branches": 6_000_000}, "branches"),
        ({"service_managers": 50, "total_staff": 40}, "total_staff"),
        ({"service_managers": 5, "total_staff": 1.5}, "total_staff"),
        ({"service_managers": 5, "current_managers": -2}, "current_managers"),
        ({"service_managers": 5, "headcount": 10}, "headcount"),
        ([], "input"),
    ],
)
def test_bad_input_is_an_error_not_a_guess(data: object, field: str) -> None:
    with pytest.raises(InputError) as info:
        staffing(data)
    assert info.value.field == field


def test_more_managers_than_staff_says_why() -> None:
    with pytest.raises(InputError) as info:
        staffing({"head_office": 30, "branches": 30, "total_staff": 50})
    assert "50" in info.value.message
    assert "60" in info.value.message
