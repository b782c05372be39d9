"""The benchmark's page variants (bench/variants.py) and the trace attribution's source maps (bench/attribution.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import attribution, variants

PAGE = (
    "<html><head><meta charset=utf-8>"
    '<meta name="gbt27922-runtime" content="{&quot;worker&quot;:1}"><script>start()</script>'
    '<link rel="stylesheet" href="../../assets/stylesheets/main.css">'
    '<link rel="stylesheet" href="../../stylesheets/extra.css">'
    '<link rel="stylesheet" href="../../assets/calculator/calculator.css">'
    "</head><body><script>__md_scope=1</script>"
    '<script id="__config" type="application/json">{"features": ["navigation.instant", "content.tooltips", '
    '"toc.follow"], "base": "../.."}</script>'
    '<script src="../../assets/javascripts/bundle.min.js"></script>'
    '<script src="../../assets/calculator/calculator.js" type="module"></script>'
    '<script src="../../assets/calculator/site.js" type="module"></script>'
    "</body></html>"
)


def test_the_anchor_keeps_the_theme_and_drops_all_of_ours() -> None:
    html = variants.anchor_html(PAGE)
    for theirs in ("main.css", "bundle.min.js", "__md_scope=1", 'id="__config"'):
        assert theirs in html
    for ours in ("extra.css", "calculator.css", "calculator.js", "site.js", "gbt27922-runtime", "start()"):
        assert ours not in html


def test_a_page_without_any_of_our_scripts_is_not_a_page_to_anchor() -> None:
    with pytest.raises(variants.VariantError):
        variants.anchor_html(variants.anchor_html(PAGE))


def test_a_feature_variant_changes_only_the_theme_configuration() -> None:
    html = variants.without_features(["content.tooltips"])(PAGE)
    config = json.loads(html.split('type="application/json">')[1].split("</script>")[0])
    assert config == {"features": ["navigation.instant", "toc.follow"], "base": "../.."}
    assert html.replace(json.dumps(config), "") == PAGE.replace(
        '{"features": ["navigation.instant", "content.tooltips", "toc.follow"], "base": "../.."}', ""
    )


def test_a_feature_the_build_does_not_have_is_an_error() -> None:
    with pytest.raises(variants.VariantError, match=r"search\.suggest"):
        variants.without_features(["search.suggest"])(PAGE)


@pytest.mark.parametrize(
    ("page", "anchor"),
    [("scoring/", "bench-anchor-scoring/"), ("calculator/score/", "bench-anchor-calculator/score/")],
)
def test_an_anchor_sits_at_the_same_depth(page: str, anchor: str) -> None:
    assert variants.anchor_path(page) == anchor


def test_anchor_pages_and_copies_never_write_through_to_the_original(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "scoring").mkdir(parents=True)
    original = site / "scoring" / "index.html"
    original.write_text(PAGE, "utf-8")
    copy = variants.copy_site(site, tmp_path / "copy")
    variants.rewrite_pages(copy, ["scoring/"], variants.with_stylesheet("../extra-variant.css"))
    assert original.read_text("utf-8") == PAGE
    assert '<link rel="stylesheet" href="../extra-variant.css"></head>' in (copy / "scoring" / "index.html").read_text()
    assert (copy / "scoring" / "index.html.br").is_file()
    assert variants.add_anchor_pages(site, ["scoring/"]) == {"scoring/": "bench-anchor-scoring/"}
    assert "calculator.js" not in (site / "bench-anchor-scoring" / "index.html").read_text("utf-8")


def test_a_source_map_names_the_source_of_each_generated_column() -> None:
    # Two segments on line 0: column 0 → source 0, column 10 → source 1 ("AAAA", "UCAA": +10 columns, +1 source).
    source_map = attribution.SourceMap.parse(
        {"sources": ["../src/components/toc/index.ts", "../node_modules/rxjs/x.js"], "mappings": "AAAA,UCAA"}
    )
    assert source_map.source(0, 3) == "../src/components/toc/index.ts"
    assert source_map.source(0, 12) == "../node_modules/rxjs/x.js"
    assert source_map.source(5, 0) is None
    assert attribution.theme_module("../src/templates/assets/javascripts/components/toc/index.ts") == "components/toc"
    assert attribution.theme_module("../node_modules/rxjs/dist/esm5/x.js") == "node_modules/rxjs"
