"""Exact number helpers: the rules never touch binary floats."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

__all__ = ["Number", "ceil_div", "ceil_to", "json_number", "percent", "plain", "round_count", "to_fraction", "truncate"]

Number = int | float  # a figure in a result JSON


def to_fraction(number: Decimal | Fraction | int) -> Fraction:
    return number if isinstance(number, Fraction) else Fraction(number)


def ceil_div(numerator: int, denominator: int) -> int:
    """⌈numerator / denominator⌉ in integers."""
    return -(-numerator // denominator)


def round_count(value: Fraction, mode: str) -> int:
    """A head count from an exact value: 'up', 'down' or 'nearest' (half up)."""
    if mode == "up":
        return ceil_div(value.numerator, value.denominator)
    if mode == "down":
        return value.numerator // value.denominator
    if mode == "nearest":
        return (2 * value.numerator + value.denominator) // (2 * value.denominator)
    raise ValueError(f"unknown rounding {mode!r}")


def _steps(units: int, decimals: int) -> Decimal:
    """`units` steps of 10^-decimals, with exactly `decimals` places (as Decimal.quantize gives them)."""
    return Decimal(units).scaleb(-decimals)


# Integer arithmetic on the Fraction: exact, and several times faster than Decimal division with a
# correction (these run dozens of times per result, on every keystroke in the browser).
def truncate(value: Fraction, decimals: int) -> Decimal:
    """The largest number with `decimals` places not above value (never rounds up)."""
    return _steps(value.numerator * 10**decimals // value.denominator, decimals)


def ceil_to(value: Fraction, decimals: int) -> Decimal:
    """The smallest number with `decimals` places not below value."""
    return _steps(ceil_div(value.numerator * 10**decimals, value.denominator), decimals)


def plain(number: Decimal | Fraction | int) -> str:
    """An exact number as text, without exponent or trailing zeros: 94.50 -> '94.5'."""
    if isinstance(number, Fraction):
        d = Decimal(number.numerator) / Decimal(number.denominator)
        if Fraction(d) != number:
            raise ValueError(f"{number} is not a terminating decimal")
        number = d
    text = format(Decimal(number).normalize(), "f")
    return "0" if text in ("-0", "") else text


def percent(share: Decimal | Fraction) -> str:
    """0.10 -> '10', 0.015 -> '1.5'."""
    return plain(to_fraction(share) * 100)


def json_number(value: Fraction, decimals: int) -> Number:
    """A figure for a result JSON: truncated to `decimals`, an int when it is whole."""
    shown = truncate(value, decimals)
    return int(shown) if shown == shown.to_integral_value() else float(shown)
