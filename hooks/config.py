"""The validated options of the site's MkDocs plugins, each with the environment variable that overrides it.

An environment variable, when set and not empty, wins over mkdocs.yml: the benchmark and the tests
build variants of the site without copies of mkdocs.yml. Its value is validated like the option's.
The deployer's settings (rules profile, Pyodide location, organization) are not here: they live
under ``extra:``, read by siteconfig/ for the pages as well; the fee schedule and the checklist are
the calculator plugin's ``fees`` and ``checklist`` options, which siteconfig/ reads for the pages too.
"""

from __future__ import annotations

import os
from typing import Generic, TypeVar

from mkdocs.config import config_options as c
from mkdocs.config.base import BaseConfigOption, Config, ValidationError

from hooks.levers import LEVERS_ENV, parse_levers
from siteconfig.settings import CHECKLIST_ENV, FEES_ENV

__all__ = [
    "BrandingConfig",
    "BrotliQuality",
    "CalculatorConfig",
    "EnvOverride",
    "Levers",
    "PrecompressConfig",
    "SecurityConfig",
]

T = TypeVar("T")


class EnvOverride(Generic[T], BaseConfigOption[T]):
    """`option`, unless the environment variable `variable` is set and not empty: then its value, validated alike."""

    def __init__(self, variable: str, option: BaseConfigOption[T]) -> None:
        super().__init__()
        self.variable = variable
        self.option = option
        self.default = option.default

    def pre_validation(self, config: Config, key_name: str) -> None:
        self.option.pre_validation(config, key_name)

    def validate(self, value: object, /) -> T:
        from_env = os.environ.get(self.variable, "").strip()
        if not from_env:
            return self.option.validate(value)
        try:
            return self.option.validate(from_env)
        except ValidationError as exc:
            raise ValidationError(f"{exc} (from the environment variable {self.variable})") from None

    def post_validation(self, config: Config, key_name: str) -> None:
        self.option.post_validation(config, key_name)
        self.warnings = self.option.warnings

    def reset_warnings(self) -> None:
        self.option.reset_warnings()
        self.warnings = self.option.warnings


class Levers(BaseConfigOption[frozenset[str]]):
    """The runtime's speed levers (hooks/levers.py): "default", "stock", "all", "a,b", "+a,-b" or a list of names."""

    def run_validation(self, value: object, /) -> frozenset[str]:
        if value is not None and not isinstance(value, str | list):
            raise ValidationError(f"expected a string or a list of lever names, not {value!r}")
        if isinstance(value, list) and not all(isinstance(item, str) for item in value):
            raise ValidationError("every lever must be named by a string")
        try:
            return parse_levers(value)
        except ValueError as exc:
            raise ValidationError(str(exc)) from None


class BrandingConfig(Config):
    """No options: the organization is ``extra.organization`` (siteconfig/branding.py)."""


class CalculatorConfig(Config):
    # The runtime's speed levers in use (bench/LEVERS.md); env GBT27922_RUNTIME_LEVERS.
    levers = EnvOverride(LEVERS_ENV, Levers())
    # Where zips compiled inside Pyodide are kept between builds; env GBT27922_RUNTIME_CACHE.
    runtime_cache = EnvOverride("GBT27922_RUNTIME_CACHE", c.Dir(default=".cache/runtime"))
    # The fee schedule (a certification body's own rate card, TOML), relative to mkdocs.yml; empty =
    # the packaged trial schedule. env GBT27922_FEES (siteconfig/settings.py: fees_path, which the
    # fees page reads too).
    fees = EnvOverride(FEES_ENV, c.Type(str, default=""))
    # The audit-readiness checklist (a deployment's own evidence items, TOML), relative to mkdocs.yml,
    # checked against the rules profile; empty = the packaged checklist. env GBT27922_CHECKLIST
    # (siteconfig/settings.py: checklist_path, which the sources page reads too).
    checklist = EnvOverride(CHECKLIST_ENV, c.Type(str, default=""))


class SecurityConfig(Config):
    """No options: the policy follows from the built pages and ``extra.pyodide_url``."""


class BrotliQuality(BaseConfigOption[int]):
    """Brotli's quality: an integer from 0 to 11 (or its digits, from the environment)."""

    def __init__(self, default: int) -> None:
        super().__init__()
        self.default = default

    def run_validation(self, value: object, /) -> int:
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 11:
            raise ValidationError(f"brotli_quality must be an integer from 0 to 11, not {value!r}")
        return value


class PrecompressConfig(Config):
    # Where compressed files are kept by content hash between builds; env GBT27922_PRECOMPRESS_CACHE.
    cache = EnvOverride("GBT27922_PRECOMPRESS_CACHE", c.Dir(default=".cache/precompress"))
    # 11 ships the smallest files; the test command builds at 5 (50 s less for the wasm on a cold
    # cache, the same bytes once decoded); env GBT27922_BROTLI_QUALITY.
    brotli_quality = EnvOverride("GBT27922_BROTLI_QUALITY", BrotliQuality(default=11))
