"""What a person typed into the calculator forms, turned into the JSON contract or per-field errors.

The browser sends every form field as the text it holds (``{name: text}``). Field names are the
contract paths (``categories.service_system``, ``indicators.repair.samples``, ``head_office`` …), so
an `InputError` from `calculator._inputs` points straight at the field to flag.

Text is read strictly but kindly: full-width digits (３５), surrounding spaces, a comma as the
decimal separator (35,5) and a trailing unit (35 分) are accepted because they are unambiguous;
anything else is refused with a Chinese message that names the allowed range. Ranges and labels
come from the rules profile, and the range checks themselves are those of `calculator._inputs`,
so the form can never accept what the API refuses. Nothing is clamped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Literal

from calculator._inputs import (
    STATUSES,
    InputError,
    parse_assessment,
    parse_count,
    parse_points,
    parse_score_request,
    parse_staffing_request,
)
from calculator._numbers import plain
from calculator._profile import Profile

__all__ = [
    "FieldSpec",
    "FormResult",
    "read_number",
    "score_example",
    "score_fields",
    "score_form",
    "staffing_example",
    "staffing_fields",
    "staffing_form",
]

Kind = Literal["points", "count", "status", "flag", "mode"]
Calculator = Literal["score", "staffing"]

MODES: dict[str, str] = {"quick": "快速计分（3 项一级指标得分）", "detailed": "详细计分（15 项二级指标逐项评价）"}
STATUS_CHOICES: tuple[tuple[str, str], ...] = (
    ("conform", "符合"),
    ("partial", "部分不符合"),
    ("nonconform", "不符合"),
    ("na", "不适用（删减）"),
)
_TRUE = ("1", "on", "true", "yes")
_FALSE = ("", "0", "off", "false", "no")
# Longest text read as a number: nobody types more, and Decimal work stays bounded.
MAX_TEXT = 40


@dataclass(frozen=True)
class FieldSpec:
    """One form field, described from the profile (labels, range, unit, help)."""

    name: str
    label: str
    kind: Kind
    minimum: Decimal = Decimal(0)
    maximum: Decimal = Decimal(0)
    decimals: int = 0
    unit: str = ""
    help: str = ""
    required: bool = True
    default: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    group: str = ""
    noun: str = ""  # how messages name the value, e.g. “总部的服务管理人员人数”

    @property
    def range_text(self) -> str:
        """'0 到 40 分，最多 2 位小数' / '0 到 99 之间的整数'."""
        low, high = plain(self.minimum), plain(self.maximum)
        if self.kind == "points":
            places = f"，最多 {self.decimals} 位小数" if self.decimals else "，只能是整数"
            return f"{low} 到 {high} {self.unit}{places}"
        return f"{low} 到 {high} 之间的整数"


@dataclass(frozen=True)
class FormResult:
    """`data` is the contract input when every field is valid; otherwise `errors` maps field → message."""

    data: dict[str, object] | None
    errors: dict[str, str]
    values: dict[str, str] = field(default_factory=dict)  # normalized text of the fields that were read

    @property
    def ok(self) -> bool:
        return self.data is not None


# ------------------------------------------------------------------ reading text

_TRANSLATE = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},  # ０–９
        "．": ".",
        "。": ".",
        "｡": ".",
        "，": ",",
        "－": "-",
        "﹣": "-",
        "−": "-",
        "＋": "+",
    }
)
_NUMBER = re.compile(r"^([+-]?)([0-9]*)(?:([.,])([0-9]*))?$")


class _TextError(ValueError):
    """Text that is not a number; the message is completed with the field's range by the caller."""


def read_number(text: str, unit: str = "") -> Decimal | None:
    """A number from typed text, None for an empty field; raises _TextError for anything ambiguous.

    >>> read_number("３５,５ 分", "分")
    Decimal('35.5')
    """
    if len(text) > MAX_TEXT:
        raise _TextError("太长，不是一个数字")
    s = text.translate(_TRANSLATE).strip()
    if unit and s.endswith(unit):
        s = s[: -len(unit)].rstrip()
    if not s:
        return None
    if any(ch.isspace() for ch in s):
        raise _TextError("中间有空格，无法确定是哪个数")
    m = _NUMBER.match(s)
    if not m or not (m.group(2) or m.group(4)):
        raise _TextError("不是有效的数字")
    sign, whole, sep, frac = m.groups()
    if sep == "," and whole and len(frac) == 3:
        raise _TextError("中的逗号可能是千位分隔符，也可能是小数点，无法确定；请去掉逗号或改用小数点“.”")
    try:
        return Decimal(f"{sign}{whole or '0'}" + (f".{frac}" if frac else ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only digits
        raise _TextError("不是有效的数字") from None


def _flag(text: str) -> bool | None:
    t = text.strip().lower()
    if t in _TRUE:
        return True
    if t in _FALSE:
        return False
    return None


# ---------------------------------------------------------------- field specs


def _deduction_fields(profile: Profile) -> tuple[FieldSpec, ...]:
    sd = profile.special_deductions
    each = plain(sd.points_each.value)
    return tuple(
        FieldSpec(
            name=f"special_deductions.{k.id}",
            label=k.label,
            kind="count",
            maximum=Decimal(sd.max_count.value),
            unit="项",
            help=f"每项扣 {each} 分；没有请填 0 或留空。",
            required=False,
            default="0",
            group="special_deductions",
        )
        for k in sd.kinds
    )


def _bonus_field(profile: Profile) -> FieldSpec:
    sb = profile.special_bonus
    return FieldSpec(
        name="bonus",
        label=f"有特别加分项（加 {plain(sb.points.value)} 分）",
        kind="flag",
        help=sb.description,
        required=False,
        default="0",
        group="bonus",
    )


def score_fields(profile: Profile) -> tuple[FieldSpec, ...]:
    """Every field of the scoring form, in display order."""
    decimals = profile.input_decimals.value
    fields: list[FieldSpec] = [
        FieldSpec(name="mode", label="计分方式", kind="mode", choices=tuple(MODES.items()), default="quick")
    ]
    for c in profile.categories:
        fields.append(
            FieldSpec(
                name=f"categories.{c.id}",
                label=f"{c.name}（{c.clause}）",
                kind="points",
                maximum=c.points.value,
                decimals=decimals,
                unit="分",
                help=f"满分 {plain(c.points.value)} 分。",
                group="categories",
            )
        )
    limit = Decimal(profile.staffing.max_headcount.value)
    for ind in profile.indicators:
        points = plain(ind.points.value)
        base = f"indicators.{ind.id}"
        fields.append(
            FieldSpec(
                name=f"{base}.status",
                label=f"{ind.clause} {ind.name}",
                kind="status",
                choices=STATUS_CHOICES if profile.exclusions_rescale.value else STATUS_CHOICES[:3],
                help=f"{ind.summary}（{points} 分{'，示意分值' if ind.points.illustrative else ''}）",
                default="conform",
                group=ind.category,
            )
        )
        fields.append(
            FieldSpec(
                name=f"{base}.samples",
                label=f"{ind.name}：抽查样本数",
                kind="count",
                minimum=Decimal(1),
                maximum=limit,
                unit="个",
                required=False,
                group=ind.category,
            )
        )
        fields.append(
            FieldSpec(
                name=f"{base}.nonconforming",
                label=f"{ind.name}：其中不符合的样本数",
                kind="count",
                maximum=limit,
                unit="个",
                required=False,
                group=ind.category,
            )
        )
    return (*fields, *_deduction_fields(profile), _bonus_field(profile))


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


def score_example(profile: Profile) -> dict[str, str]:
    """The worked example the page shows before Python is ready (and the form's initial values)."""
    values = {spec.name: spec.default for spec in score_fields(profile)}
    for c in profile.categories:
        # 90 % of each category, rounded down: 36 + 31 + 22 = 89 with the default rules.
        values[f"categories.{c.id}"] = plain(
            (c.points.value * Decimal("0.9")).to_integral_value(rounding="ROUND_FLOOR")
        )
    return values


def staffing_example(profile: Profile) -> dict[str, str]:
    return {"head_office": "12", "branches": "35", "total_staff": "600", "current_managers": "3"}


# ------------------------------------------------------------------- validating


def _message(err: InputError, spec: FieldSpec) -> str:
    """An InputError's message, completed with the allowed range when it does not say it already."""
    if " 到 " in err.message:
        return err.message
    return f"{err.message.rstrip('。')}。允许 {spec.range_text}。"


def _read(spec: FieldSpec, fields: Mapping[str, str], errors: dict[str, str], values: dict[str, str]) -> Decimal | None:
    """The number typed into spec's field, or None (empty or wrong; `errors` then says why if it must)."""
    text = fields.get(spec.name, "")
    if not isinstance(text, str):
        errors[spec.name] = f"请填写 {spec.range_text}。"
        return None
    try:
        number = read_number(text, spec.unit)
    except _TextError as exc:
        shown = text.strip()
        shown = shown if len(shown) <= 12 else shown[:12] + "…"
        errors[spec.name] = f"“{shown}”{exc}。请填写 {spec.range_text}。"
        return None
    if number is None:
        return None
    values[spec.name] = plain(number)
    return number


def _empty(spec: FieldSpec, errors: dict[str, str], what: str) -> None:
    errors[spec.name] = f"请填写{what}（{spec.range_text}）。"


def score_form(fields: Mapping[str, str], profile: Profile) -> FormResult:
    """The scoring form's fields → a `score` input, or the errors of every bad field."""
    specs = {s.name: s for s in score_fields(profile)}
    errors: dict[str, str] = {}
    values: dict[str, str] = {}
    data: dict[str, object] = {}

    mode = str(fields.get("mode", "quick")).strip() or "quick"
    if mode not in MODES:
        errors["mode"] = f"计分方式应为{'或'.join(MODES.values())}。"
        mode = "quick"
    values["mode"] = mode

    if mode == "quick":
        categories: dict[str, Decimal] = {}
        for c in profile.categories:
            spec = specs[f"categories.{c.id}"]
            number = _read(spec, fields, errors, values)
            if number is None:
                if spec.name not in errors:
                    _empty(spec, errors, f"“{c.name}”的得分")
                continue
            try:
                categories[c.id] = parse_points(
                    number, spec.name, f"“{c.name}”得分", c.points.value, profile.input_decimals.value
                )
            except InputError as err:
                errors[spec.name] = _message(err, spec)
        data["categories"] = categories
    else:
        indicators: dict[str, dict[str, object]] = {}
        for ind in profile.indicators:
            base = f"indicators.{ind.id}"
            status = str(fields.get(f"{base}.status", "conform")).strip() or "conform"
            entry: dict[str, object] = {"status": status}
            if status == "partial":
                samples_spec, bad_spec = specs[f"{base}.samples"], specs[f"{base}.nonconforming"]
                samples = _read(samples_spec, fields, errors, values)
                bad = _read(bad_spec, fields, errors, values)
                if samples is None and samples_spec.name not in errors:
                    _empty(samples_spec, errors, f"“{ind.name}”的抽查样本数")
                if bad is None and bad_spec.name not in errors:
                    _empty(bad_spec, errors, f"“{ind.name}”中不符合的样本数")
                if samples is None or bad is None:
                    continue
                entry["samples"] = samples
                entry["nonconforming"] = bad
            try:
                parse_assessment(entry, base, ind.name, profile)
            except InputError as err:
                spec = specs.get(err.field, specs[f"{base}.status"])
                errors[spec.name] = _message(err, spec) if spec.kind == "count" else err.message
                continue
            values[f"{base}.status"] = status
            indicators[ind.id] = entry
        data["indicators"] = indicators

    kinds: list[str] = []
    for spec in _deduction_fields(profile):
        number = _read(spec, fields, errors, values)
        if number is None:
            if spec.name not in errors:
                values[spec.name] = "0"
            continue
        try:
            count = parse_count(number, spec.name, f"“{spec.label}”的项数", int(spec.maximum))
        except InputError as err:
            errors[spec.name] = _message(err, spec)
            continue
        kinds.extend([spec.name.split(".", 1)[1]] * count)
    data["special_deductions"] = kinds

    bonus_text = fields.get("bonus", "")
    bonus = _flag(bonus_text) if isinstance(bonus_text, str) else None
    if bonus is None:
        errors["bonus"] = "特别加分项只能勾选或不勾选。"
    else:
        data["bonus"] = bonus
        values["bonus"] = "1" if bonus else "0"

    if errors:
        return FormResult(None, errors, values)
    try:
        parse_score_request(data, profile)
    except InputError as err:
        return FormResult(None, {_form_field(err.field): err.message}, values)
    return FormResult(data, {}, values)


def _form_field(contract_field: str) -> str:
    """The form field (or field group) an InputError from the full contract check points at."""
    if contract_field.startswith("special_deductions"):
        return "special_deductions"
    if contract_field == "categories":
        return "categories"
    return contract_field


def staffing_form(fields: Mapping[str, str], profile: Profile) -> FormResult:
    """The staffing form's fields → a `staffing` input, or the errors of every bad field."""
    errors: dict[str, str] = {}
    values: dict[str, str] = {}
    data: dict[str, object] = {}
    st = profile.staffing
    for spec in staffing_fields(profile):
        number = _read(spec, fields, errors, values)
        if number is None:
            if spec.name in errors:
                continue
            if spec.required:
                _empty(spec, errors, spec.noun)
            else:
                values[spec.name] = ""
            continue
        try:
            data[spec.name] = parse_count(number, spec.name, spec.noun, st.max_headcount.value)
        except InputError as err:
            errors[spec.name] = _message(err, spec)
    if errors:
        return FormResult(None, errors, values)
    try:
        parse_staffing_request(data, profile)
    except InputError as err:
        return FormResult(None, {err.field: err.message}, values)
    return FormResult(data, {}, values)


def form(calculator: Calculator, fields: Mapping[str, str], profile: Profile) -> FormResult:
    return score_form(fields, profile) if calculator == "score" else staffing_form(fields, profile)


def status_label(status: str) -> str:
    return STATUSES.get(status, status)
