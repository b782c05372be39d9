"""HTML building blocks of the results the browser shows: escaping, figures, sections, lists and tables.

Every piece of text goes through `e` (``html.escape``); numbers and ids come from a validated result.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from decimal import Decimal

from calculator._labels import label_html, level_for
from calculator._numbers import plain

__all__ = ["confidence_label", "e", "figure", "html_list", "inputs_table", "section", "width_percent"]


def e(text: object) -> str:
    """Escaped text for element content and attribute values."""
    return html.escape(str(text), quote=True)


def figure(value: object) -> str:
    """A result number as text: 36 → '36', 84.04 → '84.04'."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | Decimal):
        return plain(Decimal(value))
    if isinstance(value, float):
        return plain(Decimal(repr(value)))
    return str(value)


def width_percent(part: object, whole: object) -> str:
    """A CSS width from two result numbers, 0–100 with one decimal."""
    try:
        p, w = Decimal(figure(part)), Decimal(figure(whole))
    except ArithmeticError:
        return "0"
    if w <= 0:
        return "0"
    share = max(Decimal(0), min(Decimal(100), p / w * 100))
    return plain(share.quantize(Decimal("0.1")))


def html_list(items: Iterable[str], tag: str = "ul", cls: str = "") -> str:
    attr = f' class="{e(cls)}"' if cls else ""
    return f"<{tag}{attr}>" + "".join(f"<li>{e(i)}</li>" for i in items) + f"</{tag}>"


def section(cls: str, title: str, body: str) -> str:
    """A titled part of a result; `body` is HTML."""
    return f'<section class="gbt-section {e(cls)}"><h3>{e(title)}</h3>{body}</section>'


def inputs_table(inputs: Sequence[tuple[str, str]]) -> str:
    """The validated inputs as (label, value) rows, for the printed report."""
    if not inputs:
        return ""
    rows = "".join(f"<tr><th scope='row'>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in inputs)
    return section("gbt-inputs", "输入", f'<table class="gbt-table"><tbody>{rows}</tbody></table>')


def confidence_label(confidence: str, claim: str) -> str:
    """How sure a rule is, as the label the site's pages show for it (calculator._labels).

    `claim` is the rule's key in the claims registry (``staffing.ratio``).
    """
    return label_html(level_for(confidence), claim=claim)
