"""The fees page and the fees calculator follow the fee schedule the site is built with.

The modified build (tests/site/conftest.py: modified_site) uses another body's rate card: 4200 元
per man-day and an 800 元 application fee. Its pages must show its figures and worked example,
its calculator must compute with them in the browser (the schedule is shipped with the page's
configuration), and none of the trial schedule's prices may be left.
"""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest

from tests.profile_variants import OWN_RATES
from tests.site.sitecheck import page_file, read_page

pytestmark = pytest.mark.build


def _config(site: Path, url_path: str) -> dict[str, object]:
    html = page_file(site, url_path).read_text("utf-8")
    match = re.search(r'data-gbt-config="([^"]*)"', html)
    assert match, url_path
    config: dict[str, object] = json.loads(unescape(match.group(1)))
    return config


def test_the_fees_page_renders_the_trial_schedule(site: Path) -> None:
    text = read_page(site, "fees/").article
    assert "3000 元 / 人日" in text
    assert "以一家100人的企业为例（落在86–125人一档：初次认证8.5人日，每次监督审核3人日）" in re.sub(r"\s+", "", text)
    assert "8.5 人日 × 3000 元" in text
    for figure in ("30500 元", "11000 元", "52500 元"):
        assert figure in text, figure
    assert "多种收费口径中的一种" in text


def test_the_fees_page_offers_a_lookup_by_headcount_for_phones(site: Path) -> None:
    html = page_file(site, "fees/").read_text("utf-8")
    items = re.findall(r"<li><strong>(\d+)–(\d+) 人</strong>", html)
    assert len(items) == 21
    assert items[0] == ("1", "10")
    assert items[-1] == ("8501", "10700")
    assert "监督与再认证：原表缺失" in html
    assert 'href="../calculator/fees/"' in html


def test_the_fees_calculator_page_shows_the_worked_example(site: Path) -> None:
    page = read_page(site, "calculator/fees/")
    assert "第一年约 30500 元，之后每年约 11000 元，3 年合计约 52500 元（不含食宿交通）。" in page.article
    assert 'name="employees"' in page_file(site, "calculator/fees/").read_text("utf-8")
    assert _config(site, "calculator/fees/")["fees"] is None  # the packaged schedule: nothing to ship


def test_another_rate_card_changes_every_figure(modified_site: Path) -> None:
    text = read_page(modified_site, "fees/").article
    assert "某认证机构 2026 年收费标准" in text
    assert "4200 元 / 人日" in text
    assert "800 元" in text
    first_year = 800 + 8.5 * 4200 + 2000 + 2000  # 40500
    assert f"{first_year:.0f} 元" in text
    assert "3000 元" not in text
    assert "30500 元" not in text
    assert "4200 元" in read_page(modified_site, "faq/").article
    calc = read_page(modified_site, "calculator/fees/").article
    assert f"第一年约 {first_year:.0f} 元" in calc


def test_another_rate_card_is_shipped_to_the_browser(modified_site: Path) -> None:
    url = _config(modified_site, "calculator/fees/")["fees"]
    assert isinstance(url, str)
    assert url.endswith(".toml")
    shipped = (page_file(modified_site, "calculator/fees/").parent / url).resolve()
    assert "value = 4200" in shipped.read_text("utf-8")


def _label_after(html: str, phrase: str, claim_id: str) -> str:
    """The level of `claim_id`'s label close after `phrase` ("" when there is none)."""
    at = html.find(phrase)
    assert at >= 0, phrase
    match = re.search(rf'data-claim="{re.escape(claim_id)}"[^>]*>.*?</span>([^<]+)<', html[at : at + 1200])
    return match.group(1) if match else ""


def test_another_rate_card_brings_its_own_labels_and_sources(site: Path, modified_site: Path) -> None:
    """Its price and its lead time cite its own price list (one publisher): 单一来源 where they are stated."""
    key, publisher = OWN_RATES
    for built, level in ((site, ""), (modified_site, "单一来源")):
        fees_page = page_file(built, "fees/").read_text("utf-8")
        assert _label_after(fees_page, "/ 人日", "schedule.fees.per_man_day") == level
        process = page_file(built, "process/").read_text("utf-8")
        assert _label_after(process, "从提交申请到拿到证书", "schedule.timeline.certificate_months") == level
    assert "1–2 个月" in read_page(modified_site, "process/").article
    sources = page_file(modified_site, "sources/").read_text("utf-8")
    assert f'id="src-schedule-{key}"' in sources
    assert f"{publisher} 2026 年价目表" in sources
    row = next(r for r in re.findall(r"<tr[ >].*?</tr>", sources, re.DOTALL) if "claim-schedule.fees.per_man_day" in r)
    assert f"#src-schedule-{key}" in row
