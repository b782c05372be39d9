"""Every label a person reads next to a rule or a result, defined once.

The engine (a result lists the assumptions it used), the forms, the result view and the site's
macros take their wording from here, so a label reads the same wherever it appears.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from html import escape
from typing import Literal

__all__ = [
    "LEVELS",
    "LEVEL_ORDER",
    "ROUNDINGS",
    "STATUSES",
    "Level",
    "Status",
    "label_html",
    "level_for",
    "mode_labels",
    "with_level",
]

Basis = Literal["", "not_found"]


@dataclass(frozen=True)
class Level:
    """How sure the site is of a statement, as shown to a reader.

    `confidence` is what the level counts as ("2+", "1", "0" or "x"): an illustrative value and a
    "nothing found" statement both count as "0", but they read differently.
    """

    key: str
    confidence: str
    label: str
    explanation: str
    css: str


LEVEL_ORDER: tuple[str, ...] = ("2+", "1", "0", "not_found", "illustrative", "x")

LEVELS: Mapping[str, Level] = {
    level.key: level
    for level in (
        Level(
            "2+",
            "2+",
            "多源印证",
            "至少两个不同发布方的公开资料说法一致，或出自标准的正式文本。",
            "multi",
        ),
        Level(
            "1",
            "1",
            "单一来源",
            "只在一个发布方的公开资料里见到，还没有得到另一方印证，宜按“很可能如此”理解。",
            "single",
        ),
        Level(
            "0",
            "0",
            "本站假设",
            "没有公开来源：这是本站的假设、推断或建议做法，不是已经证实的规定。",
            "assumed",
        ),
        Level(
            "not_found",
            "0",
            "未找到来源",
            "本站查找过公开资料，没有找到这方面的说法或无法核实；这句话说的是查找结果，不是规定。",
            "not-found",
        ),
        Level(
            "illustrative",
            "0",
            "示意分值",
            "标准没有公开这一级的分值：这里的数字只用来演示计算方法，不是官方分值。",
            "illustrative",
        ),
        Level(
            "x",
            "x",
            "不可靠说法",
            "网上有这种说法，但本站判断其来源不可靠，只作提醒，不作依据。",
            "unreliable",
        ),
    )
}


def level_for(confidence: str, *, illustrative: bool = False, basis: str = "") -> Level:
    """The level a statement is shown with: its confidence, refined by how it came about."""
    if confidence not in ("2+", "1", "0", "x"):
        raise ValueError(f"unknown confidence {confidence!r}; use 2+, 1, 0 or x")
    if illustrative:
        return LEVELS["illustrative"]
    if basis == "not_found" and confidence == "0":
        return LEVELS["not_found"]
    return LEVELS[confidence]


def label_html(level: Level, *, href: str = "", note: str = "", claim: str = "", legend: bool = False) -> str:
    """A label as inline HTML that stays readable when the paragraph is copied as plain text.

    The brackets are real text, hidden on screen (the label looks like a tag there) but part of
    what a reader copies into a chat: "至少 1 人（单一来源）", not "至少 1 人单一来源". A `legend`
    label explains a level on its own and belongs to no claim.
    """
    tip = f"{level.label}：{level.explanation}"
    if note:
        tip += note
    css = f"conf conf--{level.css}" + (" conf--legend" if legend else "")
    attrs = f'class="{css}" title="{escape(tip)}" data-confidence="{escape(level.key)}"'
    if claim:
        attrs += f' data-claim="{escape(claim)}"'
    inner = f'<span class="conf__sep">（</span>{escape(level.label)}<span class="conf__sep">）</span>'
    if href:
        return f'<a href="{escape(href)}" {attrs}>{inner}</a>'
    return f"<span {attrs}>{inner}</span>"


# ------------------------------------------------------------- calculator labels


@dataclass(frozen=True)
class Status:
    """How an indicator was assessed: `label` in a choice list, `long` where it stands alone."""

    key: str
    label: str
    long: str


STATUSES: Mapping[str, Status] = {
    s.key: s
    for s in (
        Status("conform", "符合", "符合"),
        Status("partial", "部分不符合", "部分不符合（按样本比例）"),
        Status("nonconform", "不符合", "不符合"),
        Status("na", "不适用（删减）", "不适用（删减）"),
    )
}

ROUNDINGS: Mapping[str, str] = {"up": "向上取整", "down": "向下取整（舍去小数）", "nearest": "四舍五入"}


def mode_labels(categories: int, indicators: int) -> dict[str, str]:
    """The two ways of scoring, named with the profile's own counts."""
    return {
        "quick": f"快速计分（{categories} 项一级指标得分）",
        "detailed": f"详细计分（{indicators} 项二级指标逐项评价）",
    }


def with_level(text: str, confidence: str, *, illustrative: bool = False) -> str:
    """A sentence followed by the label of how sure it is: "…即判不合格（单一来源）。"."""
    label = level_for(confidence, illustrative=illustrative).label
    body = text.removesuffix("。")
    return f"{body}（{label}）。"
