"""The runtime configuration a calculator page hands its scripts: the JSON contract between the build and the browser.

The page carries the whole `CalculatorConfig` in the calculator block's ``data-gbt-config``
attribute (docs/assets/calculator/calculator.js reads it), and with the early lever its
`RuntimeConfig` part in ``<meta name="gbt27922-runtime">`` for early.js, which starts the worker
before the page's modules run. worker.js (resolveConfig) makes the URLs absolute against the page:
every URL here is relative to the page, except an ``extra.pyodide_url`` given as an address.
typings/calculator.d.ts declares the same two types for the browser scripts (tsc checks them).
The key order of the JSON is the order of `runtime_config`'s dict.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from typing import Any, TypedDict

from mkdocs.utils import get_relative_url

from hooks.app_parts import CORE
from hooks.runtime import ASSETS, SW_URL, Runtime
from hooks.runtime_cache import APP_PATH, digest

__all__ = ["CALL_TIMEOUT_MS", "WATCHDOG_MS", "CalculatorConfig", "RuntimeConfig", "early_config", "runtime_config"]

# The browser's time limits (docs/assets/calculator/runtime.js): a load with no progress for
# WATCHDOG_MS fails with a retry; so does a request without an answer for CALL_TIMEOUT_MS (a
# calculation takes milliseconds: the worker has died). The browser tests serve shorter ones.
WATCHDOG_MS = 45_000
CALL_TIMEOUT_MS = 20_000


class PyodideConfig(TypedDict):
    index: str  # the runtime's directory
    version: str  # the npm package's version ("" for another copy, extra.pyodide_url)
    bytes: dict[str, int]  # file name → size of everything Pyodide fetches: progress, and truncation check
    stdlib: str | None  # our trimmed standard library (None: Pyodide's own)
    lock: dict[str, Any] | None  # the package lock, inline (None: Pyodide fetches pyodide-lock.json)


class AppPart(TypedDict):
    url: str  # a zip of the calculator package's files
    path: str  # where the worker writes it in Pyodide's file system


class ToolDownload(TypedDict):
    """What the worker loads before a tool's first request, besides the core (hooks/app_parts.py)."""

    parts: list[AppPart]  # added to the calculator package's __path__
    data: list[str]  # data files ("fees") whose reader comes with these parts: handed over once they are in


class AppConfig(TypedDict):
    url: str  # the app zip's core (calculator's shared modules + segno), put on sys.path
    path: str  # where the worker writes it in Pyodide's file system, before putting it on sys.path
    tools: dict[str, ToolDownload]  # tool → its own parts: a page downloads its tool's only


class SnapshotConfig(TypedDict):
    key: str  # changes with anything that shapes Python's memory when the snapshot is taken


class ServiceWorkerConfig(TypedDict):
    url: str
    scopes: list[str]  # the calculator pages' directory, and the worker's


class RuntimeConfig(TypedDict):
    """What the worker needs to start: the early start in <head> carries only this."""

    calculator: str  # the page's tool (hooks/tools.py): its parts are fetched with the core
    worker: str  # worker.js?v=<digest of the worker and its modules>
    pyodide: PyodideConfig
    app: AppConfig | None  # None: the wheels are installed instead
    wheels: list[str]
    profile: str | None  # a rules profile other than the packaged default
    fees: str | None  # a fee schedule other than the packaged default
    checklist: str | None  # a checklist other than the packaged one
    prefetch: bool  # start every download at once
    snapshot: SnapshotConfig | None
    sw: ServiceWorkerConfig | None
    watchdog_ms: int
    call_timeout_ms: int


class CalculatorConfig(RuntimeConfig):
    """Everything a calculator page's scripts are told (``data-gbt-config``): the runtime's and the tool's own."""

    links: dict[str, str]  # indicator id (and "indicators") → knowledge page, relative to this page
    storage_key: str  # where the page keeps its inputs in localStorage


def _snapshot(runtime: Runtime) -> SnapshotConfig | None:
    """The snapshot lever's key: it changes with anything that shapes Python's memory at the snapshot."""
    if "snapshot" not in runtime.levers or not runtime.app_url or runtime.pyodide_url:
        return None
    parts = sorted(runtime.part_urls.values())
    return {"key": digest(runtime.pyodide_version, runtime.stdlib_url or "", *parts, runtime.worker_url)[:16]}


def _app(runtime: Runtime, rel: Callable[[str], str]) -> AppConfig | None:
    """The app zip's core, and each tool's parts, as the worker loads them (APP_PATH and beside it)."""
    if not runtime.app_url or runtime.app_parts is None:
        return None
    parts = runtime.app_parts

    def part(name: str) -> AppPart:
        return {"url": rel(runtime.part_urls[name]), "path": APP_PATH.replace(f"-{CORE}.zip", f"-{name}.zip")}

    tools: dict[str, ToolDownload] = {
        tool: {"parts": [part(p) for p in own], "data": list(parts.data.get(tool, ()))}
        for tool, own in parts.tools.items()
    }
    return {"url": rel(runtime.app_url), "path": APP_PATH, "tools": tools}


def _service_worker(runtime: Runtime, page_url: str) -> ServiceWorkerConfig | None:
    if runtime.sw_template is None:
        return None
    # Two registrations of one script: the calculator pages' directory (the pages, offline) and the
    # worker's (a dedicated worker is controlled by the scope of its own URL, and the runtime is
    # fetched from there). Pages outside both scopes never meet the service worker.
    pages_scope = posixpath.dirname(page_url.rstrip("/")) + "/" if "/" in page_url.rstrip("/") else ""
    return {
        "url": get_relative_url(SW_URL, page_url),
        "scopes": [get_relative_url(pages_scope, page_url), get_relative_url(f"{ASSETS}/", page_url)],
    }


def runtime_config(runtime: Runtime, tool: str, page_url: str, links: dict[str, str]) -> CalculatorConfig:
    """The configuration of the calculator `tool` on the page at `page_url` (site-relative)."""

    def rel(url: str) -> str:
        return get_relative_url(url, page_url)

    worker, _, query = runtime.worker_url.partition("?")
    return {
        "calculator": tool,
        "worker": f"{rel(worker)}?{query}",
        "pyodide": {
            "index": runtime.pyodide_url or rel(runtime.pyodide_index),
            "version": runtime.pyodide_version,
            "bytes": {posixpath.basename(url): size for url, size in runtime.fetched.items()},
            "stdlib": rel(runtime.stdlib_url) if runtime.stdlib_url else None,
            "lock": runtime.lock,
        },
        "app": _app(runtime, rel),
        "wheels": [rel(w) for w in runtime.wheels],
        "profile": rel(runtime.profile_url) if runtime.profile_url else None,
        "fees": rel(runtime.fees_url) if runtime.fees_url else None,
        "checklist": rel(runtime.checklist_url) if runtime.checklist_url else None,
        "prefetch": "prefetch" in runtime.levers,
        "snapshot": _snapshot(runtime),
        "sw": _service_worker(runtime, page_url),
        "links": links,
        "storage_key": f"gbt27922.{tool}.v1",
        "watchdog_ms": WATCHDOG_MS,
        "call_timeout_ms": CALL_TIMEOUT_MS,
    }


def early_config(config: CalculatorConfig) -> RuntimeConfig:
    """The part of `config` the early start needs."""
    return {
        "calculator": config["calculator"],
        "worker": config["worker"],
        "pyodide": config["pyodide"],
        "app": config["app"],
        "wheels": config["wheels"],
        "profile": config["profile"],
        "fees": config["fees"],
        "checklist": config["checklist"],
        "prefetch": config["prefetch"],
        "snapshot": config["snapshot"],
        "sw": config["sw"],
        "watchdog_ms": config["watchdog_ms"],
        "call_timeout_ms": config["call_timeout_ms"],
    }
