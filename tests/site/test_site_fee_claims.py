"""The fee schedule's values as claims of the site's registry: each figure's label and sources come from the schedule in use.

A certification body that ships its own schedule (tests/profile_variants.py: own_fee_schedule) cites
its own price list for its price per man-day and its lead time; wherever the site states those
figures, in the fee tables, in a page's sentence, on the sources page and in the fees calculator's
printed notes, the label and the sources must be its own. Like test_site_claims: data and Markdown, no build.
"""

from __future__ import annotations

import re

import pytest

from calculator import default_profile
from calculator._claims import ClaimsError, Registry
from calculator._fee_schedule import FeeSchedule, iter_fee_facts
from calculator._fee_schedule_claims import fee_schedule_contribution, schedule_tables
from calculator._fee_schedule_reader import default_fee_schedule, parse_fee_schedule_bytes
from calculator._fees_json import fees
from calculator._fees_view import render_fees_result
from harness.site import ROOT
from macros import fees as fee_macros
from macros.claims import (
    PageUse,
    check_usage,
    claim_label,
    claims_table,
    data_claims,
    scan_pages,
    site_registry,
    source_list,
)
from tests.profile_variants import FEES_TEXT, OWN_RATES, own_fee_schedule, replace_once

PROFILE = default_profile()
TRIAL = default_fee_schedule()
OWN = parse_fee_schedule_bytes(own_fee_schedule(), "fees-own.toml")


def site(schedule: FeeSchedule) -> tuple[Registry, list[PageUse]]:
    """The registry and the pages' uses of a site built with `schedule` (as macros.main does)."""
    data = data_claims(PROFILE, schedule)
    return site_registry(PROFILE, data.contributions), scan_pages(ROOT / "docs", PROFILE, (), data.tools, data.tables)


def same(url: str) -> str:
    return url


def labelled(html: str) -> dict[str, str]:
    """Each label's claim → its level ("单一来源"), as a reader sees them."""
    return dict(re.findall(r'data-claim="([^"]+)"[^>]*>.*?</span>([^<]+)<', html))


# ------------------------------------------------------------------ every value is a claim


def test_every_value_of_the_schedule_is_a_claim_with_the_schedules_confidence_and_sources() -> None:
    claims = {c.id: c for c in fee_schedule_contribution(TRIAL, PROFILE.sources).claims}
    for key, fact in iter_fee_facts(TRIAL):
        if key == "adjustments.max_outlets":  # an input bound, not a claim about certification
            assert f"schedule.{key}" not in claims
            continue
        claim = claims.pop(f"schedule.{key}")
        assert claim.confidence == fact.confidence, key
        assert claim.sources == tuple(f"schedule-{k}" for k in fact.sources), key
        assert claim.origin == TRIAL.file
    assert list(claims) == ["schedule.man_days"]  # and the table as a whole


@pytest.mark.parametrize(
    ("claim_id", "value"),
    [
        ("schedule.fees.per_man_day", "3000 元"),
        ("schedule.adjustments.outlet_minimum", "0.5 人日"),
        ("schedule.adjustments.outlet_share", "50%"),
        ("schedule.context.budget_high", "50000 元"),
        ("schedule.timeline.records_months_prudent", "6 个月"),
        ("schedule.timeline.document_review_days", "14 天"),
        ("schedule.timeline.validity_years", "3 年"),
        ("schedule.man_days.86_125", "初次认证 8.5（文件 1.5 + 现场 7）；每次监督 3；再认证 5 人日"),
        ("schedule.man_days.8501_10700", "初次认证 25（文件 3 + 现场 22） 人日；监督与再认证：原表缺失"),
        ("schedule.man_days", "21 档，1–10700 人"),
    ],
)
def test_the_sources_page_shows_each_claims_value_from_the_schedule(claim_id: str, value: str) -> None:
    registry, _ = site(TRIAL)
    assert registry.claim(claim_id).value == value


def test_the_schedules_sources_get_keys_of_their_own_and_the_profiles_keep_theirs() -> None:
    registry, _ = site(TRIAL)
    assert registry.sources["project"] == PROFILE.sources["project"]
    assert registry.sources["schedule-project"].label == TRIAL.sources["project"].label
    assert registry.claim("schedule.timeline.onsite_days").sources == ("schedule-project",)
    alike = fee_schedule_contribution(TRIAL, {"timeline": TRIAL.sources["timeline"]})
    assert "timeline" in alike.sources  # a source the registry already holds alike is listed once


def test_the_man_day_table_is_as_sure_as_its_weakest_row_and_carries_its_note() -> None:
    registry, _ = site(TRIAL)
    table = registry.claim("schedule.man_days")
    assert table.confidence == TRIAL.band_confidence == "1"
    assert table.note == TRIAL.bands_note
    assert registry.publishers(table) == ("facezit.com",)


def test_a_row_another_publisher_corroborates_in_part_stays_single_source_and_says_why() -> None:
    registry, _ = site(TRIAL)
    row = registry.claim("schedule.man_days.1176_1550")
    assert registry.publishers(row) == ("facezit.com", "szldx.cn")
    assert row.confidence == "1"
    assert "初次认证合计" in row.note
    unexplained = parse_fee_schedule_bytes(re.sub(r'\nnote = "另一来源只印证[^"]*"', "", FEES_TEXT), "f.toml")
    with pytest.raises(ClaimsError, match=r"schedule\.man_days\.1176_1550.*note"):
        site(unexplained)


def test_pages_that_copy_each_other_count_once_in_the_schedule_as_in_the_claims_file() -> None:
    registry, _ = site(TRIAL)
    star = registry.claim("schedule.timeline.star_after_months")
    assert len(registry.publishers(star)) == 2
    assert star.confidence == registry.claim("grades.first_certification_qualified_only").confidence == "1"
    assert "相互转抄" in star.note


def test_the_publishers_faq_counts_as_a_publisher_of_the_lead_time_by_its_name() -> None:
    registry, _ = site(TRIAL)
    publishers = registry.publishers(registry.claim("schedule.timeline.certificate_months"))
    assert "山东世通国际认证有限公司" in publishers
    assert not [p for p in publishers if ".txt" in p]


# ------------------------------------------------------------------ where the pages state them


@pytest.mark.parametrize("schedule", [TRIAL, OWN], ids=["trial", "own"])
def test_every_claim_of_the_schedule_is_stated_by_some_page(schedule: FeeSchedule) -> None:
    """No exemption for generated claims: the tables, the calculators' notes or a sentence state each one."""
    registry, pages = site(schedule)
    check_usage(registry, pages)
    (fees_page,) = [p for p in pages if p.src == "fees.md"]
    assert set(schedule_tables(schedule)["man_day_table"]) <= set(fees_page.claims)


@pytest.mark.parametrize("schedule", [TRIAL, OWN], ids=["trial", "own"])
def test_the_fee_tables_label_exactly_the_claims_they_declare(schedule: FeeSchedule) -> None:
    asked: list[str] = []

    def label(claim_id: str) -> str:
        asked.append(claim_id)
        return ""

    tables = schedule_tables(schedule)
    fee_macros.fee_items_table(schedule, label)
    assert sorted(asked) == sorted(tables["fee_items_table"])
    asked.clear()
    fee_macros.man_day_table(schedule, label)
    assert set(asked) <= set(tables["man_day_table"])
    assert "schedule.man_days.1176_1550" in asked  # the row whose note differs from the table's


# ------------------------------------------------------------------ a deployer's own schedule


def test_a_deployers_price_carries_its_own_label_in_the_fee_table_and_in_sentences() -> None:
    registry, _ = site(OWN)

    def label(claim_id: str) -> str:
        return claim_label(registry, claim_id, same)

    table = fee_macros.fee_items_table(OWN, label)
    assert "4200 元 / 人日" in table
    assert labelled(table) == {"schedule.fees.per_man_day": "单一来源"}
    assert labelled(label("schedule.timeline.certificate_months")) == {
        "schedule.timeline.certificate_months": "单一来源"
    }
    trial, _ = site(TRIAL)
    assert claim_label(trial, "schedule.fees.per_man_day", same) == ""  # two publishers: no label
    assert claim_label(trial, "schedule.timeline.certificate_months", same) == ""


def test_the_sources_page_lists_a_deployers_figures_under_its_own_source() -> None:
    registry, pages = site(OWN)
    key, publisher = OWN_RATES
    single = claims_table(registry, "1", pages, same)
    rows = re.findall(r"<tr[ >].*?</tr>", single, re.DOTALL)
    for claim_id in ("schedule.fees.per_man_day", "schedule.timeline.certificate_months"):
        (row,) = [r for r in rows if f'id="claim-{claim_id}"' in r]
        assert f"sources/#src-schedule-{key}" in row, claim_id
        assert '#src-schedule-fee-items"' not in row, claim_id  # the trial schedule's sources are gone
        assert '#src-schedule-timeline"' not in row, claim_id
    assert '评审费（每人日）：<strong class="num">4200 元</strong>' in single
    assert f"{OWN.name} · 收费项目" in single
    assert publisher in source_list(registry, "本站")


def test_the_fees_calculators_notes_and_labels_follow_a_deployers_schedule() -> None:
    registry, _ = site(OWN)
    html = render_fees_result(fees({"employees": 100}, OWN))
    assert "（单一来源）" in html.split("收费项目与单价", 1)[1].split("</li>", 1)[0]
    assert set(labelled(html)) <= set(registry.claims)
    assert "schedule.man_days.86_125" in labelled(html)


def test_a_deployers_schedule_with_other_bands_gets_claims_for_its_own_bands() -> None:
    merged = replace_once(FEES_TEXT, "to = 10\n", "to = 25\n")
    merged = re.sub(r"\[\[man_days\.bands\]\]\nfrom = 11\n(?:(?!\[\[).*\n)*", "", merged)
    registry, pages = site(parse_fee_schedule_bytes(merged, "f.toml"))
    check_usage(registry, pages)
    assert "schedule.man_days.1_25" in registry.claims
    assert "schedule.man_days.1_10" not in registry.claims
