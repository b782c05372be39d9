"""The `plan` result as the page shows it: whether the deadline holds, the milestones, the calendar download."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING
from urllib.parse import quote

from calculator._fee_schedule import FeeSchedule
from calculator._html import e, html_list, inputs_table, section
from calculator._plan_form import plan_fields

__all__ = ["plan_disclaimer", "plan_inputs", "plan_summary", "render_plan", "render_plan_result"]

if TYPE_CHECKING:
    from calculator._plan_json import PlanJSON


def plan_summary(result: PlanJSON) -> str:
    """One sentence for screen readers and the page title area."""
    when = f"最早约 {result['certificate']} 取得证书"
    if result["feasible"] is None:
        return f"{when}。"
    if result["feasible"]:
        return f"来得及：{when}，在 {result['deadline']} 之前。"
    return f"按稳妥估计来不及：{when}，晚于 {result['deadline']}。"


def plan_disclaimer(_schedule: FeeSchedule) -> str:
    """What the printed plan says it is, and is not."""
    return "本规划按公开资料中的一般用时估算，只供安排工作参考；实际进度以认证机构的受理、审核安排和评定结果为准。"


def render_plan(result: PlanJSON, schedule: FeeSchedule, values: Mapping[str, str], _links: Mapping[str, str]) -> str:
    """The result with the inputs it came from (the form's normalized values)."""
    return render_plan_result(result, inputs=plan_inputs(values, schedule))


def _verdict(result: PlanJSON) -> str:
    feasible = result["feasible"]
    if feasible is None:
        word, cls = "最早获证", "gbt-verdict"
    elif feasible:
        word, cls = "来得及", "gbt-verdict gbt-verdict--ok"
    else:
        word, cls = "来不及", "gbt-verdict gbt-verdict--short"
    state = "none" if feasible is None else str(feasible).lower()
    return (
        '<div class="gbt-result__head"><p class="gbt-figure">'
        f'<span class="gbt-figure__value" data-gbt-feasible="{state}">{e(word)}</span></p>'
        f'<p class="gbt-figure__caption">最早约 <time datetime="{e(result["certificate"])}" data-gbt-certificate>'
        f"{e(result['certificate'])}</time> 取得证书（稳妥估计）</p></div>"
        f'<p class="{cls}">{e(plan_summary(result))}</p>'
    )


def _timeline(result: PlanJSON) -> str:
    items = "".join(
        f'<li data-gbt-milestone="{e(m["id"])}"><time datetime="{e(m["date"])}">{e(m["date"])}</time> '
        f"<strong>{e(m['label'])}</strong>"
        + (f'<br><span class="gbt-help">{e(m["detail"])}</span>' if m["detail"] else "")
        + "</li>"
        for m in result["milestones"]
    )
    return section("gbt-milestones", "时间表", f'<ol class="gbt-timeline">{items}</ol>')


def _download(result: PlanJSON) -> str:
    # A data: URL made here, in Python: the page needs no script of its own to offer the file.
    href = "data:text/calendar;charset=utf-8," + quote(result["ics"], safe="")
    return (
        f'<p class="gbt-ics"><a class="md-button" href="{e(href)}" download="{e(result["ics_name"])}" data-gbt-ics>'
        '下载日历文件（.ics）</a> <span class="gbt-help">导入手机或电脑的日历，每个节点一条全天日程。</span></p>'
    )


def render_plan_result(result: PlanJSON, *, inputs: Sequence[tuple[str, str]] = ()) -> str:
    """A `plan` result as an HTML fragment."""
    parts = [
        '<div class="gbt-result gbt-result--plan">',
        _verdict(result),
        section("gbt-reasons", "为什么来不及", html_list(result["reasons"])) if result["reasons"] else "",
        section("gbt-warnings", "还要注意", html_list(result["warnings"])) if result["warnings"] else "",
        _timeline(result),
        _download(result),
        '<div class="gbt-result__notes">',
        inputs_table(inputs),
        section("gbt-data-notes", "用时的依据与可信度", html_list(result["notes"])),
        "</div></div>",
    ]
    return "".join(parts)


def plan_inputs(values: Mapping[str, str], schedule: FeeSchedule) -> list[tuple[str, str]]:
    """The validated plan inputs as (label, value) rows for the printed plan."""
    rows = []
    for spec in plan_fields(schedule):
        value = values.get(spec.name, "")
        shown = (
            (f"{value} {spec.unit}" if spec.unit else value)
            if value
            else ("今天" if spec.name == "start" else "未填写")
        )
        rows.append((spec.label.replace("（选填）", ""), shown))
    return rows
