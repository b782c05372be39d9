"""The packaged fee schedule: its figures, their sources, and the checks that refuse a broken schedule."""

from __future__ import annotations

from decimal import Decimal
from importlib import resources
from pathlib import Path

import pytest

from calculator import ProfileError
from calculator._fee_schedule import FeeSchedule, iter_fee_facts
from calculator._fee_schedule_reader import DEFAULT_FEES, default_fee_schedule, load_fee_schedule

S = default_fee_schedule()


def default_text() -> str:
    return resources.files("calculator").joinpath("profiles", DEFAULT_FEES).read_text("utf-8")


def load_text(tmp_path: Path, text: str) -> FeeSchedule:
    path = tmp_path / "f.toml"
    path.write_text(text, "utf-8")
    return load_fee_schedule(path)


# ------------------------------------------------------------------ the packaged schedule


def test_the_fee_items_of_the_trial_schedule() -> None:
    fees = S.fees
    assert (fees.application.value, fees.registration.value, fees.annual.value, fees.per_man_day.value) == (
        1000,
        2000,
        2000,
        3000,
    )
    assert "企业承担" in fees.travel.value
    assert {f.confidence for f in (fees.application, fees.registration, fees.annual, fees.per_man_day)} == {"2+"}


def test_the_default_is_labelled_as_one_schedule_among_many() -> None:
    assert "各机构不同" in S.name
    assert "多种收费口径中的一种" in S.caveat


BANDS = [
    # Each row: the employees, their band, and its initial, surveillance and re-certification man-days.
    (1, "1–10", "3", "1.5", "2"),
    (10, "1–10", "3", "1.5", "2"),
    (11, "11–25", "4", "1.5", "2.5"),
    (25, "11–25", "4", "1.5", "2.5"),
    (26, "26–45", "6", "2", "4"),
    (100, "86–125", "8.5", "3", "5"),
    (1175, "876–1175", "14.5", "5.5", "9.5"),
    (1176, "1176–1550", "16", "5.5", "10"),
    (1200, "1176–1550", "16", "5.5", "10"),
    (1550, "1176–1550", "16", "5.5", "10"),
    (1551, "1551–2025", "17", "6", "11"),
    (8500, "6801–8500", "24", "8", "15"),
]


@pytest.mark.parametrize(("employees", "label", "initial", "surveillance", "recert"), BANDS)
def test_the_man_day_table_at_its_band_edges(
    employees: int, label: str, initial: str, surveillance: str, recert: str
) -> None:
    band = S.band_for(employees)
    assert band is not None
    assert (band.label, band.initial, band.surveillance, band.recertification) == (
        label,
        Decimal(initial),
        Decimal(surveillance),
        Decimal(recert),
    )


def test_the_table_ends_where_the_source_ends() -> None:
    assert S.max_employees == 10700
    assert S.band_for(10701) is None
    last = S.band_for(10700)
    assert last is not None
    assert (last.initial, last.surveillance, last.recertification) == (25, None, None)
    assert S.complete_up_to == 8500


def test_the_table_is_a_single_decoded_source_and_says_so() -> None:
    assert {b.confidence for b in S.bands} == {"1"}
    assert S.band_confidence == "1"
    assert "乱码" in S.bands_note
    assert "乱码" in S.sources["man-day-table"].label
    corroborated = [b.label for b in S.bands if b.corroborated_by]
    assert corroborated == ["1176–1550"]


def test_a_value_or_a_row_says_why_it_is_single_source_though_two_sites_carry_it() -> None:
    """Two sites copying one text count once: the schedule says so in `note` (the registry asks for it)."""
    star = S.timeline.star_after_months
    assert (star.confidence, len(S.sources[star.sources[0]].publishers)) == ("1", 2)
    assert "相互转抄" in star.note
    (row,) = [b for b in S.bands if b.corroborated_by]
    assert row.sources == ("man-day-table", "man-day-1200")
    assert "初次认证合计" in row.note
    assert all(b.note == "" for b in S.bands if b is not row)


def test_the_packaged_timeline_names_its_publishers_the_publishers_faq_by_name() -> None:
    assert "山东世通国际认证有限公司" in S.sources["timeline"].publishers


def test_every_value_has_a_known_source_and_a_confidence() -> None:
    facts = dict(iter_fee_facts(S))
    assert len(facts) == 5 + len(S.bands) + 5 + 3 + 10
    for key, fact in facts.items():
        assert all(source in S.sources for source in fact.sources), key
        assert fact.confidence in ("2+", "1", "0"), key
    # Our own assumptions are marked as such, never as published.
    for key in ("adjustments.extra_category", "adjustments.outlet_share", "timeline.onsite_days"):
        assert facts[key].confidence == "0"
        assert facts[key].sources == ("project",)


# ------------------------------------------------------------------ broken schedules are refused

BROKEN = [
    ("schema = 1", "schema = 2", "schema", "版本"),
    ("schema = 1", "schema = 1\nprices = 1", "prices", "未知"),
    ("per_man_day = { value = 3000,", "per_man_day = { value = 0,", "fees.per_man_day.value", "大于 0"),
    ("application = { value = 1000,", "application = { value = -1,", "fees.application.value", "0 到"),
    ("application = { value = 1000,", "application = { value = 1000.005,", "fees.application.value", "小数"),
    (
        'annual = { value = 2000, source = "fee-items"',
        'annual = { value = 2000, source = "x"',
        "fees.annual.source",
        "x",
    ),
    ("from = 11\n", "from = 12\n", "man_days.bands[1].from", "11"),
    ("from = 1\n", "from = 0\n", "man_days.bands[0].to", "1 ≤ from"),
    ("initial = 4\n", "initial = 4.5\n", "man_days.bands[1].initial", "≠"),
    (
        "recertification = 4.5\nrecertification_onsite = 4\n",
        "recertification = 3.5\nrecertification_onsite = 3\n",
        "man_days.bands[4].recertification",
        "不能更少",
    ),
    (
        "recertification_onsite = 1.5\n",
        "recertification_onsite = 2.5\n",
        "man_days.bands[0].recertification_onsite",
        "多于",
    ),
    ("surveillance_onsite = 1\n", "", "man_days.bands[0].surveillance_onsite", "同时"),
    (
        'confidence = "1"\n\n[[man_days.bands]]\nfrom = 11',
        'confidence = "one"\n\n[[man_days.bands]]\nfrom = 11',
        "man_days.bands[0].confidence",
        "可信度",
    ),
    ("outlet_share = { value = 0.5,", "outlet_share = { value = 1.5,", "adjustments.outlet_share", "0 到 1"),
    ("onsite_days = { value = 28,", "onsite_days = { value = 7,", "timeline.onsite_days", "文件审核"),
    (
        "records_months_prudent = { value = 6,",
        "records_months_prudent = { value = 2,",
        "timeline.records_months_prudent",
        "稳妥",
    ),
    ("validity_years = { value = 3,", "validity_years = { value = 3.5,", "timeline.validity_years.value", "整数"),
]


@pytest.mark.parametrize(("old", "new", "key", "problem"), BROKEN)
def test_a_bad_schedule_names_file_key_and_problem(tmp_path: Path, old: str, new: str, key: str, problem: str) -> None:
    text = default_text()
    assert old in text, old
    with pytest.raises(ProfileError) as info:
        load_text(tmp_path, text.replace(old, new, 1))
    assert info.value.key.startswith(key), (info.value.key, info.value.problem)
    assert problem in info.value.problem
    assert "f.toml" in str(info.value)


def test_a_missing_stage_can_only_end_the_table(tmp_path: Path) -> None:
    """A band without surveillance figures may not be followed by one with them."""
    text = default_text()
    row = "surveillance = 7.5\nsurveillance_onsite = 6.5\nrecertification = 14\n"
    assert row in text
    with pytest.raises(ProfileError) as info:
        load_text(tmp_path, text.replace(row, "recertification = 14\n", 1))
    assert info.value.key.startswith("man_days.bands[19]")
    assert "surveillance" in info.value.key


def test_toml_errors_and_missing_files_are_reported(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="TOML"):
        load_text(tmp_path, "schema = = 1")
    with pytest.raises(ProfileError, match="无法读取"):
        load_fee_schedule(tmp_path / "absent.toml")


def test_a_certification_body_can_ship_its_own_rates(tmp_path: Path) -> None:
    text = default_text().replace("per_man_day = { value = 3000,", "per_man_day = { value = 4500,", 1)
    text = text.replace('id = "dabiaowei-trial"', 'id = "acme-2026"', 1)
    own = load_text(tmp_path, text)
    assert own.fees.per_man_day.value == 4500
    assert own.id == "acme-2026"
