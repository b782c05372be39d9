"""What a person typed into a calculator form: field specs, typed numbers read kindly, an error per field.

The browser sends every form field as the text it holds (``{name: text}``). Field names are the
contract paths (``categories.service_system``, ``indicators.repair.samples``, ``head_office`` …), so
an `InputError` from a tool's request parser points straight at the field to flag.

Text is read strictly but kindly: full-width digits (３５), surrounding spaces, a comma as the
decimal separator (35,5) and a trailing unit (35 分) are accepted because they are unambiguous;
anything else is refused with a Chinese message that names the allowed range. Ranges and labels
come from the data, and the range checks themselves are those of the tool's request parser, so a
form can never accept what the JSON contract refuses. Nothing is clamped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Literal

from calculator._inputs import InputError
from calculator._numbers import plain

__all__ = ["MAX_TEXT", "FieldSpec", "FormReader", "FormResult", "read_flag", "read_number"]

# counts: several, in one text field; date: an ISO calendar date (the browser's date picker)
Kind = Literal["points", "count", "counts", "date", "status", "flag", "mode"]
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
        if self.kind == "date":
            return "“年-月-日”格式的日期，例如 2027-03-31"
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


def read_flag(text: object) -> bool | None:
    """A checkbox's text as a bool; None when it is neither on nor off."""
    if not isinstance(text, str):
        return None
    t = text.strip().lower()
    if t in _TRUE:
        return True
    if t in _FALSE:
        return False
    return None


# ------------------------------------------------------------------ one form


class FormReader:
    """Reads the fields of one form, collecting each field's error and the normalized text of the rest."""

    def __init__(self, fields: Mapping[str, str]) -> None:
        self.fields = fields
        self.errors: dict[str, str] = {}
        self.values: dict[str, str] = {}

    def text(self, name: str, default: str) -> str:
        """A choice field's text, stripped; `default` when missing or empty."""
        return str(self.fields.get(name, default)).strip() or default

    def number(self, spec: FieldSpec) -> Decimal | None:
        """The number typed into spec's field, or None (empty or wrong; `errors` then says why if it must)."""
        text = self.fields.get(spec.name, "")
        if not isinstance(text, str):
            self.errors[spec.name] = f"请填写 {spec.range_text}。"
            return None
        try:
            number = read_number(text, spec.unit)
        except _TextError as exc:
            shown = text.strip()
            shown = shown if len(shown) <= 12 else shown[:12] + "…"
            self.errors[spec.name] = f"“{shown}”{exc}。请填写 {spec.range_text}。"
            return None
        if number is None:
            return None
        self.values[spec.name] = plain(number)
        return number

    def missing(self, spec: FieldSpec, what: str) -> None:
        """Flag an empty required field, unless it already has an error."""
        if spec.name not in self.errors:
            self.errors[spec.name] = f"请填写{what}（{spec.range_text}）。"

    def refuse(self, spec: FieldSpec, err: InputError) -> None:
        """Flag a value the request parser refused, completed with the allowed range when it does not say it."""
        message = err.message if " 到 " in err.message else f"{err.message.rstrip('。')}。允许 {spec.range_text}。"
        self.errors[spec.name] = message

    def result(
        self, data: dict[str, object], check: Callable[[dict[str, object]], object], field_of: Callable[[str], str]
    ) -> FormResult:
        """The form's result: `data` once the whole request passes `check`, else every error found.

        `field_of` maps the field an error of the whole-request check names to the form field (or
        group of fields) that shows it.
        """
        if self.errors:
            return FormResult(None, self.errors, self.values)
        try:
            check(data)
        except InputError as err:
            return FormResult(None, {field_of(err.field): err.message}, self.values)
        return FormResult(data, {}, self.values)
