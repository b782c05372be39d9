"""The calculator plugin (gbt27922/calculator, hooks/) in a real `mkdocs build --strict`."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from calculator import default_profile
from calculator._score_form import score_example
from calculator._tool import Datasets
from calculator._tools import TOOLS
from calculator._web import compute
from harness.site import ROOT, build_site, free_port
from hooks.pyodide_runtime import pyodide_runtime
from hooks.wheels import calculator_wheel, installed_wheel
from tests.built_pages import calculator_config
from tests.default_site import default_site

pytestmark = pytest.mark.build

PYODIDE = ROOT / "node_modules" / "pyodide"
RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
VERSION = json.loads((PYODIDE / "package.json").read_text("utf-8"))["version"]
CALCULATOR_PAGES = tuple(f"calculator/{name}/index.html" for name in ("score", "staffing", "fees", "plan", "checklist"))


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def worker_version() -> str:
    """One digest over the worker and its modules (worker.js imports worker-*.js with its own ?v=…)."""
    assets = ROOT / "docs" / "assets" / "calculator"
    digest = hashlib.sha256()
    for name in ["worker.js", *sorted(p.name for p in assets.glob("worker-*.js"))]:
        digest.update(name.encode() + b"\0" + (assets / name).read_bytes() + b"\0")
    return digest.hexdigest()[:12]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return default_site(tmp_path_factory).root


def test_the_five_runtime_files_are_copied_unchanged(site: Path) -> None:
    target = site / "assets" / "pyodide" / VERSION
    # Besides the five files, only their precompressed siblings (gbt27922/precompress).
    names = [p.name for p in target.iterdir()]
    assert sorted(n for n in names if not n.endswith((".br", ".gz"))) == sorted(RUNTIME_FILES)
    assert all(n.removesuffix(".br").removesuffix(".gz") in RUNTIME_FILES for n in names)
    for name in RUNTIME_FILES:
        assert sha(target / name) == sha(PYODIDE / name), name


def test_wheels_are_content_hashed_and_installable(site: Path, tmp_path: Path) -> None:
    wheels = sorted((site / "assets" / "calculator" / "_hashed").glob("*.whl"))
    assert [re.sub(r"\.[0-9a-f]{16}\.whl$", "", w.name) for w in wheels] == ["calculator-0.1.0", "segno-1.6.6"]
    for wheel in wheels:
        assert wheel.name.split(".")[-2] == sha(wheel)[:16]
        with zipfile.ZipFile(wheel) as zf:
            assert zf.testzip() is None
            record = next(n for n in zf.namelist() if n.endswith(".dist-info/RECORD"))
            for line in zf.read(record).decode().splitlines():
                name, digest, size = line.split(",")
                if name == record:
                    continue
                data = zf.read(name)
                assert int(size) == len(data), name
                assert digest.startswith("sha256="), name
            zf.extractall(tmp_path / "site-packages")
    names = {p.name for p in (tmp_path / "site-packages").iterdir()}
    assert {"calculator", "segno"} <= names
    assert not list((tmp_path / "site-packages").rglob("*.pyc"))
    # What renders forms and pages at build time (calculator/_page*.py) is not shipped.
    assert not list((tmp_path / "site-packages" / "calculator").glob("_page*"))
    # The unpacked wheels work on their own (no repository on the path), QR code included.
    script = (
        "import json, sys; sys.path.insert(0, sys.argv[1]); import calculator._web as w;"
        "r = json.loads(w.handle(json.dumps({'action': 'qr', 'text': 'http://127.0.0.1/#s1.x'})));"
        "s = json.loads(w.handle(json.dumps({'action': 'staffing', 'fields': {'head_office': '12', 'branches': '35'}})));"
        "print(r['data_uri'][:26], s['summary'], w.__file__)"
    )
    out = subprocess.run(
        [sys.executable, "-I", "-c", script, str(tmp_path / "site-packages")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.startswith("data:image/svg+xml")
    assert "应配备售后服务管理师至少 5 人。" in out
    assert str(tmp_path / "site-packages") in out


def test_the_wheel_build_is_reproducible() -> None:
    assert calculator_wheel() == calculator_wheel()
    assert installed_wheel("segno") == installed_wheel("segno")


def test_only_calculator_pages_reference_the_runtime(site: Path) -> None:
    pages = list(site.rglob("*.html"))
    assert len(pages) > 5
    for page in pages:
        text = page.read_text("utf-8")
        rel = page.relative_to(site).as_posix()
        # Only what the page loads counts (attribute values), not prose that names the paths (deploy page).
        attributes = " ".join(re.findall(r'(?:src|href|data-gbt-config)="([^"]*)"', text))
        referenced = any(s in attributes for s in ("assets/pyodide", "_hashed/", "worker.js", "pyodide.mjs"))
        assert referenced == (rel in CALCULATOR_PAGES), rel


@pytest.mark.parametrize("page", CALCULATOR_PAGES)
def test_calculator_page_configuration_points_at_built_files(site: Path, page: str) -> None:
    path = site / page
    config = calculator_config(path)
    assert config["calculator"] in page
    assert config["pyodide"]["index"] == f"../../assets/pyodide/{VERSION}/"
    # The sizes the worker checks downloads against: the engine, and our trimmed standard library
    # (the package lock is passed inline, so it is not downloaded at all).
    stdlib = (path.parent / config["pyodide"]["stdlib"]).resolve()
    assert config["pyodide"]["bytes"] == {
        "pyodide.asm.wasm": (PYODIDE / "pyodide.asm.wasm").stat().st_size,
        stdlib.name: stdlib.stat().st_size,
    }
    assert config["pyodide"]["lock"]["info"]["python"].startswith("3.14")
    assert (path.parent / config["app"]["url"]).resolve().is_file()
    for wheel in config["wheels"]:
        assert (path.parent / wheel).resolve().is_file(), wheel
    worker, _, version = config["worker"].partition("?v=")
    assert (path.parent / worker).resolve().is_file()
    assert version == worker_version()
    assert config["watchdog_ms"] > 0
    assert config["call_timeout_ms"] > 0
    assert config["profile"] is None  # the packaged default needs no extra file


def test_score_page_holds_the_worked_example_rendered_by_the_package(site: Path) -> None:
    path = site / "calculator/score/index.html"
    text = path.read_text("utf-8")
    config = calculator_config(path)
    profile = default_profile()
    example = compute("score", score_example(profile), Datasets(profile), links=config["links"])
    assert example["html"] in text
    # Each indicator links where a page's front matter says it is explained (docs/indicators.md: all,
    # to the section anchored with its id where there is one; docs/complaints.md: complaints).
    sections = {"organization", "staffing", "resources", "specifications", "supervision"}
    expected = {"indicators": "../../indicators/"}
    for ind in profile.indicators:
        expected[ind.id] = f"../../indicators/#{ind.id}" if ind.id in sections else "../../indicators/"
    expected["complaints"] = "../../complaints/"
    # And each tool's page, for a result that points to another tool (the score's "按你的规模估算费用").
    tools = tuple(TOOLS)  # every tool of the registry has its page (docs/calculator/<name>.md)
    assert config["links"] == expected | {f"tool:{name}": "./" if name == "score" else f"../{name}/" for name in tools}
    staffing = calculator_config(site / "calculator/staffing/index.html")["links"]
    assert staffing == expected | {f"tool:{name}": "./" if name == "staffing" else f"../{name}/" for name in tools}
    # Every input and select has a visible label.
    ids = re.findall(r'<(?:input|select) id="([^"]+)"', text)
    assert len(ids) > 40
    for fid in ids:
        assert f'for="{fid}"' in text, fid


@pytest.fixture
def config_copy() -> Iterator[Any]:
    """Copies of mkdocs.yml next to it (so relative paths keep working), removed afterwards."""
    made: list[Path] = []

    def make(old: str, new: str) -> Path:
        text = (ROOT / "mkdocs.yml").read_text("utf-8")
        assert text.count(old) == 1
        path = ROOT / f".mkdocs-test-{uuid.uuid4().hex[:8]}.yml"
        path.write_text(text.replace(old, new), "utf-8")
        made.append(path)
        return path

    yield make
    for path in made:
        path.unlink(missing_ok=True)


def _build(dest: Path, env: dict[str, str] | None = None, config: Path | None = None) -> None:
    result = build_site(dest, free_port(), env, config=config)
    assert result.returncode == 0, result.stderr[-4000:]


def test_another_pyodide_location_is_used_instead_of_copying(tmp_path: Path, config_copy: Any) -> None:
    url = "https://pyodide.example.org/v314/full/"
    config = config_copy('  pyodide_url: ""\n', f'  pyodide_url: "{url}"\n')
    _build(tmp_path, config=config)
    assert not (tmp_path / "assets" / "pyodide").exists()
    for page in CALCULATOR_PAGES:
        assert calculator_config(tmp_path / page)["pyodide"]["index"] == url


def test_a_custom_profile_is_shipped_to_the_browser(tmp_path: Path) -> None:
    text = (ROOT / "calculator" / "profiles" / "gbt27922-2011.toml").read_text("utf-8")
    text = text.replace("max_count = { value = 99,", "max_count = { value = 50,")
    profile = tmp_path / "custom.toml"
    profile.write_text(text, "utf-8")
    site = tmp_path / "site"
    _build(site, env={"GBT27922_PROFILE": str(profile)})
    page = site / "calculator/score/index.html"
    config = calculator_config(page)
    assert config["profile"] is not None
    shipped = (page.parent / config["profile"]).resolve()
    assert shipped.read_bytes() == profile.read_bytes()
    assert re.search(r"/profile\.[0-9a-f]{16}\.toml$", shipped.as_posix())
    assert calculator_config(site / "calculator/staffing/index.html")["profile"] == config["profile"]


def test_missing_runtime_fails_the_build_with_a_clear_message(tmp_path: Path) -> None:
    from mkdocs.exceptions import PluginError

    with pytest.raises(PluginError, match="npm ci"):
        pyodide_runtime(tmp_path / "node_modules" / "pyodide")
