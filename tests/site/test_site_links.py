"""No internal link or anchor of the built site is broken."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from tests.site.sitecheck import html_files, parse, resolve_internal

pytestmark = pytest.mark.build


@cache
def _ids(file: Path) -> frozenset[str]:
    return frozenset(parse(file.read_text(encoding="utf-8")).ids)


def test_every_internal_link_and_anchor_resolves(site: Path) -> None:
    broken: list[str] = []
    checked = 0
    for page in html_files(site):
        parsed = parse(page.read_text(encoding="utf-8"))
        for href in parsed.links + [url for _, url in parsed.resources]:
            target = resolve_internal(site, page, href)
            if target is None:
                continue
            file, fragment = target
            checked += 1
            where = f"{page.relative_to(site)} -> {href}"
            if not file.is_file():
                broken.append(f"{where}: no such file")
            elif fragment and file.suffix == ".html" and fragment not in _ids(file):
                broken.append(f"{where}: no #{fragment}")
    assert checked > 500, f"only {checked} links checked: is the site complete?"
    assert broken == [], "\n".join(broken)
