"""The built pages: every label comes from the registry, explains itself, and survives copy and paste."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from calculator import default_profile
from calculator._checklist_reader import packaged_checklist
from calculator._fee_schedule_reader import default_fee_schedule
from calculator._labels import LEVEL_ORDER, LEVELS
from macros.claims import data_claims, site_registry
from tests.site.sitecheck import CONTENT_PAGES, PAGES, page_file, parse

pytestmark = pytest.mark.build

PROFILE = default_profile()
REGISTRY = site_registry(
    PROFILE, data_claims(PROFILE, default_fee_schedule(), packaged_checklist(PROFILE)).contributions
)
LABEL_TEXT = {level.label for level in LEVELS.values()}

# A page's label links to the claim on the sources page; a calculator result's label (rendered in
# the browser too, where no page links are known) is a <span> naming the same claim.
_LABEL = re.compile(
    r'<(?P<tag>a|span) (?:href="(?P<href>[^"]+)" )?class="conf conf--(?P<css>[a-z-]+)" title="(?P<title>[^"]+)" '
    r'data-confidence="(?P<level>[^"]+)" data-claim="(?P<claim>[^"]+)">'
    r'(?P<inner><span class="conf__sep">（</span>[^<]*<span class="conf__sep">）</span>)</(?P=tag)>'
)
_ANY_CONF = re.compile(r'<(a|span) [^>]*class="conf [^"]*"[^>]*>')


def labels(html: str) -> list[re.Match[str]]:
    return list(_LABEL.finditer(html))


# (page, a phrase, the claim whose label must follow it closely)
LABELLED = [
    ("indicators/", "示意分值：本站为演示计算而设", "indicators.organization.points"),
    ("indicators/", "按指标清单的顺序推断", "clauses.numbers_inferred"),
    ("indicators/", "本站没有找到条款原文", "clauses.texts_not_found"),
    ("scoring/", "高于法律法规的要求、在行业内处于领先", "special_bonus.points"),
    ("scoring/", "计算顺序未见公开原文", "scoring.order"),
    ("scoring/", "本站把它看作部分机构沿用的早期规则", "grades.first_certification_qualified_only"),
    ("scoring/", "能不能靠审核后的整改撤销", "scoring.fix_before_audit"),
    ("managers/", "是本站的做法", "staffing.rounding"),
    ("managers/", "统一的官方考试、发证机关或证书格式", "staffing.no_official_exam"),
    ("managers/", "列为<strong>国家职业资格</strong>的依据", "staffing.not_vocational_qualification"),
    ("what-is/", "使用前请在全国标准信息公共服务平台核对最新状态", "standard.status"),
    ("what-is/", "判断这一说法不可靠", "standard.edition_2025"),
    ("what-is/", "售后服务体系完善程度认证评价规范》", "grades.seven_star_cteas"),
    ("what-is/", "负责最终评审", "history.2006"),
    ("what-is/", "五洲天宇开始作为认证机构开展这项认证", "history.2007"),
    ("fees/", "原文为乱码，由本站逐行还原</a>", "schedule.man_days"),
    ("verify/", "仍可能出现在查询结果中", "verify.suspended_still_listed"),
    ("verify/", "通常还会印有以下内容", "verify.certificate_fields"),
    ("verify/", "重点核对四件事", "verify.four_points"),
    ("complaints/", "可以归纳为三条", "complaints.requirements"),
    ("complaints/", "按不符合样本的比例扣分", "scoring.partial"),
    ("process/", "各环节用时可供参考", "process.breakdown"),
    ("process/", "至少每三年重新评价一次", "process.standard_requires_surveillance"),
    ("scope-benefits/", "本站没有找到依据", "scope.installation"),
    ("scope-benefits/", "下面是本站举的一些例子", "scope.industry_examples"),
    ("apply/", "至少运行 <strong>3 个月</strong>", "schedule.timeline.records_months"),
    ("apply/", "近一年没有重大质量事故或重大服务纠纷", "apply.no_major_incident_last_year"),
    ("glossary/", "“七星级”等级来自这套规范", "grades.seven_star_cteas"),
    ("glossary/", "得分按剩余指标的分值折算", "exclusions.rescale"),
    ("faq/", "本站的算法是向上取整", "staffing.rounding"),
    ("faq/", "被暂停或撤销的证书可能仍然查得到，但已经无效", "verify.suspended_still_listed"),
    ("faq/", "对服务失误有补救措施", "complaints.requirements"),
    ("audit-day/", "审核组 2–3 人", "audit.onsite_days"),
    ("audit-day/", "现场给出的只是推荐意见", "audit.team_recommends"),
    ("choose-body/", "只评达标级", "grades.first_certification_qualified_only"),
    ("choose-body/", "<strong>招标文件或客户的原话</strong>", "choose.check_buyer"),
    ("bodies-and-consultants/", "来自另一套规范", "grades.seven_star_cteas"),
    ("bodies-and-consultants/", "认证机构不得为它认证的企业提供咨询", "bodies.no_consulting"),
    ("after-certification/", "本站没有找到资料", "after.mid_term_upgrade"),
    ("faq/", "违背认证的公正性要求", "bodies.no_consulting"),
]


@pytest.mark.parametrize(("url_path", "phrase", "claim_id"), LABELLED)
def test_an_uncertain_claim_is_labelled_where_it_appears(site: Path, url_path: str, phrase: str, claim_id: str) -> None:
    html = page_file(site, url_path).read_text(encoding="utf-8")
    at = html.find(phrase)
    assert at >= 0, f"{url_path}: {phrase!r} not found"
    window = html[at : at + len(phrase) + 900]
    found = [m.group("claim") for m in labels(window)]
    assert claim_id in found, f"{url_path}: {phrase!r} is not followed by the label of {claim_id} (found {found})"


# Confirmed claims carry no label: the home page promises that an unlabelled statement has two publishers.
UNLABELLED = [
    ("scoring/", "无论得分多高都判不合格"),
    ("managers/", "至少 1 人</strong>"),
    ("faq/", "”按每人日 3000 元计"),
    ("verify/", "全国认证认可信息公共服务平台</strong>"),
    ("indicators/", "的分值划分，出处是"),
]


@pytest.mark.parametrize(("url_path", "phrase"), UNLABELLED)
def test_a_claim_two_publishers_state_has_no_label(site: Path, url_path: str, phrase: str) -> None:
    html = page_file(site, url_path).read_text(encoding="utf-8")
    at = html.find(phrase)
    assert at >= 0, f"{url_path}: {phrase!r} not found"
    following = html[at : at + len(phrase) + 40]
    assert 'class="conf ' not in following, f"{url_path}: {phrase!r} is labelled"


@pytest.mark.parametrize("url_path", list(PAGES))
def test_every_label_belongs_to_a_registered_claim_and_explains_itself(site: Path, url_path: str) -> None:
    html = page_file(site, url_path).read_text(encoding="utf-8")
    found = labels(html)
    plain_labels = [m for m in _ANY_CONF.finditer(html) if "conf--legend" not in m.group(0)]
    assert len(found) == len(plain_labels), f"{url_path}: a label without a claim"
    if url_path not in ("", "sources/"):
        assert "conf--legend" not in html
    for m in found:
        claim = REGISTRY.claim(m.group("claim"))
        level = claim.level
        assert (m.group("level"), m.group("css")) == (level.key, level.css)
        assert unescape(re.sub("<[^>]+>", "", m.group("inner"))) == f"（{level.label}）"
        assert unescape(m.group("title")).startswith(f"{level.label}：{level.explanation}")
        if m.group("tag") == "span":  # a calculator result: its rule table labels every rule
            assert url_path.startswith("calculator/"), f"{url_path}: a label that links nowhere"
            continue
        assert level.key != "2+", "a claim two publishers state needs no label"
        expected = f"sources/#claim-{claim.id}" if url_path != "sources/" else f"./#claim-{claim.id}"
        assert m.group("href").endswith(expected), m.group("href")


def test_a_claim_has_the_same_label_on_every_page(site: Path) -> None:
    seen: dict[str, set[str]] = {}
    for url_path in PAGES:
        for m in labels(page_file(site, url_path).read_text(encoding="utf-8")):
            seen.setdefault(m.group("claim"), set()).add(m.group("level"))
    assert seen, "no labels at all"
    assert {claim: levels for claim, levels in seen.items() if len(levels) > 1} == {}


def test_a_copied_paragraph_keeps_its_labels_readable(site: Path) -> None:
    """The text of a paragraph, as a chat receives it when pasted, brackets each label."""
    html = page_file(site, "managers/").read_text(encoding="utf-8")
    paragraph = re.search(r"<p>按这一解释，一线的安装工.*?</p>", html, re.DOTALL)
    assert paragraph
    text = parse(paragraph.group(0)).text.replace(" ", "")
    assert text.endswith("一般不计入（本站假设）。"), text


def test_the_sources_page_lists_every_claim_under_its_level(site: Path) -> None:
    html = page_file(site, "sources/").read_text(encoding="utf-8")
    heading = {key: html.index(f'id="claims-{LEVELS[key].css}"') for key in LEVEL_ORDER}
    bounds = [*sorted(heading.values()), html.index('id="source-list"')]
    for claim in REGISTRY.claims.values():
        # A claim of a group (a checklist section's items) is an item of its group's row.
        row = html.find(f'<{"li" if claim.group else "tr"} id="claim-{claim.id}">')
        assert row > 0, f"{claim.id} is not listed"
        start = heading[claim.level.key]
        end = bounds[bounds.index(start) + 1]
        assert start < row < end, f"{claim.id} is listed under the wrong level"
    for key in LEVEL_ORDER:
        count = len(REGISTRY.by_level()[key])
        assert f"{LEVELS[key].label}（{count} 条）" in parse(html).article


def test_every_source_a_claim_cites_is_listed_with_its_publishers(site: Path) -> None:
    page = parse(page_file(site, "sources/").read_text(encoding="utf-8"))
    cited = {k for c in REGISTRY.claims.values() for k in c.sources}
    for key in cited:
        assert f"src-{key}" in page.ids, key
    faq = REGISTRY.sources["publisher-faq"]
    assert f"发布方：{faq.publishers[0]}（本站的发布机构）" in page.article


def test_the_home_page_promise_is_what_the_registry_enforces(site: Path) -> None:
    home = parse(page_file(site, "").read_text(encoding="utf-8")).article
    assert "不带标签的具体说法，都至少有两个不同发布方的资料说法一致" in home
    assert "本站给出的建议" in home
    assert "为什么 GB/T 27922 没有七星级" in home


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
