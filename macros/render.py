"""HTML fragments built from the rules profile: tables, lists and labels.

Each function returns one line of HTML (no newlines), so a macro can be
used anywhere in Markdown, even inside an indented admonition.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from html import escape

from calculator import Profile
from calculator._datafile import Fact
from calculator._numbers import percent, plain
from macros.confidence import SOURCES_PAGE, badge
from macros.rules import facts_by_key

__all__ = [
    "Link",
    "category_table",
    "deduction_list",
    "fact_badge",
    "fact_label",
    "facts_table",
    "flow",
    "grade_table",
    "indicator_table",
    "sources_list",
]

Link = Callable[[str], str]


def _table(head: Sequence[str], rows: Iterable[Sequence[str]], caption: str = "") -> str:
    """A plain table (Material wraps it in its own scroll box, so it never widens the page)."""
    cap = f"<caption>{caption}</caption>" if caption else ""
    th = "".join(f"<th>{h}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table>{cap}<thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"


def fact_badge(fact: Fact[object] | Fact[Decimal] | Fact[int], link: Link, note: str = "") -> str:
    """The label a number needs: none when several sources agree, else single-source / assumption / illustrative."""
    if fact.illustrative:
        return badge("illustrative", link(SOURCES_PAGE), note)
    if fact.confidence == "2+":
        return ""
    return badge(fact.confidence, link(SOURCES_PAGE), note)


def _with_badge(text: str, label: str) -> str:
    return f"{text} {label}" if label else text


def category_table(profile: Profile, link: Link) -> str:
    """The first-level indicators with their points and second-level indicators, and the total."""
    rows = []
    for c in profile.categories:
        names = "、".join(escape(i.name) for i in profile.indicators_of(c.id))
        count = len(profile.indicators_of(c.id))
        rows.append(
            [
                f'<span class="clause">{escape(c.clause)}</span> <strong>{escape(c.name)}</strong>',
                _with_badge(f'<span class="num">{plain(c.points.value)}</span> 分', fact_badge(c.points, link)),
                f"{count} 项：{names}",
            ]
        )
    rows.append(
        [
            "<strong>合计</strong>",
            _with_badge(f'<span class="num">{plain(profile.total.value)}</span> 分', fact_badge(profile.total, link)),
            f"{len(profile.indicators)} 项",
        ]
    )
    return (
        '<div class="rules-table rules-table--categories">' + _table(["一级指标", "分值", "二级指标"], rows) + "</div>"
    )


def indicator_table(profile: Profile, link: Link, category: str = "") -> str:
    """The second-level indicators, with clause numbers and illustrative points clearly marked."""
    chosen = profile.indicators_of(category) if category else profile.indicators
    illustrative = any(i.points.illustrative for i in chosen)
    points_word = "示意分值" if illustrative else "分值"
    rows = []
    for ind in chosen:
        clause = escape(ind.clause)
        if ind.clause_confidence == "0":
            clause += '<sup class="mark" title="条款编号按清单顺序推断">*</sup>'
        elif ind.clause_confidence == "1":
            clause += '<sup class="mark" title="条款编号只见于单一来源">†</sup>'
        summary = escape(ind.summary)
        for part in ind.parts:
            summary += (
                f'<br><span class="part">其中 {escape(part.clause)} {escape(part.name)}：'
                f'<span class="num">{plain(part.points.value)}</span> 分 {fact_badge(part.points, link)}</span>'
            )
        parent = "" if category else f"{escape(profile.category(ind.category).name)} · "
        rows.append(
            [
                f'<span class="clause">{clause}</span><br><strong>{escape(ind.name)}</strong>'
                f'<br><span class="sub">{parent}{points_word} <span class="num">{plain(ind.points.value)}</span></span>',
                summary,
            ]
        )
    notes = []
    if illustrative:
        notes.append(f"{points_word}：本站为演示计算而设，不是官方分值 " + badge("illustrative", link(SOURCES_PAGE)))
    if any(i.clause_confidence == "0" for i in chosen):
        notes.append(
            "* 条款编号未见公开原文，按指标清单的顺序推断 " + badge("0", link(SOURCES_PAGE), "编号可能与标准原文不同。")
        )
    if any(i.clause_confidence == "1" for i in chosen):
        notes.append("† 条款编号只见于单一来源 " + badge("1", link(SOURCES_PAGE)))
    note_html = "".join(f'<p class="table-note">{n}</p>' for n in notes)
    return (
        '<div class="rules-table rules-table--indicators">'
        + _table(["条款与指标", "考察要点（转述，非原文）"], rows)
        + note_html
        + "</div>"
    )


def _stars(count: int) -> str:
    if count <= 0:
        return ""
    # role="img": an aria-label is not allowed on a plain span (and screen readers ignore it there).
    return f'<span class="stars" role="img" aria-label="{count} 星">{"★" * count}</span>'


def grade_table(profile: Profile, link: Link) -> str:
    """Grades with inclusive thresholds, the failing grade first; two columns so it fits a phone."""
    sd = profile.special_deductions
    gate_badge = fact_badge(sd.fail_at, link)
    lowest = profile.grades[0].threshold
    rows = [
        [
            f'<strong class="grade grade--fail">{escape(profile.fail_grade.label)}</strong>',
            f'得分低于 <span class="num">{plain(lowest.value)}</span> 分；'
            + _with_badge(f"<br>或特别扣分项达到 {sd.fail_at.value} 项及以上（无论得分多高）", gate_badge),
        ]
    ]
    for index, grade in enumerate(profile.grades):
        upper = profile.grades[index + 1].min if index + 1 < len(profile.grades) else None
        condition = f'<span class="num">{plain(grade.threshold.value)}</span> 分及以上'
        if upper is not None:
            condition += f'，低于 <span class="num">{plain(upper.value)}</span> 分'
        stars = _stars(grade.stars)
        rows.append(
            [
                f'<strong class="grade grade--{escape(grade.id)}">{escape(grade.label)}</strong>'
                + (f"<br>{stars}" if stars else ""),
                _with_badge(condition, fact_badge(grade.threshold, link)),
            ]
        )
    note = f'<p class="table-note">取得任何等级，都还要求特别扣分项少于 {sd.fail_at.value} 项 {gate_badge}。</p>'
    return (
        '<div class="rules-table rules-table--grades">'
        + _table(["结果", "得分条件（分数线含本数）"], rows)
        + note
        + "</div>"
    )


def deduction_list(profile: Profile) -> str:
    """The kinds of special deductions, as a numbered list."""
    items = "".join(f"<li>{escape(k.label)}</li>" for k in profile.special_deductions.kinds)
    return f'<ol class="deduction-kinds">{items}</ol>'


# ------------------------------------------------------------ sources page

_FIELD_LABELS = {
    "scale.total": "总分",
    "special_deductions.points_each": "每个特别扣分项扣分",
    "special_deductions.fail_at": "判为不合格的特别扣分项数",
    "special_deductions.max_count": "特别扣分项输入上限（仅用于输入校验）",
    "special_bonus.points": "特别加分项加分",
    "special_bonus.max_items": "特别加分项最多项数",
    "exclusions.rescale": "删减后按涉及项分值折算",
    "staffing.ratio": "售后服务管理师配置比例",
    "staffing.minimum": "售后服务管理师最少人数",
    "staffing.rounding": "管理师人数的取整方式",
    "staffing.manager_share_of_headcount": "管理人员约占企业总人数",
    "staffing.rough_share_of_headcount": "管理师约占企业总人数（粗略估算）",
    "staffing.max_headcount": "人数输入上限（仅用于输入校验）",
}


def fact_label(profile: Profile, key: str) -> str:
    """A Chinese name for a fact key of calculator._profile.iter_facts."""
    if key in _FIELD_LABELS:
        return _FIELD_LABELS[key]
    parts = key.split(".")
    if parts[0] == "categories":
        return f"一级指标“{profile.category(parts[1]).name}”分值"
    if parts[0] == "indicators" and len(parts) == 3:
        ind = profile.indicator(parts[1])
        return f"二级指标“{ind.name}”（{ind.clause}）分值"
    if parts[0] == "indicators":
        ind = profile.indicator(parts[1])
        clause = ".".join(parts[3:-1])
        names = [p.name for p in ind.parts if p.clause == clause]
        return f"{clause} {names[0] if names else ''}分值"
    if parts[0] == "grades":
        return f"{profile.grade(parts[1]).label}分数线"
    return key


def _fact_value(key: str, fact: Fact[object]) -> str:
    value = fact.value
    if isinstance(value, bool):
        return "是" if value else "否"
    if key.startswith("staffing.") and key.endswith(("ratio", "share_of_headcount")) and isinstance(value, Decimal):
        return f"{percent(value)}%"
    if key == "staffing.rounding":
        return {"up": "向上取整", "down": "向下取整", "nearest": "四舍五入"}.get(str(value), str(value))
    if isinstance(value, Decimal):
        return plain(value)
    return escape(str(value))


def facts_table(profile: Profile, link: Link) -> str:
    """Every number of the rules profile with its source and confidence (two columns, to fit a phone)."""
    rows = []
    for key, fact in facts_by_key(profile).items():
        source = profile.sources[fact.source]
        if fact.illustrative:
            level = badge("illustrative", link(SOURCES_PAGE))
        else:
            level = badge(fact.confidence, link(SOURCES_PAGE))
        rows.append(
            [
                f'{escape(fact_label(profile, key))}：<strong class="num">{_fact_value(key, fact)}</strong>',
                f'<a href="#src-{escape(fact.source)}">{escape(source.label)}</a> {level}',
            ]
        )
    return '<div class="rules-table rules-table--facts">' + _table(["规则项与取值", "来源与可信度"], rows) + "</div>"


def sources_list(profile: Profile) -> str:
    """The profile's sources, each with an anchor the facts table links to."""
    items = []
    for key, source in profile.sources.items():
        refs = "；".join(f"<code>{escape(r)}</code>" for r in source.refs) or "（无外部来源）"
        items.append(f'<li id="src-{escape(key)}"><strong>{escape(source.label)}</strong><br>{refs}</li>')
    return f'<ul class="source-list">{"".join(items)}</ul>'


# ----------------------------------------------------------------- diagrams


def flow(steps: Sequence[Sequence[str]], label: str = "流程图") -> str:
    """A vertical flow diagram as an ordered list: each step is (title, text) or (title, text, tag).

    Plain HTML and CSS instead of Mermaid: no script to download, readable on a
    phone, selectable and found by the site search.
    """
    items = []
    for number, step in enumerate(steps, start=1):
        title, text = step[0], step[1]
        tag = step[2] if len(step) > 2 else ""
        tag_html = f'<span class="flow__tag">{escape(tag)}</span>' if tag else ""
        css = "flow__step flow__step--stage" if tag else "flow__step"
        items.append(
            f'<li class="{css}"><span class="flow__no" aria-hidden="true">{number}</span>'
            f'<div class="flow__body"><strong class="flow__title">{escape(title)}</strong>{tag_html}'
            f'<span class="flow__text">{escape(text)}</span></div></li>'
        )
    return f'<figure class="flow" role="group" aria-label="{escape(label)}"><ol>{"".join(items)}</ol></figure>'
