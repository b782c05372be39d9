"""The `plan` tool's form: its fields, reading what was typed, the example, the URL state.

The dates are the browser's date inputs (always ``YYYY-MM-DD``); "today" is the clock of whoever
computes, so a shared link plans from the day it is opened.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal

from calculator._fee_schedule import FeeSchedule
from calculator._fields import FieldSpec, FormReader, FormResult
from calculator._inputs import InputError
from calculator._plan import add_months
from calculator._plan_input import MAX_RECORDS_MONTHS, parse_date, parse_plan_request
from calculator._tool import BROKEN_LINK, LinkError, state_number

__all__ = ["decode_plan_state", "encode_plan_state", "plan_example", "plan_fields", "plan_form"]

_DATE_TOKEN = re.compile(r"^\d{8}$")


def plan_fields(schedule: FeeSchedule) -> tuple[FieldSpec, ...]:
    """Every field of the plan form, in display order."""
    t = schedule.timeline
    return (
        FieldSpec(
            name="deadline",
            label="需要取得证书的日期",
            kind="date",
            help="例如投标截止日；不赶日期可以不填，只填开始日期。",
            required=False,
            noun="需要取得证书的日期",
        ),
        FieldSpec(
            name="start",
            label="开始准备的日期（选填）",
            kind="date",
            help="售后服务体系从哪天开始运行；不填按今天。",
            required=False,
            noun="开始准备的日期",
        ),
        FieldSpec(
            name="records_months",
            label="体系已运行并保留记录的月数（选填）",
            kind="count",
            maximum=Decimal(MAX_RECORDS_MONTHS),
            unit="个月",
            help=f"申请前至少要运行 {t.records_months.value} 个月；还没开始就填 0 或不填。",
            required=False,
            noun="已运行的月数",
        ),
    )


def plan_example(_schedule: FeeSchedule) -> dict[str, str]:
    """The worked example: a tender six months from the day the site is built, a system running for a month."""
    return {"deadline": add_months(dt.date.today(), 6).isoformat(), "start": "", "records_months": "1"}


def plan_form(fields: Mapping[str, str], schedule: FeeSchedule) -> FormResult:
    """The plan form's fields → a `plan` input, or the errors of every bad field."""
    form = FormReader(fields)
    specs = plan_fields(schedule)
    data: dict[str, object] = {}
    for spec in specs[:2]:
        text = str(fields.get(spec.name, "")).strip()
        form.values[spec.name] = text
        if not text:
            continue
        try:
            data[spec.name] = parse_date(text, spec.name).isoformat()
        except InputError as err:
            form.errors[spec.name] = err.message
    records = form.number(specs[2])
    if records is not None:
        data["records_months"] = records
    elif "records_months" not in form.errors:
        form.values["records_months"] = ""
    return form.result(data, parse_plan_request, lambda field: field)


def encode_plan_state(values: Mapping[str, str], _schedule: FeeSchedule) -> list[str]:
    """The dates as YYYYMMDD (empty when not given), then the months."""
    return [
        values.get("deadline", "").replace("-", ""),
        values.get("start", "").replace("-", ""),
        values.get("records_months", ""),
    ]


def decode_plan_state(tokens: list[str], schedule: FeeSchedule) -> dict[str, str]:
    """The form's fields from the tokens of `encode_plan_state`."""
    if len(tokens) != len(plan_fields(schedule)):
        raise LinkError("链接与当前的时间规划不一致，无法恢复输入。")
    deadline, start, records = tokens
    for token in (deadline, start):
        if token and not _DATE_TOKEN.match(token):
            raise LinkError(BROKEN_LINK)

    def date(token: str) -> str:
        return f"{token[:4]}-{token[4:6]}-{token[6:]}" if token else ""

    return {
        "deadline": date(deadline),
        "start": date(start),
        "records_months": state_number(records) if records else "",
    }
