"""The `plan` tool's JSON input: today, a deadline or a start date, and how long the system has run with records.

Dates are ISO calendar dates (``2027-03-31``), checked for real: 2027-02-29 is refused, 2028-02-29
is a date. Nothing is guessed: a missing date, a date in an unusable range or a deadline before
today is an `InputError` naming the field.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from calculator._inputs import InputError, as_object, no_unknown, parse_count, type_name

__all__ = ["MAX_RECORDS_MONTHS", "PlanRequest", "parse_date", "parse_plan_request"]

MAX_RECORDS_MONTHS = 120
FIRST_YEAR, LAST_YEAR = 2000, 2100
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_KEYS = ("today", "deadline", "start", "records_months")
_NAMES = {"today": "今天的日期", "deadline": "需要取得证书的日期", "start": "开始准备的日期"}


@dataclass(frozen=True)
class PlanRequest:
    today: dt.date
    deadline: dt.date | None
    start: dt.date | None
    records_months: int


def parse_date(value: object, field: str) -> dt.date:
    """An ISO date YYYY-MM-DD between FIRST_YEAR and LAST_YEAR; InputError otherwise."""
    label = _NAMES.get(field, field)
    if not isinstance(value, str):
        raise InputError(field, f"{label}应为“年-月-日”格式的文本，例如 2027-03-31，实际是{type_name(value)}。")
    text = value.strip()
    m = _ISO.match(text)
    if not m:
        shown = text if len(text) <= 20 else text[:20] + "…"
        raise InputError(field, f"{label}“{shown}”不是“年-月-日”格式的日期，例如 2027-03-31。")
    year, month, day = (int(g) for g in m.groups())
    try:
        date = dt.date(year, month, day)
    except ValueError:
        raise InputError(field, f"{label}“{text}”不是日历上的日期（{year} 年 {month} 月没有 {day} 日）。") from None
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InputError(field, f"{label}应在 {FIRST_YEAR} 年到 {LAST_YEAR} 年之间，实际是 {text}。")
    return date


def parse_plan_request(data: object, today: dt.date | None = None) -> PlanRequest:
    """Validate a `plan` input object; `today` is the clock's date when the input gives none."""
    top = as_object(data, "input", "输入")
    no_unknown(top, _KEYS, "", "输入项")
    now = parse_date(top["today"], "today") if "today" in top else today or dt.date.today()
    deadline = parse_date(top["deadline"], "deadline") if top.get("deadline") not in (None, "") else None
    start = parse_date(top["start"], "start") if top.get("start") not in (None, "") else None
    if deadline is None and start is None:
        raise InputError("deadline", "请填写需要取得证书的日期（例如投标截止日），或开始准备的日期，至少填一个。")
    if deadline is not None and deadline < now:
        raise InputError(
            "deadline", f"需要取得证书的日期（{deadline.isoformat()}）早于今天（{now.isoformat()}），请核对。"
        )
    if start is not None and start < now:
        raise InputError(
            "start",
            f"开始准备的日期（{start.isoformat()}）早于今天（{now.isoformat()}）。已经开始运行的，请把开始日期留空或填今天，"
            "并在“已运行的月数”中填写已有记录的月数。",
        )
    records = 0
    if "records_months" in top:
        records = parse_count(top["records_months"], "records_months", "已运行并保留记录的月数", MAX_RECORDS_MONTHS)
    return PlanRequest(now, deadline, start, records)
