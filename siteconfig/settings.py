"""The deployer's build settings: the rules profile, the fee schedule, the checklist and the Pyodide location.

Order for the profile: the environment variable ``GBT27922_PROFILE`` (a path to a TOML profile),
else ``extra.rules_profile`` when it is not empty (relative to the directory of mkdocs.yml), else
the packaged default. The pages (macros/) and the calculator pages (hooks/) both call
`profile_path`, so text and tools never disagree.

The fee schedule (a certification body's own rate card, man-day table and lead times) the same
way: the environment variable ``GBT27922_FEES``, else the ``fees`` option of the calculator plugin
in mkdocs.yml (relative to its directory), else the packaged trial schedule; `fees_path` is what
both the fees page (macros/) and the calculator pages (hooks/) call.

The audit-readiness checklist likewise: ``GBT27922_CHECKLIST``, else the plugin's ``checklist``
option, else the packaged one. A deployment's own checklist is checked against the profile in use
and any problem stops the build (`resolve_checklist` raises); the packaged one under a profile it
does not fit is the checklist page's business (it says why in place of the tool).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from calculator import Profile, load_profile
from calculator._checklist_data import Checklist
from calculator._checklist_reader import load_checklist, packaged_checklist
from calculator._datafile import ProfileError
from calculator._fee_schedule import FeeSchedule
from calculator._fee_schedule_reader import load_fee_schedule

__all__ = [
    "CALCULATOR_PLUGIN",
    "CHECKLIST_ENV",
    "FEES_ENV",
    "PROFILE_ENV",
    "SettingsError",
    "checklist_in_use",
    "checklist_path",
    "extra",
    "fees_path",
    "profile_path",
    "pyodide_url",
    "resolve_checklist",
    "resolve_fees",
    "resolve_profile",
]

PROFILE_ENV = "GBT27922_PROFILE"
FEES_ENV = "GBT27922_FEES"
CHECKLIST_ENV = "GBT27922_CHECKLIST"
CALCULATOR_PLUGIN = "gbt27922/calculator"
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
    return _beside_config(config, configured)


def _beside_config(config: Mapping[str, Any], configured: str) -> Path:
    path = Path(configured).expanduser()
    if not path.is_absolute():
        config_file = config.get("config_file_path")
        base = Path(config_file).parent if config_file else Path.cwd()
        path = base / path
    return path.resolve()


def _plugin_option(config: Mapping[str, Any], name: str) -> object:
    """An option of the calculator plugin as mkdocs.yml gives it (None when the plugin or the option is absent)."""
    plugins = config.get("plugins")
    plugin = plugins.get(CALCULATOR_PLUGIN) if isinstance(plugins, Mapping) else None
    options = getattr(plugin, "config", None)
    return options.get(name) if isinstance(options, Mapping) else None


def _plugin_file(config: Mapping[str, Any], option: str, variable: str, what: str) -> Path | None:
    """A data file named by the environment variable `variable`, else by the calculator plugin's `option`.

    The option is relative to mkdocs.yml; None means the packaged default.
    """
    from_env = os.environ.get(variable, "").strip()
    if from_env:
        return Path(from_env).expanduser().resolve()
    configured = _plugin_option(config, option)
    if configured is not None and not isinstance(configured, str):
        raise SettingsError(f"{CALCULATOR_PLUGIN} 的 {option} 应为文本（{what}文件的路径）")
    if not configured or not configured.strip():
        return None
    return _beside_config(config, configured.strip())


def fees_path(config: Mapping[str, Any]) -> Path | None:
    """The fee schedule file chosen by environment or configuration; None means the packaged default."""
    return _plugin_file(config, "fees", FEES_ENV, "费用标准")


def resolve_fees(config: Mapping[str, Any]) -> FeeSchedule:
    """Load and validate the fee schedule the site is built with (raises calculator.ProfileError)."""
    return load_fee_schedule(fees_path(config))


def checklist_path(config: Mapping[str, Any]) -> Path | None:
    """The checklist file chosen by environment or configuration; None means the packaged checklist."""
    return _plugin_file(config, "checklist", CHECKLIST_ENV, "迎审准备清单")


def resolve_checklist(config: Mapping[str, Any], profile: Profile) -> Checklist | None:
    """A deployment's own checklist, checked against `profile` (raises calculator.ProfileError); None: the packaged one."""
    path = checklist_path(config)
    return load_checklist(path, profile) if path is not None else None


def checklist_in_use(config: Mapping[str, Any], profile: Profile) -> Checklist | None:
    """The checklist the site shows: a deployment's own (raises calculator.ProfileError on any problem), else the packaged one.

    None: the packaged checklist does not fit `profile`; the checklist page says why in place of the tool.
    """
    own = resolve_checklist(config, profile)
    if own is not None:
        return own
    try:
        return packaged_checklist(profile)
    except ProfileError:
        return None


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
