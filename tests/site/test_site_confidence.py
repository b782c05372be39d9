"""Single-source and assumed facts are labelled where they appear; abbreviations get hover explanations."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.site.sitecheck import CONTENT_PAGES, page_file

pytestmark = pytest.mark.build

_BADGE = re.compile(r'<a class="conf [^"]*" href="([^"]+)" title="([^"]+)" data-confidence="([^"]+)">([^<]+)</a>')
LABELS = {"2+": "多源印证", "1": "单一来源", "0": "本站假设", "x": "不可靠说法", "illustrative": "示意分值"}

# (page, a phrase, the label that must follow it closely)
LABELLED = [
    ("indicators/", "的分值划分只在一家咨询机构的页面上见到", "1"),
    ("indicators/", "示意分值：本站为演示计算而设", "illustrative"),
    ("indicators/", "按指标清单的顺序推断", "0"),
    ("scoring/", "无论得分多高都判不合格", "1"),
    ("scoring/", "高于法律法规的要求、在行业内处于领先", "1"),
    ("scoring/", "采用如下做法", "0"),
    ("scoring/", "本站把它看作部分机构沿用的早期规则", "1"),
    ("managers/", "是本站的做法", "0"),
    ("managers/", "至少 1 人</strong>", "1"),
    ("managers/", "大约是企业总人数的", "1"),
    ("managers/", "统一的官方考试、发证机关或证书格式", "0"),
    ("what-is/", "使用前请在全国标准信息公共服务平台核对最新状态", "0"),
    ("what-is/", "判断这一说法不可靠", "x"),
    ("what-is/", "售后服务体系完善程度认证评价规范》", "1"),
    ("fees/", "下表只见于一个网站", "1"),
    ("verify/", "全国认证认可信息公共服务平台</strong>", "1"),
    ("verify/", "仍可能出现在查询结果中", "1"),
    ("verify/", "通常还会印有以下内容", "0"),
    ("complaints/", "可以归纳为三条", "1"),
    ("process/", "各环节用时可供参考", "1"),
    ("scope-benefits/", "本站没有找到依据", "0"),
    ("apply/", "至少运行 <strong>3 个月</strong>", "1"),
]


@pytest.mark.parametrize(("url_path", "phrase", "level"), LABELLED)
def test_uncertain_fact_is_labelled_where_it_appears(site: Path, url_path: str, phrase: str, level: str) -> None:
    html = page_file(site, url_path).read_text(encoding="utf-8")
    at = html.find(phrase)
    assert at >= 0, f"{url_path}: {phrase!r} not found"
    window = html[at : at + len(phrase) + 700]
    levels = [m.group(3) for m in _BADGE.finditer(window)]
    assert level in levels, f"{url_path}: {phrase!r} is not followed by a {LABELS[level]} label (found {levels})"


@pytest.mark.parametrize("url_path", CONTENT_PAGES)
def test_every_label_explains_itself_and_links_to_the_sources_page(site: Path, url_path: str) -> None:
    html = page_file(site, url_path).read_text(encoding="utf-8")
    for href, title, level, text in _BADGE.findall(html):
        assert text == LABELS[level]
        assert title.startswith(LABELS[level])
        expected = "./#levels" if url_path == "sources/" else "sources/#levels"
        assert href.endswith(expected), href


def test_sources_page_lists_every_rules_fact_with_a_label(site: Path) -> None:
    html = page_file(site, "sources/").read_text(encoding="utf-8")
    table = html[html.index('class="rules-table rules-table--facts"') :]
    table = table[: table.index("</table>")]
    rows = table.count("<tr>") - 1
    assert rows >= 30
    assert len(_BADGE.findall(table)) == rows
    assert 'id="levels"' in html


def test_the_unreliable_2025_edition_claim_is_only_mentioned_as_unreliable(site: Path) -> None:
    for url_path in CONTENT_PAGES:
        html = page_file(site, url_path).read_text(encoding="utf-8")
        for m in re.finditer("2025 年?版", html):
            window = html[m.start() - 300 : m.start() + 600]
            assert "不可靠" in window, f"{url_path}: '2025 年版' not marked unreliable"


@pytest.mark.parametrize(
    ("url_path", "abbr"),
    [("what-is/", "GB/T"), ("what-is/", "3C"), ("what-is/", "CNCA"), ("verify/", "CNCA"), ("glossary/", "SB/T")],
)
def test_abbreviations_have_hover_explanations(site: Path, url_path: str, abbr: str) -> None:
    html = page_file(site, url_path).read_text(encoding="utf-8")
    assert re.search(rf'<abbr title="[^"]+">{re.escape(abbr)}</abbr>', html), f"{url_path}: no <abbr> for {abbr}"
