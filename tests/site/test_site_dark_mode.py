"""Dark mode follows the system's setting by CSS alone, with the theme's own dark colours.

The theme's palette toggle is off (mkdocs.yml: one palette): its component recomputed the whole
page's style inside the theme's start task on every load (issue 15). docs/stylesheets/extra.css
carries the theme's dark scheme ("slate") under ``prefers-color-scheme: dark``; these tests keep it
equal to the installed theme's, and check what the component used to set.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from harness.site import ROOT
from tests.site.sitecheck import read_page

# mkdocs-material has no type information: imported by name.
THEME_CSS = Path(str(importlib.import_module("material").__file__)).parent / "templates" / "assets" / "stylesheets"
OUR_CSS = ROOT / "docs" / "stylesheets" / "extra.css"


def declarations(block: str) -> dict[str, str]:
    """`name: value` pairs of a CSS block, whitespace normalized, comments dropped."""
    block = re.sub(r"/\*.*?\*/", "", block, flags=re.S)
    pairs = (d.split(":", 1) for d in block.split(";") if d.strip())
    return {name.strip(): re.sub(r"\s+", " ", value.strip()) for name, value in pairs}


def theme_rule(selector: str) -> dict[str, str]:
    """The declarations of the theme's rule whose whole selector is `selector`."""
    css = next(THEME_CSS.glob("palette.*.min.css")).read_text("utf-8")
    found = re.search(r"[{}]" + re.escape(selector + "{"), css)
    assert found, selector
    start = found.end()
    return declarations(css[start : css.index("}", start)])


def our_dark_rule() -> dict[str, str]:
    css = OUR_CSS.read_text("utf-8")
    media = css.index("@media screen and (prefers-color-scheme: dark) {")
    start = css.index('[data-md-color-scheme="default"] {', media)
    start = css.index("{", start) + 1
    return declarations(css[start : css.index("}", start)])


def test_the_dark_colours_are_the_themes_own() -> None:
    expected = theme_rule("[data-md-color-scheme=slate]")
    expected |= theme_rule("[data-md-color-scheme=slate][data-md-color-primary=indigo]")  # the links
    assert our_dark_rule() == expected


def test_the_palette_has_one_scheme_and_no_toggle() -> None:
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    palette = config[config.index("  palette:\n") : config.index("  features:\n")]
    assert "scheme: default" in palette
    assert "primary: indigo" in palette
    assert "toggle" not in palette


@pytest.mark.build
@pytest.mark.parametrize("url_path", ["", "scoring/", "calculator/score/"])
def test_pages_have_no_palette_component_and_set_its_meta(site: Path, url_path: str) -> None:
    page = read_page(site, url_path)
    html = (site / url_path / "index.html").read_text("utf-8")
    assert 'data-md-component="palette"' not in html
    assert '__md_get("__palette")' not in html
    assert page.meta["theme-color"] == theme_rule("[data-md-color-primary=indigo]")["--md-primary-fg-color"]
    assert page.meta["color-scheme"] == "light dark"
