"""The deployer's build settings under ``extra:`` in mkdocs.yml: the rules profile and the Pyodide location.

Order for the profile: the environment variable ``GBT27922_PROFILE`` (a path to a TOML profile),
else ``extra.rules_profile`` when it is not empty (relative to the directory of mkdocs.yml), else
the packaged default. The pages (macros/) and the calculator pages (hooks/) both call
`profile_path`, so text and tools never disagree.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from calculator import Profile, load_profile

__all__ = ["PROFILE_ENV", "SettingsError", "extra", "profile_path", "pyodide_url", "resolve_profile"]

PROFILE_ENV = "GBT27922_PROFILE"
_URL_STARTS = ("https://", "http://", "//", "/")


class SettingsError(ValueError):
    """A setting under ``extra:`` that cannot be used; the message (Chinese) names the key."""


def extra(config: Mapping[str, Any]) -> Mapping[str, Any]:
    """``extra:`` of the MkDocs configuration (empty when it is missing)."""
    value = config.get("extra")
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise SettingsError("mkdocs.yml 中的 extra 应为键值设置")
    return value


def _text(value: object, key: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise SettingsError(f"extra.{key} 应为文本（一个路径或地址）")
    return value.strip()


def profile_path(config: Mapping[str, Any]) -> Path | None:
    """The profile file chosen by environment or configuration; None means the packaged default."""
    from_env = os.environ.get(PROFILE_ENV, "").strip()
    if from_env:
        return Path(from_env).expanduser().resolve()
    configured = _text(extra(config).get("rules_profile"), "rules_profile")
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


def pyodide_url(config: Mapping[str, Any]) -> str:
    """``extra.pyodide_url``, ending in "/"; empty means the runtime is self-hosted inside the built site.

    Only an absolute address or a path from the server's root works from every page's depth.
    """
    url = _text(extra(config).get("pyodide_url"), "pyodide_url")
    if not url:
        return ""
    if not url.startswith(_URL_STARTS) or any(ch.isspace() for ch in url):
        raise SettingsError(
            f"extra.pyodide_url 应为以 https://、http://、// 或 / 开头且不含空格的地址（Pyodide 所在目录），而不是 {url!r}"
        )
    return url if url.endswith("/") else url + "/"
