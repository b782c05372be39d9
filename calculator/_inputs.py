"""Reading untrusted JSON-like input: the checks every tool's request parser is built from.

Nothing here clamps or guesses: a value outside its range, of the wrong type,
or under an unknown key is refused with an `InputError` whose Chinese message names the field.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from calculator._numbers import plain

__all__ = [
    "InputError",
    "as_decimal",
    "as_object",
    "join_field",
    "no_unknown",
    "parse_count",
    "parse_points",
    "type_name",
]


class InputError(ValueError):
    """Input that cannot be used; `field` is the offending key, `message` says why in Chinese."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")

    def to_json(self) -> dict[str, dict[str, str]]:
        """The error as the command line and the worker print it: ``{"error": {"field", "message"}}``."""
        return {"error": {"field": self.field, "message": self.message}}


def type_name(value: object) -> str:
    """What a JSON value is, in Chinese, for messages."""
    if value is None:
        return "空值（null）"
    if isinstance(value, bool):
        return "布尔值"
    if isinstance(value, (int, float, Decimal)):
        return "数字"
    if isinstance(value, str):
        return "文本"
    if isinstance(value, (list, tuple)):
        return "列表"
    if isinstance(value, Mapping):
        return "对象"
    return type(value).__name__


def as_object(value: object, field: str, what: str) -> Mapping[str, object]:
    """A JSON object with text keys, else an InputError saying what `what` should have been."""
    if not isinstance(value, Mapping) or not all(isinstance(k, str) for k in value):
        raise InputError(field, f"{what}应为一个对象（键值对），实际是{type_name(value)}。")
    return value


def join_field(prefix: str, key: str) -> str:
    """The path of `key` inside `prefix` (``categories.service_system``)."""
    return f"{prefix}.{key}" if prefix else key


def no_unknown(data: Mapping[str, object], allowed: tuple[str, ...], prefix: str, what: str) -> None:
    """Refuse a key outside `allowed`: a typo must not be silently ignored."""
    for key in data:
        if key not in allowed:
            raise InputError(
                join_field(prefix, key) or "input", f"未知的{what}“{key}”。可用的有：{'、'.join(allowed)}。"
            )


def as_decimal(value: object, field: str, label: str) -> Decimal:
    """A finite number from JSON (Decimal when parsed with parse_float=Decimal), never a bool or text."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise InputError(field, f"{label}应为数字，实际是{type_name(value)}。")
    try:
        # repr() of a float is the shortest text that reads back the same: what a person typed.
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except InvalidOperation:
        raise InputError(field, f"{label}不是有效的数字。") from None
    if not number.is_finite():
        raise InputError(field, f"{label}应为有限的数字。")
    return number


def parse_count(value: object, field: str, label: str, maximum: int) -> int:
    """A whole number 0..maximum; 3.0 is accepted as 3, 2.5 is refused."""
    number = as_decimal(value, field, label)
    if number != number.to_integral_value():
        raise InputError(field, f"{label}应为整数（人数或项数不能有小数），实际是 {plain(number)}。")
    if number < 0 or number > maximum:
        raise InputError(field, f"{label}应在 0 到 {maximum} 之间，实际是 {plain(number)}。")
    return int(number)


def parse_points(value: object, field: str, label: str, maximum: Decimal, decimals: int) -> Decimal:
    """Points 0..maximum with at most `decimals` decimal places (finer input is refused, not rounded)."""
    number = as_decimal(value, field, label)
    if number < 0 or number > maximum:
        raise InputError(field, f"{label}应在 0 到 {plain(maximum)} 分之间，实际是 {plain(number)}。")
    if number != number.quantize(Decimal(1).scaleb(-decimals), rounding="ROUND_DOWN"):
        raise InputError(field, f"{label}最多保留 {decimals} 位小数，实际是 {plain(number)}。")
    return number
