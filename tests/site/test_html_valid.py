"""Valid HTML: the Nu Html Checker (vnu.jar from the npm package vnu-jar, run with the machine's Java)
over every page of the built site, zero errors.

Material's own base templates produce two known errors that our overrides cannot reach without
copying whole theme templates; they are accepted below by their exact message and the exact
markup they come from, nothing broader.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@dataclass(frozen=True)
class Accepted:
    message: str  # the checker's exact message
    extract: re.Pattern[str]  # the markup it must come from
    why: str


ACCEPTED = (
    Accepted(
        "Attribute “autocomplete” is only allowed when the input type is “color”, “date”, “datetime-local”, "
        "“email”, “hidden”, “month”, “number”, “password”, “range”, “search”, “tel”, “text”, “time”, “url”, or “week”.",
        re.compile(
            r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox" id="__(drawer|search)" '
        ),
        "Material's base.html puts autocomplete=off on its hidden drawer/search toggles (to stop Firefox restoring "
        "their state); the block is not overridable without copying base.html.",
    ),
    Accepted(
        "Bad value “” for attribute “tabindex” on element “label”: The empty string is not a valid integer.",
        re.compile(r'<label class="md-nav__link" for="__nav_\d+" id="__nav_\d+_label" tabindex="">'),
        'Material\'s partials/nav-item.html writes tabindex="" on section labels with navigation.sections '
        "(browsers ignore it); overriding would mean copying the theme's whole navigation template.",
    ),
)


def accepted(message: dict[str, object]) -> bool:
    extract = re.sub(r"\s+", " ", str(message.get("extract", "")))
    return any(message.get("message") == a.message and a.extract.search(extract) for a in ACCEPTED)


def run_vnu(files: list[Path]) -> list[dict[str, object]]:
    java = shutil.which("java")
    if java is None:
        pytest.fail(
            "java not found: the HTML checker needs a Java runtime (Debian: apt-get install -y default-jre-headless)"
        )
    if not VNU.is_file():
        pytest.fail(f"{VNU.relative_to(ROOT)} is missing: run `npm ci` (bash scripts/setup)")
    result = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--exit-zero-always", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    messages: list[dict[str, object]] = json.loads(result.stderr)["messages"]
    return messages


@pytest.fixture(scope="module")
def checked(site: Path) -> list[dict[str, object]]:
    """The checker's messages for every page of the built site (one Java start for all)."""
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 15
    return run_vnu(pages)


def test_every_page_is_valid_html(checked: list[dict[str, object]], site: Path) -> None:
    errors = []
    for m in checked:
        # "info" is advice or a warning (e.g. a trailing slash on a void element), not an error.
        if m.get("type") not in ("error", "non-document-error") or accepted(m):
            continue
        where = str(m.get("url", "")).split(site.name, 1)[-1]
        errors.append(f"{where}:{m.get('lastLine')}: {m.get('message')}\n    {m.get('extract', '')!s}")
    assert errors == [], "\n".join(errors)


def test_the_accepted_errors_still_occur(checked: list[dict[str, object]]) -> None:
    """Each accepted error must still be real: when Material fixes one, its exception goes."""
    for a in ACCEPTED:
        assert any(accepted(m) and m.get("message") == a.message for m in checked), f"no longer needed: {a.message}"
