"""Calculator HTML: generated from the rules, every text escaped, example and live result identical."""

from __future__ import annotations

import json
import re
import tomllib
from decimal import Decimal
from importlib import resources

import pytest

from calculator import Profile, default_profile, parse_profile, score
from calculator._score_form import score_example
from calculator._score_view import render_score_result
from calculator._staffing_form import staffing_example
from calculator._tool import Datasets
from calculator._web import compute, handle

PROFILE = default_profile()
# The organization's block comes rendered (and escaped) by the build: the shell places it as it is.
ORGANIZATION = '<div class="gbt-print__org"><p class="gbt-print__org-name">某认证公司</p></div>'
EVIL = '<img src=x onerror="alert(1)">'


def evil_profile() -> Profile:
    """The default rules with markup in every name a page shows."""
    text = resources.files("calculator").joinpath("profiles", "gbt27922-2011.toml").read_text("utf-8")
    for name in ("组织架构", "售后服务体系", "维修", "不符合国家法律、法规的要求", "售后服务管理师", "三星级"):
        text = text.replace(f'"{name}"', json.dumps(name + EVIL, ensure_ascii=False))
    return parse_profile(tomllib.loads(text, parse_float=Decimal), "evil.toml")


def tags(html: str) -> set[str]:
    return set(re.findall(r"<([a-zA-Z][a-zA-Z0-9]*)", html))


SAFE_TAGS = {
    "a", "button", "div", "fieldset", "figcaption", "figure", "footer", "form", "h2", "h3", "header", "img",
    "input", "label", "legend", "li", "noscript", "ol", "option", "p", "section", "select", "span", "table",
    "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip


def test_example_and_live_result_are_the_same_html() -> None:
    built = compute("score", score_example(PROFILE), Datasets(PROFILE), links={"indicators": "../../indicators/"})
    live = json.loads(
        handle(
            json.dumps(
                {"action": "score", "fields": score_example(PROFILE), "links": {"indicators": "../../indicators/"}}
            )
        )
    )
    assert built["ok"]
    assert live["ok"]
    assert built["html"] == live["html"]
    assert "89" in built["html"]
    assert "三星" in built["html"]


def test_score_result_shows_grade_next_step_chart_assumptions_and_steps() -> None:
    fields = {f"indicators.{i.id}.status": "conform" for i in PROFILE.indicators}
    fields |= {
        "mode": "detailed",
        "indicators.complaints.status": "nonconform",
        "indicators.repair.status": "partial",
        "indicators.repair.samples": "6",
        "indicators.repair.nonconforming": "2",
        "indicators.delivery.status": "na",
    }
    out = compute(
        "score", fields, Datasets(PROFILE), links={"complaints": "../../complaints/", "indicators": "../../indicators/"}
    )
    html = out["html"]
    assert 'data-gbt-grade="three_star"' in html
    assert "距四星级（90 分）还差" in html
    assert "各一级指标得分" in html
    assert html.count('class="gbt-bar"') == 3
    assert '<a href="../../complaints/">5.3.2 投诉处理</a>' in html
    assert '<a href="../../indicators/">5.2.4 维修</a>' in html
    assert "已删减（不适用）：配送" in html
    assert "本结果用到的假设" in html
    assert "计算过程" in html
    assert "示意分值" in html


def test_failed_result_says_why_and_what_to_fix() -> None:
    result = score(
        {"categories": {"service_system": 40, "goods_service": 35, "customer_service": 25}, "special_deductions": 6},
        PROFILE,
    )
    html = render_score_result(result, PROFILE)
    assert "为什么不合格" in html
    assert "至少要有 2 项涉及的问题在审核前就整改到位" in html
    assert 'data-gbt-grade="fail"' in html


def test_top_grade_says_so() -> None:
    result = score({"categories": {"service_system": 40, "goods_service": 35, "customer_service": 20}}, PROFILE)
    assert "已达到最高等级五星级" in render_score_result(result, PROFILE)


def test_staffing_result_shows_required_shortfall_rough_check_and_rule_confidence() -> None:
    out = compute("staffing", staffing_example(PROFILE), Datasets(PROFILE))
    html = out["html"]
    assert "data-gbt-required>5<" in html
    assert "还差 2 人" in html
    assert "粗略核对" in html
    assert "约 1% ≈ 6 人" in html
    assert "GB/T 27922-2011 第 5.1.2.2 条" in html
    # The rule table labels each rule as the site's pages do (calculator._labels).
    rows = dict(re.findall(r"<th scope='row'>([^<]+)</th><td>[^<]*</td><td>(.*?)</td>", html))
    assert ">（</span>多源印证<" in rows["比例"]
    assert ">（</span>多源印证<" in rows["最少人数"]
    assert ">（</span>本站假设<" in rows["不是整数时"]
    assert out["summary"] == "应配备售后服务管理师至少 5 人。还差 2 人。"


@pytest.mark.parametrize(
    "request_text",
    [
        "nonsense",
        "[]",
        json.dumps({"action": "nope"}),
        json.dumps({"action": "score"}),
        json.dumps({"action": "score", "fields": {"mode": 3.5}}),
        json.dumps({"action": "decode", "calculator": "other", "state": "s1"}),
        json.dumps({"action": "configure", "profile_toml": "not = [toml"}),
        json.dumps({"action": "configure", "profile_toml": 5}),
        json.dumps({"action": "encode", "calculator": "score", "fields": {"mode": "quick"}}),
        "x" * 200_000,
    ],
)
def test_worker_entry_never_raises_and_answers_in_chinese(request_text: str) -> None:
    answer = json.loads(handle(request_text))
    assert answer["ok"] is False
    assert answer["message"]


def test_worker_entry_decodes_what_it_encodes() -> None:
    fields = score_example(PROFILE)
    state = json.loads(handle(json.dumps({"action": "encode", "calculator": "score", "fields": fields})))["state"]
    decoded = json.loads(handle(json.dumps({"action": "decode", "calculator": "score", "state": state})))
    assert decoded["ok"] is True
    assert decoded["fields"]["categories.service_system"] == "36"
