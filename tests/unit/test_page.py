"""Build-time HTML (calculator/_page*.py): the forms and the page block, generated from the rules, every text escaped.

These modules are not in the browser's wheel, so tests/unit/conftest.py leaves this file out of the
run inside Pyodide.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import replace
from decimal import Decimal

import pytest

from calculator import Profile, parse_profile
from calculator._labels import STATUSES
from calculator._page import render_calculator, render_tool_page
from calculator._page_score import render_score_form
from calculator._page_staffing import render_staffing_form
from calculator._score_form import score_example, score_fields
from calculator._score_view import score_inputs
from calculator._staffing_form import staffing_example, staffing_fields
from calculator._tool import Datasets
from calculator._tools import TOOLS
from calculator._web import compute
from tests.profile_variants import DROPPED, OFFICIAL_NAME, RENAMED, official
from tests.unit.test_render import EVIL, ORGANIZATION, PROFILE, SAFE_TAGS, evil_profile, tags


def test_forms_have_a_visible_label_for_every_input() -> None:
    for html, specs in (
        (render_score_form(PROFILE, score_example(PROFILE)), score_fields(PROFILE)),
        (render_staffing_form(PROFILE, staffing_example(PROFILE)), staffing_fields(PROFILE)),
    ):
        ids = re.findall(r'<(?:input|select) id="([^"]+)"', html)
        assert ids
        for fid in ids:
            assert f'<label class="gbt-label" for="{fid}">' in html or f'for="{fid}"><input' in html, fid
        for spec in specs:
            if spec.kind != "mode":
                assert f'name="{spec.name}"' in html
        for name in re.findall(r'name="([^"]+)"', html):
            assert f'data-gbt-error-for="{name}"' in html, name


def test_score_form_is_filled_with_the_example() -> None:
    html = render_score_form(PROFILE, score_example(PROFILE))
    assert (
        'name="categories.service_system" type="text" inputmode="decimal" autocomplete="off" spellcheck="false" value="36"'
        in html
    )
    assert 'value="quick" checked' in html
    assert html.count("<select") == len(PROFILE.indicators)


@pytest.mark.parametrize("calculator", ["score", "staffing"])
def test_markup_in_the_rules_is_escaped_everywhere(calculator: str) -> None:
    profile = evil_profile()
    if calculator == "score":
        fields = {f"indicators.{i.id}.status": "conform" for i in profile.indicators}
        fields |= {"mode": "detailed", "indicators.organization.status": "nonconform", "special_deductions.law": "1"}
        form_html = render_score_form(profile, fields)
    else:
        fields = staffing_example(profile)
        form_html = render_staffing_form(profile, fields)
    out = compute(calculator, fields, Datasets(profile), links={"organization": 'x" onclick="alert(1)'})
    assert out["ok"], out
    page = render_calculator(
        replace(TOOLS[calculator], title=EVIL, disclaimer=lambda _: EVIL),
        profile,
        form_html=form_html,
        result_html=out["html"],
        organization_html=ORGANIZATION,
        config_json=json.dumps({"x": "</script><script>alert(1)</script>"}),
        summary=EVIL,
    )
    assert "<img src=x" not in page
    assert 'onclick="' not in page
    assert "onerror=" not in page.replace("onerror=&quot;", "")
    assert tags(page) <= SAFE_TAGS
    assert "<script" not in page
    if calculator == "score":
        assert "组织架构&lt;img" in page


def test_calculator_shell_has_status_result_region_share_and_print_parts() -> None:
    out = compute("score", score_example(PROFILE), Datasets(PROFILE))
    page = render_calculator(
        TOOLS["score"],
        PROFILE,
        form_html=render_score_form(PROFILE, score_example(PROFILE)),
        result_html=out["html"],
        organization_html=ORGANIZATION,
        summary=out["summary"],
    )
    assert 'aria-live="polite"' in page
    assert 'role="status"' in page
    assert "复制链接" in page
    assert "打印报告" in page
    assert "清除已保存的输入" in page
    assert '<header class="gbt-print gbt-print__header">' + ORGANIZATION in page
    assert "售后服务认证自评计分报告" in page
    assert "二级指标分值为示意" in page
    assert "data-gbt-mini>89 分，三星级。" in page


# --------------------------------------------------- the UI follows the profile

OFFICIAL = parse_profile(tomllib.loads(official(), parse_float=Decimal), "official.toml")


def _everything(profile: Profile) -> str:
    """Both forms, a quick, a detailed and a staffing result, and the page blocks with the printed report parts."""
    first = profile.indicators[0].id
    detailed = {f"indicators.{i.id}.status": "conform" for i in profile.indicators}
    detailed |= {"mode": "detailed", f"indicators.{first}.status": "partial"}
    detailed |= {f"indicators.{first}.samples": "4", f"indicators.{first}.nonconforming": "1"}
    detailed |= {"indicators.delivery.status": "na", "special_deductions.law": "2", "bonus": "1"}
    parts = [
        render_score_form(profile, score_example(profile)),
        render_staffing_form(profile, staffing_example(profile)),
    ]
    for name, fields in (
        ("score", score_example(profile)),
        ("score", detailed),
        ("staffing", staffing_example(profile)),
    ):
        out = compute(name, fields, Datasets(profile))
        assert out["ok"], out
        parts.append(out["html"])
        parts.append(render_calculator(TOOLS[name], profile, form_html="", result_html=""))
    return "".join(parts)


def test_with_official_points_nothing_says_they_are_illustrative() -> None:
    assert "示意" in _everything(PROFILE)
    html = _everything(OFFICIAL)
    assert "示意" not in html
    assert OFFICIAL_NAME in html  # the printed report says which rules it used


def test_counts_names_and_the_standards_code_come_from_the_profile() -> None:
    html = _everything(OFFICIAL)
    assert "快速计分（3 项一级指标得分）" in html
    assert "详细计分（14 项二级指标逐项评价）" in html
    assert "15 项" not in html
    assert RENAMED[2] in html
    assert RENAMED[1] not in html
    assert DROPPED[1] not in html
    assert "GB/T 27922-2011 第 5.1.2.2 条" in html


def test_status_words_are_the_same_in_the_form_the_inputs_and_the_weakest_list() -> None:
    fields = {f"indicators.{i.id}.status": "conform" for i in PROFILE.indicators}
    fields |= {"mode": "detailed", "indicators.repair.status": "nonconform", "indicators.delivery.status": "na"}
    out = compute("score", fields, Datasets(PROFILE))
    assert out["ok"], out
    form_html = render_score_form(PROFILE, fields)
    for key, status in STATUSES.items():
        assert f'<option value="{key}"' in form_html
        assert f">{status.label}</option>" in form_html
    assert "不符合" in out["html"]
    inputs = dict(score_inputs(out["values"], PROFILE))
    assert inputs["5.2.4 维修"] == STATUSES["nonconform"].label
    assert inputs["5.2.3 配送"] == STATUSES["na"].label


def test_a_tool_whose_data_does_not_fit_the_profile_says_so_in_its_place() -> None:
    """The checklist under a profile without 商品信息: no stale items, the reason instead (and no runtime hook)."""
    block = render_tool_page("checklist", Datasets(OFFICIAL), links={})
    assert "“迎审准备清单”暂不可用" in block
    assert "中没有二级指标 &#x27;product_info&#x27;" in block
    assert 'role="alert"' in block
    assert "data-gbt-calc" not in block
    assert "gbt-cl-" not in block
