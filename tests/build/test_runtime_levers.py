"""The runtime's performance levers in a real build (gbt27922/calculator: hooks/levers.py; bench/LEVERS.md).

Trimmed, precompiled standard library and app zip, inline package lock, the service worker and its
manifest, and the <head> tags that start the runtime early — and a stock build without any of them.
"""

from __future__ import annotations

import base64
import hashlib
import html
import importlib.util
import json
import re
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from calculator._tools import TOOLS
from harness.site import ROOT, build_site, free_port
from hooks import runtime_zip
from hooks.levers import DEFAULT_LEVERS, LEVERS, parse_levers
from hooks.runtime_cache import app_source_zip, runtime_zips, stdlib_modules
from hooks.wheels import calculator_wheel, installed_wheel
from tests.built_pages import calculator_config
from tests.default_site import default_site

pytestmark = pytest.mark.build

PYODIDE = ROOT / "node_modules" / "pyodide"
VERSION = json.loads((PYODIDE / "package.json").read_text("utf-8"))["version"]
# Every tool of the registry has its page (docs/calculator/<name>.md).
CALCULATOR_PAGES = tuple(f"calculator/{name}/index.html" for name in TOOLS)
SW = "calculator-sw.js"


def manifest_of(site: Path) -> dict[str, Any]:
    text = (site / SW).read_text("utf-8")
    match = re.search(r"^const MANIFEST = (\{.*?\n\});$", text, re.S | re.M)
    assert match, "no MANIFEST in the service worker"
    manifest: dict[str, Any] = json.loads(match.group(1))
    return manifest


def built_with(tmp_path_factory: pytest.TempPathFactory, levers: str) -> Path:
    dest = tmp_path_factory.mktemp(f"levers-{levers or 'default'}")
    result = build_site(dest, free_port(), env={"GBT27922_RUNTIME_LEVERS": levers})
    assert result.returncode == 0, result.stderr[-4000:]
    return dest


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site as it ships (the default levers)."""
    return default_site(tmp_path_factory).root


@pytest.fixture(scope="module")
def stock(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """No lever at all: stock Pyodide files and wheels."""
    return built_with(tmp_path_factory, "stock")


def test_lever_settings_are_parsed_strictly() -> None:
    assert parse_levers("") == parse_levers(None) == parse_levers("default") == DEFAULT_LEVERS
    assert parse_levers("stock") == parse_levers("none") == frozenset()
    assert parse_levers("all") == frozenset(LEVERS)
    assert parse_levers("lock, prefetch") == parse_levers(["lock", "prefetch"]) == {"lock", "prefetch"}
    assert parse_levers("-sw,+preload") == (DEFAULT_LEVERS - {"sw"}) | {"preload"}
    with pytest.raises(ValueError, match="unknown lever 'turbo'"):
        parse_levers("lock,turbo")


def test_the_trimmed_stdlib_is_the_derived_list_as_stored_bytecode(site: Path) -> None:
    config = calculator_config(site / CALCULATOR_PAGES[0])
    stdlib = (site / CALCULATOR_PAGES[0]).parent / config["pyodide"]["stdlib"]
    stdlib = stdlib.resolve()
    assert re.fullmatch(r"python_stdlib\.[0-9a-f]{16}\.zip", stdlib.name)
    assert stdlib.name.split(".")[1] == hashlib.sha256(stdlib.read_bytes()).hexdigest()[:16]
    with zipfile.ZipFile(PYODIDE / "python_stdlib.zip") as zf:
        expected = {name + "c" for name in runtime_zip.wanted(zf.namelist(), stdlib_modules())}
    with zipfile.ZipFile(stdlib) as zf:
        infos = zf.infolist()
    assert {i.filename for i in infos} == expected
    assert all(i.compress_type == zipfile.ZIP_STORED for i in infos)
    assert "json/__init__.pyc" in expected
    assert "_pyodide/_base.pyc" in expected  # Pyodide's own start-up is in the list
    assert "tkinter/__init__.pyc" not in expected
    # What the server sends: the brotli sibling, far smaller than Pyodide's own 2.5 MB zip.
    brotli = stdlib.with_name(stdlib.name + ".br")
    assert brotli.stat().st_size < 0.6 * (PYODIDE / "python_stdlib.zip").stat().st_size
    # Python 3.14 bytecode (Pyodide's), not the build host's.
    with zipfile.ZipFile(stdlib) as zf:
        magic = zf.read("json/__init__.pyc")[:4]
    assert magic != importlib.util.MAGIC_NUMBER or sys.version_info[:2] == (3, 14)


def test_each_page_loads_the_core_and_its_own_tools_parts(site: Path) -> None:
    """The split of hooks/app_parts.py as the pages are told of it (tests/build/test_app_parts.py proves the split)."""
    for name in TOOLS:
        page = site / f"calculator/{name}/index.html"
        config = calculator_config(page)
        assert config["calculator"] == name
        tools = config["app"]["tools"]
        assert set(tools) == set(TOOLS)  # every tool's, for a later instant navigation to its page
        for tool, own in tools.items():
            for part in own["parts"]:
                named = re.fullmatch(r"calculator-([a-z-]+)\.[0-9a-f]{16}\.zip", Path(part["url"]).name)
                assert named
                assert tool in named[1].split("-")  # "fees-plan": loaded by the pages of fees and plan
                assert re.fullmatch(r"/lib/gbt27922-[a-z-]+\.zip", part["path"])
                with zipfile.ZipFile((page.parent / part["url"]).resolve()) as zf:
                    assert zf.namelist()
                    assert not [n for n in zf.namelist() if n.endswith((".py", ".pyi"))]
    assert calculator_config(site / "calculator/fees/index.html")["app"]["tools"]["fees"]["data"] == ["fees"]


def test_the_app_zip_holds_calculator_and_segno_bytecode(site: Path) -> None:
    page = site / CALCULATOR_PAGES[0]
    config = calculator_config(page)
    assert config["app"]["path"] == "/lib/gbt27922-app.zip"
    app = (page.parent / config["app"]["url"]).resolve()
    assert re.fullmatch(r"calculator-app\.[0-9a-f]{16}\.zip", app.name)
    with zipfile.ZipFile(app) as zf:
        names = set(zf.namelist())
    assert {"calculator/_web.pyc", "calculator/__init__.pyc", "segno/__init__.pyc"} <= names
    assert "calculator/profiles/gbt27922-2011.toml" in names  # read with importlib.resources
    assert not [n for n in names if n.endswith((".py", ".pyi"))]
    # The installable wheels are still built (and used when the app zip lever is off).
    assert [Path(w).name.split(".")[0] for w in config["wheels"]] == ["calculator-0", "segno-1"]


def test_the_configuration_names_what_pyodide_fetches(site: Path) -> None:
    lock = json.loads((PYODIDE / "pyodide-lock.json").read_text("utf-8"))
    for rel in CALCULATOR_PAGES:
        page = site / rel
        config = calculator_config(page)
        stdlib = (page.parent / config["pyodide"]["stdlib"]).resolve()
        assert config["pyodide"]["bytes"] == {
            "pyodide.asm.wasm": (PYODIDE / "pyodide.asm.wasm").stat().st_size,
            stdlib.name: stdlib.stat().st_size,
        }
        # Inline lock: Pyodide's header, no package (none is ever loaded), no pyodide-lock.json fetch.
        assert config["pyodide"]["lock"] == {"info": lock["info"], "packages": {}}
        assert config["prefetch"] is True
        assert re.fullmatch(r"[0-9a-f]{16}", config["snapshot"]["key"])


def test_the_service_worker_is_built_with_its_manifest(site: Path) -> None:
    assert not (site / "assets" / "calculator" / "sw.js").exists()  # only the built copy, at the root
    manifest = manifest_of(site)
    assert re.fullmatch(r"[0-9a-f]{16}", manifest["version"])
    index = f"assets/pyodide/{VERSION}/"
    immutable, fresh = set(manifest["immutable"]), set(manifest["fresh"])
    assert {f"{index}pyodide.mjs", f"{index}pyodide.asm.mjs", f"{index}pyodide.asm.wasm"} <= immutable
    assert f"{index}python_stdlib.zip" not in immutable  # the trimmed one replaces it
    assert any(re.search(r"_hashed/python_stdlib\.[0-9a-f]{16}\.zip$", u) for u in immutable)
    assert any(re.search(r"_hashed/calculator-app\.[0-9a-f]{16}\.zip$", u) for u in immutable)
    # And every tool's own parts of the app: any calculator page works offline once one was visited.
    for rel in CALCULATOR_PAGES:
        config = calculator_config(site / rel)
        parts = [part["url"] for own in config["app"]["tools"].values() for part in own["parts"]]
        assert parts
        assert {
            (site / rel).parent.joinpath(u).resolve().relative_to(site.resolve()).as_posix() for u in parts
        } <= immutable
    # The worker and its modules, under the URLs it asks for: all with the worker's version.
    worker = {u for u in immutable if u.startswith("assets/calculator/worker")}
    version = next(u for u in worker if u.startswith("assets/calculator/worker.js?")).partition("?")[2]
    assert re.fullmatch(r"v=[0-9a-f]{12}", version)
    modules = sorted(p.name for p in (ROOT / "docs" / "assets" / "calculator").glob("worker-*.js"))
    assert modules
    assert worker == {f"assets/calculator/{name}?{version}" for name in ["worker.js", *modules]}
    assert {"calculator/score/", "calculator/staffing/"} <= fresh
    # The page's modules (calculator.js imports every one) and styles: from the network first.
    page_modules = {
        f"assets/calculator/{p.name}"
        for p in (ROOT / "docs" / "assets" / "calculator").glob("*.js")
        if not p.name.startswith("worker") and p.name not in ("sw.js", "early.js")
    }
    assert {"assets/calculator/calculator.js", "assets/calculator/status.js"} <= page_modules <= fresh
    assert not [u for u in fresh if "/worker" in u]
    for url in immutable | fresh:
        path = site / url.split("?")[0]
        assert (path / "index.html" if url.endswith("/") else path).is_file(), url
    # Pages without a calculator are never kept, so they never meet the worker.
    assert not [u for u in fresh if u.endswith("/") and not u.startswith("calculator/")]
    # Every file kept for good carries the SHA-256 of the file the build wrote (checked on install).
    assert set(manifest["integrity"]) == immutable
    for url, integrity in manifest["integrity"].items():
        data = (site / url.split("?")[0]).read_bytes()
        assert integrity == "sha256-" + base64.b64encode(hashlib.sha256(data).digest()).decode(), url


def test_calculator_pages_register_two_scopes_and_start_early(site: Path) -> None:
    for rel in CALCULATOR_PAGES:
        page = site / rel
        config = calculator_config(page)
        assert (page.parent / config["sw"]["url"]).resolve() == (site / SW).resolve()
        scopes = [(page.parent / s).resolve() for s in config["sw"]["scopes"]]
        assert scopes == [(site / "calculator").resolve(), (site / "assets" / "calculator").resolve()]
        head = page.read_text("utf-8").split("</head>", 1)[0]
        meta = re.search(r'<meta name="gbt27922-runtime" content="([^"]*)">', head)
        assert meta
        early = json.loads(html.unescape(meta.group(1)))
        assert early == {k: config[k] for k in early}
        assert early["worker"] == config["worker"]
        # The early start comes before anything that could hold an inline script back (stylesheets).
        start = head.index(meta.group(0))
        assert head.index("<script>", start) == start + len(meta.group(0))
        assert head.index('<meta charset="utf-8">') < start < head.index('rel="stylesheet"')
        inline = head[start + len(meta.group(0)) :].split("</script>", 1)[0]
        assert "new Worker(" in inline
        assert not inline.removeprefix("<script>").startswith("//")  # comments stay in docs/
    # early.js is inlined, never published as a file.
    assert not (site / "assets" / "calculator" / "early.js").exists()


def test_pages_without_a_calculator_get_no_runtime_tags(site: Path) -> None:
    for page in site.rglob("*.html"):
        rel = page.relative_to(site).as_posix()
        if rel in CALCULATOR_PAGES:
            continue
        text = page.read_text("utf-8")
        assert "gbt27922-runtime" not in text, rel
        assert SW not in text, rel


def test_a_stock_build_has_none_of_the_levers(stock: Path) -> None:
    config = calculator_config(stock / CALCULATOR_PAGES[0])
    assert config["pyodide"]["stdlib"] is None
    assert config["pyodide"]["lock"] is None
    assert config["app"] is None
    assert config["sw"] is None
    assert config["snapshot"] is None
    assert config["prefetch"] is False
    assert set(config["pyodide"]["bytes"]) == {"pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"}
    assert not (stock / SW).exists()
    assert not list((stock / "assets" / "calculator" / "_hashed").glob("*.zip"))
    assert "gbt27922-runtime" not in (stock / CALCULATOR_PAGES[0]).read_text("utf-8")  # no early start


def test_the_runtime_zips_are_reproducible(tmp_path: Path) -> None:
    """Compiled twice from scratch (two empty caches, two Pyodide runs): byte for byte the same."""
    wheels = [calculator_wheel()[1], installed_wheel("segno")[1]]
    python = json.loads((PYODIDE / "pyodide-lock.json").read_text("utf-8"))["info"]["python"]
    stdlib = (PYODIDE / "python_stdlib.zip").read_bytes()
    builds = [
        runtime_zips(
            cache=tmp_path / name, python=python, stdlib_source=stdlib, app_source=app_source_zip(wheels), bytecode=True
        )
        for name in ("a", "b")
    ]
    assert builds[0] == builds[1]
    assert builds[0].stdlib is not None
    assert builds[0].app is not None
