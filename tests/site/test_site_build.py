"""The site builds strictly, and every page is there."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.site.conftest import BuiltSite
from tests.site.sitecheck import PAGES, page_file, parse, read_page

pytestmark = pytest.mark.build


def test_strict_build_passes_without_warnings(built_site: BuiltSite) -> None:
    log = built_site.result.stderr + built_site.result.stdout
    assert not re.search(r"^(WARNING|ERROR)\b", log, flags=re.MULTILINE), log[-4000:]


@pytest.mark.parametrize("url_path", list(PAGES))
def test_every_page_is_built_with_its_title(site: Path, url_path: str) -> None:
    file = page_file(site, url_path)
    assert file.is_file(), f"missing page {url_path or '/'}"
    html = file.read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", html, flags=re.DOTALL)
    assert title, f"{url_path}: no <title>"
    assert url_path == "" or PAGES[url_path] in title.group(1), f"{url_path}: title {title.group(1)!r}"
    page = parse(html)
    assert page.article.count("。") >= 2, f"{url_path}: almost empty"


def test_home_page_explains_and_links_everywhere(site: Path) -> None:
    home = read_page(site, "")
    assert "售后服务认证" in home.article
    linked = {href.split("#")[0].strip("./") for href in home.links}
    for url_path in PAGES:
        if url_path:
            assert url_path.rstrip("/") in {h.rstrip("/") for h in linked}, f"home page does not link to {url_path}"


def test_404_page_exists(site: Path) -> None:
    assert (site / "404.html").is_file()


def test_sitemap_lists_every_page(site: Path) -> None:
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    for url_path in PAGES:
        assert f"/{url_path}</loc>" in sitemap, url_path


def test_search_index_is_segmented_chinese(site: Path) -> None:
    """jieba segments the index at build time (zero-width spaces between words), and the language is zh."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert "zh" in index["config"]["lang"]
    text = " ".join(doc["text"] for doc in index["docs"])
    assert "\u200b" in text
    words = set(text.split("\u200b"))
    assert {"售后服务", "管理", "证书", "投诉"} <= words
