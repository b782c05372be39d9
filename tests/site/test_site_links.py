"""No internal link or anchor of the built site is broken."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from calculator import default_profile
from calculator._tool import Datasets
from calculator._tools import TOOLS
from calculator._urlstate import decode
from tests.site.sitecheck import html_files, parse, resolve_internal

pytestmark = pytest.mark.build


TOOL_ON_PAGE = re.compile(r'data-gbt-calc="([a-z]+)"')


@cache
def _ids(file: Path) -> frozenset[str]:
    return frozenset(parse(file.read_text(encoding="utf-8")).ids)


@cache
def _opens_tool(file: Path, fragment: str) -> bool:
    """Whether `fragment` is a URL state the tool on page `file` accepts (one tool's page linking another, pre-filled)."""
    found = TOOL_ON_PAGE.search(file.read_text(encoding="utf-8"))
    if not found:
        return False
    tool = TOOLS[found.group(1)]
    return decode(tool, fragment, tool.data(Datasets(default_profile()))).fields is not None


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
            elif fragment and file.suffix == ".html" and fragment not in _ids(file) and not _opens_tool(file, fragment):
                broken.append(f"{where}: no #{fragment}")
    assert checked > 500, f"only {checked} links checked: is the site complete?"
    assert broken == [], "\n".join(broken)
