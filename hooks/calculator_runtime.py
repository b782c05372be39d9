"""MkDocs hook: the two in-browser calculators.

- copies the pinned Pyodide runtime (five files, from ``node_modules/pyodide`` as installed by
  ``npm ci`` from package-lock.json, which checks the registry's integrity hash) into
  ``site/assets/pyodide/<version>/`` (skipped when ``extra.pyodide_url`` points elsewhere);
- builds the ``calculator`` package and ``segno`` (QR codes) into wheels whose URLs carry a content
  hash (``assets/calculator/_hashed/<name>.<hash>.whl``), so a browser never runs a stale copy;
- ships the rules profile the site is built with, when it is not the packaged default;
- replaces ``<div data-gbt-calculator="score|staffing"></div>`` in a page with the form generated
  from the profile, a worked example rendered by the same code the browser runs, and the runtime
  configuration (JSON). Only such pages reference the worker and the runtime.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.metadata
import io
import json
import logging
import re
import shutil
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink
from mkdocs.utils import get_relative_url

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import calculator  # noqa: E402
from calculator import Profile, ProfileError, load_profile  # noqa: E402
from calculator._forms import Calculator, score_example, staffing_example  # noqa: E402
from calculator._render import render_calculator, render_score_form, render_staffing_form  # noqa: E402
from calculator._web import compute  # noqa: E402
from macros.profile_source import profile_path  # noqa: E402

log = logging.getLogger("mkdocs.hooks.calculator_runtime")

PYODIDE_DIR = ROOT / "node_modules" / "pyodide"
RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
# Files the runtime fetches (the two .mjs are imported): their sizes give the download percentage.
FETCHED = ("pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
ASSETS = "assets/calculator"
HASHED = f"{ASSETS}/_hashed"
MARKER = re.compile(r'<div data-gbt-calculator="(score|staffing)">\s*</div>')
TITLES: dict[Calculator, str] = {"score": "售后服务认证自评计分", "staffing": "售后服务管理师配置"}
# Knowledge pages the results link to (source paths inside docs/).
INDICATORS_PAGE = "indicators.md"
WATCHDOG_MS = 45_000
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


@dataclass
class _Artifact:
    url: str  # site-relative
    data: bytes


@dataclass
class _State:
    profile: Profile
    profile_file: Path | None = None
    pyodide_url: str = ""  # empty: self-hosted
    pyodide_version: str = ""
    sizes: dict[str, int] = field(default_factory=dict)
    artifacts: list[_Artifact] = field(default_factory=list)
    wheels: list[str] = field(default_factory=list)
    profile_url: str | None = None
    worker_url: str = ""
    toc: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # src_uri → [(anchor, title)]
    pages: dict[str, tuple[str, str]] = field(default_factory=dict)  # src_uri → (url, title)


_current: dict[str, _State] = {}  # "build" → the state of the build in progress


# --------------------------------------------------------------------- wheels


def _record_hash(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def build_wheel(dist: str, version: str, files: list[tuple[str, bytes]]) -> bytes:
    """A reproducible py3-none-any wheel (fixed timestamps, sorted entries, fresh RECORD)."""
    info = f"{dist}-{version}.dist-info"
    names = {name for name, _ in files}
    extra: list[tuple[str, bytes]] = []
    if f"{info}/METADATA" not in names:
        extra.append((f"{info}/METADATA", f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n".encode()))
    if f"{info}/WHEEL" not in names:
        wheel = "Wheel-Version: 1.0\nGenerator: hooks/calculator_runtime.py\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
        extra.append((f"{info}/WHEEL", wheel.encode()))
    entries = sorted(files + extra)
    record = "".join(f"{name},{_record_hash(data)},{len(data)}\n" for name, data in entries)
    record += f"{info}/RECORD,,\n"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in [*entries, (f"{info}/RECORD", record.encode())]:
            zi = zipfile.ZipInfo(name, ZIP_DATE)
            zi.external_attr = 0o644 << 16
            zi.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(zi, data)
    return buffer.getvalue()


def calculator_wheel() -> tuple[str, bytes]:
    """The calculator package from the working tree (sources, py.typed, profiles)."""
    package = ROOT / "calculator"
    files = []
    for path in sorted(package.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        if path.suffix in (".py", ".toml") or path.name == "py.typed":
            files.append((path.relative_to(ROOT).as_posix(), path.read_bytes()))
    return f"calculator-{calculator.__version__}", build_wheel("gbt27922_calculator", calculator.__version__, files)


def installed_wheel(dist_name: str) -> tuple[str, bytes]:
    """A wheel rebuilt from an installed pure-Python distribution (for segno)."""
    try:
        dist = importlib.metadata.distribution(dist_name)
    except importlib.metadata.PackageNotFoundError:
        raise PluginError(
            f"calculator_runtime: the Python package {dist_name!r} is not installed; it is shipped to the browser "
            f"for QR codes. Install requirements/dev.txt (bash scripts/setup)."
        ) from None
    skip = {"RECORD", "INSTALLER", "REQUESTED", "direct_url.json"}
    files = []
    for f in dist.files or ():
        name = f.as_posix()
        if name.startswith("..") or "__pycache__" in name or name.endswith(".pyc") or f.name in skip:
            continue
        files.append((name, Path(str(dist.locate_file(f))).read_bytes()))
    version = dist.version
    return f"{dist_name}-{version}", build_wheel(dist.metadata["Name"].replace("-", "_"), version, files)


def _hashed(stem: str, suffix: str, data: bytes) -> _Artifact:
    digest = hashlib.sha256(data).hexdigest()[:16]
    return _Artifact(f"{HASHED}/{stem}.{digest}{suffix}", data)


# --------------------------------------------------------------------- config


def _pyodide_runtime() -> tuple[str, dict[str, int]]:
    """The installed Pyodide version and the sizes of its fetched files; fails the build clearly."""
    missing = [name for name in RUNTIME_FILES if not (PYODIDE_DIR / name).is_file()]
    if missing:
        raise PluginError(
            "calculator_runtime: the Pyodide runtime is missing from node_modules/pyodide "
            f"({', '.join(missing)}). Run `npm ci` (or `bash scripts/setup`) to install the version pinned in "
            "package-lock.json, or set extra.pyodide_url in mkdocs.yml to load Pyodide from elsewhere."
        )
    version = str(json.loads((PYODIDE_DIR / "package.json").read_text("utf-8"))["version"])
    lock = ROOT / "package-lock.json"
    if lock.is_file():
        pinned = json.loads(lock.read_text("utf-8")).get("packages", {}).get("node_modules/pyodide", {}).get("version")
        if pinned and pinned != version:
            raise PluginError(
                f"calculator_runtime: node_modules/pyodide is {version} but package-lock.json pins {pinned}; run `npm ci`."
            )
    return version, {name: (PYODIDE_DIR / name).stat().st_size for name in FETCHED}


# Runs once per build, first: checks the runtime is there, builds the wheels, loads the rules.
def on_config(config: Any, **_: Any) -> None:
    try:
        path = profile_path(config)
        profile = load_profile(path)
    except ProfileError as exc:
        raise PluginError(f"calculator_runtime: {exc}") from None
    state = _State(profile=profile, profile_file=path)
    extra = config.get("extra") or {}
    state.pyodide_url = str(extra.get("pyodide_url") or "").strip()
    if state.pyodide_url and not state.pyodide_url.endswith("/"):
        state.pyodide_url += "/"
    if not state.pyodide_url:
        state.pyodide_version, state.sizes = _pyodide_runtime()

    for stem, data in (calculator_wheel(), installed_wheel("segno")):
        artifact = _hashed(stem, ".whl", data)
        state.artifacts.append(artifact)
        state.wheels.append(artifact.url)
    if path is not None:
        artifact = _hashed("profile", ".toml", path.read_bytes())
        state.artifacts.append(artifact)
        state.profile_url = artifact.url

    worker = Path(config["docs_dir"]) / ASSETS / "worker.js"
    digest = hashlib.sha256(worker.read_bytes()).hexdigest()[:12] if worker.is_file() else "0"
    state.worker_url = f"{ASSETS}/worker.js?v={digest}"
    _current["build"] = state


def _walk(items: Any) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for item in items:
        if isinstance(item, AnchorLink):
            out.append((item.id, item.title))
            out.extend(_walk(item.children))
    return out


# Runs for every page after its Markdown is converted: remembers headings, for links from results.
def on_page_content(html: str, page: Page, **_: Any) -> str:
    state = _current.get("build")
    if state is not None:
        state.toc[page.file.src_uri] = _walk(page.toc)
        state.pages[page.file.src_uri] = (page.url, page.title or "")
    return html


def _links(state: _State, page_url: str) -> dict[str, str]:
    """Indicator id → the best knowledge-page link for it, relative to the calculator page."""
    links: dict[str, str] = {}
    target = state.pages.get(INDICATORS_PAGE)
    anchors = state.toc.get(INDICATORS_PAGE, [])
    if target:
        links["indicators"] = get_relative_url(target[0], page_url)
    for ind in state.profile.indicators:
        href = None
        if target:
            by_id = next((a for a, _ in anchors if a == ind.id), None)
            by_name = next((a for a, t in anchors if ind.name in t), None)
            anchor = by_id or by_name
            if anchor:
                href = get_relative_url(target[0], page_url) + "#" + anchor
        if href is None:
            # A page of its own (e.g. 投诉处理要求 for 投诉处理), else the indicators page.
            own = next((url for src, (url, title) in state.pages.items() if ind.name in title), None)
            if own is not None:
                href = get_relative_url(own, page_url)
        if href is None and target:
            href = links["indicators"]
        if href:
            links[ind.id] = href
    return links


def _runtime_config(state: _State, calculator: Calculator, page_url: str, links: dict[str, str]) -> dict[str, Any]:
    def rel(url: str) -> str:
        return get_relative_url(url, page_url)

    index = state.pyodide_url or rel(f"assets/pyodide/{state.pyodide_version}/")
    worker, _, query = state.worker_url.partition("?")
    return {
        "calculator": calculator,
        "worker": f"{rel(worker)}?{query}",
        "pyodide": {"index": index, "version": state.pyodide_version, "bytes": state.sizes},
        "wheels": [rel(w) for w in state.wheels],
        "profile": rel(state.profile_url) if state.profile_url else None,
        "links": links,
        "storage_key": f"gbt27922.{calculator}.v1",
        "watchdog_ms": WATCHDOG_MS,
    }


# Runs for every page once all pages are converted (so every page's headings are known):
# puts the generated form, the worked example and the runtime configuration into calculator pages.
def on_page_context(context: Any, page: Page, config: Any, **_: Any) -> Any:
    state = _current.get("build")
    if state is None or not page.content:
        return context
    match = MARKER.search(page.content)
    if not match:
        return context
    calculator: Calculator = "score" if match.group(1) == "score" else "staffing"
    links = _links(state, page.url)
    profile = state.profile
    if calculator == "score":
        values = score_example(profile)
        form_html = render_score_form(profile, values)
    else:
        values = staffing_example(profile)
        form_html = render_staffing_form(profile, values)
    example = compute(calculator, values, profile, links=links)
    if not example["ok"]:
        raise PluginError(f"calculator_runtime: the worked example for {calculator} is invalid: {example['errors']}")
    block = render_calculator(
        calculator,
        form_html=form_html,
        result_html=example["html"],
        title=TITLES[calculator],
        organization=(config.get("extra") or {}).get("organization"),
        config_json=json.dumps(_runtime_config(state, calculator, page.url, links), ensure_ascii=False),
        summary=example["summary"],
    )
    page.content = page.content[: match.start()] + block + page.content[match.end() :]
    if MARKER.search(page.content):
        raise PluginError(f"calculator_runtime: {page.file.src_uri} has more than one calculator")
    return context


# Runs after the site is written (list this hook before hooks/precompress.py, so these files get compressed too):
# copies the runtime and writes the hashed wheels and profile.
def on_post_build(config: Any, **_: Any) -> None:
    state = _current.get("build")
    if state is None:
        return
    site = Path(config["site_dir"])
    if not state.pyodide_url:
        dest = site / "assets" / "pyodide" / state.pyodide_version
        dest.mkdir(parents=True, exist_ok=True)
        for name in RUNTIME_FILES:
            shutil.copyfile(PYODIDE_DIR / name, dest / name)
    for artifact in state.artifacts:
        out = site / artifact.url
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(artifact.data)
    log.info(
        "calculator runtime: Pyodide %s, %s",
        state.pyodide_version or state.pyodide_url,
        ", ".join(Path(a.url).name for a in state.artifacts),
    )
