"""The `fees` result as the page shows it (and prints it, as a one-page quote): totals, man-days, items, notes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from calculator._fee_schedule import STAGES, FeeSchedule, band_key, fee_claim_id
from calculator._fees import STAGE_NAMES
from calculator._fees_form import fees_fields
from calculator._html import confidence_label, e, figure, html_list, inputs_table, section

__all__ = ["fees_disclaimer", "fees_inputs", "fees_summary", "render_fees", "render_fees_result"]

if TYPE_CHECKING:
    from calculator._fees_json import FeesJSON, ItemJSON

_WHEN = {"first_year": "第一年", "surveillance_year": "之后每年", "recertification": "再认证（下一周期）"}


def _yuan(value: object) -> str:
    return f"{figure(value)} 元"


def fees_summary(result: FeesJSON) -> str:
    """One sentence for screen readers and the page title area."""
    c = result["costs"]
    return (
        f"第一年约 {_yuan(c['first_year'])}，之后每年约 {_yuan(c['surveillance_year'])}，"
        f"{c['years']} 年合计约 {_yuan(c['three_year_total'])}（不含食宿交通）。"
    )


def fees_disclaimer(schedule: FeeSchedule) -> str:
    """What the printed quote says it is, and is not."""
    return (
        f"本估算按“{schedule.name}”计算，只用于预算参考，不是报价或合同。{schedule.caveat}"
        "人日数和各项假设的可信度见上文。"
    )


def render_fees(result: FeesJSON, schedule: FeeSchedule, values: Mapping[str, str], _links: Mapping[str, str]) -> str:
    """The result with the inputs it came from (the form's normalized values)."""
    return render_fees_result(result, inputs=fees_inputs(values, schedule))


def render_fees_result(result: FeesJSON, *, inputs: Sequence[tuple[str, str]] = ()) -> str:
    """A `fees` result as an HTML fragment."""
    c = result["costs"]
    band = result["band"]
    md = result["man_days"]
    parts = [
        '<div class="gbt-result gbt-result--fees"><div class="gbt-result__head">'
        '<p class="gbt-figure"><span class="gbt-figure__value" data-gbt-first-year>'
        f'{e(figure(c["first_year"]))}</span><span class="gbt-figure__unit">元</span></p>'
        '<p class="gbt-figure__caption">第一年费用（不含食宿交通）</p></div>',
        '<dl class="gbt-totals">'
        f"<div><dt>之后每年</dt><dd data-gbt-surveillance-year>{e(_yuan(c['surveillance_year']))}</dd></div>"
        f"<div><dt>{e(c['years'])} 年合计</dt><dd data-gbt-three-years>{e(_yuan(c['three_year_total']))}</dd></div>"
        f"<div><dt>期满再认证评审费</dt><dd>{e(_yuan(c['recertification_review']))}</dd></div></dl>",
        f'<p class="gbt-breakdown">员工 {e(result["employees"])} 人（{e(band["low"])}–{e(band["high"])} 人一档）：'
        f"初次认证 {e(figure(md['initial']))} 人日，每次监督审核 {e(figure(md['surveillance']))} 人日，"
        f"再认证 {e(figure(md['recertification']))} 人日；每人日 {e(_yuan(result['rate']['per_man_day']))}。</p>",
        _days_table(result),
        _items_table(result),
        section("gbt-not-included", "不在估算之内", html_list(result["excluded"])),
        '<div class="gbt-result__notes">',
        inputs_table(inputs),
        section("gbt-data-notes", "数据的可信度", html_list(result["notes"])),
        section("gbt-steps", "计算过程", html_list(result["steps"], "ol")),
        "</div></div>",
    ]
    return "".join(parts)


def _days_table(result: FeesJSON) -> str:
    detail = result["man_days_detail"]
    band = result["band"]
    rows = "".join(
        f"<tr><th scope='row'>{e(STAGE_NAMES[stage])}</th><td>{e(figure(detail[stage]['band']))}</td>"
        f"<td>{e(figure(detail[stage]['categories']))}</td>"
        f"<td>{e(figure(detail[stage]['outlets_total']))}</td>"
        f"<td data-gbt-days='{e(stage)}'><strong>{e(figure(detail[stage]['total']))}</strong></td></tr>"
        for stage in STAGES
    )
    return section(
        "gbt-man-days",
        "审核人日数",
        '<table class="gbt-table"><thead><tr><th scope="col">审核</th><th scope="col">按员工人数</th>'
        '<th scope="col">类别增加</th><th scope="col">网点增加</th><th scope="col">合计（人日）</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
        f"<p class='gbt-help'>人日数对照表中这一档：{confidence_label(band['confidence'], fee_claim_id(band_key(band['low'], band['high'])))}</p>",
    )


def _item_rows(items: list[ItemJSON], when: str) -> str:
    return "".join(
        f"<tr><th scope='row'>{e(i['label'])}</th><td>{e(i['arithmetic'])}</td><td>{e(_yuan(i['amount']))}</td></tr>"
        for i in items
        if i["when"] == when
    )


def _items_table(result: FeesJSON) -> str:
    c = result["costs"]
    items = result["items"]
    body = (
        f"<tbody><tr class='gbt-table__group'><th scope='rowgroup' colspan='3'>{_WHEN['first_year']}</th></tr>"
        f"{_item_rows(items, 'first_year')}"
        f"<tr class='gbt-table__sum'><th scope='row'>第一年合计</th><td></td><td>{e(_yuan(c['first_year']))}</td></tr>"
        f"<tr class='gbt-table__group'><th scope='rowgroup' colspan='3'>{_WHEN['surveillance_year']}（第 2 到 {e(c['years'])} 年）</th></tr>"
        f"{_item_rows(items, 'surveillance_year')}"
        f"<tr class='gbt-table__sum'><th scope='row'>每年合计</th><td></td><td>{e(_yuan(c['surveillance_year']))}</td></tr>"
        f"<tr class='gbt-table__sum'><th scope='row'>{e(c['years'])} 年合计</th>"
        f"<td>{e(_yuan(c['first_year']))} + {e(c['years'] - 1)} × {e(_yuan(c['surveillance_year']))}</td>"
        f"<td><strong>{e(_yuan(c['three_year_total']))}</strong></td></tr>"
        f"<tr class='gbt-table__group'><th scope='rowgroup' colspan='3'>{_WHEN['recertification']}</th></tr>"
        f"{_item_rows(items, 'recertification')}</tbody>"
    )
    return section(
        "gbt-items",
        "费用明细",
        '<table class="gbt-table gbt-table--quote"><thead><tr><th scope="col">项目</th><th scope="col">计算</th>'
        f'<th scope="col">金额</th></tr></thead>{body}</table>',
    )


def fees_inputs(values: Mapping[str, str], schedule: FeeSchedule) -> list[tuple[str, str]]:
    """The validated fees inputs as (label, value) rows for the printed quote."""
    rows = []
    for spec in fees_fields(schedule):
        value = values.get(spec.name, "")
        if spec.name == "outlets":
            shown = f"{len(value.split(','))} 个：{value} 人" if value else "无"
        elif spec.name == "product_categories":
            shown = f"{value or spec.default} {spec.unit}"
        else:
            shown = f"{value} {spec.unit}"
        rows.append((spec.label.replace("（选填）", ""), shown))
    return rows
