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

Performance levers (bench/LEVERS.md has the measurements; env ``GBT27922_RUNTIME_LEVERS`` turns them
on and off for the benchmark, see ``LEVERS``): the standard library trimmed to what the calculator
imports (hooks/calculator_stdlib.txt) and precompiled to bytecode inside Pyodide at build time
(hooks/calculator_runtime.mjs + hooks/runtime_zip.py, cached in .cache/runtime/), the calculator and
segno as one zip with bytecode, Pyodide's package lock passed inline, downloads started in parallel
by the worker, and a versioned service worker (generated from docs/assets/calculator/sw.js into the
site root) that precaches the runtime for returning and offline visits.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.metadata
import importlib.util
import io
import json
import logging
import os
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from html import escape as html_escape
from html.parser import HTMLParser
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urljoin, urlsplit

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
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
# The browser's time limits (runtime config; docs/assets/calculator/runtime.js): a load with no
# progress for WATCHDOG_MS fails with a retry; so does a request without an answer for CALL_TIMEOUT_MS
# (a calculation takes milliseconds: the worker has died). The browser tests serve shorter ones.
WATCHDOG_MS = 45_000
CALL_TIMEOUT_MS = 20_000
ZIP_DATE = (1980, 1, 1, 0, 0, 0)

# ------------------------------------------------------------------ performance levers
LEVERS_ENV = "GBT27922_RUNTIME_LEVERS"
LEVERS: dict[str, str] = {
    "early": "an inline script at the top of <head> of calculator pages starts the worker while the page is parsed",
    "lock": "Pyodide's package lock passed inline: no pyodide-lock.json download",
    "prefetch": "the worker starts every download at once, while it imports Pyodide",
    "appzip": "calculator + segno as one zip put on sys.path, instead of two wheels to unpack",
    "stdlib": "the standard library trimmed to hooks/calculator_stdlib.txt",
    "bytecode": "the standard library and the app precompiled to .pyc (inside Pyodide, at build time)",
    "sw": "a versioned service worker precaches the runtime: returning visits and offline use",
    "preload": "<link rel=preload> of the runtime in the <head> of calculator pages (measured, not shipped)",
    "snapshot": "returning visits restore a memory snapshot of Python taken by the first visit",
}
# What the site ships; bench/LEVERS.md explains each choice with the benchmark's figures.
DEFAULT_LEVERS = frozenset({"early", "lock", "prefetch", "appzip", "stdlib", "bytecode", "sw", "snapshot"})
STDLIB_LIST = ROOT / "hooks" / "calculator_stdlib.txt"
RUNTIME_CACHE = Path(os.environ.get("GBT27922_RUNTIME_CACHE", ROOT / ".cache" / "runtime"))
RUNTIME_TOOLS = (ROOT / "hooks" / "runtime_zip.py", ROOT / "hooks" / "calculator_runtime.mjs")
# Where the worker writes the app zip in Pyodide's file system; bytecode records this path for tracebacks.
APP_PATH = "/lib/gbt27922-app.zip"
SW_TEMPLATE = f"{ASSETS}/sw.js"  # docs/…: the service worker's code; the build writes it to SW_URL
EARLY_SCRIPT = f"{ASSETS}/early.js"  # docs/…: inlined at the top of <head> of calculator pages
SW_URL = "calculator-sw.js"  # at the site root, so it may control both of its scopes
WORKER = "worker.js"  # in ASSETS: the calculator's module worker
WORKER_MODULES = "worker-*.js"  # in ASSETS: the worker's own modules, versioned with it


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
    worker_modules: list[str] = field(default_factory=list)  # the worker's modules, with its ?v=…
    toc: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # src_uri → [(anchor, title)]
    pages: dict[str, tuple[str, str]] = field(default_factory=dict)  # src_uri → (url, title)
    levers: frozenset[str] = DEFAULT_LEVERS
    stdlib_url: str | None = None  # our trimmed standard library (None: Pyodide's own)
    app_url: str | None = None  # the app zip (None: the wheels are unpacked)
    lock: dict[str, Any] | None = None  # inline package lock (None: Pyodide fetches pyodide-lock.json)
    fetched: dict[str, int] = field(default_factory=dict)  # site URL → size, of what Pyodide fetches
    calculator_pages: list[str] = field(default_factory=list)  # page URLs (site-relative)
    page_assets: set[str] = field(default_factory=set)  # what calculator pages load (site-relative)
    sw_template: str | None = None
    early_js: str = ""  # EARLY_SCRIPT without its comments
    early: dict[str, str] = field(default_factory=dict)  # page URL → <head> tags that start the runtime


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


# --------------------------------------------------------------------- levers


def levers_from_env(value: str | None = None) -> frozenset[str]:
    """The levers in use: env GBT27922_RUNTIME_LEVERS, else DEFAULT_LEVERS.

    ``stock`` (or ``none``) turns every lever off, ``all`` turns every one on, ``a,b`` names the
    levers to use, and ``+a,-b`` changes the default set.
    """
    raw = os.environ.get(LEVERS_ENV) if value is None else value
    if raw is None or not raw.strip():
        return DEFAULT_LEVERS
    raw = raw.strip().lower()
    if raw in ("stock", "none"):
        return frozenset()
    if raw == "all":
        return frozenset(LEVERS)
    items = [item.strip() for item in raw.split(",") if item.strip()]
    relative = all(item[0] in "+-" for item in items)
    chosen = set(DEFAULT_LEVERS) if relative else set()
    for item in items:
        name = item.lstrip("+-")
        if name not in LEVERS:
            raise PluginError(f"calculator_runtime: unknown lever {name!r} in {LEVERS_ENV}; known: {', '.join(LEVERS)}")
        if item.startswith("-"):
            chosen.discard(name)
        else:
            chosen.add(name)
    return frozenset(chosen)


def _load_runtime_zip() -> ModuleType:
    """hooks/runtime_zip.py (also runs inside Pyodide), loaded by path: hooks/ is no package."""
    spec = importlib.util.spec_from_file_location("gbt27922_runtime_zip", RUNTIME_TOOLS[0])
    if spec is None or spec.loader is None:
        raise PluginError("calculator_runtime: cannot load hooks/runtime_zip.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def stdlib_modules() -> list[str]:
    """The module list of hooks/calculator_stdlib.txt (comments dropped)."""
    lines = STDLIB_LIST.read_text("utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def _digest(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()[:24]


def _run_pyodide_job(job: dict[str, Any], inputs: dict[str, bytes]) -> dict[str, bytes]:
    """Run hooks/calculator_runtime.mjs (Pyodide under Node) on `job`; returns the output files."""
    node = shutil.which("node")
    if node is None:
        raise PluginError(
            "calculator_runtime: Node.js is needed to precompile the Python runtime (bytecode lever); install "
            f"Node.js >= 20 (see README.md) or leave the lever out: {LEVERS_ENV}=-bytecode"
        )
    RUNTIME_CACHE.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=RUNTIME_CACHE, prefix="job-") as tmp:
        work = Path(tmp)
        for name, data in inputs.items():
            (work / name).write_bytes(data)
        (work / "job.json").write_text(json.dumps(job), "utf-8")
        result = subprocess.run(
            [node, str(RUNTIME_TOOLS[1]), str(work)], capture_output=True, text=True, timeout=600, check=False
        )
        if result.returncode != 0:
            raise PluginError(f"calculator_runtime: compiling the Python runtime failed:\n{result.stderr[-3000:]}")
        outputs = {}
        for part in ("stdlib", "app"):
            spec = job.get(part)
            if spec:
                outputs[part] = (work / spec["out"]).read_bytes()
        return outputs


def runtime_zips(
    *, python: str, stdlib: bool, app_source: bytes | None, bytecode: bool
) -> tuple[bytes | None, bytes | None]:
    """The trimmed standard library and the app zip (see hooks/runtime_zip.py), from the cache when built before.

    `python` is the runtime's version ("3.14.2"): bytecode records the stdlib zip's path, /lib/python314.zip.
    """
    major, minor = python.split(".")[:2]
    stdlib_prefix = f"/lib/python{major}{minor}.zip"
    tools = b"".join(path.read_bytes() for path in RUNTIME_TOOLS)
    source = (PYODIDE_DIR / "python_stdlib.zip").read_bytes() if stdlib else b""
    modules = stdlib_modules() if stdlib else []
    keys = {
        "stdlib": _digest(tools, python, source, "\n".join(modules), str(bytecode)) if stdlib else None,
        "app": _digest(tools, python, app_source, str(bytecode)) if app_source is not None else None,
    }
    found: dict[str, bytes] = {}
    for part, key in keys.items():
        path = RUNTIME_CACHE / f"{part}-{key}.zip"
        if key and path.is_file():
            found[part] = path.read_bytes()
    missing = [part for part, key in keys.items() if key and part not in found]
    if missing:
        job: dict[str, Any] = {}
        inputs: dict[str, bytes] = {}
        if "stdlib" in missing:
            inputs["python_stdlib.zip"] = source
            job["stdlib"] = {
                "source": "python_stdlib.zip",
                "modules": modules,
                "out": "stdlib-out.zip",
                "prefix": stdlib_prefix,
                "bytecode": bytecode,
            }
        if "app" in missing and app_source is not None:
            inputs["app-source.zip"] = app_source
            job["app"] = {"source": "app-source.zip", "out": "app-out.zip", "prefix": APP_PATH, "bytecode": bytecode}
        if bytecode:
            built = _run_pyodide_job(job, inputs)
        else:
            # Without bytecode nothing needs Pyodide: the same code runs here.
            runtime_zip = _load_runtime_zip()
            built = {}
            with tempfile.TemporaryDirectory() as tmp:
                for name, data in inputs.items():
                    (Path(tmp) / name).write_bytes(data)
                for part, spec in job.items():
                    kwargs = {k: v for k, v in spec.items() if k not in ("source", "out")}
                    getattr(runtime_zip, part)(
                        str(Path(tmp) / spec["source"]), out=str(Path(tmp) / spec["out"]), **kwargs
                    )
                    built[part] = (Path(tmp) / spec["out"]).read_bytes()
        RUNTIME_CACHE.mkdir(parents=True, exist_ok=True)
        for part, data in built.items():
            target = RUNTIME_CACHE / f"{part}-{keys[part]}.zip"
            tmp_path = target.with_suffix(".tmp")
            tmp_path.write_bytes(data)
            tmp_path.replace(target)
            found[part] = data
    return found.get("stdlib"), found.get("app")


def app_source_zip(wheels: list[bytes]) -> bytes:
    """The entries of the given wheels in one zip (dist-info included: importlib.metadata finds them)."""
    entries: dict[str, bytes] = {}
    for wheel in wheels:
        with zipfile.ZipFile(io.BytesIO(wheel)) as zf:
            for name in zf.namelist():
                entries[name] = zf.read(name)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as zf:
        for name, data in sorted(entries.items()):
            zi = zipfile.ZipInfo(name, ZIP_DATE)
            zi.external_attr = 0o644 << 16
            zf.writestr(zi, data)
    return buffer.getvalue()


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
    state.levers = levers_from_env()
    if state.pyodide_url:
        # Another copy of Pyodide, of a version this build cannot inspect: only the levers that do
        # not depend on the runtime's files (nothing is compiled for an unknown Python).
        state.levers = state.levers - {"lock", "stdlib", "bytecode", "preload"}

    wheels: list[bytes] = []
    for stem, data in (calculator_wheel(), installed_wheel("segno")):
        artifact = _hashed(stem, ".whl", data)
        state.artifacts.append(artifact)
        state.wheels.append(artifact.url)
        wheels.append(data)
    if path is not None:
        artifact = _hashed("profile", ".toml", path.read_bytes())
        state.artifacts.append(artifact)
        state.profile_url = artifact.url
    _runtime_artifacts(state, wheels)

    digest, modules = worker_version(Path(config["docs_dir"]) / ASSETS)
    state.worker_url = f"{ASSETS}/worker.js?v={digest}"
    state.worker_modules = [f"{ASSETS}/{name}?v={digest}" for name in modules]
    template = Path(config["docs_dir"]) / SW_TEMPLATE
    if "sw" in state.levers and template.is_file():
        state.sw_template = template.read_text("utf-8")
    early = Path(config["docs_dir"]) / EARLY_SCRIPT
    if "early" in state.levers:
        state.early_js = _inline_script(early.read_text("utf-8"))
    _current["build"] = state


def worker_version(assets: Path) -> tuple[str, list[str]]:
    """The worker's version and its modules (worker-*.js, which worker.js imports with its own ?v=…).

    One digest over worker.js and every module, so that a change to any of them gives all of them
    new URLs: the service worker keeps them for good, and an old worker never meets a new module.
    """
    modules = sorted(p.name for p in assets.glob(WORKER_MODULES))
    digest = hashlib.sha256()
    for name in [WORKER, *modules]:
        file = assets / name
        digest.update(name.encode() + b"\0" + (file.read_bytes() if file.is_file() else b"") + b"\0")
    return digest.hexdigest()[:12], modules


def _inline_script(source: str) -> str:
    """A script's code for an inline <script>: its leading comment lines dropped (they say what it is
    for in docs/, not in every page)."""
    lines = source.splitlines()
    while lines and (lines[0].startswith("//") or not lines[0].strip()):
        lines.pop(0)
    code = "\n".join(lines).strip()
    if "</script" in code.lower() or "<!--" in code:
        raise PluginError(
            f"calculator_runtime: {EARLY_SCRIPT} cannot be inlined as it is (it contains '</script' or '<!--')"
        )
    return code


def _runtime_artifacts(state: _State, wheels: list[bytes]) -> None:
    """The lock, the trimmed standard library and the app zip, as the levers ask."""
    levers = state.levers
    python = ""
    if not state.pyodide_url:
        lock = json.loads((PYODIDE_DIR / "pyodide-lock.json").read_text("utf-8"))
        python = str(lock["info"]["python"])
        if "lock" in levers:
            # The calculator loads no Pyodide package: the lock's 119 KB of package entries are dead weight.
            state.lock = {"info": lock["info"], "packages": {}}
    bytecode = "bytecode" in levers and bool(python)
    stdlib, app = runtime_zips(
        python=python or "3.0",
        stdlib="stdlib" in levers and bool(python),
        app_source=app_source_zip(wheels) if "appzip" in levers else None,
        bytecode=bytecode,
    )
    if stdlib is not None:
        artifact = _hashed("python_stdlib", ".zip", stdlib)
        state.artifacts.append(artifact)
        state.stdlib_url = artifact.url
    if app is not None:
        artifact = _hashed("calculator-app", ".zip", app)
        state.artifacts.append(artifact)
        state.app_url = artifact.url
    if not state.pyodide_url:
        index = f"assets/pyodide/{state.pyodide_version}/"
        state.fetched = {f"{index}pyodide.asm.wasm": state.sizes["pyodide.asm.wasm"]}
        if state.stdlib_url and stdlib is not None:
            state.fetched[state.stdlib_url] = len(stdlib)
        else:
            state.fetched[f"{index}python_stdlib.zip"] = state.sizes["python_stdlib.zip"]
        if state.lock is None:
            state.fetched[f"{index}pyodide-lock.json"] = state.sizes["pyodide-lock.json"]


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
    sw = None
    if state.sw_template is not None:
        # Two registrations of one script: the calculator pages' directory (the pages, offline) and
        # the worker's (a dedicated worker is controlled by the scope of its own URL, and the runtime
        # is fetched from there). Pages outside both scopes never meet the service worker.
        pages_scope = posixpath.dirname(page_url.rstrip("/")) + "/" if "/" in page_url.rstrip("/") else ""
        sw = {"url": rel(SW_URL), "scopes": [rel(pages_scope) if pages_scope else rel(""), rel(f"{ASSETS}/")]}
    return {
        "calculator": calculator,
        "worker": f"{rel(worker)}?{query}",
        "pyodide": {
            "index": index,
            "version": state.pyodide_version,
            # Size of every file Pyodide fetches, by file name: the progress bar and the worker's
            # check that a download was not cut short.
            "bytes": {posixpath.basename(url): size for url, size in state.fetched.items()},
            "stdlib": rel(state.stdlib_url) if state.stdlib_url else None,
            "lock": state.lock,
        },
        "app": {"url": rel(state.app_url), "path": APP_PATH} if state.app_url else None,
        "wheels": [rel(w) for w in state.wheels],
        "profile": rel(state.profile_url) if state.profile_url else None,
        "prefetch": "prefetch" in state.levers,
        "snapshot": _snapshot(state),
        "sw": sw,
        "links": links,
        "storage_key": f"gbt27922.{calculator}.v1",
        "watchdog_ms": WATCHDOG_MS,
        "call_timeout_ms": CALL_TIMEOUT_MS,
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
    runtime_config = _runtime_config(state, calculator, page.url, links)
    block = render_calculator(
        calculator,
        form_html=form_html,
        result_html=example["html"],
        title=TITLES[calculator],
        organization=(config.get("extra") or {}).get("organization"),
        config_json=json.dumps(runtime_config, ensure_ascii=False),
        summary=example["summary"],
    )
    state.early[page.url] = _early_start(state, runtime_config)
    page.content = page.content[: match.start()] + block + page.content[match.end() :]
    if MARKER.search(page.content):
        raise PluginError(f"calculator_runtime: {page.file.src_uri} has more than one calculator")
    state.calculator_pages.append(page.url)
    return context


# The service worker's template is built into the site root and the early start is inlined into
# pages: neither is copied where it lies in docs/.
def on_files(files: Files, **_: Any) -> Files:
    for name in (SW_TEMPLATE, EARLY_SCRIPT):
        source = files.get_file_from_path(name)
        if source is not None:
            files.remove(source)
    return files


class _AssetLinks(HTMLParser):
    """Stylesheets, scripts and icons a page loads (their href/src as written)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        rel = (a.get("rel") or "").lower().split()
        if tag == "link" and a.get("href") and ({"stylesheet", "icon", "modulepreload"} & set(rel)):
            self.urls.append(str(a["href"]))
        elif tag == "script" and a.get("src"):
            self.urls.append(str(a["src"]))


def _site_path(url: str, page_url: str) -> str | None:
    """`url` as written in the page at `page_url`, as a site-relative path (None: another site)."""
    base = "http://site.invalid/"
    absolute = urljoin(base + page_url, url)
    parts = urlsplit(absolute)
    if not absolute.startswith(base):
        return None
    return parts.path[1:] + (f"?{parts.query}" if parts.query else "")


RUNTIME_KEYS = (
    "worker",
    "pyodide",
    "app",
    "wheels",
    "profile",
    "prefetch",
    "snapshot",
    "sw",
    "watchdog_ms",
    "call_timeout_ms",
)


def _snapshot(state: _State) -> dict[str, str] | None:
    """The snapshot lever's key: it changes with anything that shapes Python's memory at the snapshot."""
    if "snapshot" not in state.levers or not state.app_url or state.pyodide_url:
        return None
    return {"key": _digest(state.pyodide_version, state.stdlib_url or "", state.app_url, state.worker_url)[:16]}


def _early_start(state: _State, runtime_config: dict[str, Any]) -> str:
    """<head> tags that start the worker while the page is still parsing (docs/assets/calculator/early.js).

    calculator.js is a module Material loads at the end of <body>: even loaded async from <head>, a
    module runs only after the parser and the theme's script are done (≈ 0.3 s on the benchmark
    machine). A classic inline script placed before the stylesheets runs as soon as it is parsed.
    """
    subset = {key: runtime_config[key] for key in RUNTIME_KEYS if key in runtime_config}
    content = html_escape(json.dumps(subset, ensure_ascii=False, separators=(",", ":")))
    return f'<meta name="gbt27922-runtime" content="{content}"><script>{state.early_js}</script>'


def _preload_tags(state: _State, page_url: str) -> str:
    def rel(url: str) -> str:
        return get_relative_url(url, page_url)

    index = f"assets/pyodide/{state.pyodide_version}/"
    tags = [f'<link rel="preload" href="{rel(index + "pyodide.mjs")}" as="script" crossorigin fetchpriority="low">']
    tags.append(
        f'<link rel="preload" href="{rel(index + "pyodide.asm.mjs")}" as="script" crossorigin fetchpriority="low">'
    )
    for url in state.fetched:
        tags.append(f'<link rel="preload" href="{rel(url)}" as="fetch" crossorigin fetchpriority="low">')
    if state.app_url:
        tags.append(f'<link rel="preload" href="{rel(state.app_url)}" as="fetch" crossorigin fetchpriority="low">')
    return "".join(tags)


CHARSET = re.compile(r"<meta charset=[^>]*>", re.IGNORECASE)


# Runs for every page's final HTML: on calculator pages, notes what the service worker must keep
# for offline use, puts the early start into <head> (early lever) and (preload lever) asks the
# browser to start the runtime's downloads at once.
def on_post_page(output: str, page: Page, **_: Any) -> str:
    state = _current.get("build")
    if state is None or page.url not in state.calculator_pages:
        return output
    parser = _AssetLinks()
    parser.feed(output)
    for url in parser.urls:
        path = _site_path(url, page.url)
        if path:
            state.page_assets.add(path)
    if "early" in state.levers:
        # Right after <meta charset>: before the stylesheets, which would hold an inline script back.
        charset = CHARSET.search(output)
        at = charset.end() if charset else output.find("<head>") + len("<head>")
        output = output[:at] + state.early[page.url] + output[at:]
    if "preload" in state.levers and "</head>" in output:
        output = output.replace("</head>", _preload_tags(state, page.url) + "</head>", 1)
    return output


HASHED_ASSET = re.compile(r"(\.[0-9a-f]{8,}\.|/_hashed/|\?v=[0-9a-f]+$)")


def service_worker(state: _State, site: Path) -> str:
    """The service worker script: the template with its manifest (what to keep, which version)."""
    assert state.sw_template is not None
    immutable: set[str] = {
        state.worker_url,
        *state.worker_modules,
        *(a.url for a in state.artifacts if a.url.endswith((".zip", ".toml"))),
    }
    if not state.app_url:
        immutable.update(state.wheels)
    if not state.pyodide_url:
        index = f"assets/pyodide/{state.pyodide_version}/"
        immutable.update({f"{index}pyodide.mjs", f"{index}pyodide.asm.mjs", *state.fetched})
    fresh = set(state.calculator_pages)
    # Modules calculator.js imports appear in no HTML: every script and style of ours, but the
    # worker's, which are kept (above) under the URLs the worker asks for.
    own = sorted(
        p.relative_to(site).as_posix()
        for p in (site / ASSETS).glob("*")
        if p.suffix in (".js", ".css") and not (p.match(WORKER) or p.match(WORKER_MODULES))
    )
    for path in [*state.page_assets, *own]:
        (immutable if HASHED_ASSET.search(path) else fresh).add(path)
    # The version changes with anything kept whose URL does not change with its content.
    digest = hashlib.sha256()
    for path in sorted(immutable | fresh):
        digest.update(path.encode() + b"\0")
        file = site / path.split("?")[0]
        if path in fresh and file.is_file() and not path.endswith("/"):
            digest.update(hashlib.sha256(file.read_bytes()).digest())
    # Subresource Integrity of every file kept for good: the service worker stores only what matches,
    # so a download that went wrong is never served from its cache again and again.
    integrity = {
        path: "sha256-" + base64.b64encode(hashlib.sha256(file.read_bytes()).digest()).decode()
        for path in sorted(immutable)
        if (file := site / path.split("?")[0]).is_file()
    }
    manifest = {
        "version": digest.hexdigest()[:16],
        "immutable": sorted(immutable),
        "fresh": sorted(fresh),
        "integrity": integrity,
    }
    head = (
        "// Generated by hooks/calculator_runtime.py from docs/assets/calculator/sw.js: what to keep for\n"
        "// returning and offline visits of the calculators (URLs relative to this script).\n"
        f"const MANIFEST = {json.dumps(manifest, indent=1)};\n\n"
    )
    return head + state.sw_template


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
    if state.sw_template is not None and state.calculator_pages:
        (site / SW_URL).write_text(service_worker(state, site), "utf-8")
    log.info(
        "calculator runtime: Pyodide %s, %s; levers: %s",
        state.pyodide_version or state.pyodide_url,
        ", ".join(Path(a.url).name for a in state.artifacts),
        ", ".join(sorted(state.levers)) or "none (stock)",
    )
