"""The `score` result as the page shows it: figure, grade, next step, charts, assumptions, steps.

One function renders a result, whether it is the worked example baked into the page at build time
or the live result the browser worker computes, so both look exactly the same.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from calculator._checklist_data import CHECKLIST_FROM_SCORE, section_anchor
from calculator._html import e, figure, html_list, inputs_table, section, width_percent
from calculator._labels import STATUSES
from calculator._numbers import plain
from calculator._profile import Profile
from calculator._score_form import modes

__all__ = ["render_score", "render_score_result", "score_disclaimer", "score_inputs", "score_summary"]

if TYPE_CHECKING:
    from calculator._score_json import ScoreJSON


def score_summary(result: ScoreJSON) -> str:
    """One sentence for screen readers and the page title area."""
    text = f"{result['score_text']} 分，{result['grade_label']}。"
    if not result["passed"]:
        text += "".join(result["reasons"])
    elif result["points_to_next"] is not None:
        text += f"距{result['next_grade_label']}还差 {figure(result['points_to_next'])} 分。"
    return text


def score_disclaimer(profile: Profile) -> str:
    """What the printed report says it is, and is not: 示意 only when the profile marks points illustrative."""
    text = "本报告由自评工具生成，只用于企业自我评估，不代表任何认证机构的评价结论。"
    code = profile.standard.code
    if profile.illustrative_points:
        return (
            text + "一级指标分值与等级分数线来自公开资料；二级指标分值为示意，"
            f"正式分值以 {code} 标准文本和认证机构的现场评价为准。"
        )
    return text + f"所用分值与分数线来自“{profile.name}”；正式结论以认证机构依据 {code} 的现场评价为准。"


def render_score(result: ScoreJSON, profile: Profile, values: Mapping[str, str], links: Mapping[str, str]) -> str:
    """The result with the inputs it came from (the form's normalized values)."""
    return render_score_result(result, profile, links=links, inputs=score_inputs(values, profile))


def _next_tools(links: Mapping[str, str]) -> str:
    """Where to go next: the fees estimate, when the site has it."""
    href = links.get("tool:fees")
    if not href:
        return ""
    return f'<p class="gbt-next-tool"><a href="{e(href)}">按你的规模估算费用</a>：认证要花多少钱、每年多少。</p>'


def render_score_result(
    result: ScoreJSON,
    profile: Profile,
    *,
    links: Mapping[str, str] | None = None,
    inputs: Sequence[tuple[str, str]] = (),
) -> str:
    """A `score` result as an HTML fragment (the worked example and the live result alike)."""
    parts = [
        f'<div class="gbt-result gbt-result--score" data-gbt-result-grade="{e(result["grade"])}">',
        '<div class="gbt-result__head"><p class="gbt-figure"><span class="gbt-figure__value" data-gbt-score>'
        f'{e(result["score_text"])}</span><span class="gbt-figure__unit">分</span></p>{_badge(result)}</div>',
        _scale(result, profile),
        f'<p class="gbt-breakdown">{e(_breakdown(result))}。</p>',
        _verdict(result, profile),
        _categories(result),
        _weakest(result, links or {}),
        _next_tools(links or {}),
    ]
    if result["excluded"]:
        known = {x.id for x in profile.indicators}
        names = "、".join(profile.indicator(i).name for i in result["excluded"] if i in known)
        parts.append(f'<p class="gbt-excluded">已删减（不适用）：{e(names)}。</p>')
    parts.append('<div class="gbt-result__notes">')
    parts.append(inputs_table(inputs))
    if result["assumptions"]:
        parts.append(section("gbt-assumptions", "本结果用到的假设", html_list(result["assumptions"])))
    parts.append(section("gbt-steps", "计算过程", html_list(result["steps"], "ol")))
    parts.append("</div></div>")
    return "".join(parts)


def _badge(result: ScoreJSON) -> str:
    stars = result["stars"] or 0
    star_html = f'<span class="gbt-badge__stars" aria-hidden="true">{"★" * stars}</span>' if stars else ""
    return (
        f'<p class="gbt-badge gbt-badge--{e(result["grade"])}" data-gbt-grade="{e(result["grade"])}">'
        f'<span class="gbt-badge__label">{e(result["grade_short"])}</span>{star_html}'
        f'<span class="gbt-visually-hidden">（{e(result["grade_label"])}）</span></p>'
    )


def _scale(result: ScoreJSON, profile: Profile) -> str:
    total = profile.total.value
    ticks = "".join(
        f'<span class="gbt-scale__tick" style="left: {width_percent(g.min.value, total)}%">'
        f'<span class="gbt-scale__tick-label">{e(plain(g.min.value))}</span></span>'
        for g in profile.grades
        if g.min is not None
    )
    width = width_percent(result["score"], total)
    label = f"得分 {result['score_text']} 分，满分 {plain(total)} 分"
    return (
        f'<div class="gbt-scale" role="img" aria-label="{e(label)}">'
        f'<div class="gbt-scale__track"><div class="gbt-scale__fill gbt-fill--{e(result["grade"])}" '
        f'style="width: {width}%"></div>{ticks}</div></div>'
    )


def _breakdown(result: ScoreJSON) -> str:
    text = f"基础得分 {result['base_score_text']} 分"
    if result["deduction_count"]:
        text += f"，特别扣分 {result['deduction_count']} 项共 −{figure(result['deductions'])} 分"
    if result["bonus"]:
        text += f"，特别加分 +{figure(result['bonus'])} 分"
    return text


def _verdict(result: ScoreJSON, profile: Profile) -> str:
    """Why it fails and what to fix; else the way to the next grade, or that the top one is reached."""
    if not result["passed"]:
        body = html_list(result["reasons"])
        if result["deductions_to_remove"]:
            body += (
                f"<p>特别扣分项要少于 {e(profile.special_deductions.fail_at.value)} 项才能评级："
                f"至少要有 {e(result['deductions_to_remove'])} 项涉及的问题在审核前就整改到位。</p>"
            )
        if result["points_to_next"] is not None:
            body += (
                f"<p>得分还需提高 {e(figure(result['points_to_next']))} 分，"
                f"才能达到{e(result['next_grade_label'])}分数线 {e(figure(result['next_threshold']))} 分。</p>"
            )
        return section("gbt-reasons", "为什么不合格", body)
    if result["next_grade"]:
        gap = result["points_to_next"]
        text = (
            f"距{result['next_grade_label']}（{figure(result['next_threshold'])} 分）还差 {figure(gap)} 分。"
            if gap is not None
            else f"已达到{result['next_grade_label']}的分数线。"
        )
        return f'<p class="gbt-next">{e(text)}</p>'
    return f'<p class="gbt-next">已达到最高等级{e(result["grade_label"])}。</p>'


def _categories(result: ScoreJSON) -> str:
    rows = []
    for c in result["categories"]:
        whole = c["applicable"]
        of = f"{figure(whole)}" + ("（删减后）" if c["applicable"] != c["max"] else "")
        label = f"{c['name']}：{c['earned_text']} 分，满分 {of} 分"
        rows.append(
            '<div class="gbt-bar">'
            f'<div class="gbt-bar__label"><span>{e(c["name"])}</span>'
            f'<span class="gbt-bar__value">{e(c["earned_text"])} / {e(of)} 分</span></div>'
            f'<div class="gbt-bar__track" role="img" aria-label="{e(label)}">'
            f'<div class="gbt-bar__fill" style="width: {width_percent(c["earned"], whole)}%"></div></div></div>'
        )
    return section("gbt-chart", "各一级指标得分", "".join(rows))


def _weakest(result: ScoreJSON, links: Mapping[str, str]) -> str:
    if not result["weakest"]:
        return ""
    items = []
    for w in result["weakest"]:
        href = links.get(w["id"]) or links.get("indicators")
        name = f"{w['clause']} {w['name']}"
        title = f'<a href="{e(href)}">{e(name)}</a>' if href else e(name)
        items.append(
            f"<li><span class='gbt-weak__name'>{title}</span>"
            f"<span class='gbt-weak__status'>{e(w['status_label'])}</span>"
            f"<span class='gbt-weak__lost'>失 {e(w['lost_text'])} 分（满分 {e(figure(w['points']))}）</span>"
            f"<a class='gbt-weak__prep' href='{e(CHECKLIST_FROM_SCORE)}#{e(section_anchor(w['id']))}'>"
            f"<span class='gbt-visually-hidden'>{e(w['name'])}：</span>迎审准备清单</a></li>"
        )
    return section("gbt-weak", "失分最多的指标", f'<ol class="gbt-weak__list">{"".join(items)}</ol>')


def score_inputs(values: Mapping[str, str], profile: Profile) -> list[tuple[str, str]]:
    """The validated scoring inputs as (label, value) rows for the printed report."""
    rows: list[tuple[str, str]] = []
    mode = values.get("mode", "quick")
    rows.append(("计分方式", modes(profile).get(mode, mode)))
    if mode == "quick":
        for c in profile.categories:
            rows.append((f"{c.name}（满分 {plain(c.points.value)}）", f"{values.get(f'categories.{c.id}', '')} 分"))
    else:
        rows.extend(_indicator_rows(values, profile))
    kinds = [
        f"{k.label} {values.get(f'special_deductions.{k.id}')} 项"
        for k in profile.special_deductions.kinds
        if values.get(f"special_deductions.{k.id}", "0") not in ("", "0")
    ]
    rows.append(("特别扣分项", "；".join(kinds) if kinds else "无"))
    rows.append(("特别加分项", "有" if values.get("bonus") == "1" else "无"))
    return rows


def _indicator_rows(values: Mapping[str, str], profile: Profile) -> list[tuple[str, str]]:
    rows = []
    for ind in profile.indicators:
        base = f"indicators.{ind.id}"
        status = values.get(f"{base}.status", "conform")
        text = STATUSES[status].label if status in STATUSES else status
        if status == "partial":
            text += (
                f"：抽查 {values.get(f'{base}.samples', '')} 个，不符合 {values.get(f'{base}.nonconforming', '')} 个"
            )
        rows.append((f"{ind.clause} {ind.name}", text))
    return rows
