"""The site's claims: one registry, every label carried by its sources, every page refers to it by id.

These read the data and the Markdown only (no build): they fail fast, and the build itself stops
on the same problems (macros.claims.check_usage).
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from typing import Any

import pytest

from calculator import default_profile
from calculator._checklist_reader import packaged_checklist
from calculator._claims import ClaimsError
from calculator._fee_schedule_reader import default_fee_schedule
from calculator._labels import LEVELS
from harness.site import ROOT
from macros.claims import check_usage, claims_table, data_claims, nav_files, scan_pages, site_registry

DOCS = ROOT / "docs"
PROFILE = default_profile()
CHECKLIST = packaged_checklist(PROFILE)
DATA = data_claims(PROFILE, default_fee_schedule(), CHECKLIST)
REGISTRY = site_registry(PROFILE, DATA.contributions)
PAGES = scan_pages(DOCS, PROFILE, tools=DATA.tools, tables=DATA.tables)
MARKDOWN = {p: p.read_text(encoding="utf-8") for p in sorted(DOCS.rglob("*.md"))}


def test_every_label_is_carried_by_the_sources_of_its_claim() -> None:
    """The registry refuses anything else when it loads; this states the rule once more, claim by claim."""
    for claim in REGISTRY.claims.values():
        publishers = REGISTRY.publishers(claim)
        primary = any(REGISTRY.sources[k].primary for k in claim.sources)
        assert claim.sources, claim.id
        if claim.confidence == "2+":
            assert len(publishers) >= 2 or primary, claim.id
        if claim.confidence in ("1", "x"):
            assert publishers, claim.id
        if claim.confidence == "1" and len(publishers) >= 2:
            assert claim.note, f"{claim.id}: two publishers, yet 1, and no reason given"


def test_every_claim_id_a_page_uses_is_registered_and_every_claim_is_used() -> None:
    used = {i for page in PAGES for i in page.claims}
    assert REGISTRY.unknown(used) == []
    assert REGISTRY.unused(used) == []
    check_usage(REGISTRY, PAGES)


def test_an_unknown_or_unused_claim_stops_the_build(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    every = "".join(f"{{{{ claim('{i}') }}}}" for i in REGISTRY.claims)
    (docs / "index.md").write_text(every + "{{ claim('verify.no_such_claim') }}", encoding="utf-8")
    with pytest.raises(ClaimsError, match=r"没有登记的说法：verify\.no_such_claim（index\.md）"):
        check_usage(REGISTRY, scan_pages(docs, PROFILE))
    (docs / "index.md").write_text(every.replace("{{ claim('process.steps') }}", ""), encoding="utf-8")
    with pytest.raises(ClaimsError, match=r"没有任何页面引用.*process\.steps"):
        check_usage(REGISTRY, scan_pages(docs, PROFILE))


def test_the_checklist_page_states_every_items_claim() -> None:
    """The page that holds the checklist tool uses its items' claims: none is left unused or listed elsewhere."""
    (page,) = [p for p in PAGES if p.src == "calculator/checklist.md"]
    items = {f"checklist.{item.id}" for item in CHECKLIST.items}
    assert items <= set(page.claims)
    assert not [p.src for p in PAGES if p is not page and items & set(p.claims)]


def test_the_sources_page_lists_a_checklist_section_as_one_row_per_level() -> None:
    """67 items would swamp the page: a section's items at one level share a row, each keeping its anchor."""
    html = claims_table(REGISTRY, "0", PAGES, lambda url: url)
    rows = re.findall(r"<tr[ >].*?</tr>", html.split("<tbody>", 1)[1], re.DOTALL)
    section = [r for r in rows if "迎审准备清单 · 5.2.1 商品信息（3 条）" in r]
    assert len(section) == 1
    for item_id in ("info_documents", "info_care", "info_channels"):
        assert f'<li id="claim-checklist.{item_id}">' in section[0]
    assert '<a href="calculator/checklist/">迎审准备清单</a>' in section[0]
    grouped = {c.group for c in REGISTRY.by_level()["0"] if c.group}
    plain = [c for c in REGISTRY.by_level()["0"] if not c.group]
    assert len(rows) == len(grouped) + len(plain) < len(REGISTRY.by_level()["0"])


def test_a_group_whose_claims_cite_different_sources_names_each_claims_own() -> None:
    html = claims_table(REGISTRY, "1", PAGES, lambda url: url)
    row = next(r for r in re.findall(r"<tr[ >].*?</tr>", html, re.DOTALL) if "5.1.3 资源配置" in r)
    training = row[row.index('id="claim-checklist.res_training"') :].split("</li>", 1)[0]
    assert "只见于一家的条款转述" in training  # its note
    assert "sources/#src-checklist-resources-clause" in training


# Label words as a reader sees them, brackets included: a page that types one wrote a label by hand.
_TYPED_LABEL = re.compile("（(?:" + "|".join(re.escape(level.label) for level in LEVELS.values()) + ")）")
_HAND_MACRO = re.compile(r"\b(?:conf|fact_conf|badge)\(|class=\"conf\b")


@pytest.mark.parametrize("path", list(MARKDOWN), ids=lambda p: p.relative_to(DOCS).as_posix())
def test_no_page_writes_a_label_by_hand(path: Path) -> None:
    text = MARKDOWN[path]
    assert not _HAND_MACRO.findall(text), "labels come from claim('…'), not from a hand-written level"
    assert not _TYPED_LABEL.findall(text), "a label typed as text"
    if path.name not in ("index.md", "sources.md"):
        assert "level_chip(" not in text, "level_chip() only explains the labels (home page, sources page)"


def test_pages_are_listed_in_reading_order() -> None:
    # PyYAML comes with MkDocs but has no type stubs here: imported by name, it is typed as Any.
    yaml = importlib.import_module("yaml")
    loader: Any = type("Loader", (yaml.SafeLoader,), {})  # a copy, so the global loader stays unchanged
    loader.add_multi_constructor("", lambda *_: None)  # !ENV, !relative and !!python tags: not needed here
    nav = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=loader)["nav"]
    order = nav_files(nav)
    pages = [p.src for p in scan_pages(DOCS, PROFILE, order)]
    assert pages[: len(order)] == order
    assert pages[0] == "index.md"


# ------------------------------------------------- what the issue found wrong

# (claim, confidence after recounting with the publisher's FAQ): each was labelled otherwise, or
# not at all, somewhere on the site before.
RECOUNTED = [
    ("categories.service_system.points", "2+"),  # 40/35/25: a consultancy page and the FAQ
    ("special_deductions.fail_at", "2+"),  # an English page and the FAQ, in Chinese
    ("special_deductions.points_each", "2+"),
    ("staffing.minimum", "2+"),  # was [0] on the FAQ page, [1] elsewhere
    ("staffing.rough_share_of_headcount", "2+"),
    ("schedule.fees.per_man_day", "2+"),  # 3000 元/人日: [1] on the FAQ page, [2+] elsewhere
    ("verify.platform", "2+"),  # cx.cnca.cn: szldx.cn and the FAQ
    ("verify.suspended_still_listed", "1"),
    ("complaints.requirements", "1"),  # "several bodies" next to a single-source label
    ("history.2006", "1"),  # the history was listed as [2+] though each event has one source
    ("history.2007", "1"),
    ("grades.seven_star_cteas", "1"),
    ("exclusions.rescale", "1"),
    ("scoring.partial", "1"),
    ("apply.no_major_incident_last_year", "1"),
    ("scope.industry_examples", "0"),
]


@pytest.mark.parametrize(("claim_id", "confidence"), RECOUNTED)
def test_recounted_claims(claim_id: str, confidence: str) -> None:
    assert REGISTRY.claim(claim_id).confidence == confidence


FAQ_STATES = [
    "categories.service_system.points",
    "grades.qualified.min",
    "special_deductions.fail_at",
    "special_deductions.points_each",
    "staffing.ratio",
    "staffing.minimum",
    "staffing.manager_share_of_headcount",
    "staffing.rough_share_of_headcount",
    "certification.service_type",
    "scope.definition",
    "scope.applicants",
    "benefits.star_mark",
    "benefits.tenders",
    "apply.conditions",
    "complaints.requirements",
    "process.steps",
    "process.standard_requires_surveillance",
    "fees.by_headcount",
    "verify.filed_with_cnca",
    "verify.platform",
    "verify.results_page",
    "verify.four_points",
    "staffing.training_providers",
    "grades.top_is_five_star",
]


@pytest.mark.parametrize("claim_id", FAQ_STATES)
def test_the_publishers_faq_is_counted_where_it_states_the_claim(claim_id: str) -> None:
    claim = REGISTRY.claim(claim_id)
    assert "publisher-faq" in claim.sources
    assert "山东世通国际认证有限公司" in REGISTRY.publishers(claim)


NOT_FOUND = ["staffing.no_official_exam", "standard.no_rbt", "clauses.texts_not_found", "verify.fields_unverified"]


@pytest.mark.parametrize("claim_id", NOT_FOUND)
def test_nothing_found_is_not_called_an_assumption(claim_id: str) -> None:
    assert REGISTRY.claim(claim_id).level.label == "未找到来源"


# Sentences the FAQ contradicted, and the "remove" wording: none may come back.
CONTRADICTED = [
    ("scoring.md", "没有找到说明这一点的中文原文"),
    ("scoring.md", "只有一份英文资料写明"),
    ("indicators.md", "没有找到第二个独立来源"),
    ("indicators.md", "只在一家咨询机构的页面上见到"),
    ("complaints.md", "多家认证机构介绍过"),
    ("managers.md", "它出自同一份问答"),
    ("index.md", "没有标签的内容有两个以上不同网站相互印证"),
    ("index.md", "为什么不存在“七星级”"),
    ("process.md", "1–3 天，审核组 2–3 人 |"),
]


@pytest.mark.parametrize(("page", "sentence"), CONTRADICTED)
def test_contradicted_sentences_are_gone(page: str, sentence: str) -> None:
    assert sentence not in MARKDOWN[DOCS / page]
