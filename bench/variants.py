"""Variants of built pages for the main-thread benchmark (bench/speed.py): the anchor and the theme's features.

- The *anchor* is a page with the same theme and content and none of our JavaScript and CSS (no
  extra_javascript modules, no early start, no extra.css / calculator.css): what the theme alone
  costs, so that a report can tell the theme's cost from ours.
- A *feature variant* is a page whose theme configuration (the ``__config`` JSON Material reads at
  run time) leaves out some features: the same HTML, the theme's script does less.

Either is written into a copy of the built site made of hard links (``copy_site``), at the page's own
URL, so that everything relative (assets, the service worker's scope, the build's site_url for
instant navigation) is exactly as in the original; the page's .br/.gz siblings are written anew, since
nginx sends them in place of the file. ``add_anchor_pages`` instead writes anchors next to the
originals, at paths of the same depth (``bench-anchor-<first segment>/…``), for a benchmark that
serves one site.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path

import brotli

__all__ = [
    "ANCHOR_PREFIX",
    "add_anchor_pages",
    "anchor_html",
    "anchor_path",
    "copy_site",
    "rewrite_pages",
    "with_stylesheet",
    "without_features",
]

ANCHOR_PREFIX = "bench-anchor-"
OUR_ASSETS = "assets/calculator/"
# Our stylesheets (mkdocs.yml extra_css); the theme's are under assets/stylesheets/.
OUR_CSS = re.compile(
    r'<link rel="stylesheet" href="[^"]*(?:stylesheets/extra\.css|assets/calculator/[^"]*\.css)"\s*/?>'
)
OUR_SCRIPTS = re.compile(r'<script src="[^"]*assets/calculator/[^"]*"[^>]*>\s*</script>')
# The early start (hooks/pages.py): its runtime configuration and the inline script right after it.
EARLY = re.compile(r'<meta name="gbt27922-runtime" content="[^"]*"><script>.*?</script>', re.DOTALL)
CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.DOTALL)


class VariantError(RuntimeError):
    pass


def _sub(pattern: re.Pattern[str], html: str, replacement: str, *, at_least: int) -> str:
    out, count = pattern.subn(replacement, html)
    if count < at_least:
        raise VariantError(f"expected at least {at_least} match(es) of {pattern.pattern[:60]!r}, found {count}")
    return out


def anchor_html(html: str) -> str:
    """The page without any of our scripts and stylesheets (the theme's own inline scripts stay)."""
    html = _sub(OUR_SCRIPTS, html, "", at_least=1)
    html = _sub(OUR_CSS, html, "", at_least=1)
    return EARLY.sub("", html)


def without_features(features: Iterable[str]) -> Callable[[str], str]:
    """A rewrite that drops `features` from the theme's run-time configuration of the page."""
    dropped = set(features)

    def rewrite(html: str) -> str:
        match = CONFIG.search(html)
        if match is None:
            raise VariantError("the page has no __config script (is it a Material page?)")
        config = json.loads(match.group(2))
        missing = dropped - set(config["features"])
        if missing:
            raise VariantError(f"features not enabled in the build: {', '.join(sorted(missing))}")
        config["features"] = [f for f in config["features"] if f not in dropped]
        text = json.dumps(config, ensure_ascii=True)
        return html[: match.start(2)] + text + html[match.end(2) :]

    return rewrite


def with_stylesheet(href: str) -> Callable[[str], str]:
    """A rewrite that makes the page load one more stylesheet, after all the others."""

    def rewrite(html: str) -> str:
        at = html.index("</head>")
        return html[:at] + f'<link rel="stylesheet" href="{href}">' + html[at:]

    return rewrite


def _write_page(path: Path, html: str) -> None:
    """Write a page and its .br/.gz siblings, never through a hard link to the original."""
    data = html.encode("utf-8")
    for target, payload in (
        (path, data),
        (path.with_name(path.name + ".br"), bytes(brotli.compress(data, quality=11))),
        (path.with_name(path.name + ".gz"), gzip.compress(data, compresslevel=9, mtime=0)),
    ):
        target.unlink(missing_ok=True)
        target.write_bytes(payload)


def copy_site(site: Path, dest: Path) -> Path:
    """A copy of the built site made of hard links (cheap; rewrite_pages replaces files, never edits them)."""
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(site, dest, copy_function=os.link)
    return dest


def rewrite_pages(site: Path, pages: Iterable[str], rewrite: Callable[[str], str]) -> None:
    """Rewrite the pages (URL paths relative to the site, e.g. "scoring/") in place."""
    for page in pages:
        path = site / page / "index.html"
        _write_page(path, rewrite(path.read_text("utf-8")))


def anchor_path(page: str) -> str:
    """Where the anchor of `page` goes: the same depth, so its relative links work ("scoring/" → "bench-anchor-scoring/")."""
    parts = [p for p in page.split("/") if p]
    if not parts:
        raise VariantError("the home page has no anchor path of the same depth")
    return "/".join([ANCHOR_PREFIX + parts[0], *parts[1:]]) + "/"


def add_anchor_pages(site: Path, pages: Iterable[str]) -> dict[str, str]:
    """Write the anchor of each page next to it; returns page → anchor path."""
    out: dict[str, str] = {}
    for page in pages:
        html = (site / page / "index.html").read_text("utf-8")
        target = site / anchor_path(page) / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        _write_page(target, anchor_html(html))
        out[page] = anchor_path(page)
    return out
