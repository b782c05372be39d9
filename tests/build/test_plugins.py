"""The site's MkDocs plugins (hooks/plugins.py): registered, ordered by priority, with validated options."""

from __future__ import annotations

import importlib.metadata
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from harness.site import ROOT
from hooks import tools
from hooks.config import CalculatorConfig, PrecompressConfig
from hooks.levers import DEFAULT_LEVERS
from hooks.plugins import BrandingPlugin, CalculatorPlugin, PrecompressPlugin, SecurityPlugin

PLUGINS = {
    "gbt27922/branding": BrandingPlugin,
    "gbt27922/calculator": CalculatorPlugin,
    "gbt27922/security": SecurityPlugin,
    "gbt27922/precompress": PrecompressPlugin,
}


def test_the_plugins_are_registered_as_entry_points() -> None:
    """`bash scripts/setup` installs the project (editable), which registers them for MkDocs."""
    found = {ep.name: ep for ep in importlib.metadata.entry_points(group="mkdocs.plugins") if ep.name in PLUGINS}
    assert set(found) == set(PLUGINS)
    for name, ep in found.items():
        assert ep.load() is PLUGINS[name]
        assert issubclass(PLUGINS[name], BasePlugin)


@pytest.fixture
def config_file() -> Iterator[Path]:
    """A copy of mkdocs.yml next to it with the site's own plugins listed in reverse order."""
    text = (ROOT / "mkdocs.yml").read_text("utf-8")
    names = list(PLUGINS)
    for name in names:
        assert text.count(f"  - {name}\n") == 1, name
        text = text.replace(f"  - {name}\n", f"  - @{name}@\n")
    for name, other in zip(names, reversed(names), strict=True):
        text = text.replace(f"  - @{name}@\n", f"  - {other}\n")
    path = ROOT / ".mkdocs-test-plugin-order.yml"
    path.write_text(text, "utf-8")
    yield path
    path.unlink(missing_ok=True)


def _owners(config: MkDocsConfig, event: str) -> list[str]:
    """The classes of the plugins whose handlers run for `event`, in the order MkDocs runs them."""
    return [type(getattr(method, "__self__", None)).__name__ for method in config.plugins.events[event]]


def test_security_and_compression_run_last_whatever_the_list_order(config_file: Path) -> None:
    for path in (ROOT / "mkdocs.yml", config_file):
        config = load_config(str(path))
        post_build = _owners(config, "post_build")
        # The search index and the runtime's files first, then the policy, then compression of it all.
        assert post_build[-2:] == ["SecurityPlugin", "PrecompressPlugin"], path
        assert post_build.index("CalculatorPlugin") < post_build.index("SecurityPlugin")
        assert post_build.index("SearchPlugin") < post_build.index("SecurityPlugin")
        # The calculator block goes in after the search plugin has indexed the page's own text.
        page_context = _owners(config, "page_context")
        assert page_context.index("SearchPlugin") < page_context.index("CalculatorPlugin")


def _validated(config_class: type[CalculatorConfig | PrecompressConfig], **options: object) -> tuple[object, list[str]]:
    config = config_class(config_file_path=str(ROOT / "mkdocs.yml"))
    config.load_dict(options)
    errors, _warnings = config.validate()
    return config, [f"{key}: {error}" for key, error in errors]


def test_calculator_options_have_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GBT27922_RUNTIME_LEVERS", raising=False)
    monkeypatch.delenv("GBT27922_RUNTIME_CACHE", raising=False)
    config, errors = _validated(CalculatorConfig)
    assert errors == []
    assert isinstance(config, CalculatorConfig)
    assert config.levers == DEFAULT_LEVERS
    assert Path(config.runtime_cache) == ROOT / ".cache" / "runtime"


@pytest.mark.parametrize(
    ("levers", "expected"),
    [("stock", frozenset()), ("-sw", DEFAULT_LEVERS - {"sw"}), (["lock", "prefetch"], {"lock", "prefetch"})],
)
def test_levers_are_chosen_in_mkdocs_yml(monkeypatch: pytest.MonkeyPatch, levers: object, expected: object) -> None:
    monkeypatch.delenv("GBT27922_RUNTIME_LEVERS", raising=False)
    config, errors = _validated(CalculatorConfig, levers=levers)
    assert errors == []
    assert isinstance(config, CalculatorConfig)
    assert config.levers == expected


@pytest.mark.parametrize(
    ("levers", "message"),
    [("turbo", "unknown lever 'turbo'"), (3, "expected a string or a list"), ([1], "named by a string")],
)
def test_a_bad_lever_setting_is_a_configuration_error(
    monkeypatch: pytest.MonkeyPatch, levers: object, message: str
) -> None:
    monkeypatch.delenv("GBT27922_RUNTIME_LEVERS", raising=False)
    _, errors = _validated(CalculatorConfig, levers=levers)
    assert len(errors) == 1
    assert errors[0].startswith("levers: ")
    assert message in errors[0]


def test_the_environment_overrides_the_options(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("GBT27922_RUNTIME_LEVERS", "stock")
    monkeypatch.setenv("GBT27922_RUNTIME_CACHE", str(tmp_path / "runtime"))
    monkeypatch.setenv("GBT27922_PRECOMPRESS_CACHE", str(tmp_path / "compressed"))
    config, errors = _validated(CalculatorConfig, levers="all", runtime_cache="elsewhere")
    assert errors == []
    assert isinstance(config, CalculatorConfig)
    assert (config.levers, config.runtime_cache) == (frozenset(), str(tmp_path / "runtime"))
    compressed, errors = _validated(PrecompressConfig, cache="elsewhere")
    assert errors == []
    assert isinstance(compressed, PrecompressConfig)
    assert compressed.cache == str(tmp_path / "compressed")


def test_a_bad_environment_value_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GBT27922_RUNTIME_LEVERS", "lock,turbo")
    _, errors = _validated(CalculatorConfig)
    assert len(errors) == 1
    assert re.search(r"unknown lever 'turbo'.*\(from the environment variable GBT27922_RUNTIME_LEVERS\)", errors[0])


@pytest.mark.parametrize(
    ("setting", "env", "expected"),
    [(None, "", 11), (9, "", 9), (0, "", 0), (11, "5", 5), (None, " 7 ", 7)],
)
def test_the_brotli_quality_defaults_to_the_best_and_can_be_lowered(
    monkeypatch: pytest.MonkeyPatch, setting: int | None, env: str, expected: int
) -> None:
    monkeypatch.setenv("GBT27922_BROTLI_QUALITY", env)
    options = {} if setting is None else {"brotli_quality": setting}
    config, errors = _validated(PrecompressConfig, **options)
    assert errors == []
    assert isinstance(config, PrecompressConfig)
    assert config.brotli_quality == expected


@pytest.mark.parametrize(
    ("setting", "env", "message"),
    [
        (12, "", "not 12"),
        (-1, "", "not -1"),
        ("high", "", "not 'high'"),
        (True, "", "not True"),
        (11, "12", "not 12 (from the environment variable GBT27922_BROTLI_QUALITY)"),
        (11, "5.5", "not '5.5' (from the environment variable GBT27922_BROTLI_QUALITY)"),
    ],
)
def test_a_brotli_quality_outside_0_to_11_is_a_configuration_error(
    monkeypatch: pytest.MonkeyPatch, setting: object, env: str, message: str
) -> None:
    monkeypatch.setenv("GBT27922_BROTLI_QUALITY", env)
    _, errors = _validated(PrecompressConfig, brotli_quality=setting)
    assert len(errors) == 1
    assert errors[0].startswith("brotli_quality: brotli_quality must be an integer from 0 to 11")
    assert errors[0].endswith(message)


def test_a_page_asking_for_an_unknown_tool_stops_the_build() -> None:
    with pytest.raises(PluginError, match=r"no calculator tool 'no-such-tool'; known: score, staffing"):
        tools.tool("no-such-tool")
