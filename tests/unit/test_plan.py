"""The `plan` tool: dates from the schedule's timeline, the deadline check, the iCalendar file, the form."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculator import InputError, default_profile
from calculator._fee_schedule_reader import default_fee_schedule
from calculator._plan import add_months
from calculator._plan_ics import fold
from calculator._plan_json import plan
from calculator._tool import Datasets
from calculator._tools import TOOLS
from calculator._urlstate import decode, encode
from calculator._web import compute
from tests.unit.budget import examples

S = default_fee_schedule()
DATA = Datasets(default_profile(), S)


def run(data: dict[str, object]) -> Any:
    return plan(data, S)


def dates(out: Any) -> dict[str, str]:
    return {m["id"]: m["date"] for m in out["milestones"]}


# ------------------------------------------------------------------ calendar months

MONTHS = [
    ("2026-01-31", 1, "2026-02-28"),
    ("2028-01-31", 1, "2028-02-29"),  # a leap year
    ("2028-02-29", 12, "2029-02-28"),
    ("2028-02-29", 48, "2032-02-29"),
    ("2026-11-30", 3, "2027-02-28"),
    ("2026-03-31", -1, "2026-02-28"),
    ("2026-12-15", 1, "2027-01-15"),
]


@pytest.mark.parametrize(("start", "months", "expected"), MONTHS)
def test_calendar_months_clamp_to_the_end_of_a_shorter_month(start: str, months: int, expected: str) -> None:
    assert add_months(dt.date.fromisoformat(start), months).isoformat() == expected


# ------------------------------------------------------------------ the plan


def test_a_company_with_records_already_can_apply_today() -> None:
    out = run({"today": "2026-11-29", "deadline": "2027-06-30", "records_months": 3})
    d = dates(out)
    assert d["application"] == "2026-11-29"
    assert "records" not in d
    assert d["document_review"] == "2026-12-13"
    assert d["onsite"] == "2026-12-27"
    assert out["certificate"] == d["certificate"] == "2027-02-28"  # 3 months after 2026-11-29, clamped
    assert out["certificate_fastest"] == "2026-12-29"
    assert out["feasible"] is True
    assert out["latest_application"] == "2027-03-30"
    assert out["reasons"] == []
    assert [d[f"surveillance_{k}"] for k in (1, 2)] == ["2028-02-28", "2029-02-28"]
    assert d["recertification"] == "2029-11-28"
    assert d["expiry"] == "2030-02-28"


def test_a_deadline_too_close_is_not_feasible_and_says_why() -> None:
    out = run({"today": "2026-11-29", "deadline": "2027-03-31", "records_months": 1})
    assert out["feasible"] is False
    assert out["certificate"] == "2027-04-29"
    reasons = " ".join(out["reasons"])
    assert "最早 2027-04-29 取得证书" in reasons
    assert "晚 29 天" in reasons
    assert "还需运行并保留记录 2 个月" in reasons
    assert "最迟应在 2026-12-31 申请" in reasons


def test_a_star_grade_before_the_deadline_can_be_impossible() -> None:
    out = run({"today": "2026-11-29", "deadline": "2027-06-30", "records_months": 6})
    assert out["feasible"] is True
    star = [w for w in out["warnings"] if "达标级" in w]
    assert star
    assert "2027-06-30 前无法取得星级证书" in star[0]
    later = run({"today": "2026-11-29", "deadline": "2029-01-01", "records_months": 6})
    assert not any("达标级" in w for w in later["warnings"])


def test_feb_29_start() -> None:
    out = run({"today": "2028-02-29", "start": "2028-02-29"})
    d = dates(out)
    assert d["records"] == "2028-02-29"
    assert d["application"] == "2028-05-29"
    assert out["feasible"] is None
    assert d["expiry"] == "2031-08-29"


def test_the_deadline_is_in_the_calendar_too() -> None:
    out = run({"today": "2026-11-29", "deadline": "2027-12-31"})
    assert dates(out)["deadline"] == "2027-12-31"


BAD = [
    ({"today": "2026-11-29"}, "deadline", "至少填一个"),
    ({"today": "2026-11-29", "deadline": "2027-02-29"}, "deadline", "2027 年 2 月没有 29 日"),
    ({"today": "2026-11-29", "deadline": "2027-13-01"}, "deadline", "不是日历上的日期"),
    ({"today": "2026-11-29", "deadline": "2027/03/31"}, "deadline", "年-月-日"),
    ({"today": "2026-11-29", "deadline": 20270331}, "deadline", "文本"),
    ({"today": "2026-11-29", "deadline": "2026-11-28"}, "deadline", "早于今天"),
    ({"today": "2026-11-29", "start": "2026-01-01"}, "start", "早于今天"),
    ({"today": "2026-02-30", "start": "2026-03-01"}, "today", "没有 30 日"),
    ({"today": "2026-11-29", "deadline": "2101-01-01"}, "deadline", "2000 年到 2100 年"),
    ({"today": "2026-11-29", "deadline": "2027-03-31", "records_months": -1}, "records_months", "0 到 120"),
    ({"today": "2026-11-29", "deadline": "2027-03-31", "records_months": 1.5}, "records_months", "整数"),
    ({"today": "2026-11-29", "deadline": "2027-03-31", "tender": "x"}, "tender", "未知"),
]


@pytest.mark.parametrize(("data", "field", "message"), BAD)
def test_bad_dates_name_the_field(data: dict[str, object], field: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        run(data)
    assert caught.value.field == field
    assert message in caught.value.message


# ------------------------------------------------------------------ the iCalendar file


def test_the_ics_is_rfc_5545() -> None:
    out = run({"today": "2026-11-29", "deadline": "2027-06-30", "records_months": 0})
    ics: str = out["ics"]
    assert ics.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert ics.endswith("END:VCALENDAR\r\n")
    assert "\n" not in ics.replace("\r\n", "")  # every line ends in CRLF
    lines = ics.split("\r\n")[:-1]
    assert all(len(line.encode()) <= 75 for line in lines)
    unfolded = re.sub(r"\r\n ", "", ics)
    events = unfolded.split("BEGIN:VEVENT")[1:]
    assert len(events) == len(out["milestones"])
    for event, milestone in zip(events, out["milestones"], strict=True):
        assert f"DTSTART;VALUE=DATE:{milestone['date'].replace('-', '')}\r\n" in event
        assert f"SUMMARY:{milestone['label']}\r\n" in event
        assert "DTSTAMP:20261129T000000Z\r\n" in event
        assert re.search(r"\r\nUID:[a-z_0-9]+-[0-9a-f]{16}@gbt27922\.plan\r\n", "\r\n" + event)
    uids = re.findall(r"UID:(\S+)", unfolded)
    assert len(set(uids)) == len(uids)
    again = run({"today": "2026-11-29", "deadline": "2027-06-30", "records_months": 0})
    assert again["ics"] == ics  # the same plan gives the same UIDs: importing twice updates


def test_folding_never_splits_a_character() -> None:
    line = "DESCRIPTION:" + "售后服务认证" * 30
    folded = fold(line)
    parts = folded.split("\r\n ")
    assert "".join(parts) == line
    assert all(len(p.encode()) <= 75 for p in parts)


@given(st.text(st.characters(exclude_categories=["Cs"]), max_size=400))
def test_folding_keeps_every_character_within_75_octets_per_line(text: str) -> None:
    line = "DESCRIPTION:" + text
    first, *rest = fold(line).split("\r\n ")
    assert first + "".join(rest) == line
    assert len(first.encode()) <= 75
    assert all(0 < len(part.encode()) <= 74 for part in rest)  # with its leading space, 75


# ------------------------------------------------------------------ form, page, link


def test_the_form_and_the_page() -> None:
    fields = {"deadline": "2099-06-30", "start": "", "records_months": "6"}
    answer = compute("plan", fields, DATA)
    assert answer["ok"], answer
    assert 'data-gbt-feasible="true"' in answer["html"]
    assert 'download="售后服务认证时间规划.ics"' in answer["html"]
    assert 'href="data:text/calendar;charset=utf-8,BEGIN%3AVCALENDAR%0D%0A' in answer["html"]
    bad = compute("plan", {"deadline": "2027-02-29"}, DATA)
    assert not bad["ok"]
    assert "2 月没有 29 日" in bad["errors"]["deadline"]
    none = compute("plan", {"deadline": "", "start": ""}, DATA)
    assert "至少填一个" in none["errors"]["deadline"]


def test_the_link_state_keeps_the_dates() -> None:
    tool = TOOLS["plan"]
    fields = {"deadline": "2099-06-30", "start": "2098-01-31", "records_months": "2"}
    state = encode(tool, fields, S)
    assert state is not None
    assert state.startswith("p1.20990630_20980131_2.")
    assert decode(tool, state, S).fields == fields


# ------------------------------------------------------------------ invariants

days = st.integers(min_value=0, max_value=3 * 365)
TODAY = dt.date(2026, 11, 29)


@settings(max_examples=examples(200), deadline=None)
@given(days, st.one_of(st.none(), days), st.one_of(st.none(), days), st.integers(min_value=0, max_value=24))
def test_dates_are_ordered_and_a_feasible_plan_meets_its_deadline(
    today_offset: int, deadline: int | None, start: int | None, records: int
) -> None:
    today = TODAY + dt.timedelta(days=today_offset)
    data: dict[str, object] = {"today": today.isoformat(), "records_months": records}
    if deadline is not None:
        data["deadline"] = (today + dt.timedelta(days=deadline)).isoformat()
    if start is not None or deadline is None:
        data["start"] = (today + dt.timedelta(days=start or 0)).isoformat()
    out = run(data)
    listed = [m["date"] for m in out["milestones"]]
    assert listed == sorted(listed)
    order = [dates(out)[k] for k in ("application", "document_review", "onsite", "certificate", "surveillance_1")]
    assert order == sorted(order)
    assert len(set(order)) == len(order)
    assert out["application"] >= today.isoformat()
    if out["feasible"]:
        assert out["certificate"] <= out["deadline"]
    elif out["feasible"] is False:
        assert out["certificate"] > out["deadline"]
        assert out["reasons"]
