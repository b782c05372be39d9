"""The `fees` tool: man-days and costs from the fee schedule, its JSON contract, its form and its invariants."""

from __future__ import annotations

import json
from decimal import Decimal
from importlib import resources
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculator import InputError, default_profile
from calculator._api import run_tool
from calculator._fee_schedule_reader import default_fee_schedule
from calculator._fees_form import fees_form, read_outlets
from calculator._fees_json import fees
from calculator._score_form import score_example
from calculator._tool import Datasets
from calculator._tools import TOOLS
from calculator._urlstate import decode, encode
from calculator._web import compute, handle
from tests.unit.budget import examples

S = default_fee_schedule()
DATA = Datasets(default_profile(), S)


def run(data: object) -> Any:
    return fees(data, S)


# ------------------------------------------------------------------ worked examples

EXAMPLES = [
    # employees → man-days (initial, surveillance, re-certification), first year, each later year, 3 years
    (10, (3, 1.5, 2), 1000 + 9000 + 2000 + 2000, 4500 + 2000, 14000 + 2 * 6500),
    (100, (8.5, 3, 5), 30500, 11000, 52500),
    (1200, (16, 5.5, 10), 53000, 18500, 90000),
]


@pytest.mark.parametrize(("employees", "days", "first", "later", "total"), EXAMPLES)
def test_worked_examples(employees: int, days: tuple[float, ...], first: int, later: int, total: int) -> None:
    out = run({"employees": employees})
    md = out["man_days"]
    assert (md["initial"], md["surveillance"], md["recertification"]) == days
    assert (out["costs"]["first_year"], out["costs"]["surveillance_year"], out["costs"]["three_year_total"]) == (
        first,
        later,
        total,
    )


def test_1200_employees_match_the_corroborating_source() -> None:
    """szldx.cn: 1200 people → 16 man-days at 3000 yuan → a review fee of 48000 yuan."""
    review = next(i for i in run({"employees": 1200})["items"] if i["id"] == "initial_review")
    assert review["amount"] == 48000
    assert review["arithmetic"] == "16 人日 × 3000 元"


BAND_EDGES = [
    (10, 3),
    (11, 4),
    (25, 4),
    (26, 6),
    (1175, 14.5),
    (1176, 16),
    (1550, 16),
    (1551, 17),
]


@pytest.mark.parametrize(("employees", "initial"), BAND_EDGES)
def test_band_edges(employees: int, initial: float) -> None:
    out = run({"employees": employees})
    assert out["man_days"]["initial"] == initial
    assert out["band"]["low"] <= employees <= out["band"]["high"]


def test_the_itemised_quote_adds_up() -> None:
    out = run({"employees": 100})
    items = out["items"]
    assert [i["id"] for i in items] == [
        "application",
        "initial_review",
        "registration",
        "annual_first",
        "surveillance_review",
        "annual",
        "recertification_review",
    ]
    for when, key in (("first_year", "first_year"), ("surveillance_year", "surveillance_year")):
        assert sum(i["amount"] for i in items if i["when"] == when) == out["costs"][key]
    assert out["costs"]["recertification_review"] == 15000
    assert "企业承担" in out["excluded"][0]
    assert any("多种收费口径中的一种" in n for n in out["notes"])
    assert any("单一来源" in n and "乱码" in n for n in out["notes"])
    assert any("0.5 人日（本站假设）" in n for n in out["notes"])  # an assumption of the schedule, labelled by it


def test_categories_and_outlets_add_man_days() -> None:
    out = run({"employees": 100, "product_categories": 3, "outlets": [5, 30]})
    initial = out["man_days_detail"]["initial"]
    # 86–125: 8.5; two extra categories × 0.5; outlets: ⌈50% × 2⌉ = 1 and ⌈50% × 5⌉ = 2.5 man-days.
    assert (initial["band"], initial["categories"], initial["outlets"], initial["total"]) == (8.5, 1, [1, 2.5], 13)
    surveillance = out["man_days_detail"]["surveillance"]
    # 1–10 surveillance on-site 1 → 0.5; 26–45 on-site 1.5 → 0.75, up to whole half days → 1.
    assert surveillance["outlets"] == [0.5, 1]
    assert out["man_days"]["surveillance"] == 3 + 1 + 1.5
    assert "第 2 个固定服务网点 30 人（26–45 人一档）" in "".join(out["steps"])


def test_a_small_outlet_takes_at_least_half_a_man_day() -> None:
    out = run({"employees": 5, "outlets": [1]})
    # 1–10 people: on-site 2 / 1 / 1.5 man-days → half of it, in whole half days, at least 0.5.
    assert [out["man_days_detail"][s]["outlets"] for s in ("initial", "surveillance", "recertification")] == [
        [1],
        [0.5],
        [1],
    ]


# ------------------------------------------------------------------ bad input

BAD = [
    ({}, "employees", "缺少企业员工人数"),
    ({"employees": 0}, "employees", "1 到"),
    ({"employees": 2.5}, "employees", "整数"),
    ({"employees": "100"}, "employees", "数字"),
    ({"employees": 10701}, "employees", "超出了人日数对照表的范围（1 到 10700 人）"),
    ({"employees": 8501}, "employees", "8501–10700 人一档"),
    ({"employees": 10700}, "employees", "原表缺少"),
    ({"employees": 100, "product_categories": 0}, "product_categories", "1 到 99"),
    ({"employees": 100, "product_categories": 100}, "product_categories", "0 到 99"),
    ({"employees": 100, "outlets": 5}, "outlets", "列表"),
    ({"employees": 100, "outlets": [5, 0]}, "outlets.1", "第 2 个固定服务网点"),
    ({"employees": 100, "outlets": [20000]}, "outlets.0", "超出了人日数对照表的范围"),
    ({"employees": 100, "outlets": [1] * 51}, "outlets", "最多填 50 个"),
    ({"employees": 100, "staff": 3}, "staff", "未知"),
]


@pytest.mark.parametrize(("data", "field", "message"), BAD)
def test_bad_input_names_the_field_and_never_guesses(data: dict[str, object], field: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        run(data)
    assert caught.value.field == field
    assert message in caught.value.message


def test_beyond_the_table_the_command_line_exits_2_naming_employees() -> None:
    code, out = run_tool("fees", '{"employees": 20000}', DATA)
    assert code == 2
    error = json.loads(out)["error"]
    assert error["field"] == "employees"
    assert "不作推算" in error["message"]


# ------------------------------------------------------------------ the form

FORM = [
    ({"employees": "100", "product_categories": "", "outlets": ""}, {}, {"employees": 100}),
    ({"employees": "１２００ 人", "product_categories": "2", "outlets": "5，12、30"}, {}, {"employees": 1200}),
    ({"employees": "", "outlets": ""}, {"employees": "请填写企业员工人数"}, None),
    ({"employees": "12000"}, {"employees": "超出了人日数对照表"}, None),
    ({"employees": "100", "outlets": "5, 十"}, {"outlets": "第 2 个网点"}, None),
    ({"employees": "100", "outlets": "5, 0"}, {"outlets": "第 2 个固定服务网点"}, None),
]


@pytest.mark.parametrize(("fields", "errors", "data"), FORM)
def test_the_form(fields: dict[str, str], errors: dict[str, str], data: dict[str, int] | None) -> None:
    result = fees_form(fields, S)
    if data is None:
        assert not result.ok
        for name, text in errors.items():
            assert text in result.errors[name], result.errors
    else:
        assert result.ok, result.errors
        assert result.data is not None
        assert all(int(result.data[k]) == v for k, v in data.items())  # type: ignore[call-overload]


def test_outlets_are_read_kindly_but_strictly() -> None:
    assert read_outlets(" 5, 12 30、７ ") == [5, 12, 30, 7]
    assert read_outlets("5人, 6人") == [5, 6]
    assert read_outlets("") == []
    with pytest.raises(InputError):
        read_outlets("5.5")


def test_the_page_shows_the_worked_example_with_its_confidence() -> None:
    answer = compute("fees", {"employees": "100", "product_categories": "1", "outlets": ""}, DATA)
    assert answer["ok"], answer
    html = answer["html"]
    assert "data-gbt-first-year>30500<" in html
    assert "11000 元" in html
    assert "52500 元" in html
    assert "8.5 人日 × 3000 元" in html
    assert "单一来源" in html
    assert answer["summary"] == "第一年约 30500 元，之后每年约 11000 元，3 年合计约 52500 元（不含食宿交通）。"


def test_the_link_state_keeps_the_outlets() -> None:
    tool = TOOLS["fees"]
    state = encode(tool, {"employees": "100", "product_categories": "2", "outlets": "5, 12"}, S)
    assert state is not None
    assert state.startswith("f1.100_2_5-12.")
    decoded = decode(tool, state, S)
    assert decoded.fields == {"employees": "100", "product_categories": "2", "outlets": "5, 12"}
    broken = decode(tool, state.replace("5-12", "5--12"), S)
    assert broken.fields is None


# ------------------------------------------------------------------ invariants

employees = st.integers(min_value=1, max_value=S.complete_up_to)
outlet_lists = st.lists(st.integers(min_value=1, max_value=S.complete_up_to), max_size=6)
categories = st.integers(min_value=1, max_value=99)


def _figures(out: Any) -> list[Decimal]:
    values = [*out["man_days"].values(), *(v for k, v in out["costs"].items() if k != "years")]
    return [Decimal(str(v)) for v in values]


@settings(max_examples=examples(150), deadline=None)
@given(employees, employees, categories, outlet_lists)
def test_never_decreasing_in_headcount(a: int, b: int, cats: int, outlets: list[int]) -> None:
    low, high = sorted((a, b))
    small = _figures(run({"employees": low, "product_categories": cats, "outlets": outlets}))
    large = _figures(run({"employees": high, "product_categories": cats, "outlets": outlets}))
    assert all(x <= y for x, y in zip(small, large, strict=True))


@settings(max_examples=examples(150), deadline=None)
@given(employees, categories, categories, outlet_lists)
def test_never_decreasing_in_categories(n: int, a: int, b: int, outlets: list[int]) -> None:
    low, high = sorted((a, b))
    small = _figures(run({"employees": n, "product_categories": low, "outlets": outlets}))
    large = _figures(run({"employees": n, "product_categories": high, "outlets": outlets}))
    assert all(x <= y for x, y in zip(small, large, strict=True))


@settings(max_examples=examples(150), deadline=None)
@given(employees, categories, outlet_lists, st.integers(min_value=1, max_value=S.complete_up_to), st.data())
def test_never_decreasing_in_outlets(n: int, cats: int, outlets: list[int], extra: int, data: st.DataObject) -> None:
    """Adding an outlet, or a larger outlet in place of a smaller one, never lowers a figure."""
    base = _figures(run({"employees": n, "product_categories": cats, "outlets": outlets}))
    more = _figures(run({"employees": n, "product_categories": cats, "outlets": [*outlets, extra]}))
    assert all(x < y for x, y in zip(base[:3], more[:3], strict=True))  # every audit takes longer
    assert all(x <= y for x, y in zip(base, more, strict=True))
    if outlets:
        i = data.draw(st.integers(min_value=0, max_value=len(outlets) - 1))
        grown = [*outlets]
        grown[i] = max(grown[i], extra)
        bigger = _figures(run({"employees": n, "product_categories": cats, "outlets": grown}))
        assert all(x <= y for x, y in zip(base, bigger, strict=True))


@settings(max_examples=examples(100), deadline=None)
@given(employees, categories, outlet_lists)
def test_the_totals_are_the_sum_of_their_items(n: int, cats: int, outlets: list[int]) -> None:
    out = run({"employees": n, "product_categories": cats, "outlets": outlets})
    c = out["costs"]
    first = sum(Decimal(str(i["amount"])) for i in out["items"] if i["when"] == "first_year")
    later = sum(Decimal(str(i["amount"])) for i in out["items"] if i["when"] == "surveillance_year")
    assert Decimal(str(c["first_year"])) == first
    assert Decimal(str(c["three_year_total"])) == first + (c["years"] - 1) * later


def test_the_score_result_points_to_the_fees_estimate() -> None:
    example = score_example(DATA.profile)
    linked = compute("score", example, DATA, links={"tool:fees": "../fees/"})
    assert '<a href="../fees/">按你的规模估算费用</a>' in linked["html"]
    assert "按你的规模估算费用" not in compute("score", example, DATA)["html"]


def test_the_worker_uses_a_shipped_rate_card_until_told_otherwise() -> None:
    text = (
        resources.files("calculator")
        .joinpath("profiles", "fees-dabiaowei-trial.toml")
        .read_text("utf-8")
        .replace("per_man_day = { value = 3000,", "per_man_day = { value = 5000,")
        .replace('id = "dabiaowei-trial"', 'id = "acme"')
    )
    fields = {"employees": "100"}
    try:
        answer = json.loads(handle(json.dumps({"action": "configure", "profile_toml": None, "fees_toml": text})))
        assert answer == {"ok": True, "profile": "gbt27922-2011", "fees": "acme", "checklist": None}
        shipped = json.loads(handle(json.dumps({"action": "fees", "fields": fields})))
        assert "8.5 人日 × 5000 元" in shipped["html"]
        broken = json.loads(handle(json.dumps({"action": "configure", "fees_toml": "schema = 2"})))
        assert broken["ok"] is False
        assert "fees.toml" in broken["message"]
    finally:
        handle(json.dumps({"action": "configure", "profile_toml": None}))
    default = json.loads(handle(json.dumps({"action": "fees", "fields": fields})))
    assert "8.5 人日 × 3000 元" in default["html"]
