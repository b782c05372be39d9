"""The claims registry: a label can never say more, or less, than the claim's sources carry."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from calculator import default_profile
from calculator._claims import (
    ClaimsError,
    Contribution,
    build_registry,
    load_claims,
    parse_claims,
    profile_contribution,
)
from calculator._labels import LEVELS, label_html, level_for, with_level

PROFILE = default_profile()

SOURCES = """
schema = 1

[sources.site]
label = "本站"
refs = []

[sources.one]
label = "一个网站"
refs = ["m.one.example.cn/a.html", "www.one.example.cn/b.html"]

[sources.two]
label = "另一个网站"
refs = ["two.example.com/page"]

[sources.org]
label = "一家机构的问答"
refs = []
publishers = ["某认证有限公司"]

[sources.text]
label = "标准正式文本"
refs = ["GB/T 27922-2011"]
primary = true
"""


def claims(*entries: str) -> Contribution:
    text = SOURCES + "".join(f"\n[[claims]]\n{e.strip()}\n" for e in entries)
    return parse_claims(tomllib.loads(text), "c.toml")


def claim(confidence: str, sources: str, extra: str = "", claim_id: str = "topic.thing") -> str:
    return f'id = "{claim_id}"\ntext = "一条说法"\nconfidence = "{confidence}"\nsources = {sources}\n{extra}'


# ------------------------------------------------------ labels match sources

ACCEPTED = [
    ("2+", '["one", "two"]', ""),
    ("2+", '["one", "org"]', ""),
    ("2+", '["text"]', ""),  # the standard's own text settles it
    ("1", '["one"]', ""),
    ("1", '["org"]', ""),
    ("1", '["one", "two"]', 'note = "两个页面相互转抄。"'),
    ("0", '["site"]', ""),
    ("0", '["site"]', 'basis = "not_found"'),
    ("0", '["one"]', ""),  # an inference may cite the page it starts from
    ("x", '["one"]', ""),
]


@pytest.mark.parametrize(("confidence", "sources", "extra"), ACCEPTED)
def test_a_label_its_sources_carry_is_accepted(confidence: str, sources: str, extra: str) -> None:
    registry = build_registry(claims(claim(confidence, sources, extra)))
    assert registry.claim("topic.thing").confidence == confidence


REFUSED = [
    ("2+", '["one"]', "", "只有 1 个不同发布方"),
    ("2+", '["site"]', "", "只有 0 个"),
    ("1", '["site"]', "", "没有任何外部发布方"),
    ("x", '["site"]', "", "没有任何外部发布方"),
    ("1", '["one", "two"]', "", "应标为 2+"),
    ("1", '["text"]', "", "应标为 2+"),
    ("1", '["nowhere"]', "", "'nowhere'"),
    ("1", '["one"]', 'basis = "not_found"', "只能是 0"),
]


@pytest.mark.parametrize(("confidence", "sources", "extra", "problem"), REFUSED)
def test_a_label_its_sources_do_not_carry_stops_the_registry(
    confidence: str, sources: str, extra: str, problem: str
) -> None:
    with pytest.raises(ClaimsError) as info:
        build_registry(claims(claim(confidence, sources, extra)))
    assert info.value.key == "topic.thing"
    assert problem in info.value.problem
    assert "c.toml" in str(info.value)


def test_two_pages_of_one_site_count_as_one_publisher() -> None:
    registry = build_registry(claims(claim("1", '["one"]')))
    assert registry.publishers(registry.claim("topic.thing")) == ("example.cn",)


# ------------------------------------------------------------- the file format

BAD_FILES = [
    (claim("1", "[]"), "claims[0].sources", "至少"),
    (claim("1", '["one", "one"]'), "claims[0].sources", "两次"),
    (claim("2", '["one"]'), "claims[0].confidence", "可信度"),
    (claim("1", '["one"]', claim_id="Topic thing"), "claims[0].id", "标识"),
    (claim("0", '["site"]', 'basis = "guess"'), "claims[0].basis", "not_found"),
    (claim("1", '["one"]', "colour = 1"), "claims[0].colour", "未知"),
    ('id = "a.b"\nconfidence = "1"\nsources = ["one"]', "claims[0].text", "缺少"),
]


@pytest.mark.parametrize(("entry", "key", "problem"), BAD_FILES)
def test_a_bad_claims_file_names_the_key_and_the_problem(entry: str, key: str, problem: str) -> None:
    with pytest.raises(ClaimsError) as info:
        claims(entry)
    assert (info.value.key, problem in info.value.problem) == (key, True)
    assert str(info.value).startswith("说法登记 c.toml：")


def test_a_claims_file_that_cannot_be_read_says_so(tmp_path: Path) -> None:
    with pytest.raises(ClaimsError, match="无法读取"):
        load_claims(tmp_path / "missing.toml")
    broken = tmp_path / "broken.toml"
    broken.write_text("schema = ", encoding="utf-8")
    with pytest.raises(ClaimsError, match="TOML"):
        load_claims(broken)


def test_two_files_may_share_a_source_only_if_they_define_it_alike() -> None:
    first = claims(claim("1", '["one"]'))
    same = claims(claim("1", '["one"]', claim_id="topic.other"))
    assert set(build_registry(first, same).claims) == {"topic.thing", "topic.other"}
    changed = parse_claims(
        tomllib.loads(
            SOURCES.replace('label = "一个网站"', 'label = "改了名字"')
            + "\n[[claims]]\n"
            + claim("1", '["one"]', claim_id="topic.third")
        ),
        "d.toml",
    )
    with pytest.raises(ClaimsError, match="同名的来源内容不同"):
        build_registry(first, changed)


def test_a_claim_id_is_registered_once() -> None:
    with pytest.raises(ClaimsError, match="重复"):
        build_registry(claims(claim("1", '["one"]')), claims(claim("1", '["org"]')))


def test_usage_lists_unknown_and_unused_ids() -> None:
    registry = build_registry(claims(claim("1", '["one"]'), claim("0", '["site"]', claim_id="topic.other")))
    assert registry.unknown(["topic.thing", "topic.typo"]) == ["topic.typo"]
    assert registry.unused(["topic.thing"]) == ["topic.other"]
    with pytest.raises(KeyError, match=r"topic\.thing"):
        registry.claim("topic.typo")


# --------------------------------------------------------- the rules profile


def test_every_number_of_the_profile_is_a_claim_with_its_key_as_id() -> None:
    registry = build_registry(profile_contribution(PROFILE))
    fail_at = registry.claim("special_deductions.fail_at")
    assert (fail_at.value, fail_at.confidence, fail_at.sources) == ("5 项", "2+", ("gate", "publisher-faq"))
    assert registry.publishers(fail_at) == ("gaiasts.com", "山东世通国际认证有限公司")
    assert registry.claim("grades.five_star.min").value == "95 分"
    assert registry.claim("staffing.rounding").value == "向上取整"
    assert registry.claim("indicators.repair.points").level.key == "illustrative"
    assert registry.claim("standard.status").level.key == "not_found"
    # Input bounds say nothing about certification: no claims.
    assert "special_deductions.max_count" not in registry.claims
    assert "staffing.max_headcount" not in registry.claims


def test_the_default_profiles_labels_are_all_carried_by_their_sources() -> None:
    registry = build_registry(profile_contribution(PROFILE))
    # 14 numbers two publishers state; 5.1.2.2's points, the bonus and 删减 from one; the rounding,
    # the display decimals and the standard's status are ours; 15 indicator points are illustrative.
    assert registry.counts() == {"2+": 14, "1": 4, "0": 18, "x": 0}


# ------------------------------------------------------------------ labels


def test_a_level_reads_the_same_everywhere() -> None:
    assert [level_for(c).label for c in ("2+", "1", "0", "x")] == ["多源印证", "单一来源", "本站假设", "不可靠说法"]
    assert level_for("0", basis="not_found") is LEVELS["not_found"]
    assert level_for("0", illustrative=True) is LEVELS["illustrative"]
    with pytest.raises(ValueError, match="unknown confidence"):
        level_for("3")


def test_a_label_keeps_its_brackets_in_the_text_a_reader_copies() -> None:
    html = label_html(LEVELS["1"], href="../sources/#claim-a.b", claim="a.b", note="说明。")
    assert ">（</span>单一来源<span" in html
    assert 'data-claim="a.b"' in html
    assert 'title="单一来源：' in html
    assert "说明。" in html
    assert html.startswith('<a href="../sources/#claim-a.b"')


def test_a_sentence_gets_its_label_before_the_full_stop() -> None:
    assert with_level("每项扣 1 分。", "1") == "每项扣 1 分（单一来源）。"
    assert with_level("按示意分值", "0", illustrative=True) == "按示意分值（示意分值）。"
