"""What the calculator pages load, decided once per build: the Pyodide runtime, the wheels, the zips, the worker.

`plan_runtime` runs when the build starts (the calculator plugin's on_config): it checks the
runtime is there, builds the wheels and the zips the levers ask for, and fixes every URL;
`write_runtime` puts the files into the built site at the end.
"""

from __future__ import annotations

import hashlib
import io
import logging
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

from calculator import Profile, ProfileError, load_profile
from calculator._checklist_data import Checklist
from calculator._checklist_reader import load_checklist
from calculator._fee_schedule import FeeSchedule
from calculator._fee_schedule_reader import load_fee_schedule
from calculator._tools import TOOLS
from hooks.app_parts import CORE, AppParts, plan_parts, split_app
from hooks.levers import NEED_OWN_RUNTIME
from hooks.pyodide_runtime import PyodideRuntime, copy_runtime, pyodide_runtime
from hooks.runtime_cache import app_source_zip, runtime_zips
from hooks.wheels import Artifact, calculator_wheel, hashed, installed_wheel
from siteconfig import SettingsError, checklist_path, fees_path, profile_path, pyodide_url

__all__ = [
    "ASSETS",
    "EARLY_SCRIPT",
    "SW_TEMPLATE",
    "SW_URL",
    "WORKER",
    "WORKER_MODULES",
    "Runtime",
    "plan_runtime",
    "worker_version",
    "write_runtime",
]

log = logging.getLogger("mkdocs.plugins.gbt27922.calculator")

ASSETS = "assets/calculator"
SW_TEMPLATE = f"{ASSETS}/sw.js"  # docs/…: the service worker's code; the build writes it to SW_URL
EARLY_SCRIPT = f"{ASSETS}/early.js"  # docs/…: inlined at the top of <head> of calculator pages
SW_URL = "calculator-sw.js"  # at the site root, so it may control both of its scopes
WORKER = "worker.js"  # in ASSETS: the calculator's module worker
WORKER_MODULES = "worker-*.js"  # in ASSETS: the worker's own modules, versioned with it


@dataclass(frozen=True)
class Runtime:
    """The runtime of one build. URLs are site-relative; a page turns them relative to itself."""

    profile: Profile
    fees: FeeSchedule
    checklist: Checklist | None  # a deployment's own checklist (None: the packaged one)
    levers: frozenset[str]
    pyodide: PyodideRuntime | None  # None: extra.pyodide_url names another copy
    pyodide_url: str  # extra.pyodide_url ("" when self-hosted)
    worker_url: str  # worker.js?v=<hash of its code and its modules'>
    worker_modules: tuple[str, ...] = ()  # the worker's modules, with the worker's ?v=…
    artifacts: tuple[Artifact, ...] = ()  # wheels, profile, fee schedule, checklist and zips, in this order
    wheels: tuple[str, ...] = ()
    profile_url: str | None = None  # only a profile other than the packaged default is shipped
    fees_url: str | None = None  # likewise, a fee schedule
    checklist_url: str | None = None  # and a checklist
    stdlib_url: str | None = None  # our trimmed standard library (None: Pyodide's own)
    app_url: str | None = None  # the app zip's core (None: the wheels are unpacked)
    app_parts: AppParts | None = None  # the app split by tool (hooks/app_parts.py), with the app zip
    part_urls: dict[str, str] = field(default_factory=dict)  # part of the app → its URL, the core's too
    lock: dict[str, Any] | None = None  # inline package lock (None: Pyodide fetches pyodide-lock.json)
    fetched: dict[str, int] = field(default_factory=dict)  # site URL → size, of what Pyodide fetches
    sw_template: str | None = None  # the service worker's code (sw lever)
    early_js: str = ""  # EARLY_SCRIPT without its comments (early lever)

    @property
    def pyodide_version(self) -> str:
        return self.pyodide.version if self.pyodide else ""

    @property
    def pyodide_index(self) -> str:
        """The runtime's directory: extra.pyodide_url, else site-relative inside the built site."""
        return self.pyodide_url or (self.pyodide.index if self.pyodide else "")


def _profile(config: Mapping[str, Any]) -> tuple[Profile, Artifact | None]:
    """The rules profile, and the file to ship when it is not the packaged default."""
    try:
        path = profile_path(config)
        profile = load_profile(path)
    except (ProfileError, SettingsError) as exc:
        raise PluginError(f"calculator: {exc}") from None
    return profile, hashed("profile", ".toml", path.read_bytes()) if path is not None else None


def _fees(config: Mapping[str, Any]) -> tuple[FeeSchedule, Artifact | None]:
    """The fee schedule, and the file to ship when it is not the packaged default."""
    try:
        path = fees_path(config)
        fees = load_fee_schedule(path)
    except (ProfileError, SettingsError) as exc:
        raise PluginError(f"calculator: {exc}") from None
    return fees, hashed("fees", ".toml", path.read_bytes()) if path is not None else None


def _checklist(config: Mapping[str, Any], profile: Profile) -> tuple[Checklist | None, Artifact | None]:
    """A deployment's own checklist, checked against `profile`, and the file to ship; (None, None) for the packaged one.

    Any problem with a file the deployer chose stops the build, as with the fee schedule.
    """
    try:
        path = checklist_path(config)
        checklist = load_checklist(path, profile) if path is not None else None
    except (ProfileError, SettingsError) as exc:
        raise PluginError(f"calculator: {exc}") from None
    if path is None or checklist is None:
        return None, None
    return checklist, hashed("checklist", ".toml", path.read_bytes())


@dataclass(frozen=True)
class _Zips:
    artifacts: list[Artifact]
    stdlib_url: str | None
    app_parts: AppParts | None
    part_urls: dict[str, str]
    lock: dict[str, Any] | None
    fetched: dict[str, int]


def _app(source: bytes, built: bytes) -> tuple[AppParts, list[Artifact]]:
    """The app zip split by tool: the core ("calculator-app") and one zip per part ("calculator-fees-plan")."""
    with zipfile.ZipFile(io.BytesIO(source)) as zf:
        parts = plan_parts({name: zf.read(name) for name in zf.namelist()}, TOOLS)
    zips = split_app(built, parts)
    return parts, [hashed(f"calculator-{part}", ".zip", zips[part]) for part in parts.parts()]


def _zips(pyodide: PyodideRuntime | None, levers: frozenset[str], wheels: list[bytes], cache: Path) -> _Zips:
    """The lock, the trimmed standard library and the app zip, as the levers ask."""
    own = pyodide is not None
    app_source = app_source_zip(wheels) if "appzip" in levers else None
    zips = runtime_zips(
        cache=cache,
        python=pyodide.python if pyodide else "3.0",
        stdlib_source=(pyodide.directory / "python_stdlib.zip").read_bytes()
        if pyodide and "stdlib" in levers
        else None,
        app_source=app_source,
        bytecode=own and "bytecode" in levers,
    )
    # The calculator loads no Pyodide package: the lock's 119 KB of package entries are dead weight.
    lock = {"info": pyodide.lock_info, "packages": {}} if pyodide is not None and "lock" in levers else None
    stdlib = hashed("python_stdlib", ".zip", zips.stdlib) if zips.stdlib is not None else None
    parts, app = _app(app_source, zips.app) if app_source is not None and zips.app is not None else (None, [])
    fetched = _fetched(pyodide, stdlib, inline_lock=lock is not None) if pyodide is not None else {}
    return _Zips(
        artifacts=[a for a in (stdlib,) if a is not None] + app,
        stdlib_url=stdlib.url if stdlib else None,
        app_parts=parts,
        part_urls=dict(zip(parts.parts(), (a.url for a in app), strict=True)) if parts else {},
        lock=lock,
        fetched=fetched,
    )


def _fetched(pyodide: PyodideRuntime, stdlib: Artifact | None, *, inline_lock: bool) -> dict[str, int]:
    """Site URL → size of every file Pyodide fetches (the two .mjs are imported, not fetched)."""
    index = pyodide.index
    fetched = {f"{index}pyodide.asm.wasm": pyodide.sizes["pyodide.asm.wasm"]}
    if stdlib is not None:
        fetched[stdlib.url] = len(stdlib.data)
    else:
        fetched[f"{index}python_stdlib.zip"] = pyodide.sizes["python_stdlib.zip"]
    if not inline_lock:
        fetched[f"{index}pyodide-lock.json"] = pyodide.sizes["pyodide-lock.json"]
    return fetched


def inline_script(source: str) -> str:
    """A script's code for an inline <script>, without its leading comment lines.

    Those say what the script is for in docs/, not in every page.
    """
    lines = source.splitlines()
    while lines and (lines[0].startswith("//") or not lines[0].strip()):
        lines.pop(0)
    code = "\n".join(lines).strip()
    if "</script" in code.lower() or "<!--" in code:
        raise PluginError(f"calculator: {EARLY_SCRIPT} cannot be inlined as it is (it contains '</script' or '<!--')")
    return code


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


@dataclass(frozen=True)
class _BrowserFiles:
    worker_url: str
    worker_modules: tuple[str, ...]
    sw_template: str | None
    early_js: str


def _browser_files(docs: Path, levers: frozenset[str]) -> _BrowserFiles:
    """The worker's versioned URLs, and the service worker and early start the levers ask for."""
    digest, modules = worker_version(docs / ASSETS)
    template = docs / SW_TEMPLATE
    return _BrowserFiles(
        worker_url=f"{ASSETS}/{WORKER}?v={digest}",
        worker_modules=tuple(f"{ASSETS}/{name}?v={digest}" for name in modules),
        sw_template=template.read_text("utf-8") if "sw" in levers and template.is_file() else None,
        early_js=inline_script((docs / EARLY_SCRIPT).read_text("utf-8")) if "early" in levers else "",
    )


def plan_runtime(config: Mapping[str, Any], *, levers: frozenset[str], cache: Path) -> Runtime:
    """Check the runtime, build the wheels and zips, and fix every URL the calculator pages use."""
    profile, profile_file = _profile(config)
    fees, fees_file = _fees(config)
    checklist, checklist_file = _checklist(config, profile)
    try:
        other = pyodide_url(config)
    except SettingsError as exc:
        raise PluginError(f"calculator: {exc}") from None
    pyodide = None if other else pyodide_runtime()
    if other:
        levers = levers - NEED_OWN_RUNTIME
    artifacts: list[Artifact] = []
    wheel_data: list[bytes] = []
    for stem, data in (calculator_wheel(), installed_wheel("segno")):
        artifacts.append(hashed(stem, ".whl", data))
        wheel_data.append(data)
    wheels = tuple(a.url for a in artifacts)
    artifacts += [f for f in (profile_file, fees_file, checklist_file) if f is not None]
    zips = _zips(pyodide, levers, wheel_data, cache)
    browser = _browser_files(Path(config["docs_dir"]), levers)
    return Runtime(
        profile=profile,
        fees=fees,
        checklist=checklist,
        levers=levers,
        pyodide=pyodide,
        pyodide_url=other,
        worker_url=browser.worker_url,
        worker_modules=browser.worker_modules,
        artifacts=(*artifacts, *zips.artifacts),
        wheels=wheels,
        profile_url=profile_file.url if profile_file else None,
        fees_url=fees_file.url if fees_file else None,
        checklist_url=checklist_file.url if checklist_file else None,
        stdlib_url=zips.stdlib_url,
        app_url=zips.part_urls.get(CORE),
        app_parts=zips.app_parts,
        part_urls=zips.part_urls,
        lock=zips.lock,
        fetched=zips.fetched,
        sw_template=browser.sw_template,
        early_js=browser.early_js,
    )


def write_runtime(runtime: Runtime, site: Path) -> None:
    """Copy the runtime and write the wheels, profile and zips into the built site."""
    if runtime.pyodide is not None:
        copy_runtime(runtime.pyodide, site)
    for artifact in runtime.artifacts:
        out = site / artifact.url
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(artifact.data)
    log.info(
        "calculator runtime: Pyodide %s, %s; levers: %s",
        runtime.pyodide_version or runtime.pyodide_url,
        ", ".join(Path(a.url).name for a in runtime.artifacts),
        ", ".join(sorted(runtime.levers)) or "none (stock)",
    )
