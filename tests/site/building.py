"""Building variants of the site: another rules profile, another organization."""

from __future__ import annotations

import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from harness.site import ROOT, build_site, free_port
from tests.profile_variants import DEFAULT_TEXT, official, replace_once, set_points

__all__ = ["DEFAULT_PROFILE", "build", "config_with_organization", "modified_profile_text", "replace_once"]

DEFAULT_PROFILE = ROOT / "calculator" / "profiles" / "gbt27922-2011.toml"


def modified_profile_text() -> str:
    """A deploying body's profile: other figures, official points, one indicator renamed and one dropped.

    Thresholds 72/82/92/97, weights 45/30/25, ratio 20 %, 不合格 at 4 special deductions; the
    indicator points cite the standard's text (not illustrative); see tests.profile_variants.official.
    """
    toml = DEFAULT_TEXT
    toml = set_points(toml, "service_system", "40", "45")
    toml = set_points(toml, "goods_service", "35", "30")
    toml = set_points(toml, "organization", "5", "10")  # 售后服务体系: 40 + 5 = 45
    for ind in ("product_info", "technical_support", "delivery", "repair", "quality_guarantee"):
        toml = set_points(toml, ind, "6", "5")  # 商品服务: 35 - 5 = 30
    for old, new in (("70", "72"), ("80", "82"), ("90", "92"), ("95", "97")):
        toml = replace_once(toml, f"min = {{ value = {old},", f"min = {{ value = {new},")
    toml = replace_once(toml, "ratio = { value = 0.10,", "ratio = { value = 0.20,")
    toml = replace_once(toml, "fail_at = { value = 5,", "fail_at = { value = 4,")
    return official(toml)


def build(
    dest: Path, env: dict[str, str] | None = None, config: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` into dest, optionally with another config file (-f)."""
    return build_site(dest, free_port(), env, config=config)


@contextmanager
def config_with_organization(block: str) -> Iterator[Path]:
    """A copy of mkdocs.yml next to it (relative paths must keep working) with another organization block."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    start = text.index("  # >>> organization")
    end = text.index("  # <<< organization")
    path = ROOT / f".mkdocs-test-{uuid.uuid4().hex[:8]}.yml"
    path.write_text(text[:start] + block + text[end:], encoding="utf-8")
    try:
        yield path
    finally:
        path.unlink(missing_ok=True)
