"""The audit-readiness checklist: its data, its validation against the profile, progress and the rough score statuses."""

from __future__ import annotations

import copy
import json
import re
import sys
from collections import Counter
from importlib import resources
from typing import Any

import pytest

from calculator import ProfileError, default_profile, parse_profile, run
from calculator._api import run_tool
from calculator._checklist import percent_of, suggested_status
from calculator._checklist_claims import checklist_contribution, item_claim_id
from calculator._checklist_reader import (
    DEFAULT_CHECKLIST,
    MIN_ITEMS,
    packaged_checklist,
    parse_checklist,
    parse_checklist_bytes,
)
from calculator._claims import build_registry, profile_contribution
from calculator._datafile import read_toml
from calculator._labels import LEVELS, label_html
from calculator._profile_reader import parse_profile_bytes
from calculator._tool import Datasets
from calculator._tools import CHECKLIST, SCORE
from calculator._urlstate import decode
from calculator._web import compute, handle
from tests.profile_variants import DROPPED, OWN_ITEM, official, own_checklist

PROFILE = default_profile()
CHECKLIST_DATA = packaged_checklist(PROFILE)


def checklist_toml() -> dict[str, Any]:
    raw = resources.files("calculator").joinpath("profiles", DEFAULT_CHECKLIST).read_bytes()
    return read_toml(raw, DEFAULT_CHECKLIST)


def profile_toml() -> dict[str, Any]:
    raw = resources.files("calculator").joinpath("profiles", "gbt27922-2011.toml").read_bytes()
    return read_toml(raw, "profile.toml")


# ------------------------------------------------------------------ the data


def test_every_indicator_and_every_special_deduction_kind_has_at_least_three_items() -> None:
    sections = {(s.kind, s.id): len(s.items) for s in CHECKLIST_DATA.sections}
    expected = [("indicator", i.id) for i in PROFILE.indicators]
    expected += [("deduction", k.id) for k in PROFILE.special_deductions.kinds]
    assert list(sections) == expected  # in the profile's order
    assert min(sections.values()) >= MIN_ITEMS == 3
    assert sum(sections.values()) >= 45


def test_items_are_documents_records_and_site_facts_each_with_a_why() -> None:
    kinds = Counter(item.kind for item in CHECKLIST_DATA.items)
    assert set(kinds) == {"document", "record", "site"}
    assert all(item.why.endswith("。") and len(item.why) >= 10 for item in CHECKLIST_DATA.items)
    assert all(item.text and not item.text.endswith("。") for item in CHECKLIST_DATA.items)


def test_every_item_is_a_claim_of_the_sites_registry_carried_by_its_sources() -> None:
    """build_registry refuses a label its sources do not carry: "2+" two publishers, "1" one, a reason where more."""
    registry = build_registry(profile_contribution(PROFILE), checklist_contribution(CHECKLIST_DATA))
    confidence = Counter(item.confidence for item in CHECKLIST_DATA.items)
    assert confidence["0"] >= 30  # the clause texts behind 5.1.6–5.3.2 are not public
    for item in CHECKLIST_DATA.items:
        claim = registry.claim(item_claim_id(item))
        assert (claim.text, claim.confidence, claim.note) == (item.text, item.confidence, item.note)
        assert claim.group.startswith("迎审准备清单 · ")
        publishers = registry.publishers(claim)
        if item.confidence == "0":
            assert item.sources == ("advice",), item.id
            assert not publishers, item.id
        else:
            assert "advice" not in item.sources, item.id
            assert len(publishers) >= {"2+": 2, "1": 1}[item.confidence], item.id


def test_a_source_the_profile_defines_alike_is_listed_once_and_any_other_gets_its_own_key() -> None:
    contribution = checklist_contribution(CHECKLIST_DATA)
    assert contribution.sources["clauses"] == PROFILE.sources["clauses"]
    assert contribution.sources["scoring-method"] == PROFILE.sources["scoring-method"]
    # The publisher's FAQ, named by its title only (the checklist page shows labels as they are): the
    # same publisher, counted as one, under a key of its own.
    faq = contribution.sources["checklist-publisher-faq"]
    assert faq.publishers == PROFILE.sources["publisher-faq"].publishers
    assert faq.publishers[0] not in faq.label
    assert "checklist-advice" in contribution.sources
    assert "advice" not in contribution.sources
    # A deployment's checklist that defines a shared key otherwise does not clash with the profile.
    data = checklist_toml()
    data["sources"]["clauses"]["label"] = "本机构整理的条款要点"
    own = parse_checklist(data, PROFILE, "own.toml")
    registry = build_registry(profile_contribution(PROFILE), checklist_contribution(own))
    assert registry.sources["checklist-clauses"].label == "本机构整理的条款要点"
    assert registry.claim("checklist.org_department").sources == ("checklist-clauses",)


@pytest.mark.skipif(
    sys.platform == "emscripten", reason="the build renders forms: the browser's wheel leaves _page* out"
)
def test_each_items_label_on_the_page_is_its_claims_label_from_the_registry() -> None:
    registry = build_registry(profile_contribution(PROFILE), checklist_contribution(CHECKLIST_DATA))
    form = CHECKLIST.render_form(CHECKLIST_DATA, CHECKLIST.example(CHECKLIST_DATA))
    for item in CHECKLIST_DATA.items:
        claim = registry.claim(item_claim_id(item))
        help_text = form[form.index(f'id="gbt-f-items-{item.id}-help"') :].split("</p>", 1)[0]
        if claim.level.key == "2+":  # as everywhere on the site: no label where two publishers agree
            assert 'class="conf ' not in help_text, item.id
        else:
            assert label_html(claim.level, note=claim.note, claim=claim.id) in help_text, item.id
    # The page's own words are not labels: no level is named but by a label of the registry.
    words = re.sub(r'<span class="conf [^>]*>.*?</span></span>', "", form)
    assert not [level.label for level in LEVELS.values() if level.label in words]


def test_clauses_cited_are_clauses_of_the_items_indicator() -> None:
    for s in CHECKLIST_DATA.indicator_sections:
        clause = PROFILE.indicator(s.id).clause
        for item in s.items:
            assert not item.clause or item.clause.startswith("5."), item.id
            if item.clause and item.id != "cul_training":  # service culture training sits in 5.1.3.2
                assert item.clause.startswith(clause), item.id


# ------------------------------------------------------------ validation


def _broken(change: Any) -> str:
    data = checklist_toml()
    change(data)
    with pytest.raises(ProfileError) as caught:
        parse_checklist(data, PROFILE, "checklist.toml")
    return str(caught.value)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["items"][0].update(indicator="after_sales"), "没有二级指标 'after_sales'"),
        (lambda d: d["items"][-1].update(deduction="fraud"), "没有特别扣分项类别 'fraud'"),
        (lambda d: d["items"][0].update(deduction="law"), "须且只能给出"),
        (lambda d: d["items"][0].pop("indicator"), "须且只能给出"),
        (lambda d: d["items"][1].update(id=d["items"][0]["id"]), "重复"),
        (lambda d: d["items"][0].update(id="Org-1"), "只能由小写英文字母"),
        (lambda d: d["items"][0].update(kind="photo"), "类型应为 document / record / site"),
        (lambda d: d["items"][0].update(sources=["nowhere"]), "来源 'nowhere' 未在 [sources] 中定义"),
        (lambda d: d["items"][0].update(sources=[]), "至少需要一个来源"),
        (lambda d: d["items"][0].update(confidence="3"), "可信度应为"),
        (lambda d: d["items"][0].update(why=""), "不能为空"),
        (lambda d: d["items"][0].update(owner="张三"), "未知的键"),
        (lambda d: d.update(schema=2), "不支持的格式版本"),
        (lambda d: d.update(items=[i for i in d["items"] if i.get("indicator") != "delivery"]), "“5.2.3 配送”"),
        (
            lambda d: d.update(items=[i for i in d["items"] if i["id"] not in ("rep_spares", "rep_promise")]),
            "有 2 个条目，应有 3 到",
        ),
    ],
)
def test_a_checklist_that_does_not_fit_is_refused_naming_file_key_and_problem(change: Any, message: str) -> None:
    text = _broken(change)
    assert text.startswith("迎审准备清单 checklist.toml：")
    assert message in text


def test_a_profile_with_other_indicators_fails_loudly_everywhere() -> None:
    data = profile_toml()
    data["indicators"][9]["id"] = "delivery_and_installation"  # 配送 renamed in a deployment's own profile
    other = parse_profile(copy.deepcopy(data), "own-profile.toml")
    with pytest.raises(ProfileError, match=r"own-profile\.toml 中没有二级指标 'delivery'"):
        packaged_checklist(other)
    # The command line and the worker answer with the reason; the other tools are not affected.
    code, out = run("checklist", "{}", other)
    assert code == 2
    assert "中没有二级指标 'delivery'" in json.loads(out)["error"]["message"]
    assert (
        run(
            "score",
            json.dumps({"categories": {"service_system": 30, "goods_service": 30, "customer_service": 20}}),
            other,
        )[0]
        == 0
    )
    answer = compute("staffing", {"head_office": "3", "branches": "4"}, Datasets(other))
    assert answer["ok"]


# ------------------------------------------------- a deployment's own checklist

OFFICIAL = parse_profile_bytes(official(), "official.toml")


def test_a_deployments_own_checklist_replaces_the_packaged_one_for_its_profile() -> None:
    own = parse_checklist_bytes(own_checklist(), OFFICIAL, "acme.toml")
    datasets = Datasets(OFFICIAL, own_checklist=own)
    assert datasets.checklist() is own
    code, out = run_tool("checklist", json.dumps({"ticked": [OWN_ITEM[0]]}), datasets)
    assert code == 0
    sections = {s["id"]: s for s in json.loads(out)["sections"]}
    assert DROPPED[0] not in sections
    assert (sections["technical_support"]["done"], sections["technical_support"]["total"]) == (1, 4)
    answer = compute("checklist", CHECKLIST.example(own), datasets)
    assert answer["ok"], answer
    assert OWN_ITEM[1] in answer["html"]


def test_a_checklist_is_only_used_with_the_profile_it_was_checked_against() -> None:
    own = parse_checklist_bytes(own_checklist(), OFFICIAL, "acme.toml")
    with pytest.raises(ValueError, match="another rules profile"):
        Datasets(PROFILE, own_checklist=own)


def test_the_worker_uses_a_shipped_checklist_and_refuses_one_that_does_not_fit() -> None:
    def ask(request: dict[str, Any]) -> dict[str, Any]:
        answer: dict[str, Any] = json.loads(handle(json.dumps(request)))
        return answer

    shipped = {"action": "configure", "profile_toml": official(), "checklist_toml": own_checklist()}
    try:
        assert ask(shipped) == {"ok": True, "profile": OFFICIAL.id, "fees": None, "checklist": "acme-checklist"}
        result = ask({"action": "checklist", "fields": {f"items.{OWN_ITEM[0]}": "1"}})
        assert result["ok"], result
        assert OWN_ITEM[1] in result["html"]
        # The same checklist with the packaged profile: refused, naming the file; nothing changes.
        broken = ask({"action": "configure", "checklist_toml": own_checklist()})
        assert broken["ok"] is False
        assert broken["message"].startswith("迎审准备清单 checklist.toml：items：")
        assert OWN_ITEM[1] in ask({"action": "checklist", "fields": {}})["html"]
    finally:
        ask({"action": "configure", "profile_toml": None})
    assert OWN_ITEM[1] not in ask({"action": "checklist", "fields": {}})["html"]


# --------------------------------------------------------------- the rules


@pytest.mark.parametrize(
    ("done", "total", "excluded", "status"),
    [
        (4, 4, False, "conform"),
        (3, 4, False, "partial"),
        (1, 4, False, "partial"),
        (0, 4, False, "nonconform"),
        (0, 4, True, "na"),
        (4, 4, True, "na"),
    ],
)
def test_ticks_suggest_a_status(done: int, total: int, excluded: bool, status: str) -> None:
    assert suggested_status(done, total, excluded) == status


@pytest.mark.parametrize(("done", "total", "percent"), [(0, 64, 0), (1, 64, 1), (63, 64, 98), (64, 64, 100), (0, 0, 0)])
def test_percent_is_rounded_down_so_100_means_everything(done: int, total: int, percent: int) -> None:
    assert percent_of(done, total) == percent


def test_the_json_contract() -> None:
    code, out = run(
        "checklist", json.dumps({"ticked": ["org_department", "spec_manual"], "not_applicable": ["recycling"]})
    )
    assert code == 0
    result = json.loads(out)
    assert (result["done"], result["total"]) == (2, len(CHECKLIST_DATA.items) - 3)
    sections = {s["id"]: s for s in result["sections"]}
    assert sections["organization"]["status_label"] == "部分不符合"
    assert sections["organization"]["open"] == ["org_duties", "org_outlets", "org_outlet_control"]
    assert sections["recycling"]["status"] == "na"
    assert sections["law"]["status"] is None
    fields = result["score"]["fields"]
    assert fields["indicators.organization.samples"] == "4"
    assert fields["indicators.organization.nonconforming"] == "3"
    assert fields["indicators.staffing.status"] == "nonconform"
    assert result["score"]["state"].startswith("s1.d_")


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ([], "input", "输入应为一个对象"),
        ({"ticks": []}, "ticks", "未知的输入项"),
        ({"ticked": "org_department"}, "ticked", "应为清单条目标识的数组"),
        ({"ticked": ["nothing"]}, "ticked[0]", "没有标识为“nothing”的清单条目"),
        ({"ticked": ["spec_manual", "spec_manual"]}, "ticked[1]", "重复出现"),
        ({"ticked": [1]}, "ticked[0]", "应为文本"),
        ({"not_applicable": ["law"]}, "not_applicable[0]", "没有标识为“law”的二级指标"),
    ],
)
def test_bad_input_names_the_key(data: object, field: str, message: str) -> None:
    code, out = run("checklist", json.dumps(data))
    assert code == 2
    error = json.loads(out)["error"]
    assert error["field"] == field
    assert message in error["message"]


def test_every_indicator_not_applicable_gives_no_score_link_but_says_why() -> None:
    na = [s.id for s in CHECKLIST_DATA.indicator_sections]
    code, out = run("checklist", json.dumps({"not_applicable": na}))
    assert code == 0
    score = json.loads(out)["score"]
    assert score["state"] is None
    assert score["message"]


def test_a_box_that_is_neither_ticked_nor_not_is_flagged_and_the_link_refuses_other_layouts() -> None:
    answer = json.loads(handle(json.dumps({"action": "checklist", "fields": {"items.spec_manual": "maybe"}})))
    assert not answer["ok"]
    assert answer["errors"] == {"items.spec_manual": "只能勾选或不勾选。"}
    for bad in ("c1.1111.0000000", "c1." + "_".join(["111"] * 19) + ".zzzzzzz"):
        assert decode(CHECKLIST, bad, CHECKLIST_DATA).fields is None


def test_the_page_shows_the_paper_checklist_and_the_score_link() -> None:
    fields = {"items.org_department": "1", "na.recycling": "1"}
    answer = compute("checklist", fields, Datasets(PROFILE))
    assert answer["ok"]
    html = answer["html"]
    assert 'href="../score/#s1.d_' in html
    assert "用清单结果打开自评计分" in html
    assert "粗略参考" in html
    assert html.count("<caption>") == len(CHECKLIST_DATA.sections)
    assert '<th scope="col">负责人</th><th scope="col">完成日期</th>' in html
    assert html.count("☑") == 1
    assert "5.2.6 废弃商品回收（不适用，已删减）" in html
    assert answer["summary"].startswith("已准备 1 / ")


def test_the_score_result_links_its_weakest_indicators_to_their_checklist_section() -> None:
    fields = {"mode": "detailed", "indicators.complaints.status": "nonconform", "bonus": "0"}
    answer = compute("score", fields, Datasets(PROFILE))
    assert answer["ok"], answer
    assert "href='../checklist/#gbt-cl-complaints'" in answer["html"]
    assert SCORE.name == "score"
