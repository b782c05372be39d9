"""Fully self-contained: nothing on any page is fetched from another origin."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.site.sitecheck import html_files, is_off_origin, parse

pytestmark = pytest.mark.build

_CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])([^'")\s]+)""")


def test_no_page_loads_anything_from_another_origin(site: Path) -> None:
    offenders: list[str] = []
    for page in html_files(site):
        parsed = parse(page.read_text(encoding="utf-8"))
        for what, url in parsed.resources:
            urls = [u.strip().split(" ")[0] for u in url.split(",")] if what.endswith("srcset") else [url]
            offenders += [f"{page.relative_to(site)}: {what} {u}" for u in urls if is_off_origin(u)]
        for style in parsed.inline_styles:
            offenders += [f"{page.relative_to(site)}: inline {u}" for u in _CSS_URL.findall(style) if is_off_origin(u)]
    assert offenders == [], "\n".join(offenders)


def test_no_stylesheet_imports_web_fonts_or_remote_files(site: Path) -> None:
    offenders = []
    for css in site.rglob("*.css"):
        for url in _CSS_URL.findall(css.read_text(encoding="utf-8")):
            if is_off_origin(url):
                offenders.append(f"{css.relative_to(site)}: {url}")
    assert offenders == [], "\n".join(offenders)


def test_no_mermaid_block_that_would_fetch_mermaid_from_a_cdn(site: Path) -> None:
    """Material downloads mermaid.js from unpkg when a page has a .mermaid block; the site draws diagrams in HTML."""
    for page in html_files(site):
        assert "mermaid" not in parse(page.read_text(encoding="utf-8")).classes, page


def test_no_google_fonts_or_analytics(site: Path) -> None:
    for page in html_files(site):
        html = page.read_text(encoding="utf-8")
        for needle in ("fonts.googleapis", "fonts.gstatic", "googletagmanager", "google-analytics"):
            assert needle not in html, f"{page.relative_to(site)} references {needle}"
