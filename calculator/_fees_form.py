"""The `fees` tool's form: its fields from the fee schedule, reading what was typed, the example, the URL state.

The outlets are one text field holding each fixed service outlet's headcount, separated by commas
or spaces ("5, 12 30"): a company lists as many as it has without the page growing inputs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal

from calculator._fee_schedule import FeeSchedule
from calculator._fees_input import MAX_CATEGORIES, parse_fees_request
from calculator._fields import MAX_TEXT, FieldSpec, FormReader, FormResult
from calculator._inputs import InputError
from calculator._tool import BROKEN_LINK, LinkError, state_number

__all__ = [
    "decode_fees_state",
    "encode_fees_state",
    "fees_example",
    "fees_fields",
    "fees_form",
    "read_outlets",
]

_FULL_WIDTH = str.maketrans({chr(0xFF10 + i): str(i) for i in range(10)})
_SEPARATORS = re.compile(r"[\s,，、;；]+")
_OUTLETS_TOKEN = re.compile(r"^[0-9]{1,9}(-[0-9]{1,9})*$")


def fees_fields(schedule: FeeSchedule) -> tuple[FieldSpec, ...]:
    """Every field of the fees form, in display order."""
    adj = schedule.adjustments
    return (
        FieldSpec(
            name="employees",
            label="企业员工人数",
            kind="count",
            minimum=Decimal(1),
            maximum=Decimal(schedule.complete_up_to),
            unit="人",
            help="认证范围内的员工人数；下面单独列出的固定服务网点的人员不计在内。",
            noun="企业员工人数",
        ),
        FieldSpec(
            name="product_categories",
            label="产品或服务类别数",
            kind="count",
            minimum=Decimal(1),
            maximum=Decimal(MAX_CATEGORIES),
            unit="个",
            help="认证范围覆盖几类产品或服务；不填按 1 个计算。",
            required=False,
            default="1",
            noun="产品或服务类别数",
        ),
        FieldSpec(
            name="outlets",
            label="固定服务网点的人数（选填）",
            kind="counts",
            minimum=Decimal(1),
            maximum=Decimal(schedule.complete_up_to),
            help=f"每个网点填一个人数，用逗号或空格隔开，例如“5, 12”；没有就不填。最多 {adj.max_outlets.value} 个网点。",
            required=False,
            noun="固定服务网点的人数",
        ),
    )


def fees_example(_schedule: FeeSchedule) -> dict[str, str]:
    """The worked example the page shows before Python is ready: the 100-employee company of the fees page."""
    return {"employees": "100", "product_categories": "1", "outlets": ""}


def read_outlets(text: str) -> list[int]:
    """Headcounts separated by commas, 、 or spaces; raises InputError on anything else."""
    if len(text) > MAX_TEXT * 20:
        raise InputError("outlets", "固定服务网点的人数太长，请只填写各网点的人数。")
    cleaned = text.translate(_FULL_WIDTH).strip().strip(",，、;；")
    if not cleaned:
        return []
    counts = []
    for i, part in enumerate(_SEPARATORS.split(cleaned)):
        shown = part.removesuffix("人")
        if not shown.isascii() or not shown.isdigit():
            raise InputError(
                "outlets", f"第 {i + 1} 个网点的人数“{part[:12]}”不是整数。请每个网点填一个人数，用逗号或空格隔开。"
            )
        counts.append(int(shown))
    return counts


def fees_form(fields: Mapping[str, str], schedule: FeeSchedule) -> FormResult:
    """The fees form's fields → a `fees` input, or the errors of every bad field."""
    form = FormReader(fields)
    specs = {s.name: s for s in fees_fields(schedule)}
    data: dict[str, object] = {}
    employees = form.number(specs["employees"])
    if employees is None:
        form.missing(specs["employees"], "企业员工人数")
    else:
        data["employees"] = employees
    categories = form.number(specs["product_categories"])
    if categories is not None:
        data["product_categories"] = categories
    elif "product_categories" not in form.errors:
        form.values["product_categories"] = ""
    try:
        outlets = read_outlets(str(fields.get("outlets", "")))
    except InputError as err:
        form.errors["outlets"] = err.message
    else:
        data["outlets"] = outlets
        form.values["outlets"] = ", ".join(str(n) for n in outlets)
    return form.result(data, lambda d: parse_fees_request(d, schedule), _form_field)


def _form_field(field: str) -> str:
    """The form field that shows an error of the request: one outlet's error belongs to the outlets field."""
    return "outlets" if field.startswith("outlets") else field


def encode_fees_state(values: Mapping[str, str], _schedule: FeeSchedule) -> list[str]:
    """Employees, categories (empty: 1) and the outlets' headcounts joined by "-"."""
    outlets = "-".join(part.strip() for part in values.get("outlets", "").split(",") if part.strip())
    return [values.get("employees", ""), values.get("product_categories", ""), outlets]


def decode_fees_state(tokens: list[str], schedule: FeeSchedule) -> dict[str, str]:
    """The form's fields from the tokens of `encode_fees_state`."""
    if len(tokens) != len(fees_fields(schedule)):
        raise LinkError("链接与当前的费用标准不一致，无法恢复输入。")
    employees, categories, outlets = tokens
    if outlets and not _OUTLETS_TOKEN.match(outlets):
        raise LinkError(BROKEN_LINK)
    return {
        "employees": state_number(employees),
        "product_categories": state_number(categories) if categories else "",
        "outlets": ", ".join(outlets.split("-")) if outlets else "",
    }
