"""The `score` form's HTML, built at build time from the profile and filled with the example.

Both modes are in the page; the browser script shows the one chosen. Detailed mode has a select
per indicator, grouped by first-level indicator, with the sample counts shown for "partial".
"""

from __future__ import annotations

from collections.abc import Mapping

from calculator._fields import FieldSpec
from calculator._html import e
from calculator._labels import STATUSES
from calculator._numbers import plain
from calculator._page_widgets import field_id, group_error, text_field
from calculator._profile import Indicator, Profile
from calculator._score_form import modes, score_fields

__all__ = ["render_score_form"]

Specs = Mapping[str, FieldSpec]


def render_score_form(profile: Profile, values: Mapping[str, str]) -> str:
    """The scoring form, generated from the profile, filled with `values`."""
    specs = {s.name: s for s in score_fields(profile)}
    return (
        '<form class="gbt-form" data-gbt-form="score" novalidate autocomplete="off">'
        + _mode(profile, values)
        + _quick(profile, specs, values)
        + _detailed(profile, specs, values)
        + _deductions(profile, specs, values)
        + _bonus(specs, values)
        + "</form>"
    )


def _mode(profile: Profile, values: Mapping[str, str]) -> str:
    mode = values.get("mode", "quick")
    radios = "".join(
        f'<label class="gbt-choice"><input type="radio" name="mode" value="{e(k)}"'
        f"{' checked' if k == mode else ''}> {e(v)}</label>"
        for k, v in modes(profile).items()
    )
    return f'<fieldset class="gbt-fieldset gbt-mode"><legend>计分方式</legend>{radios}{group_error("mode")}</fieldset>'


def _quick(profile: Profile, specs: Specs, values: Mapping[str, str]) -> str:
    fields = "".join(
        text_field(specs[f"categories.{c.id}"], values.get(f"categories.{c.id}", "")) for c in profile.categories
    )
    return (
        f'<fieldset class="gbt-fieldset gbt-quick"><legend>一级指标得分（满分 {e(plain(profile.total.value))} 分）</legend>'
        '<p class="gbt-help">按自查或评审记录，填写每项一级指标的得分。</p><div class="gbt-grid">'
        f"{fields}</div>{group_error('categories')}</fieldset>"
    )


def _detailed(profile: Profile, specs: Specs, values: Mapping[str, str]) -> str:
    out = [
        '<fieldset class="gbt-fieldset gbt-detailed"><legend>二级指标逐项评价</legend>'
        f'<p class="gbt-help">{e(_detailed_help(profile, specs))}</p>'
    ]
    for c in profile.categories:
        out.append(
            f'<fieldset class="gbt-fieldset gbt-category"><legend>{e(c.clause)} {e(c.name)}'
            f"（{e(plain(c.points.value))} 分）</legend>"
        )
        out.extend(_indicator(ind, specs, values) for ind in profile.indicators_of(c.id))
        out.append("</fieldset>")
    out.append(f"{group_error('indicators')}</fieldset>")
    return "".join(out)


def _detailed_help(profile: Profile, specs: Specs) -> str:
    """How to assess an indicator, in the words of the choices offered; 示意 only when the profile says so."""
    choices = [label for _, label in specs[f"indicators.{profile.indicators[0].id}.status"].choices]
    partial, na = STATUSES["partial"].label, STATUSES["na"].label
    quoted = [f"“{c}”" for c in choices]
    text = f"每项选{''.join(quoted[:-1])}或{quoted[-1]}。{partial}时填写抽查样本数和其中不符合的个数，按比例扣分"
    text += f"；{na}的指标删减后按比例折算。" if na in choices else "。"
    if profile.illustrative_points:
        text += "二级指标分值为示意。"
    return text


def _indicator(ind: Indicator, specs: Specs, values: Mapping[str, str]) -> str:
    """An indicator's status select, with its sample counts for "partial"."""
    base = f"indicators.{ind.id}"
    spec = specs[f"{base}.status"]
    fid = field_id(spec.name)
    current = values.get(spec.name, "conform")
    options = "".join(
        f'<option value="{e(k)}"{" selected" if k == current else ""}>{e(v)}</option>' for k, v in spec.choices
    )
    return (
        f'<div class="gbt-ind" data-gbt-field="{e(spec.name)}">'
        f'<div class="gbt-ind__head"><label class="gbt-label" for="{fid}">{e(spec.label)}</label>'
        f'<select id="{fid}" name="{e(spec.name)}" aria-describedby="{fid}-help {fid}-error">{options}</select></div>'
        f'<p class="gbt-help" id="{fid}-help">{e(spec.help)}</p>'
        f'<p class="gbt-error" id="{fid}-error" data-gbt-error-for="{e(spec.name)}"></p>'
        '<div class="gbt-partial">'
        + text_field(specs[f"{base}.samples"], values.get(f"{base}.samples", ""))
        + text_field(specs[f"{base}.nonconforming"], values.get(f"{base}.nonconforming", ""))
        + "</div></div>"
    )


def _deductions(profile: Profile, specs: Specs, values: Mapping[str, str]) -> str:
    sd = profile.special_deductions
    fields = "".join(
        text_field(spec, values.get(spec.name, spec.default))
        for spec in (specs[f"special_deductions.{k.id}"] for k in sd.kinds)
    )
    return (
        '<fieldset class="gbt-fieldset gbt-deductions"><legend>特别扣分项（按类型填写项数）</legend>'
        f'<p class="gbt-help">每项在评分之外扣 {e(plain(sd.points_each.value))} 分；'
        f"共达到 {e(sd.fail_at.value)} 项即判不合格，与得分高低无关。</p>"
        f'<div class="gbt-grid gbt-grid--2">{fields}</div>{group_error("special_deductions")}</fieldset>'
    )


def _bonus(specs: Specs, values: Mapping[str, str]) -> str:
    bonus = specs["bonus"]
    fid = field_id("bonus")
    checked = " checked" if values.get("bonus") == "1" else ""
    return (
        '<fieldset class="gbt-fieldset gbt-bonus"><legend>特别加分项</legend>'
        f'<label class="gbt-choice" for="{fid}"><input type="checkbox" id="{fid}" name="bonus" '
        f'value="1" aria-describedby="{fid}-help {fid}-error"{checked}> {e(bonus.label)}</label>'
        f'<p class="gbt-help" id="{fid}-help">{e(bonus.help)}</p>{group_error("bonus")}</fieldset>'
    )
