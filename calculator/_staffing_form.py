"""The `staffing` tool's form: its fields from the profile, reading what was typed, the example, the URL state."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from calculator._fields import FieldSpec, FormReader, FormResult
from calculator._inputs import InputError, parse_count
from calculator._profile import Profile
from calculator._staffing_input import parse_staffing_request
from calculator._tool import LinkError, state_number

__all__ = ["decode_staffing_state", "encode_staffing_state", "staffing_example", "staffing_fields", "staffing_form"]


def staffing_fields(profile: Profile) -> tuple[FieldSpec, ...]:
    """Every field of the staffing form, in display order."""
    st = profile.staffing
    limit = Decimal(st.max_headcount.value)
    return (
        FieldSpec(
            name="head_office",
            label=f"总部的{st.base}",
            kind="count",
            maximum=limit,
            unit="人",
            help="没有请填 0。",
            noun=f"总部的{st.base}人数",
        ),
        FieldSpec(
            name="branches",
            label=f"分支机构和服务网点的{st.base}",
            kind="count",
            maximum=limit,
            unit="人",
            help="没有分支机构请填 0。",
            noun=f"分支机构和服务网点的{st.base}人数",
        ),
        FieldSpec(
            name="total_staff",
            label="企业总人数（选填）",
            kind="count",
            maximum=limit,
            unit="人",
            help="填写后可做一次粗略核对。",
            required=False,
            noun="企业总人数",
        ),
        FieldSpec(
            name="current_managers",
            label=f"已配备的{st.role}（选填）",
            kind="count",
            maximum=limit,
            unit="人",
            help="填写后显示还差几人。",
            required=False,
            noun=f"已配备的{st.role}人数",
        ),
    )


def staffing_example(_profile: Profile) -> dict[str, str]:
    """The worked example the page shows before Python is ready (the same for any profile)."""
    return {"head_office": "12", "branches": "35", "total_staff": "600", "current_managers": "3"}


def staffing_form(fields: Mapping[str, str], profile: Profile) -> FormResult:
    """The staffing form's fields → a `staffing` input, or the errors of every bad field."""
    form = FormReader(fields)
    data: dict[str, object] = {}
    for spec in staffing_fields(profile):
        number = form.number(spec)
        if number is None:
            if spec.required:
                form.missing(spec, spec.noun)
            elif spec.name not in form.errors:
                form.values[spec.name] = ""
            continue
        try:
            data[spec.name] = parse_count(number, spec.name, spec.noun, profile.staffing.max_headcount.value)
        except InputError as err:
            form.refuse(spec, err)
    return form.result(data, lambda d: parse_staffing_request(d, profile), lambda field: field)


def encode_staffing_state(values: Mapping[str, str], profile: Profile) -> list[str]:
    """Each field's number in form order, empty for an optional field left empty."""
    return [values.get(s.name, "") for s in staffing_fields(profile)]


def decode_staffing_state(tokens: list[str], profile: Profile) -> dict[str, str]:
    """The form's fields from the tokens of `encode_staffing_state`."""
    specs = staffing_fields(profile)
    if len(tokens) != len(specs):
        raise LinkError("链接与当前的配置规则不一致，无法恢复输入。")
    return {
        spec.name: "" if token == "" and not spec.required else state_number(token)
        for spec, token in zip(specs, tokens, strict=True)
    }
