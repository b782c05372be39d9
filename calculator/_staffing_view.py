"""The `staffing` result as the page shows it: managers required, shortfall, rough check, the rule and its confidence."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from calculator._html import confidence_label, e, figure, html_list, inputs_table, section
from calculator._labels import ROUNDINGS
from calculator._numbers import plain
from calculator._profile import Profile
from calculator._staffing_form import staffing_fields

__all__ = ["render_staffing", "render_staffing_result", "staffing_disclaimer", "staffing_inputs", "staffing_summary"]

if TYPE_CHECKING:
    from calculator._staffing_json import StaffingJSON


def staffing_summary(result: StaffingJSON) -> str:
    """One sentence for screen readers and the page title area."""
    text = f"应配备{result['rule']['role']}至少 {result['required']} 人。"
    if result.get("shortfall"):
        text += f"还差 {result['shortfall']} 人。"
    elif "shortfall" in result:
        text += "已满足要求。"
    return text


def staffing_disclaimer(_profile: Profile) -> str:
    """What the printed report says it is, and is not (the rule table above it says how sure each part is)."""
    return (
        "本报告由自评工具生成，只用于企业自我评估，不代表任何认证机构的评价结论。"
        "配置比例、最少人数与取整方式的出处和可信度见上表；应配备人数以认证机构的审核意见为准。"
    )


def render_staffing(
    result: StaffingJSON, profile: Profile, values: Mapping[str, str], _links: Mapping[str, str]
) -> str:
    """The result with the inputs it came from (the form's normalized values)."""
    return render_staffing_result(result, inputs=staffing_inputs(values, profile))


def render_staffing_result(result: StaffingJSON, *, inputs: Sequence[tuple[str, str]] = ()) -> str:
    """A `staffing` result as an HTML fragment."""
    rule = result["rule"]
    parts = [
        '<div class="gbt-result gbt-result--staffing"><div class="gbt-result__head">'
        '<p class="gbt-figure"><span class="gbt-figure__value" data-gbt-required>'
        f'{e(result["required"])}</span><span class="gbt-figure__unit">人</span></p>'
        f'<p class="gbt-figure__caption">应配备{e(rule["role"])}（至少）</p></div>',
        f'<p class="gbt-breakdown">{e(rule["base"])}共 {e(result["service_managers"])} 人 × '
        f"{e(rule['ratio_percent'])}% = {e(_exact(result['exact']))} 人，{e(ROUNDINGS[rule['rounding']])}"
        f"，且至少 {e(rule['minimum'])} 人。</p>",
        _verdict(result),
        _rough_check(result),
        _rule_table(result),
        '<div class="gbt-result__notes">',
        inputs_table(inputs),
        section("gbt-assumptions", "本结果用到的假设", html_list(result["assumptions"])),
        section("gbt-steps", "计算过程", html_list(result["steps"], "ol")),
        "</div></div>",
    ]
    return "".join(parts)


def _verdict(result: StaffingJSON) -> str:
    """Whether the managers already in post are enough (only when their number was given)."""
    if "shortfall" not in result:
        return ""
    if result["shortfall"]:
        verdict = f"已配备 {result['current_managers']} 人，还差 {result['shortfall']} 人。"
        cls = "gbt-verdict gbt-verdict--short"
    else:
        extra = f"，比要求多 {result['surplus']} 人" if result.get("surplus") else ""
        verdict = f"已配备 {result['current_managers']} 人，满足要求{extra}。"
        cls = "gbt-verdict gbt-verdict--ok"
    return f'<p class="{cls}" data-gbt-shortfall="{e(result["shortfall"])}">{e(verdict)}</p>'


def _rough_check(result: StaffingJSON) -> str:
    if "rough_estimate" not in result:
        return ""
    rough = (
        f"企业总人数 {result['total_staff']} 人 × 约 {result['rough_percent']}% ≈ "
        f"{figure(result['rough_estimate'])} 人。这只是经验估算"
    )
    label = confidence_label(result["rough_confidence"], "staffing.rough_share_of_headcount")
    after = f"，应以 {result['rule']['ratio_percent']}% 规则的结果为准。"
    return section("gbt-rough", "粗略核对", f"<p>{e(rough)}{label}{e(after)}</p>")


def _rule_table(result: StaffingJSON) -> str:
    rule = result["rule"]
    rows = [
        ("条款", f"{rule['standard']} 第 {rule['clause']} 条", ""),
        (
            "比例",
            f"{rule['base']}的 {rule['ratio_percent']}%",
            confidence_label(rule["ratio_confidence"], "staffing.ratio"),
        ),
        ("最少人数", f"{rule['minimum']} 人", confidence_label(rule["minimum_confidence"], "staffing.minimum")),
        ("不是整数时", ROUNDINGS[rule["rounding"]], confidence_label(rule["rounding_confidence"], "staffing.rounding")),
    ]
    body = "".join(f"<tr><th scope='row'>{e(k)}</th><td>{e(v)}</td><td>{c}</td></tr>" for k, v, c in rows)
    return section(
        "gbt-rule",
        "依据的规则",
        f'<table class="gbt-table"><thead><tr><th scope="col">项目</th><th scope="col">规则</th>'
        f'<th scope="col">可信度</th></tr></thead><tbody>{body}</tbody></table>',
    )


def _exact(text: str) -> str:
    """'47/10' → '4.7'; a non-terminating fraction → '约 3.33'."""
    num, _, den = str(text).partition("/")
    if not den:
        return num
    value = Decimal(num) / Decimal(den)
    if value * Decimal(den) == Decimal(num) and len(plain(value)) < 12:
        return plain(value)
    return "约 " + plain(value.quantize(Decimal("0.01"), rounding="ROUND_FLOOR"))


def staffing_inputs(values: Mapping[str, str], profile: Profile) -> list[tuple[str, str]]:
    """The validated staffing inputs as (label, value) rows for the printed report."""
    rows = []
    for spec in staffing_fields(profile):
        value = values.get(spec.name, "")
        rows.append((spec.label.replace("（选填）", ""), f"{value} 人" if value else "未填写"))
    return rows
