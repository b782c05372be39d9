"""The `checklist` result as the page shows it: progress, the rough score statuses, and the paper checklist.

On screen: how much is ready, per indicator and overall, the status each indicator's ticks suggest
and the link that opens the score tool with them. In print (``gbt-print``): the checklist itself,
with a tick box, an owner and a date column to fill in by hand.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from calculator._checklist_data import ITEM_KINDS, SCORE_FROM_CHECKLIST, Checklist, section_anchor
from calculator._html import e, html_list, section, width_percent

__all__ = [
    "MAPPING_RULES",
    "checklist_disclaimer",
    "checklist_summary",
    "render_checklist",
]

if TYPE_CHECKING:
    from calculator._checklist_json import ChecklistJSON, ChecklistSectionJSON

# How ticks become the score form's statuses (calculator._checklist.suggested_status), as the page says it.
MAPPING_RULES = (
    "某个指标的条目全部勾选 → 符合；",
    "勾选了一部分 → 部分不符合（以该指标的条目数为抽查样本数，未勾选的条目数为不符合的样本数）；",
    "一项也没有勾选 → 不符合；",
    "标为不适用 → 不适用（删减）。",
    "特别扣分项和特别加分项清单无法判断，计分页上都按 0 填写，请自行核对。",
)


def checklist_summary(result: ChecklistJSON) -> str:
    """One sentence for screen readers and the small summary under the form."""
    return (
        f"已准备 {result['done']} / {result['total']} 项（{result['percent']}%）；"
        f"{result['applicable']} 个适用的指标中 {result['ready']} 个已全部准备好。"
    )


def checklist_disclaimer(_checklist: Checklist) -> str:
    """What the printed checklist says it is, and is not."""
    return (
        "本清单由本站根据公开资料和常见的审核做法整理，多数条目是本站的建议，不是标准原文；"
        "实际要准备的材料以认证机构的通知和审核计划为准。勾选结果及其对应的评价只是粗略参考，不代表任何认证机构的审核意见。"
    )


def render_checklist(
    result: ChecklistJSON, own: Checklist, _values: Mapping[str, str], _links: Mapping[str, str]
) -> str:
    """The result: progress, the indicators' rough statuses and the score link; the paper checklist for print."""
    indicators = [s for s in result["sections"] if s["kind"] == "indicator"]
    deductions = [s for s in result["sections"] if s["kind"] == "deduction"]
    return "".join(
        [
            '<div class="gbt-result gbt-result--checklist"><div class="gbt-result__head">'
            f'<p class="gbt-figure"><span class="gbt-figure__value" data-gbt-done>{e(result["done"])}</span>'
            f'<span class="gbt-figure__unit">/ {e(result["total"])} 项</span></p>'
            f'<p class="gbt-figure__caption">已准备好（{e(result["percent"])}%）</p></div>',
            _bar("全部条目", result["done"], result["total"]),
            f'<p class="gbt-breakdown">{e(_overview(result))}</p>',
            _score_link(result),
            section("gbt-cl-progress", "各指标的准备进度", _progress_table(indicators, with_status=True)),
            section("gbt-cl-progress", "特别扣分项的预防", _progress_table(deductions, with_status=False)),
            _paper(result, own),
            "</div>",
        ]
    )


def _overview(result: ChecklistJSON) -> str:
    excluded = sum(1 for s in result["sections"] if s["excluded"])
    text = f"{result['applicable']} 个适用的二级指标中，{result['ready']} 个的材料已全部准备好"
    return text + (f"；{excluded} 个标为不适用（删减），不计入进度。" if excluded else "。")


def _bar(label: str, done: int, total: int) -> str:
    spoken = f"{label}：已准备 {done} / {total} 项"
    return (
        f'<div class="gbt-bar__track gbt-cl-bar" role="img" aria-label="{e(spoken)}">'
        f'<div class="gbt-bar__fill" style="width: {width_percent(done, total)}%"></div></div>'
    )


def _progress_table(rows: list[ChecklistSectionJSON], *, with_status: bool) -> str:
    head = '<th scope="col">粗略对应的评价</th>' if with_status else '<th scope="col">还需核对</th>'
    body = []
    for s in rows:
        link = f'<a href="#{e(section_anchor(s["id"]))}">{e(s["title"])}</a>'
        if s["excluded"]:
            done, last = "—", "不适用（删减）"
        else:
            done = f"{s['done']} / {s['total']}"
            open_text = f"{len(s['open'])} 项" if s["open"] else "已全部核对"
            last = (s["status_label"] or "") if with_status else open_text
        status = f' data-gbt-mapped="{e(s["status"])}"' if with_status and s["status"] else ""
        body.append(
            f"<tr><th scope='row'>{link}</th><td class='gbt-cl-count'>{e(done)}</td><td{status}>{e(last)}</td></tr>"
        )
    return (
        f'<table class="gbt-table gbt-cl-table"><thead><tr><th scope="col">项目</th><th scope="col">已准备</th>{head}'
        f"</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


def _score_link(result: ChecklistJSON) -> str:
    score = result["score"]
    if score["state"]:
        action = (
            f'<p><a class="md-button md-button--primary gbt-cl-score" data-gbt-score-link '
            f'href="{e(SCORE_FROM_CHECKLIST)}#{e(score["state"])}">用清单结果打开自评计分</a></p>'
        )
    else:
        action = f'<p class="gbt-verdict gbt-verdict--short">暂时无法据此自评计分：{e(score["message"])}</p>'
    return section(
        "gbt-cl-score-guide",
        "用清单结果自评计分（粗略参考）",
        "<p>按下面的规则把勾选情况折算成详细计分的评价，在自评计分页打开：</p>"
        + html_list(MAPPING_RULES)
        + "<p class='gbt-help'>这只是粗略的参考：勾选表示材料已经备好，不等于审核员会判定符合；"
        "审核员看的是材料的内容和现场的实际情况。</p>" + action,
    )


def _paper(result: ChecklistJSON, own: Checklist) -> str:
    """The printed checklist: every section's items with a tick box, owner and date to fill in by hand."""
    items = {item.id: item for item in own.items}
    parts = ['<div class="gbt-print gbt-cl-paper"><h3>迎审准备清单</h3>']
    for s in result["sections"]:
        title = s["title"] + ("（不适用，已删减）" if s["excluded"] else "")
        rows = []
        for item_id in [i.id for i in own.sections_by_id[s["id"]].items]:
            item = items[item_id]
            box = "☑" if item_id in s["ticked"] else "☐"
            rows.append(
                f"<tr><td class='gbt-cl-box'>{box}</td><td>{e(ITEM_KINDS[item.kind])}</td>"
                f"<td>{e(item.text)}</td><td></td><td></td></tr>"
            )
        parts.append(
            f'<table class="gbt-table gbt-cl-paper__table"><caption>{e(title)}</caption>'
            '<thead><tr><th scope="col">完成</th><th scope="col">类型</th><th scope="col">事项</th>'
            '<th scope="col">负责人</th><th scope="col">完成日期</th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>"
        )
    parts.append("</div>")
    return "".join(parts)
