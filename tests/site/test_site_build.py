"""The site builds strictly, and every page is there."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from harness.site import ROOT
from tests.site.conftest import BuiltSite
from tests.site.sitecheck import OPERATOR_PAGES, PAGES, page_file, parse, read_page

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
        if url_path and url_path not in OPERATOR_PAGES:
            assert url_path.rstrip("/") in {h.rstrip("/") for h in linked}, f"home page does not link to {url_path}"


@pytest.mark.parametrize("url_path", OPERATOR_PAGES)
def test_operator_pages_are_built_but_neither_in_the_navigation_nor_in_search(site: Path, url_path: str) -> None:
    assert page_file(site, url_path).is_file()
    target = url_path.rstrip("/")
    for page in PAGES:
        if page in OPERATOR_PAGES:
            continue
        links = read_page(site, page).links
        assert not [h for h in links if h.split("#")[0].rstrip("/").endswith(target)], (
            f"{page or '/'} links to {url_path}"
        )
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not [d["location"] for d in index["docs"] if d["location"].startswith(url_path)]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"](docs/{target}.md)" in readme


def test_404_page_exists(site: Path) -> None:
    assert (site / "404.html").is_file()


def test_sitemap_lists_every_page(site: Path) -> None:
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    for url_path in PAGES:
        assert f"/{url_path}</loc>" in sitemap, url_path


def test_search_index_is_segmented_chinese(site: Path) -> None:
    """Jieba segments the index at build time (zero-width spaces between words), and the language is zh."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert "zh" in index["config"]["lang"]
    text = " ".join(doc["text"] for doc in index["docs"])
    assert "\u200b" in text
    words = set(text.split("\u200b"))
    assert {"售后服务", "管理", "证书", "投诉"} <= words
