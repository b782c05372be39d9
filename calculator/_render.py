"""HTML for the calculator pages: the forms, the results, the page shell.

One function renders a result, whether it is the worked example baked into the page at build
time or the live result the browser worker computes, so both look exactly the same. Every piece
of text goes through `html.escape`; numbers and ids come from the validated result.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from calculator._forms import MODES, Calculator, FieldSpec, score_fields, staffing_fields
from calculator._numbers import plain
from calculator._profile import Profile

__all__ = [
    "CONFIDENCE",
    "render_calculator",
    "render_score_form",
    "render_score_result",
    "render_staffing_form",
    "render_staffing_result",
    "score_inputs",
    "score_summary",
    "staffing_inputs",
    "staffing_summary",
]

BLANK_IMAGE = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"
CONFIDENCE: dict[str, str] = {"2+": "多个来源一致", "1": "仅见于单一来源", "0": "本站假设"}
ROUNDING: dict[str, str] = {"up": "向上取整", "down": "向下取整", "nearest": "四舍五入"}
DISCLAIMERS: dict[str, str] = {
    "score": (
        "本报告由自评工具生成，只用于企业自我评估，不代表任何认证机构的评价结论。一级指标分值与等级分数线来自公开资料；"
        "二级指标分值为示意，正式分值以 GB/T 27922-2011 标准文本和认证机构的现场评价为准。"
    ),
    "staffing": (
        "本报告由自评工具生成，只用于企业自我评估，不代表任何认证机构的评价结论。配置比例来自公开资料，"
        "最少人数与取整方式的可信度见上表；应配备人数以认证机构的审核意见为准。"
    ),
}


# Shown instead of the load status when scripts are off (the worked example below stays readable).
NOSCRIPT = (
    "这个计算器需要浏览器启用 JavaScript（并支持 WebAssembly，新版 Chrome、Edge、Firefox、Safari 和微信内置浏览器都支持）"
    "才能按你的输入计算。当前浏览器没有启用 JavaScript：下方表单中的数值和结果只是示例；本站其他页面不受影响，可以正常阅读。"
)


def e(text: object) -> str:
    """Escaped text for element content and attribute values."""
    return html.escape(str(text), quote=True)


def _num(value: object) -> str:
    """A result number as text: 36 → '36', 84.04 → '84.04'."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | Decimal):
        return plain(Decimal(value))
    if isinstance(value, float):
        return plain(Decimal(repr(value)))
    return str(value)


def _percent(part: object, whole: object) -> str:
    """A CSS width from two result numbers, 0–100 with one decimal."""
    try:
        p, w = Decimal(_num(part)), Decimal(_num(whole))
    except ArithmeticError:
        return "0"
    if w <= 0:
        return "0"
    share = max(Decimal(0), min(Decimal(100), p / w * 100))
    return plain(share.quantize(Decimal("0.1")))


def _list(items: Iterable[str], tag: str = "ul", cls: str = "") -> str:
    attr = f' class="{e(cls)}"' if cls else ""
    return f"<{tag}{attr}>" + "".join(f"<li>{e(i)}</li>" for i in items) + f"</{tag}>"


def _section(cls: str, title: str, body: str) -> str:
    return f'<section class="gbt-section {e(cls)}"><h3>{e(title)}</h3>{body}</section>'


def _inputs_table(inputs: Sequence[tuple[str, str]]) -> str:
    if not inputs:
        return ""
    rows = "".join(f"<tr><th scope='row'>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in inputs)
    return _section("gbt-inputs", "输入", f'<table class="gbt-table"><tbody>{rows}</tbody></table>')


# --------------------------------------------------------------------- results


def score_summary(result: Mapping[str, Any]) -> str:
    """One sentence for screen readers and the page title area."""
    text = f"{result['score_text']} 分，{result['grade_label']}。"
    if not result["passed"]:
        text += "".join(result["reasons"])
    elif result.get("points_to_next") is not None:
        text += f"距{result['next_grade_label']}还差 {_num(result['points_to_next'])} 分。"
    return text


def _badge(result: Mapping[str, Any]) -> str:
    stars = int(result.get("stars") or 0)
    star_html = f'<span class="gbt-badge__stars" aria-hidden="true">{"★" * stars}</span>' if stars else ""
    return (
        f'<p class="gbt-badge gbt-badge--{e(result["grade"])}" data-gbt-grade="{e(result["grade"])}">'
        f'<span class="gbt-badge__label">{e(result["grade_short"])}</span>{star_html}'
        f'<span class="gbt-visually-hidden">（{e(result["grade_label"])}）</span></p>'
    )


def _scale(result: Mapping[str, Any], profile: Profile) -> str:
    total = profile.total.value
    ticks = "".join(
        f'<span class="gbt-scale__tick" style="left: {_percent(g.min.value, total)}%">'
        f'<span class="gbt-scale__tick-label">{e(plain(g.min.value))}</span></span>'
        for g in profile.grades
        if g.min is not None
    )
    width = _percent(result["score"], total)
    label = f"得分 {result['score_text']} 分，满分 {plain(total)} 分"
    return (
        f'<div class="gbt-scale" role="img" aria-label="{e(label)}">'
        f'<div class="gbt-scale__track"><div class="gbt-scale__fill gbt-fill--{e(result["grade"])}" '
        f'style="width: {width}%"></div>{ticks}</div></div>'
    )


def _categories(result: Mapping[str, Any]) -> str:
    rows = []
    for c in result["categories"]:
        whole = c["applicable"]
        of = f"{_num(whole)}" + ("（删减后）" if c["applicable"] != c["max"] else "")
        label = f"{c['name']}：{c['earned_text']} 分，满分 {of} 分"
        rows.append(
            '<div class="gbt-bar">'
            f'<div class="gbt-bar__label"><span>{e(c["name"])}</span>'
            f'<span class="gbt-bar__value">{e(c["earned_text"])} / {e(of)} 分</span></div>'
            f'<div class="gbt-bar__track" role="img" aria-label="{e(label)}">'
            f'<div class="gbt-bar__fill" style="width: {_percent(c["earned"], whole)}%"></div></div></div>'
        )
    return _section("gbt-chart", "各一级指标得分", "".join(rows))


def _weakest(result: Mapping[str, Any], links: Mapping[str, str]) -> str:
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
            f"<span class='gbt-weak__lost'>失 {e(w['lost_text'])} 分（满分 {e(_num(w['points']))}）</span></li>"
        )
    return _section("gbt-weak", "失分最多的指标", f'<ol class="gbt-weak__list">{"".join(items)}</ol>')


def render_score_result(
    result: Mapping[str, Any],
    profile: Profile,
    *,
    links: Mapping[str, str] | None = None,
    inputs: Sequence[tuple[str, str]] = (),
) -> str:
    """A `score` result as an HTML fragment (the worked example and the live result alike)."""
    links = links or {}
    parts = [f'<div class="gbt-result gbt-result--score" data-gbt-result-grade="{e(result["grade"])}">']
    parts.append('<div class="gbt-result__head">')
    parts.append(
        '<p class="gbt-figure"><span class="gbt-figure__value" data-gbt-score>'
        f'{e(result["score_text"])}</span><span class="gbt-figure__unit">分</span></p>'
    )
    parts.append(_badge(result))
    parts.append("</div>")
    parts.append(_scale(result, profile))

    breakdown = f"基础得分 {result['base_score_text']} 分"
    if result["deduction_count"]:
        breakdown += f"，特别扣分 {result['deduction_count']} 项共 −{_num(result['deductions'])} 分"
    if result["bonus"]:
        breakdown += f"，特别加分 +{_num(result['bonus'])} 分"
    parts.append(f'<p class="gbt-breakdown">{e(breakdown)}。</p>')

    if not result["passed"]:
        body = _list(result["reasons"])
        if result.get("deductions_to_remove"):
            body += f"<p>要摆脱不合格，至少需整改消除 {e(result['deductions_to_remove'])} 项特别扣分项。</p>"
        if result.get("points_to_next") is not None:
            body += (
                f"<p>得分还需提高 {e(_num(result['points_to_next']))} 分，"
                f"才能达到{e(result['next_grade_label'])}分数线 {e(_num(result['next_threshold']))} 分。</p>"
            )
        parts.append(_section("gbt-reasons", "为什么不合格", body))
    elif result.get("next_grade"):
        gap = result.get("points_to_next")
        text = (
            f"距{result['next_grade_label']}（{_num(result['next_threshold'])} 分）还差 {_num(gap)} 分。"
            if gap is not None
            else f"已达到{result['next_grade_label']}的分数线。"
        )
        parts.append(f'<p class="gbt-next">{e(text)}</p>')
    else:
        parts.append(f'<p class="gbt-next">已达到最高等级{e(result["grade_label"])}。</p>')

    parts.append(_categories(result))
    parts.append(_weakest(result, links))
    if result["excluded"]:
        names = "、".join(
            profile.indicator(i).name for i in result["excluded"] if i in {x.id for x in profile.indicators}
        )
        parts.append(f'<p class="gbt-excluded">已删减（不适用）：{e(names)}。</p>')
    parts.append('<div class="gbt-result__notes">')
    parts.append(_inputs_table(inputs))
    if result["assumptions"]:
        parts.append(_section("gbt-assumptions", "本结果用到的假设", _list(result["assumptions"])))
    parts.append(_section("gbt-steps", "计算过程", _list(result["steps"], "ol")))
    parts.append("</div></div>")
    return "".join(parts)


def staffing_summary(result: Mapping[str, Any]) -> str:
    text = f"应配备{result['rule']['role']}至少 {result['required']} 人。"
    if result.get("shortfall"):
        text += f"还差 {result['shortfall']} 人。"
    elif "shortfall" in result:
        text += "已满足要求。"
    return text


def render_staffing_result(result: Mapping[str, Any], *, inputs: Sequence[tuple[str, str]] = ()) -> str:
    """A `staffing` result as an HTML fragment."""
    rule = result["rule"]
    parts = ['<div class="gbt-result gbt-result--staffing">', '<div class="gbt-result__head">']
    parts.append(
        '<p class="gbt-figure"><span class="gbt-figure__value" data-gbt-required>'
        f'{e(result["required"])}</span><span class="gbt-figure__unit">人</span></p>'
    )
    parts.append(f'<p class="gbt-figure__caption">应配备{e(rule["role"])}（至少）</p></div>')
    parts.append(
        f'<p class="gbt-breakdown">{e(rule["base"])}共 {e(result["service_managers"])} 人 × '
        f"{e(rule['ratio_percent'])}% = {e(_exact(result['exact']))} 人，{e(ROUNDING[rule['rounding']])}"
        f"，且至少 {e(rule['minimum'])} 人。</p>"
    )
    if "shortfall" in result:
        if result["shortfall"]:
            verdict = f"已配备 {result['current_managers']} 人，还差 {result['shortfall']} 人。"
            cls = "gbt-verdict gbt-verdict--short"
        else:
            extra = f"，比要求多 {result['surplus']} 人" if result.get("surplus") else ""
            verdict = f"已配备 {result['current_managers']} 人，满足要求{extra}。"
            cls = "gbt-verdict gbt-verdict--ok"
        parts.append(f'<p class="{cls}" data-gbt-shortfall="{e(result["shortfall"])}">{e(verdict)}</p>')
    if "rough_estimate" in result:
        rough = (
            f"企业总人数 {result['total_staff']} 人 × 约 {result['rough_percent']}% ≈ "
            f"{_num(result['rough_estimate'])} 人。这只是经验估算（{CONFIDENCE[result['rough_confidence']]}），"
            f"应以 {rule['ratio_percent']}% 规则的结果为准。"
        )
        parts.append(_section("gbt-rough", "粗略核对", f"<p>{e(rough)}</p>"))
    rows = [
        ("条款", f"GB/T 27922-2011 第 {rule['clause']} 条", ""),
        ("比例", f"{rule['base']}的 {rule['ratio_percent']}%", rule["ratio_confidence"]),
        ("最少人数", f"{rule['minimum']} 人", rule["minimum_confidence"]),
        ("不是整数时", ROUNDING[rule["rounding"]], rule["rounding_confidence"]),
    ]
    body = "".join(
        f"<tr><th scope='row'>{e(k)}</th><td>{e(v)}</td><td>{_confidence(c) if c else ''}</td></tr>" for k, v, c in rows
    )
    parts.append(
        _section(
            "gbt-rule",
            "依据的规则",
            f'<table class="gbt-table"><thead><tr><th scope="col">项目</th><th scope="col">规则</th>'
            f'<th scope="col">可信度</th></tr></thead><tbody>{body}</tbody></table>',
        )
    )
    parts.append('<div class="gbt-result__notes">')
    parts.append(_inputs_table(inputs))
    parts.append(_section("gbt-assumptions", "本结果用到的假设", _list(result["assumptions"])))
    parts.append(_section("gbt-steps", "计算过程", _list(result["steps"], "ol")))
    parts.append("</div></div>")
    return "".join(parts)


def _confidence(level: str) -> str:
    cls = {"2+": "high", "1": "single", "0": "assumed"}.get(level, "assumed")
    return f'<span class="gbt-conf gbt-conf--{cls}">{e(CONFIDENCE.get(level, level))}</span>'


def _exact(text: str) -> str:
    """'47/10' → '4.7'; a non-terminating fraction → '约 3.33'."""
    num, _, den = str(text).partition("/")
    if not den:
        return num
    value = Decimal(num) / Decimal(den)
    if value * Decimal(den) == Decimal(num) and len(plain(value)) < 12:
        return plain(value)
    return "约 " + plain(value.quantize(Decimal("0.01"), rounding="ROUND_FLOOR"))


# ---------------------------------------------------------------- input summaries


def score_inputs(values: Mapping[str, str], profile: Profile) -> list[tuple[str, str]]:
    """The validated scoring inputs as (label, value) rows for the printed report."""
    rows: list[tuple[str, str]] = []
    mode = values.get("mode", "quick")
    rows.append(("计分方式", MODES.get(mode, mode)))
    if mode == "quick":
        for c in profile.categories:
            rows.append((f"{c.name}（满分 {plain(c.points.value)}）", f"{values.get(f'categories.{c.id}', '')} 分"))
    else:
        labels = {"conform": "符合", "nonconform": "不符合", "na": "不适用（删减）", "partial": "部分不符合"}
        for ind in profile.indicators:
            base = f"indicators.{ind.id}"
            status = values.get(f"{base}.status", "conform")
            text = labels.get(status, status)
            if status == "partial":
                text += f"：抽查 {values.get(f'{base}.samples', '')} 个，不符合 {values.get(f'{base}.nonconforming', '')} 个"
            rows.append((f"{ind.clause} {ind.name}", text))
    kinds = [
        f"{k.label} {values.get(f'special_deductions.{k.id}')} 项"
        for k in profile.special_deductions.kinds
        if values.get(f"special_deductions.{k.id}", "0") not in ("", "0")
    ]
    rows.append(("特别扣分项", "；".join(kinds) if kinds else "无"))
    rows.append(("特别加分项", "有" if values.get("bonus") == "1" else "无"))
    return rows


def staffing_inputs(values: Mapping[str, str], profile: Profile) -> list[tuple[str, str]]:
    rows = []
    for spec in staffing_fields(profile):
        value = values.get(spec.name, "")
        rows.append((spec.label.replace("（选填）", ""), f"{value} 人" if value else "未填写"))
    return rows


# ------------------------------------------------------------------------- forms


def _id(name: str) -> str:
    return "gbt-f-" + name.replace(".", "-")


def _label_text(label: str) -> str:
    """“组织架构：抽查样本数” shows “抽查样本数” inside its indicator; the full text stays the accessible name."""
    context, colon, own = label.partition("：")
    if not colon:
        return e(label)
    return f'<span class="gbt-visually-hidden">{e(context)}：</span>{e(own)}'


def _text_field(spec: FieldSpec, value: str, cls: str = "") -> str:
    fid = _id(spec.name)
    help_html = f'<p class="gbt-help" id="{fid}-help">{e(spec.help)}</p>' if spec.help else ""
    described = f"{fid}-help {fid}-error" if spec.help else f"{fid}-error"
    mode = "decimal" if spec.kind == "points" else "numeric"
    unit = f'<span class="gbt-unit" aria-hidden="true">{e(spec.unit)}</span>' if spec.unit else ""
    return (
        f'<div class="gbt-field {e(cls)}" data-gbt-field="{e(spec.name)}">'
        f'<label class="gbt-label" for="{fid}">{_label_text(spec.label)}</label>'
        f'<div class="gbt-input"><input id="{fid}" name="{e(spec.name)}" type="text" inputmode="{mode}" '
        f'autocomplete="off" spellcheck="false" value="{e(value)}" aria-describedby="{described}">{unit}</div>'
        f"{help_html}"
        f'<p class="gbt-error" id="{fid}-error" data-gbt-error-for="{e(spec.name)}"></p></div>'
    )


def _group_error(name: str) -> str:
    return f'<p class="gbt-error gbt-error--group" id="{_id(name)}-error" data-gbt-error-for="{e(name)}"></p>'


def render_score_form(profile: Profile, values: Mapping[str, str]) -> str:
    """The scoring form, generated from the profile, filled with `values`."""
    specs = {s.name: s for s in score_fields(profile)}
    out = ['<form class="gbt-form" data-gbt-form="score" novalidate autocomplete="off">']

    mode = values.get("mode", "quick")
    radios = "".join(
        f'<label class="gbt-choice"><input type="radio" name="mode" value="{e(k)}"'
        f"{' checked' if k == mode else ''}> {e(v)}</label>"
        for k, v in MODES.items()
    )
    out.append(
        f'<fieldset class="gbt-fieldset gbt-mode"><legend>计分方式</legend>{radios}{_group_error("mode")}</fieldset>'
    )

    total = plain(profile.total.value)
    out.append(
        f'<fieldset class="gbt-fieldset gbt-quick"><legend>一级指标得分（满分 {e(total)} 分）</legend>'
        '<p class="gbt-help">按自查或评审记录，填写每项一级指标的得分。</p><div class="gbt-grid">'
    )
    for c in profile.categories:
        spec = specs[f"categories.{c.id}"]
        out.append(_text_field(spec, values.get(spec.name, "")))
    out.append(f"</div>{_group_error('categories')}</fieldset>")

    out.append(
        '<fieldset class="gbt-fieldset gbt-detailed"><legend>二级指标逐项评价</legend>'
        '<p class="gbt-help">每项选“符合”“部分不符合”“不符合”或“不适用”。部分不符合时填写抽查样本数和其中不符合的个数，'
        "按比例扣分；不适用的指标删减后按比例折算。二级指标分值为示意。</p>"
    )
    for c in profile.categories:
        out.append(
            f'<fieldset class="gbt-fieldset gbt-category"><legend>{e(c.clause)} {e(c.name)}'
            f"（{e(plain(c.points.value))} 分）</legend>"
        )
        for ind in profile.indicators_of(c.id):
            base = f"indicators.{ind.id}"
            spec = specs[f"{base}.status"]
            fid = _id(spec.name)
            current = values.get(spec.name, "conform")
            options = "".join(
                f'<option value="{e(k)}"{" selected" if k == current else ""}>{e(v)}</option>' for k, v in spec.choices
            )
            out.append(
                f'<div class="gbt-ind" data-gbt-field="{e(spec.name)}">'
                f'<div class="gbt-ind__head"><label class="gbt-label" for="{fid}">{e(spec.label)}</label>'
                f'<select id="{fid}" name="{e(spec.name)}" aria-describedby="{fid}-help {fid}-error">{options}</select></div>'
                f'<p class="gbt-help" id="{fid}-help">{e(spec.help)}</p>'
                f'<p class="gbt-error" id="{fid}-error" data-gbt-error-for="{e(spec.name)}"></p>'
                '<div class="gbt-partial">'
                + _text_field(specs[f"{base}.samples"], values.get(f"{base}.samples", ""))
                + _text_field(specs[f"{base}.nonconforming"], values.get(f"{base}.nonconforming", ""))
                + "</div></div>"
            )
        out.append("</fieldset>")
    out.append(f"{_group_error('indicators')}</fieldset>")

    sd = profile.special_deductions
    out.append(
        '<fieldset class="gbt-fieldset gbt-deductions"><legend>特别扣分项（按类型填写项数）</legend>'
        f'<p class="gbt-help">每项在评分之外扣 {e(plain(sd.points_each.value))} 分；'
        f"共达到 {e(sd.fail_at.value)} 项即判不合格，与得分高低无关。</p>"
        '<div class="gbt-grid gbt-grid--2">'
    )
    for k in sd.kinds:
        spec = specs[f"special_deductions.{k.id}"]
        out.append(_text_field(spec, values.get(spec.name, spec.default)))
    out.append(f"</div>{_group_error('special_deductions')}</fieldset>")

    bonus = specs["bonus"]
    checked = " checked" if values.get("bonus") == "1" else ""
    out.append(
        '<fieldset class="gbt-fieldset gbt-bonus"><legend>特别加分项</legend>'
        f'<label class="gbt-choice" for="{_id("bonus")}"><input type="checkbox" id="{_id("bonus")}" name="bonus" '
        f'value="1" aria-describedby="{_id("bonus")}-help {_id("bonus")}-error"{checked}> {e(bonus.label)}</label>'
        f'<p class="gbt-help" id="{_id("bonus")}-help">{e(bonus.help)}</p>{_group_error("bonus")}</fieldset>'
    )
    out.append("</form>")
    return "".join(out)


def render_staffing_form(profile: Profile, values: Mapping[str, str]) -> str:
    out = ['<form class="gbt-form" data-gbt-form="staffing" novalidate autocomplete="off">']
    specs = staffing_fields(profile)
    out.append(
        f'<fieldset class="gbt-fieldset"><legend>{e(profile.staffing.base)}</legend><div class="gbt-grid gbt-grid--2">'
    )
    for spec in specs[:2]:
        out.append(_text_field(spec, values.get(spec.name, "")))
    out.append(
        '</div></fieldset><fieldset class="gbt-fieldset"><legend>选填：核对用</legend><div class="gbt-grid gbt-grid--2">'
    )
    for spec in specs[2:]:
        out.append(_text_field(spec, values.get(spec.name, "")))
    out.append("</div></fieldset></form>")
    return "".join(out)


# ------------------------------------------------------------------- page shell


def render_calculator(
    calculator: Calculator,
    *,
    form_html: str,
    result_html: str,
    title: str,
    organization_html: str = "",
    config_json: str = "",
    summary: str = "",
) -> str:
    """The whole calculator block of a page: status, form, result, sharing, print header and footer.

    `organization_html` is the print header's organization block, already rendered by the build
    (siteconfig/organization_html.py: print_header), so it is trusted markup.
    """
    # An attribute, not a <script type="application/json">: Material's instant navigation re-creates
    # the scripts of a new page and would run that JSON as JavaScript.
    config = f' data-gbt-config="{e(config_json)}"' if config_json else ""
    return (
        f'<div class="gbt-calc" data-gbt-calc="{e(calculator)}"{config}>'
        '<header class="gbt-print gbt-print__header">'
        f"{organization_html}"
        f'<div class="gbt-print__meta"><p class="gbt-print__title">{e(title)}报告</p>'
        "<p>日期：<span data-gbt-date></span></p></div></header>"
        f'<noscript><p class="gbt-noscript">{e(NOSCRIPT)}</p></noscript>'
        '<div class="gbt-status" data-gbt-status data-stage="idle">'
        '<p class="gbt-status__text" role="status" data-gbt-status-text>计算程序将在页面打开后自动载入。</p>'
        '<div class="gbt-status__bar" aria-hidden="true"><div class="gbt-status__fill" data-gbt-status-fill></div></div>'
        '<button type="button" class="md-button gbt-status__retry" data-gbt-action="retry" hidden>重试</button>'
        "</div>"
        '<div class="gbt-calc__grid">'
        '<section class="gbt-calc__form" aria-labelledby="gbt-form-title">'
        f'<h2 id="gbt-form-title">填写</h2>{form_html}'
        f'<p class="gbt-mini" aria-hidden="true" data-gbt-mini>{e(summary)}</p></section>'
        '<section class="gbt-calc__result" aria-labelledby="gbt-result-title">'
        '<h2 id="gbt-result-title">结果</h2>'
        '<p class="gbt-visually-hidden" aria-live="polite" data-gbt-live></p>'
        '<p class="gbt-note" data-gbt-note data-kind="example">示例：这是按表单中预填数值算出的结果。'
        "计算程序就绪后，会按你的输入即时重新计算。</p>"
        f'<div class="gbt-result-region" data-gbt-result>{result_html}</div>'
        '<section class="gbt-share" aria-labelledby="gbt-share-title">'
        '<h3 id="gbt-share-title">分享、保存与打印</h3>'
        f'<label class="gbt-label" for="gbt-share-url-{e(calculator)}">当前输入的链接</label>'
        '<div class="gbt-share__row">'
        f'<input id="gbt-share-url-{e(calculator)}" class="gbt-share__url" type="text" readonly data-gbt-share-url '
        'value="" placeholder="计算程序就绪后生成">'
        '<button type="button" class="md-button md-button--primary" data-gbt-action="copy">复制链接</button></div>'
        '<p class="gbt-share__msg" role="status" data-gbt-share-msg></p>'
        # A blank 1×1 image until the worker draws the code: an <img> must have a src.
        f'<figure class="gbt-qr"><img data-gbt-qr src="{BLANK_IMAGE}" alt="当前输入的链接二维码" width="132" height="132" '
        "hidden>"
        "<figcaption>扫码打开同样的输入</figcaption></figure>"
        '<div class="gbt-share__actions">'
        '<button type="button" class="md-button" data-gbt-action="print">打印报告</button>'
        '<button type="button" class="md-button" data-gbt-action="clear">清除已保存的输入</button></div>'
        '<p class="gbt-help">输入只保存在你自己的浏览器里（本地存储），计算也在浏览器里完成，不会发送到任何服务器。</p>'
        '<p class="gbt-help gbt-storage" data-gbt-storage hidden></p>'
        "</section></section></div>"
        f'<footer class="gbt-print gbt-print__footer"><p>{e(DISCLAIMERS[calculator])}</p></footer>'
        "</div>"
    )
