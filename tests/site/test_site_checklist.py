"""The checklist page follows the checklist the site is built with: the packaged one, or a deployment's own.

The modified build (tests/site/conftest.py: modified_site) uses a profile without 商品信息 and a
certification body's own checklist for it (tests/profile_variants.py: own_checklist). Its page must
list that file's items, the browser must get the same file, and a deployment's checklist that does
not fit the profile must stop the build, naming the file and the key.
"""

from __future__ import annotations

import json
import re
import subprocess
from html import unescape
from pathlib import Path

import pytest

from calculator import default_profile
from calculator._checklist_reader import packaged_checklist
from tests.profile_variants import DROPPED, OWN_CHECKLIST_NAME, OWN_ITEM, own_checklist
from tests.site.building import build
from tests.site.sitecheck import page_file, read_page

pytestmark = pytest.mark.build

PAGE = "calculator/checklist/"


def _config(site: Path) -> dict[str, object]:
    match = re.search(r'data-gbt-config="([^"]*)"', page_file(site, PAGE).read_text("utf-8"))
    assert match
    config: dict[str, object] = json.loads(unescape(match.group(1)))
    return config


def test_the_default_build_lists_the_packaged_checklist_and_ships_no_file(site: Path) -> None:
    text = read_page(site, PAGE).article
    packaged = packaged_checklist(default_profile())
    for item in packaged.items:
        assert item.text in text, item.id
    assert OWN_ITEM[1] not in text
    assert _config(site)["checklist"] is None


def test_a_deployments_own_checklist_is_what_its_page_lists(modified_site: Path) -> None:
    html = page_file(modified_site, PAGE).read_text("utf-8")
    text = read_page(modified_site, PAGE).article
    assert OWN_ITEM[1] in text
    assert f'name="items.{OWN_ITEM[0]}"' in html
    assert "暂不可用" not in text
    assert f'id="gbt-cl-{DROPPED[0]}"' not in html  # the profile has no 商品信息, nor has the checklist


def test_a_deployments_own_checklist_is_shipped_to_the_browser(modified_site: Path) -> None:
    url = _config(modified_site)["checklist"]
    assert isinstance(url, str)
    assert re.search(r"/checklist\.[0-9a-f]{16}\.toml$", url)
    shipped = (page_file(modified_site, PAGE).parent / url).resolve()
    assert shipped.read_text("utf-8") == own_checklist()
    assert f'name = "{OWN_CHECKLIST_NAME}"' in shipped.read_text("utf-8")


def test_a_deployments_checklist_that_does_not_fit_the_profile_stops_the_build(tmp_path: Path) -> None:
    """The own checklist has no items for 商品信息, which the packaged profile has."""
    own = tmp_path / "checklist-own.toml"
    own.write_text(own_checklist(), "utf-8")
    result: subprocess.CompletedProcess[str] = build(tmp_path / "site", env={"GBT27922_CHECKLIST": str(own)})
    assert result.returncode != 0
    assert f"迎审准备清单 {own}：items：“5.2.1 商品信息”（indicator = 'product_info'）有 0 个条目" in result.stderr
    assert "Traceback" not in result.stderr
