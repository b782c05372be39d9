"""Which rules profile the site is built with: the one place that decides.

Order: the environment variable ``GBT27922_PROFILE`` (a path to a TOML
profile), else ``extra.rules_profile`` in mkdocs.yml when it is not empty
(relative to the directory of mkdocs.yml), else the packaged default.
The calculator pages use the same function, so text and tools never disagree.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from calculator import Profile, load_profile

__all__ = ["ENV_VAR", "profile_path", "resolve_profile"]

ENV_VAR = "GBT27922_PROFILE"


def profile_path(config: Mapping[str, Any]) -> Path | None:
    """The profile file chosen by environment or configuration; None means the packaged default."""
    from_env = os.environ.get(ENV_VAR, "").strip()
    if from_env:
        return Path(from_env).expanduser().resolve()
    extra = config.get("extra") or {}
    configured = str(extra.get("rules_profile") or "").strip()
    if not configured:
        return None
    path = Path(configured).expanduser()
    if not path.is_absolute():
        config_file = config.get("config_file_path")
        base = Path(config_file).parent if config_file else Path.cwd()
        path = base / path
    return path.resolve()


def resolve_profile(config: Mapping[str, Any]) -> Profile:
    """Load and validate the rules profile the site is built with (raises calculator.ProfileError)."""
    return load_profile(profile_path(config))
