"""Open Graph and description meta on every page, so a shared link shows a proper title and summary."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.site.sitecheck import CONTENT_PAGES, PAGES, read_page

pytestmark = pytest.mark.build


@pytest.mark.parametrize("url_path", list(PAGES))
def test_open_graph_and_description(site: Path, url_path: str) -> None:
    meta = read_page(site, url_path).meta
    for key in ("description", "og:title", "og:description", "og:type", "og:url", "og:site_name", "og:locale"):
        assert meta.get(key, "").strip(), f"{url_path or '/'}: missing {key}"
    assert meta["og:url"].startswith("http://127.0.0.1:"), meta["og:url"]
    assert meta["og:url"].endswith("/" + url_path), meta["og:url"]
    assert meta["og:description"] == meta["description"]
    if url_path:
        assert PAGES[url_path] in meta["og:title"], meta["og:title"]


def test_content_pages_have_their_own_summary(site: Path) -> None:
    descriptions = {p: read_page(site, p).meta["description"] for p in CONTENT_PAGES}
    assert len(set(descriptions.values())) == len(descriptions), "two pages share a description"
    for url_path, text in descriptions.items():
        assert 30 <= len(text) <= 160, f"{url_path or '/'}: description of {len(text)} characters"
