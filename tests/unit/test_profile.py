"""The rules profile: what the default says, and that a bad profile fails loudly at load."""

from __future__ import annotations

import re
from decimal import Decimal
from importlib import resources
from pathlib import Path

import pytest

from calculator import Profile, ProfileError, default_profile, load_profile
from calculator._claims import profile_contribution
from calculator._datafile import publisher_of

P = default_profile()


def default_text() -> str:
    return resources.files("calculator").joinpath("profiles", "gbt27922-2011.toml").read_text(encoding="utf-8")


def load_text(tmp_path: Path, text: str) -> Profile:
    path = tmp_path / "p.toml"
    path.write_text(text, encoding="utf-8")
    return load_profile(path)


# ------------------------------------------------------------ what it says


def test_three_first_level_indicators_40_35_25() -> None:
    assert [(c.id, c.name, c.points.value) for c in P.categories] == [
        ("service_system", "售后服务体系", 40),
        ("goods_service", "商品服务", 35),
        ("customer_service", "顾客服务", 25),
    ]
    assert P.total.value == 100


def test_fifteen_second_level_indicators_in_the_standards_order() -> None:
    names = "组织架构、人员配置、资源配置、规范要求、监督、改进、服务文化、商品信息、技术支持、配送、维修、质量保证、废弃商品回收、顾客关系、投诉处理"
    assert [i.name for i in P.indicators] == names.split("、")
    assert [len(P.indicators_of(c.id)) for c in P.categories] == [7, 6, 2]
    assert all(re.fullmatch(r"[a-z][a-z_]*", i.id) for i in P.indicators)


def test_indicator_points_are_illustrative_and_add_up_per_parent() -> None:
    for c in P.categories:
        assert sum(i.points.value for i in P.indicators_of(c.id)) == c.points.value
    assert all(i.points.illustrative and i.points.confidence == "0" for i in P.indicators)


def test_five_points_of_staffing_belong_to_the_manager_clause() -> None:
    (part,) = P.indicator("staffing").parts
    assert (part.clause, part.points.value, part.points.confidence) == ("5.1.2.2", 5, "1")


def test_grades_and_inclusive_thresholds() -> None:
    assert [(g.id, g.label, g.min.value if g.min else None) for g in P.grades] == [
        ("qualified", "达标级", 70),
        ("three_star", "三星级", 80),
        ("four_star", "四星级", 90),
        ("five_star", "五星级", 95),
    ]
    assert (P.fail_grade.id, P.fail_grade.label) == ("fail", "不合格")


def test_special_items() -> None:
    sd = P.special_deductions
    assert [k.id for k in sd.kinds] == ["law", "company_rules", "industry", "system_operation"]
    assert (sd.points_each.value, sd.fail_at.value) == (1, 5)
    assert (P.special_bonus.points.value, P.special_bonus.max_items.value) == (1, 1)


def test_staffing_rule() -> None:
    s = P.staffing
    assert (s.clause, s.ratio.value, s.minimum.value, s.rounding.value) == ("5.1.2.2", Decimal("0.10"), 1, "up")
    assert (s.ratio.confidence, s.minimum.confidence, s.rounding.confidence) == ("2+", "2+", "0")
    assert s.rough_share_of_headcount.value == Decimal("0.01")


def test_every_number_has_known_sources_and_a_confidence() -> None:
    claims = profile_contribution(P).claims
    assert len(claims) > 30
    for claim in claims:
        assert claim.sources, claim.id
        assert all(key in P.sources for key in claim.sources), claim.id
        assert claim.confidence in ("2+", "1", "0"), claim.id


def test_the_publishers_faq_is_a_named_source_of_the_figures_it_states() -> None:
    faq = P.sources["publisher-faq"]
    assert faq.publishers == ("山东世通国际认证有限公司",)
    assert "山东世通国际认证有限公司" in faq.label
    stated = [
        P.categories[0].points,
        P.grades[0].min,
        P.special_deductions.points_each,
        P.special_deductions.fail_at,
        P.staffing.ratio,
        P.staffing.minimum,
    ]
    for fact in stated:
        assert fact is not None
        assert "publisher-faq" in fact.sources
        assert fact.confidence == "2+"


@pytest.mark.parametrize(
    ("ref", "publisher"),
    [
        ("shenzhen019881.11467.com/product/18904109.asp", "11467.com"),
        ("sgsonline.com.cn/sku/product/901174", "sgsonline.com.cn"),
        ("en.titcgroup.com/industry-detail/236.html", "titcgroup.com"),
        ("titcgroup.com", "titcgroup.com"),
        ("m.szldx.cn/isos/202510/zs_15713.html", "szldx.cn"),
        ("https://www.example.org.cn/a?b=c", "example.org.cn"),
        ("GB/T 27922-2011 正式文本", "GB/T 27922-2011 正式文本"),
    ],
)
def test_a_reference_counts_as_its_site(ref: str, publisher: str) -> None:
    assert publisher_of(ref) == publisher


def test_sources_without_the_publishers_key_still_load_and_take_them_from_their_refs(tmp_path: Path) -> None:
    text = default_text().replace('publishers = ["山东世通国际认证有限公司"]\n', "")
    profile = load_text(tmp_path, text)
    assert profile.sources["thresholds"].publishers[:2] == ("sgsonline.com.cn", "china-acc.com.cn")
    assert profile.sources["publisher-faq"].publishers == ()


def test_a_single_source_key_is_still_accepted(tmp_path: Path) -> None:
    text = default_text().replace(
        'source = ["cnqr", "publisher-faq"], confidence = "2+" }', 'source = "cnqr", confidence = "1" }'
    )
    profile = load_text(tmp_path, text)
    assert profile.staffing.minimum.sources == ("cnqr",)


def test_assumption_texts_are_filled_from_the_numbers() -> None:
    for text in P.assumptions.values():
        assert "{" not in text
        assert "}" not in text
    assert "10%" in P.assumptions["rounding"]
    assert "1.5%" in P.assumptions["rough"]


# ------------------------------------------------------- bad profiles fail


BROKEN = [
    ("value = 40,", "value = 41,", "categories", "101"),
    ('id = "goods_service"\nname = "商品服务"', 'id = "service_system"\nname = "商品服务"', "categories[1].id", "重复"),
    ('id = "recycling"', 'id = "repair"', "indicators[12].id", "重复"),
    ("value = 80,", "value = 70,", "grades[1].min.value", "升高"),
    ("value = 95,", "value = 89,", "grades[3].min.value", "升高"),
    ("value = 95,", "value = 94.955,", "grades[3].min.value", "小数位"),
    (
        '"publisher-faq"], confidence = "2+" }',
        '"publisher-faq"], confidence = "3" }',
        "scale.total.confidence",
        "可信度",
    ),
    ('source = ["11467"', 'source = ["nowhere"', "categories[0].points.source", "nowhere"),
    ('source = ["11467", "publisher-faq"]', 'source = ["11467", "11467"]', "categories[0].points.source", "两次"),
    ('source = ["11467", "publisher-faq"]', "source = []", "categories[0].points.source", "非空"),
    ('refs = ["en.gaiasts.com', 'primary = "yes"\nrefs = ["en.gaiasts.com', "sources.gate.primary", "true"),
    ('category = "customer_service"', 'category = "customers"', "indicators[13].category", "customers"),
    ("value = 0.10,", "value = 1.5,", "staffing.ratio.value", "比例"),
    ('value = "up"', 'value = "sideways"', "staffing.rounding.value", "取整"),
    ("schema = 1", "schema = 2", "schema", "版本"),
    ("schema = 1", "schema = 1\ncolour = 1", "colour", "未知"),
    ("fail_at = { value = 5,", "fail_at = { value = 5.5,", "special_deductions.fail_at.value", "整数"),
    ("本工具按", "本工具按{nonsense}", "assumptions.order", "占位符"),
]


@pytest.mark.parametrize(("old", "new", "key", "problem"), BROKEN)
def test_a_bad_profile_names_file_key_and_problem(tmp_path: Path, old: str, new: str, key: str, problem: str) -> None:
    text = default_text()
    assert old in text, old
    with pytest.raises(ProfileError) as info:
        load_text(tmp_path, text.replace(old, new, 1))
    assert info.value.key == key
    assert problem in info.value.problem
    assert "p.toml" in str(info.value)


def test_toml_syntax_errors_are_reported(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="TOML"):
        load_text(tmp_path, "schema = = 1")


def test_a_missing_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="无法读取"):
        load_profile(tmp_path / "absent.toml")


def test_a_deploying_organization_can_ship_its_own_points(tmp_path: Path) -> None:
    text = (
        default_text()
        .replace(
            'summary = "设立或指定专门的售后服务部门，职能与岗位划分合理；按需设置覆盖销售区域的服务网点并能有效管理。"\npoints = { value = 5, source = "project", confidence = "0", illustrative = true }',
            'summary = "设立或指定专门的售后服务部门，职能与岗位划分合理；按需设置覆盖销售区域的服务网点并能有效管理。"\npoints = { value = 4.5, source = "project", confidence = "0", illustrative = true }',
        )
        .replace(
            'clause = "5.1.5"\nclause_confidence = "2+"\nsummary = "由专职人员组成服务监督机构，监控体系运行；把监督结果用于奖惩和修订服务目标。"\npoints = { value = 5,',
            'clause = "5.1.5"\nclause_confidence = "2+"\nsummary = "由专职人员组成服务监督机构，监控体系运行；把监督结果用于奖惩和修订服务目标。"\npoints = { value = 5.5,',
        )
    )
    profile = load_text(tmp_path, text)
    assert profile.indicator("organization").points.value == Decimal("4.5")
