"""Reading what the build put into a page."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

__all__ = ["calculator_config"]


def calculator_config(page: Path) -> dict[str, Any]:
    """The runtime configuration a built calculator page carries (data-gbt-config; hooks/runtime_config.py)."""
    match = re.search(r'data-gbt-config="([^"]*)"', page.read_text("utf-8"))
    assert match, f"{page} has no calculator configuration"
    config: dict[str, Any] = json.loads(html.unescape(match.group(1)))
    return config
