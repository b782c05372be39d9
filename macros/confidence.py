"""Confidence labels: every single-source or assumed fact is marked where it appears."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

__all__ = ["LEVELS", "SOURCES_PAGE", "Level", "badge"]

# The anchor on the sources page that explains the levels.
SOURCES_PAGE = "sources/#levels"


@dataclass(frozen=True)
class Level:
    """A confidence level: its key in the data, its label and explanation, its CSS class."""

    key: str
    label: str
    explanation: str
    css: str


LEVELS: dict[str, Level] = {
    level.key: level
    for level in (
        Level("2+", "多源印证", "至少两个不同网站的公开资料说法一致。", "conf--multi"),
        Level("1", "单一来源", "只在一个公开来源中找到，尚未得到独立印证，请按“很可能如此”理解。", "conf--single"),
        Level("0", "本站假设", "没有找到公开来源：这是本站的假设、推断或建议做法，不是已证实的规定。", "conf--assumed"),
        Level("x", "不可靠说法", "网上有这种说法，但本站判断其来源不可靠，只作提醒，不作依据。", "conf--unreliable"),
        Level(
            "illustrative",
            "示意分值",
            "标准未公开二级指标的分值：这里的数字只用来演示计算方法，不是官方分值。",
            "conf--illustrative",
        ),
    )
}


def badge(level: str, href: str, note: str = "") -> str:
    """An inline label linking to the explanation of the level; `note` adds a specific reason to the tooltip."""
    try:
        found = LEVELS[level]
    except KeyError:
        raise ValueError(f"unknown confidence level {level!r}; use one of {', '.join(LEVELS)}") from None
    tip = f"{found.label}：{found.explanation}"
    if note:
        tip = f"{tip}{note}"
    return (
        f'<a class="conf {found.css}" href="{escape(href)}" title="{escape(tip)}" '
        f'data-confidence="{escape(found.key)}">{escape(found.label)}</a>'
    )
