"""What a person types into the calculator forms: read kindly, refused clearly, never clamped."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calculator import default_profile, score, staffing
from calculator._fields import _TextError, read_number
from calculator._score_form import score_example, score_fields, score_form
from calculator._staffing_form import staffing_example, staffing_fields, staffing_form

PROFILE = default_profile()


def quick(a: str, b: str, c: str, **extra: str) -> dict[str, str]:
    fields = {
        "mode": "quick",
        "categories.service_system": a,
        "categories.goods_service": b,
        "categories.customer_service": c,
    }
    fields.update(extra)
    return fields


def detailed(**statuses: str) -> dict[str, str]:
    fields = {"mode": "detailed"}
    for ind in PROFILE.indicators:
        fields[f"indicators.{ind.id}.status"] = statuses.get(ind.id, "conform")
    return fields


# ------------------------------------------------------------------ reading text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("35", Decimal(35)),
        ("３５", Decimal(35)),
        ("  35  ", Decimal(35)),
        ("\u300035\u3000", Decimal(35)),
        ("35,5", Decimal("35.5")),
        ("３５，５", Decimal("35.5")),
        ("35.25", Decimal("35.25")),
        ("35。5", Decimal("35.5")),
        ("35 分", Decimal(35)),
        (".5", Decimal("0.5")),
        ("35.", Decimal(35)),
        ("-3", Decimal(-3)),
        ("－３", Decimal(-3)),
        ("+3", Decimal(3)),
        ("1,5", Decimal("1.5")),
        ("1,2345", Decimal("1.2345")),
    ],
)
def test_unambiguous_text_is_read(text: str, expected: Decimal) -> None:
    assert read_number(text, "分") == expected


@pytest.mark.parametrize("text", ["", "   ", "\u3000", "分"])
def test_empty_text_is_none(text: str) -> None:
    assert read_number(text, "分") is None


@pytest.mark.parametrize(
    "text", ["abc", "3 5", "1,000", "1.000,5", "1,2,3", "35%", "1e3", "--3", ".", ",", "0x10", "３５元", "x" * 50]
)
def test_ambiguous_or_wrong_text_is_refused(text: str) -> None:
    with pytest.raises(_TextError):
        read_number(text, "分")


@given(st.text(max_size=30))
def test_reading_any_text_returns_a_number_none_or_a_refusal(text: str) -> None:
    try:
        value = read_number(text, "分")
    except _TextError:
        return
    assert value is None or value.is_finite()


# ---------------------------------------------------------------------- scoring


def test_example_is_valid_and_gives_the_documented_result() -> None:
    result = score_form(score_example(PROFILE), PROFILE)
    assert result.ok, result.errors
    out = score(result.data, PROFILE)
    assert (out["score_text"], out["grade"]) == ("89", "three_star")


def test_typed_variants_give_the_same_input_as_plain_numbers() -> None:
    plain = score_form(quick("35.5", "30", "20"), PROFILE)
    typed = score_form(quick(" ３５，５ ", "３０分", "20。"), PROFILE)
    assert typed.ok
    assert plain.ok
    assert score(typed.data, PROFILE)["score_text"] == score(plain.data, PROFILE)["score_text"] == "85.5"
    assert typed.values["categories.service_system"] == "35.5"


def test_every_bad_field_gets_its_own_message_naming_the_range() -> None:
    result = score_form(quick("abc", "45", "", **{"special_deductions.law": "2.5"}), PROFILE)
    assert not result.ok
    assert set(result.errors) == {
        "categories.service_system",
        "categories.goods_service",
        "categories.customer_service",
        "special_deductions.law",
    }
    assert "0 到 40 分" in result.errors["categories.service_system"]
    assert "“abc”" in result.errors["categories.service_system"]
    assert "0 到 35 分" in result.errors["categories.goods_service"]
    assert "实际是 45" in result.errors["categories.goods_service"]  # not clamped to 35
    assert "请填写" in result.errors["categories.customer_service"]
    assert "0 到 25 分" in result.errors["categories.customer_service"]
    assert "0 到 99" in result.errors["special_deductions.law"]


def test_too_many_decimals_and_ambiguous_comma_name_the_range() -> None:
    result = score_form(quick("1,000", "3.333", "20"), PROFILE)
    assert "千位分隔符" in result.errors["categories.service_system"]
    assert "0 到 40 分" in result.errors["categories.service_system"]
    assert "2 位小数" in result.errors["categories.goods_service"]
    assert "0 到 35 分" in result.errors["categories.goods_service"]


@pytest.mark.parametrize("value", ["-0.01", "40.01", "-1", "100"])
def test_out_of_range_is_refused_not_clamped(value: str) -> None:
    result = score_form(quick(value, "30", "20"), PROFILE)
    assert not result.ok
    assert "0 到 40 分" in result.errors["categories.service_system"]


@pytest.mark.parametrize(("value", "grade"), [("40", "five_star"), ("0", "fail")])
def test_range_ends_are_accepted(value: str, grade: str) -> None:
    c = "25" if value == "40" else "0"
    b = "35" if value == "40" else "0"
    result = score_form(quick(value, b, c), PROFILE)
    assert result.ok
    assert score(result.data, PROFILE)["grade"] == grade


def test_deductions_by_kind_become_a_list_and_empty_means_none() -> None:
    fields = quick("40", "35", "25", **{"special_deductions.law": "2", "special_deductions.industry": "", "bonus": "1"})
    result = score_form(fields, PROFILE)
    assert result.ok
    assert result.data is not None
    assert result.data["special_deductions"] == ["law", "law"]
    assert result.data["bonus"] is True
    assert result.values["special_deductions.industry"] == "0"


def test_five_deductions_fail_whatever_the_score() -> None:
    result = score_form(quick("40", "35", "25", **{"special_deductions.company_rules": "5"}), PROFILE)
    out = score(result.data, PROFILE)
    assert out["grade"] == "fail"
    assert out["deductions_to_remove"] == 1


def test_total_deductions_over_the_limit_is_a_group_error() -> None:
    fields = quick("40", "35", "25", **{"special_deductions.law": "60", "special_deductions.industry": "60"})
    result = score_form(fields, PROFILE)
    assert list(result.errors) == ["special_deductions"]
    assert "99" in result.errors["special_deductions"]


@pytest.mark.parametrize("text", ["maybe", "2"])
def test_bonus_must_be_on_or_off(text: str) -> None:
    result = score_form(quick("40", "35", "25", bonus=text), PROFILE)
    assert "bonus" in result.errors


def test_unknown_mode_is_an_error() -> None:
    result = score_form({"mode": "guess"}, PROFILE)
    assert "mode" in result.errors


def test_detailed_partial_needs_samples_and_checks_them() -> None:
    fields = detailed(repair="partial")
    result = score_form(fields, PROFILE)
    assert set(result.errors) == {"indicators.repair.samples", "indicators.repair.nonconforming"}
    assert "1 到 10000000" in result.errors["indicators.repair.samples"]

    fields |= {"indicators.repair.samples": "6", "indicators.repair.nonconforming": "7"}
    result = score_form(fields, PROFILE)
    assert list(result.errors) == ["indicators.repair.nonconforming"]
    assert "0 到 6" in result.errors["indicators.repair.nonconforming"]

    fields |= {"indicators.repair.samples": "0"}
    assert "1 到 10000000" in score_form(fields, PROFILE).errors["indicators.repair.samples"]

    fields |= {"indicators.repair.samples": "６", "indicators.repair.nonconforming": "2"}
    result = score_form(fields, PROFILE)
    assert result.ok
    out = score(result.data, PROFILE)
    assert out["weakest"][0]["id"] == "repair"
    assert out["weakest"][0]["lost"] == 2


def test_detailed_ignores_sample_fields_of_indicators_that_are_not_partial() -> None:
    fields = detailed(complaints="nonconform") | {"indicators.repair.samples": "junk"}
    result = score_form(fields, PROFILE)
    assert result.ok
    assert score(result.data, PROFILE)["weakest"][0]["id"] == "complaints"


def test_all_not_applicable_is_a_group_error() -> None:
    fields = detailed(**{i.id: "na" for i in PROFILE.indicators})
    assert list(score_form(fields, PROFILE).errors) == ["indicators"]


def test_unknown_status_is_an_error_on_the_select() -> None:
    fields = detailed(delivery="perhaps")
    assert "indicators.delivery.status" in score_form(fields, PROFILE).errors


def test_score_fields_come_from_the_profile() -> None:
    specs = {s.name: s for s in score_fields(PROFILE)}
    for c in PROFILE.categories:
        spec = specs[f"categories.{c.id}"]
        assert spec.maximum == c.points.value
        assert c.name in spec.label
    for ind in PROFILE.indicators:
        assert ind.name in specs[f"indicators.{ind.id}.status"].label
    for k in PROFILE.special_deductions.kinds:
        assert specs[f"special_deductions.{k.id}"].label == k.label
    assert all(s.label for s in specs.values())


# --------------------------------------------------------------------- staffing


def test_staffing_example_gives_the_documented_result() -> None:
    result = staffing_form(staffing_example(PROFILE), PROFILE)
    out = staffing(result.data, PROFILE)
    assert (out["required"], out["shortfall"], out["rough_estimate"]) == (5, 2, 6)


def test_staffing_optional_fields_may_be_empty_required_may_not() -> None:
    result = staffing_form(
        {"head_office": "１２", "branches": " 35 ", "total_staff": "", "current_managers": ""}, PROFILE
    )
    assert result.ok
    assert result.data == {"head_office": 12, "branches": 35}
    result = staffing_form({"head_office": "", "branches": "3"}, PROFILE)
    assert list(result.errors) == ["head_office"]
    assert "没有请填 0" in result.errors["head_office"] or "0 到" in result.errors["head_office"]


@pytest.mark.parametrize(
    ("field", "value", "needle"),
    [
        ("head_office", "1.5", "整数"),
        ("head_office", "-1", "0 到 10000000"),
        ("branches", "abc", "0 到 10000000"),
        ("current_managers", "2,5", "整数"),
        ("total_staff", "10000001", "0 到 10000000"),
    ],
)
def test_staffing_bad_values_name_the_range(field: str, value: str, needle: str) -> None:
    fields = staffing_example(PROFILE) | {field: value}
    result = staffing_form(fields, PROFILE)
    assert list(result.errors) == [field]
    assert needle in result.errors[field]
    assert "0 到 10000000" in result.errors[field]


def test_staffing_total_below_managers_is_flagged_on_total() -> None:
    result = staffing_form({"head_office": "5", "branches": "3", "total_staff": "2"}, PROFILE)
    assert list(result.errors) == ["total_staff"]


def test_staffing_labels_are_visible_text() -> None:
    labels = [s.label for s in staffing_fields(PROFILE)]
    assert labels[0] == "总部的服务管理人员"
    assert all(labels)
