"""The fees page's figures, tables and worked example, rendered from the fee schedule in use.

Nothing about money or man-days is typed in Markdown: a certification body that ships its own
schedule (README: 费用标准) sees its own prices and table on the page. Each function returns one
line of HTML, so a macro can sit anywhere in Markdown, even inside an admonition.
"""

from __future__ import annotations

from decimal import Decimal
from html import escape
from typing import Any

from calculator._fee_schedule import FEE_ITEM_NAMES, Band, FeeSchedule, band_key, fee_claim_id
from calculator._fee_schedule_claims import TABLE_CLAIM
from calculator._fees_json import fees
from calculator._numbers import plain
from macros.render import Label

__all__ = ["fee_example", "fee_items_table", "fees_view", "man_day_list", "man_day_table", "timeline_view"]


def _yuan(value: Decimal | int | float) -> str:
    return f"{plain(Decimal(str(value)))} 元"


def fees_view(schedule: FeeSchedule) -> dict[str, Any]:
    """The schedule's figures as text, for sentences (``{{ fees.per_man_day }}`` and the like)."""
    adj, ctx, f = schedule.adjustments, schedule.context, schedule.fees
    return {
        "name": schedule.name,
        "title": schedule.title,
        "publisher": schedule.publisher,
        "caveat": schedule.caveat,
        "per_man_day": _yuan(f.per_man_day.value),
        "extra_category": plain(adj.extra_category.value),
        "outlet_minimum": plain(adj.outlet_minimum.value),
        "outlet_share_percent": plain(adj.outlet_share.value * 100),
        "other_rate": _yuan(ctx.other_rate.value),
        "budget_low": _yuan(ctx.budget_low.value),
        "budget_high": _yuan(ctx.budget_high.value),
        "max_employees": schedule.max_employees,
        "complete_up_to": schedule.complete_up_to,
        "bands_note": schedule.bands_note,
    }


def timeline_view(schedule: FeeSchedule) -> dict[str, int]:
    """The schedule's durations, for sentences: ``{{ fees_timeline.records_months }}`` …."""
    t = schedule.timeline
    return {name: getattr(t, name).value for name in t.__dataclass_fields__}


def fee_items_table(schedule: FeeSchedule, label: Label) -> str:
    """The fee items: what, how much, when it is charged; each amount with its claim's label (none for "2+")."""
    f = schedule.fees
    rows = [
        ("application", _yuan(f.application.value), "申请时一次"),
        ("per_man_day", f"{_yuan(f.per_man_day.value)} / 人日", "按每次审核的人日数计算"),
        ("registration", _yuan(f.registration.value), "发证时一次"),
        ("annual", _yuan(f.annual.value), "证书有效期内每年"),
    ]
    body = "".join(
        f"<tr><td>{escape(FEE_ITEM_NAMES[key])}</td><td>{escape(amount)}{label(fee_claim_id(f'fees.{key}'))}</td>"
        f"<td>{escape(when)}</td></tr>"
        for key, amount, when in rows
    )
    travel = label(fee_claim_id("fees.travel"))
    body += f'<tr><td>{escape(FEE_ITEM_NAMES["travel"])}</td><td colspan="2">{escape(f.travel.value)}{travel}</td></tr>'
    return (
        '<table class="gbt-fee-items"><thead><tr><th>收费项目</th><th>金额</th><th>何时收取</th></tr></thead>'
        f"<tbody>{body}</tbody></table>"
    )


def _cell(value: Decimal | None) -> str:
    return "—" if value is None else plain(value)


def _row_label(schedule: FeeSchedule, band: Band, label: Label) -> str:
    """A row's own label, where it says more than the table's: another level, or a note (a corroborated figure)."""
    if band.confidence == schedule.band_confidence and not band.note:
        return ""
    return label(fee_claim_id(band_key(band.low, band.high)))


def man_day_table(schedule: FeeSchedule, label: Label) -> str:
    """The whole man-day table (wide: on a phone the page offers `man_day_list` and the calculator instead).

    The caption carries the table's label (``schedule.man_days``), a row its own where it differs.
    """
    head = [
        "员工人数",
        "初次认证合计",
        "其中：策划与文件审核",
        "其中：现场审核",
        "监督审核合计",
        "其中：现场",
        "再认证合计",
        "其中：现场",
    ]
    rows = "".join(
        "<tr>"
        + "".join(
            f"<td>{c}</td>"
            for c in (
                escape(b.label) + _row_label(schedule, b, label),
                _cell(b.initial),
                _cell(b.planning),
                _cell(b.onsite),
                _cell(b.surveillance),
                _cell(b.surveillance_onsite),
                _cell(b.recertification),
                _cell(b.recertification_onsite),
            )
        )
        + "</tr>"
        for b in schedule.bands
    )
    th = "".join(f"<th>{escape(h)}</th>" for h in head)
    return (
        f'<div class="gbt-wide-table"><table class="gbt-man-days"><caption>单位：人日{label(TABLE_CLAIM)}</caption>'
        f"<thead><tr>{th}</tr></thead><tbody>{rows}</tbody></table></div>"
    )


def man_day_list(schedule: FeeSchedule) -> str:
    """The same table as a compact list by headcount, one line per band: readable on a phone without scrolling sideways."""
    items = []
    for b in schedule.bands:
        later = (
            f"；每次监督 {_cell(b.surveillance)}；再认证 {_cell(b.recertification)}"
            if b.surveillance is not None and b.recertification is not None
            else "；监督与再认证：原表缺失"
        )
        items.append(
            f"<li><strong>{escape(b.label)} 人</strong>：初次认证 {_cell(b.initial)}"
            f"（文件 {_cell(b.planning)} + 现场 {_cell(b.onsite)}）{escape(later)}</li>"
        )
    return f'<ul class="gbt-band-list" aria-label="按员工人数查人日数（单位：人日）">{"".join(items)}</ul>'


def fee_example(schedule: FeeSchedule, employees: int) -> str:
    """The worked example: the fees calculator's own result for `employees`, as a quote table."""
    out = fees({"employees": employees}, schedule)
    c = out["costs"]
    band = out["band"]
    rows = [(i["label"], i["arithmetic"], _yuan(i["amount"])) for i in out["items"] if i["when"] == "first_year"]
    rows.append(("<strong>第一年合计</strong>", "不含食宿交通", f"<strong>{_yuan(c['first_year'])}</strong>"))
    rows += [
        (i["label"], i["arithmetic"], _yuan(i["amount"])) for i in out["items"] if i["when"] == "surveillance_year"
    ]
    rows.append(
        ("<strong>之后每年合计</strong>", "监督审核评审费 + 年金", f"<strong>{_yuan(c['surveillance_year'])}</strong>")
    )
    rows.append(
        (
            f"<strong>{c['years']} 年合计</strong>",
            f"{_yuan(c['first_year'])} + {c['years'] - 1} × {_yuan(c['surveillance_year'])}",
            f"<strong>{_yuan(c['three_year_total'])}</strong>",
        )
    )
    body = "".join(f"<tr><td>{label}</td><td>{escape(how)}</td><td>{amount}</td></tr>" for label, how, amount in rows)
    return (
        f'<p class="gbt-example-lead">以一家 <strong>{employees} 人</strong>的企业为例（落在 {band["low"]}–{band["high"]} '
        f"人一档：初次认证 {plain(Decimal(str(out['man_days']['initial'])))} 人日，每次监督审核 "
        f"{plain(Decimal(str(out['man_days']['surveillance'])))} 人日），按上面的标准：</p>"
        f'<table class="gbt-fee-example"><thead><tr><th>项目</th><th>计算</th><th>金额</th></tr></thead>'
        f"<tbody>{body}</tbody></table>"
    )
