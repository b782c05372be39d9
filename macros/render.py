"""HTML fragments built from the rules profile: tables, lists and labels.

Each function returns one line of HTML (no newlines), so a macro can be
used anywhere in Markdown, even inside an indented admonition.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from html import escape

from calculator import Profile
from calculator._numbers import plain

__all__ = ["Label", "category_table", "deduction_list", "flow", "grade_table", "indicator_table"]

# A claim id → the label the claim needs where it is stated ("" when several publishers agree);
# macros.claims.claim_label bound to the registry and the current page. The ids each table uses
# are listed in macros.claims.table_claims.
Label = Callable[[str], str]


def _table(head: Sequence[str], rows: Iterable[Sequence[str]], caption: str = "") -> str:
    """A plain table (Material wraps it in its own scroll box, so it never widens the page)."""
    cap = f"<caption>{caption}</caption>" if caption else ""
    th = "".join(f"<th>{h}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table>{cap}<thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"


def _with_badge(text: str, badge: str) -> str:
    return f"{text}{badge}"


def category_table(profile: Profile, label: Label) -> str:
    """The first-level indicators with their points and second-level indicators, and the total."""
    rows = []
    for c in profile.categories:
        names = "、".join(escape(i.name) for i in profile.indicators_of(c.id))
        count = len(profile.indicators_of(c.id))
        rows.append(
            [
                f'<span class="clause">{escape(c.clause)}</span> <strong>{escape(c.name)}</strong>',
                _with_badge(f'<span class="num">{plain(c.points.value)}</span> 分', label(f"categories.{c.id}.points")),
                f"{count} 项：{names}",
            ]
        )
    rows.append(
        [
            "<strong>合计</strong>",
            _with_badge(f'<span class="num">{plain(profile.total.value)}</span> 分', label("scale.total")),
            f"{len(profile.indicators)} 项",
        ]
    )
    return (
        '<div class="rules-table rules-table--categories">' + _table(["一级指标", "分值", "二级指标"], rows) + "</div>"
    )


def indicator_table(profile: Profile, label: Label, category: str = "") -> str:
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
            clause += '<sup class="mark" title="条款编号只见于一个来源">†</sup>'
        summary = escape(ind.summary)
        for part in ind.parts:
            summary += (
                f'<br><span class="part">其中 {escape(part.clause)} {escape(part.name)}：'
                f'<span class="num">{plain(part.points.value)}</span> 分 {label(f"indicators.{ind.id}.parts.{part.clause}.points")}</span>'
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
        first = next(i for i in chosen if i.points.illustrative)
        notes.append(f"{points_word}：本站为演示计算而设，不是官方分值" + label(f"indicators.{first.id}.points"))
    if any(i.clause_confidence == "0" for i in chosen):
        notes.append("* 条款编号未见公开原文，按指标清单的顺序推断" + label("clauses.numbers_inferred"))
    if any(i.clause_confidence == "1" for i in chosen):
        notes.append("† 条款编号只见于一个来源" + label("clauses.numbers_single"))
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


def grade_table(profile: Profile, label: Label) -> str:
    """Grades with inclusive thresholds, the failing grade first; two columns so it fits a phone."""
    sd = profile.special_deductions
    gate_badge = label("special_deductions.fail_at")
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
                _with_badge(condition, label(f"grades.{grade.id}.min")),
            ]
        )
    note = f'<p class="table-note">取得任何等级，都还要求特别扣分项少于 {sd.fail_at.value} 项{gate_badge}。</p>'
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
