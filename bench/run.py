"""Benchmark: what a visitor waits for on the calculator page, against a bare Pyodide page.

Run it with ``bash bench/run`` (README.md, section 性能基准; bench/README.md has the details). It
builds the site, serves it on 127.0.0.1 the way production does (nginx with deploy/nginx when
installed, else scripts/devserver.py: precompressed files, real cache headers), drives Debian's
Chromium and writes ``bench/results/<date>.json`` and ``.md``.

Every figure is a median with its min–max over ``--runs`` runs (5 by default, 3 with ``--quick``).
Times come from ``performance.mark`` entries the pages set themselves (``gbt:ready`` when Python is
ready, ``gbt:first-result`` / ``gbt:result`` when a result computed in the browser is in the DOM),
measured from the navigation start; bytes are counted on the wire by a relay in front of the server
(bench/proxy.py), so nothing the browser, its workers or the service worker fetch is missed.
Calculator and reference runs alternate, so both see the same machine load.

``--levers`` measures the performance levers one after the other instead (bench/LEVERS.md).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import BrowserContext, Page, Playwright, Request, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from bench import engines as per_engine
from bench import lighthouse as bench_lighthouse
from bench import variants
from bench.proxy import CountingProxy, counting_proxy
from bench.servers import Server, available, start_server
from harness.chromium import CHROMIUM, CHROMIUM_ARGS  # the browser tests' flags
from harness.engines.guard import off_origin_guard
from harness.engines.xvfb import xvfb_display
from harness.site import ROOT, build_site, free_port

BENCH = ROOT / "bench"
RESULTS = BENCH / "results"
VIEWPORT = {"width": 1280, "height": 900}
LOAD_TIMEOUT_MS = 300_000  # slow 4G moves 4–6 MB at 1.44 Mbit/s: half a minute or more
SCORE_PAGE = "calculator/score/"
REFERENCE_PAGE = "bench-reference/"
DOCS_PAGES = ("", "scoring/")  # the home page and a content page: neither may touch Pyodide
DOCS_PAGE = "scoring/"  # the docs page of the Lighthouse rows
# Pages that get an anchor (bench/variants.py): the same theme and content, none of our JS and CSS.
ANCHORED = (DOCS_PAGE, SCORE_PAGE)
NAV_AWAY = "评分与星级"  # a docs page in the navigation, for the instant-navigation round trip
NAV_BACK = "自评计分"
PYODIDE_PATHS = ("/assets/pyodide/", "/_hashed/", "/assets/calculator/worker", "calculator-sw.js")
MB = 1_000_000


@dataclass(frozen=True)
class Network:
    """A Chrome DevTools Protocol network emulation (Network.emulateNetworkConditions on the page).

    Chromium applies it to the page's dedicated worker and service worker too.
    """

    name: str
    label: str
    latency_ms: float = 0.0
    down_kbps: float = 0.0  # kbit/s; 0 = not throttled
    up_kbps: float = 0.0

    @property
    def throttled(self) -> bool:
        return self.down_kbps > 0

    def cdp(self) -> dict[str, Any]:
        return {
            "offline": False,
            "latency": self.latency_ms,
            "downloadThroughput": self.down_kbps * 1000 / 8,
            "uploadThroughput": self.up_kbps * 1000 / 8,
            "connectionType": "cellular4g",
        }


# The presets of Chrome DevTools' network panel ("Fast 4G", "Slow 4G"; slow 4G is also Lighthouse's
# mobile throttling in its "devtools" mode: 150 ms RTT × 3.75, 1.6 Mbit/s × 0.9).
LOCAL = Network("local", "no throttling (127.0.0.1)")
FAST_4G = Network("4g", "4G: 165 ms latency, 8.1 Mbit/s down, 1.35 Mbit/s up", 165, 9000 * 0.9, 1500 * 0.9)
SLOW_4G = Network("slow4g", "slow 4G: 562.5 ms latency, 1.44 Mbit/s down, 675 kbit/s up", 562.5, 1600 * 0.9, 750 * 0.9)
NETWORKS = (LOCAL, FAST_4G, SLOW_4G)

# Long tasks and long animation frames (with the scripts that ran in them) from the start of every
# document, so the longest main-thread task during loading can be attributed to a script.
INIT_SCRIPT = """
(() => {
  const data = { longtasks: [], loafs: [] };
  window.__bench = data;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) data.longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: "longtask", buffered: true });
  } catch (e) {}
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        data.loafs.push({
          start: e.startTime,
          duration: e.duration,
          blocking: e.blockingDuration,
          scripts: e.scripts.map((s) => ({ url: s.sourceURL, fn: s.sourceFunctionName, invoker: s.invoker, duration: s.duration })),
        });
      }
    }).observe({ type: "long-animation-frame", buffered: true });
  } catch (e) {}
})();
"""
HAS_MARK = "(name) => performance.getEntriesByName(name).length > 0"
MARK_TIME = "(name) => performance.getEntriesByName(name)[0].startTime"
OURS = "/assets/calculator/"


# ----------------------------------------------------------------------------- statistics


def summary(values: Sequence[float | None]) -> dict[str, Any]:
    """Median, min and max (and p95 for 20 values or more)."""
    vals = sorted(float(v) for v in values if v is not None)
    if not vals:
        return {"n": 0, "median": None, "min": None, "max": None}
    out: dict[str, Any] = {"n": len(vals), "median": statistics.median(vals), "min": vals[0], "max": vals[-1]}
    if len(vals) >= 20:
        out["p95"] = vals[min(len(vals) - 1, round(0.95 * (len(vals) - 1)))]
    return out


# Always summarized, so that a configuration whose every run failed still has its (empty) columns.
MEASURES = ("ready_ms", "first_result_ms", "bytes", "longest_task_ms", "longest_script_ours_ms")


def aggregate(samples: list[dict[str, Any]]) -> dict[str, Any]:
    """Summaries of the runs that succeeded; failed runs are counted and kept with what they showed."""
    ok = [s for s in samples if "failed" not in s]
    keys = {k for s in ok for k, v in s.items() if k.endswith(("_ms", "bytes")) and isinstance(v, int | float)}
    out: dict[str, Any] = {k: summary([s.get(k) for s in ok]) for k in sorted(keys | set(MEASURES))}
    out["samples"] = samples
    out["failures"] = len(samples) - len(ok)
    return out


# ----------------------------------------------------------------------------- browser plumbing


@dataclass
class Bench:
    playwright: Playwright
    proxy: CountingProxy
    base: str  # http://127.0.0.1:<relay port>/
    tmp: Path
    failures_dir: Path = RESULTS / "failures"
    off_origin: list[str] = field(default_factory=list)
    failed_runs: int = 0

    @contextmanager
    def browser(self, profile_dir: Path | None = None) -> Iterator[BrowserContext]:
        """A Chromium on a profile directory of its own: a new (empty) one unless given."""
        own = profile_dir is None
        directory = Path(tempfile.mkdtemp(prefix="profile-", dir=self.tmp)) if profile_dir is None else profile_dir
        ctx = self.playwright.chromium.launch_persistent_context(
            str(directory),
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport=VIEWPORT,  # type: ignore[arg-type]
            locale="zh-CN",
        )
        origin = self.base.rstrip("/")

        def watch(url: str) -> None:
            if not url.startswith(origin) and not url.startswith(("data:", "blob:", "about:", "chrome")):
                self.off_origin.append(url)

        ctx.on("request", lambda r: watch(r.url))
        ctx.add_init_script(INIT_SCRIPT)
        try:
            yield ctx
        finally:
            ctx.close()
            if own:
                shutil.rmtree(directory, ignore_errors=True)

    def page(self, ctx: BrowserContext, network: Network) -> Page:
        page = ctx.pages[0] if ctx.pages else ctx.new_page()
        if network.throttled:
            session = ctx.new_cdp_session(page)
            session.send("Network.enable")
            session.send("Network.emulateNetworkConditions", network.cdp())
        return page


PHASES = (
    "created",
    "start",
    "pyodide-imported",
    "snapshot-read",
    "python-started",
    "app-installed",
    "app-imported",
)


def phases(page: Page) -> dict[str, Any]:
    """When each step of the worker's load ended (gbt:worker:<step> marks), as phase_<step>_ms."""
    marks = page.evaluate(
        "() => Object.fromEntries(performance.getEntriesByType('mark')"
        ".filter((m) => m.name.startsWith('gbt:worker:')).map((m) => [m.name.slice(11), m.startTime]))"
    )
    out: dict[str, Any] = {f"phase_{step}_ms": float(marks[step]) for step in PHASES if step in marks}
    out["restored_from_snapshot"] = "restored" in marks
    return out


# The mark, or the calculator's own failure (then waiting on is pointless: the page has said why).
MARK_OR_FAILED = """(name) => performance.getEntriesByName(name).length > 0
  || Boolean(document.querySelector('[data-gbt-status][data-stage="failed"]'))"""
STATUS = """() => {
  const status = document.querySelector("[data-gbt-status]");
  if (status) return { stage: status.dataset.stage, text: status.querySelector("[data-gbt-status-text]").textContent };
  const own = document.getElementById("status");  // the bare reference page
  return { stage: null, text: own ? own.textContent : null };
}"""


def wait_mark(page: Page, name: str, timeout: float = LOAD_TIMEOUT_MS) -> float:
    """When the page set the mark (ms from navigation start); VisitFailedError if it failed or timed out."""
    try:
        page.wait_for_function(MARK_OR_FAILED, arg=name, timeout=timeout, polling=50)
    except PlaywrightError as exc:
        raise per_engine.VisitFailedError({"waiting_for": name, "error": str(exc).splitlines()[0][:300]}) from exc
    if not page.evaluate(HAS_MARK, name):
        raise per_engine.VisitFailedError({"waiting_for": name, "stage": "failed"})
    return float(page.evaluate(MARK_TIME, name))


@contextmanager
def recorded_failure(bench: Bench, page: Page, label: str) -> Iterator[None]:
    """A visit that goes wrong becomes VisitFailedError with what the page showed and a screenshot."""
    try:
        yield
    except (per_engine.VisitFailedError, PlaywrightError) as exc:
        info: dict[str, Any] = (
            dict(exc.info)
            if isinstance(exc, per_engine.VisitFailedError)
            else {"error": str(exc).splitlines()[0][:300]}
        )
        with contextlib.suppress(PlaywrightError):  # the page itself may be gone
            info.update(page.evaluate(STATUS))
        bench.failed_runs += 1
        shot = bench.failures_dir / f"{label}-{bench.failed_runs}.png"
        try:
            bench.failures_dir.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(shot))
            info["screenshot"] = str(shot)
        except PlaywrightError:
            info["screenshot"] = None
        raise per_engine.VisitFailedError(info) from exc


def main_thread(page: Page, until: float) -> dict[str, Any]:
    """The longest main-thread task up to `until` ms, and the longest script of ours in a long frame."""
    data = page.evaluate("() => window.__bench || { longtasks: [], loafs: [] }")
    longest = max((t["duration"] for t in data["longtasks"] if t["start"] <= until), default=0.0)
    ours = 0.0
    culprit = None
    for frame in data["loafs"]:
        if frame["start"] > until:
            continue
        for script in frame["scripts"]:
            if OURS in (script.get("url") or "") and float(script.get("duration") or 0) > ours:
                ours = float(script["duration"])
        if culprit is None or frame["duration"] > culprit["duration"]:
            culprit = frame
    return {"longest_task_ms": longest, "longest_script_ours_ms": ours, "longest_frame": culprit}


RUNTIME_CONFIG = """() => {
  const meta = document.querySelector('meta[name="gbt27922-runtime"]');
  return meta ? JSON.parse(meta.content) : {};
}"""
SNAPSHOTS = """async () => {
  const cache = await caches.open("gbt27922-snapshot");
  return (await cache.keys()).filter((r) => !r.url.endsWith("?attempt")).length;
}"""


def settle(page: Page, timeout_s: float = 60) -> None:
    """After a first visit: wait for what it leaves behind, the service worker and the Python snapshot."""
    config = page.evaluate(RUNTIME_CONFIG)
    if config.get("sw"):
        wait_service_worker(page, timeout_s)
    if config.get("snapshot"):
        end = time.monotonic() + timeout_s
        while not page.evaluate(SNAPSHOTS) and time.monotonic() < end:
            page.wait_for_timeout(200)


def wait_service_worker(page: Page, timeout_s: float = 60) -> int:
    """Wait until every service worker registration of the page has an active worker; returns how many."""
    end = time.monotonic() + timeout_s
    count = 0
    while time.monotonic() < end:
        state = page.evaluate(
            """async () => {
              if (!("serviceWorker" in navigator)) return [0, true];
              const regs = await navigator.serviceWorker.getRegistrations();
              return [regs.length, regs.every((r) => r.active && !r.installing && !r.waiting)];
            }"""
        )
        count = int(state[0])
        if count and state[1]:
            return count
        page.wait_for_timeout(200)
    return count


# ----------------------------------------------------------------------------- scenarios


def cold_visit(bench: Bench, path: str, network: Network, *, result: bool) -> dict[str, Any]:
    with bench.browser() as ctx:
        page = bench.page(ctx, network)
        with recorded_failure(bench, page, f"cold-{network.name}-{path.strip('/').replace('/', '-')}"):
            bench.proxy.reset()
            page.goto(bench.base + path, wait_until="commit")
            ready = wait_mark(page, "gbt:ready")
            first = wait_mark(page, "gbt:first-result") if result else None
            tasks = main_thread(page, first or ready)
            bench.proxy.wait_idle(quiet=1.5 if not network.throttled else 3.0)
            return {"ready_ms": ready, "first_result_ms": first, "bytes": bench.proxy.down, **phases(page), **tasks}


def returning_visit(bench: Bench, path: str, network: Network, *, result: bool) -> dict[str, Any]:
    """A returning visit, measured.

    Visit (not throttled), let the service worker settle, restart the browser on the same profile,
    visit again (throttled as asked) and measure; then an instant-navigation round trip.
    """
    profile = Path(tempfile.mkdtemp(prefix="profile-", dir=bench.tmp))
    try:
        label = f"returning-{network.name}-{path.strip('/').replace('/', '-')}"
        with bench.browser(profile) as ctx:
            page = bench.page(ctx, LOCAL)
            with recorded_failure(bench, page, f"{label}-first"):
                page.goto(bench.base + path, wait_until="commit")
                wait_mark(page, "gbt:first-result" if result else "gbt:ready")
                if result:
                    settle(page)
                bench.proxy.wait_idle(quiet=1.5)
        with bench.browser(profile) as ctx:
            page = bench.page(ctx, network)
            with recorded_failure(bench, page, label):
                bench.proxy.reset()
                page.goto(bench.base + path, wait_until="commit")
                ready = wait_mark(page, "gbt:ready")
                first = wait_mark(page, "gbt:first-result") if result else None
                bench.proxy.wait_idle(quiet=1.0)
                out: dict[str, Any] = {
                    "ready_ms": ready,
                    "first_result_ms": first,
                    "bytes": bench.proxy.down,
                    **phases(page),
                }
                if result:
                    out.update(instant_round_trip(bench, page))
                return out
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def instant_round_trip(bench: Bench, page: Page) -> dict[str, Any]:
    """On a ready calculator: instant navigation to a docs page, then back.

    Measured from the click back to a result computed on the calculator page.
    """
    page.evaluate("() => { window.__sameDocument = true; }")
    nav = page.locator(".md-nav--primary")
    nav.get_by_role("link", name=NAV_AWAY).click()
    page.wait_for_url(re.compile(r"/scoring/"), timeout=60_000)
    before = bench.proxy.down
    t0 = float(page.evaluate("() => performance.now()"))
    nav.get_by_role("link", name=NAV_BACK).click()
    page.wait_for_function(
        "(t0) => performance.getEntriesByName('gbt:result').some((e) => e.startTime > t0)",
        arg=t0,
        polling=20,
        timeout=120_000,
    )
    done = page.evaluate(
        "(t0) => Math.min(...performance.getEntriesByName('gbt:result').filter((e) => e.startTime > t0).map((e) => e.startTime))",
        t0,
    )
    bench.proxy.wait_idle(quiet=0.5)
    return {
        "instant_back_ms": float(done) - t0,
        "instant_same_document": bool(page.evaluate("() => window.__sameDocument === true")),
        "instant_bytes": bench.proxy.down - before,
    }


@dataclass(frozen=True)
class Typing:
    """What is typed on a calculator page to measure its recompute: one field, given values in turn (all valid)."""

    page: str
    field: str | None  # the input's name (None: the first visible text input, as on the score page)
    values: tuple[str, ...]


# The score page: one category's points 0–40. The cost estimate: headcounts across the man-day table's
# bands with data (1–1175). The plan: the months the system has run, before and beyond the minimum.
RECOMPUTE = {
    "score": Typing(SCORE_PAGE, None, tuple(str((i * 7) % 41) for i in range(41))),
    "fees": Typing("calculator/fees/", "employees", tuple(str(1 + (i * 37) % 1175) for i in range(1175))),
    "plan": Typing("calculator/plan/", "records_months", tuple(str((i * 5) % 13) for i in range(13))),
}

RECOMPUTE_SCRIPT = """
async ({ count, field, values }) => {
  const form = document.querySelector("form[data-gbt-form]");
  const quick = [...form.querySelectorAll('input[type="radio"]')].find((r) => r.value === "quick");
  if (quick && !quick.checked) { quick.checked = true; quick.dispatchEvent(new Event("change", { bubbles: true })); }
  await new Promise((r) => setTimeout(r, 500));
  const input = field ? form.querySelector(`[name="${field}"]`) : [...form.querySelectorAll("input")].find(
    (i) => i.type !== "radio" && i.type !== "checkbox" && !i.disabled && i.offsetParent !== null);
  const nextResult = (after) => new Promise((resolve) => {
    const check = () => {
      const e = performance.getEntriesByName("gbt:result").filter((m) => m.startTime > after);
      if (e.length) resolve(e[0].startTime); else setTimeout(check, 0);
    };
    check();
  });
  const latencies = [];
  const start = performance.now();
  for (let i = 0; i < count; i += 1) {
    // A value differing from the one before, so that every change computes a new result.
    input.value = values[i % values.length] === input.value ? values[(i + 1) % values.length] : values[i % values.length];
    const t0 = performance.now();
    input.dispatchEvent(new Event("input", { bubbles: true }));
    latencies.push((await nextResult(t0)) - t0);
    await new Promise((r) => setTimeout(r, 20));  // a fast typist: about 40 changes a second
  }
  return { latencies, field: input.name, start };
}
"""


def recompute(bench: Bench, count: int, typed: Typing = RECOMPUTE["score"]) -> dict[str, Any]:
    """Recompute latency while typing: from an input event to the new result in the DOM."""
    with bench.browser() as ctx:
        page = bench.page(ctx, LOCAL)
        page.goto(bench.base + typed.page, wait_until="commit")
        wait_mark(page, "gbt:first-result")
        page.wait_for_timeout(1000)
        data = page.evaluate(RECOMPUTE_SCRIPT, {"count": count, "field": typed.field, "values": list(typed.values)})
        tasks = main_thread(page, float("inf"))
        typing = page.evaluate("(start) => window.__bench.longtasks.filter((t) => t.start >= start)", data["start"])
        ours = 0.0
        for frame in page.evaluate("(start) => window.__bench.loafs.filter((f) => f.start >= start)", data["start"]):
            for script in frame["scripts"]:
                if OURS in (script.get("url") or ""):
                    ours = max(ours, float(script.get("duration") or 0))
        return {
            "latency_ms": summary(data["latencies"]),
            "latencies": data["latencies"],
            "changes": len(data["latencies"]),
            "field": data["field"],
            "longest_task_while_typing_ms": max((t["duration"] for t in typing), default=0.0),
            "longest_script_ours_while_typing_ms": ours,
            "longest_task_whole_visit_ms": tasks["longest_task_ms"],
        }


def recompute_all(bench: Bench, changes: int) -> dict[str, Any]:
    """The recompute latency of every page of RECOMPUTE: "recompute" (score), "recompute_tools" (the others)."""
    out: dict[str, Any] = {"recompute_tools": {}}
    for name, typed in RECOMPUTE.items():
        print(f"[bench] recompute latency ({name})…", flush=True)
        try:
            measured = recompute(bench, changes, typed)
        except (per_engine.VisitFailedError, PlaywrightError) as exc:
            print(f"[bench] recompute failed ({name}): {exc}", flush=True)
            out["recompute_failed" if name == "score" else f"recompute_failed_{name}"] = str(exc)[:500]
            continue
        print(f"[bench] recompute ({name}): {measured['latency_ms']}", flush=True)
        if name == "score":
            out["recompute"] = measured
        else:
            out["recompute_tools"][name] = measured
    return out


def recompute_only(args: argparse.Namespace) -> dict[str, Any]:
    """Only the recompute latency of every calculator page of RECOMPUTE (``--recompute-only``)."""
    tmp = Path(tempfile.mkdtemp(prefix="gbt27922-bench-"))
    # One visit per page, each of `--changes` recomputes.
    report: dict[str, Any] = {"date": dt.datetime.now().isoformat(timespec="seconds"), "machine": machine(), "runs": 1}
    try:
        site, _ = build_served(tmp, "site")
        with serving(site, available(args.server)) as (server, proxy, base), sync_playwright() as p:
            report["server"] = server.description
            report.update(recompute_all(Bench(p, proxy, base, tmp, failures_dir=args.failures_dir), args.changes))
        report["machine"]["load_average_end"] = os.getloadavg()
        return report
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _collect(urls: list[str], request: Request) -> None:
    urls.append(request.url)


def docs_pages(bench: Bench) -> dict[str, Any]:
    """Cold visits of pages without a calculator: bytes, and any request for the runtime (must be none)."""
    out: dict[str, Any] = {}
    for path in DOCS_PAGES:
        with bench.browser() as ctx:
            page = bench.page(ctx, LOCAL)
            urls: list[str] = []
            page.on("request", functools.partial(_collect, urls))
            bench.proxy.reset()
            page.goto(bench.base + path, wait_until="load")
            bench.proxy.wait_idle(quiet=1.5)
            heavy = [u for u in urls if any(p in u for p in PYODIDE_PATHS)]
            out[path or "/"] = {"bytes": bench.proxy.down, "requests": len(urls), "pyodide_requests": heavy}
    return out


def offline_check(bench: Bench) -> dict[str, Any]:
    """Visit the calculator, wait for the service worker, go offline, reload, compute."""
    with bench.browser() as ctx:
        page = bench.page(ctx, LOCAL)
        page.goto(bench.base + SCORE_PAGE, wait_until="commit")
        wait_mark(page, "gbt:first-result")
        workers = wait_service_worker(page) if page.evaluate(RUNTIME_CONFIG).get("sw") else 0
        ctx.set_offline(True)
        try:
            page.reload(wait_until="commit")
            ready = wait_mark(page, "gbt:first-result", timeout=120_000)
            works = True
        except Exception as exc:  # the report says why
            ready = None
            works = False
            print(f"[bench] offline reload failed: {str(exc)[:300]}", flush=True)
        finally:
            ctx.set_offline(False)
        return {"service_workers": workers, "works_offline": works, "offline_first_result_ms": ready}


def lighthouse(url: str, runs: int, tmp: Path) -> dict[str, Any]:
    """Lighthouse 12 (bench/package.json) performance category, mobile emulation (its default), `runs` times.

    Every run keeps its metrics and what Lighthouse attributes (long tasks by script, boot-up time
    by script, main-thread work by kind: bench/lighthouse.py), with the host's benchmarkIndex.
    """
    runs_out: list[dict[str, Any]] = []
    for i in range(runs):
        run = bench_lighthouse.run_once(url, tmp / f"lh-{abs(hash(url))}-{i}.json")
        if "error" in run:
            return run
        runs_out.append(run)
        print(
            f"[bench] lighthouse {url} {i + 1}/{runs}: {run['score']:.0f}, TBT {run['total-blocking-time']:.0f} ms",
            flush=True,
        )
    return {
        "score": summary([r["score"] for r in runs_out]),
        "tbt": summary([r.get("total-blocking-time") for r in runs_out]),
        "longest_task": summary([longest_task(r) for r in runs_out]),
        "longest_task_ours": summary([longest_task(r, ours=True) for r in runs_out]),
        "runs": runs_out,
        "lighthouse": runs_out[0].get("lighthouse") if runs_out else None,
        # Lighthouse's measure of how fast this host is right now (higher is faster): the yardstick
        # for comparing runs made on different or differently loaded machines.
        "benchmark_index": summary([r.get("benchmark_index") for r in runs_out]),
    }


def longest_task(run: dict[str, Any], *, ours: bool = False) -> float:
    """The longest main-thread task of a Lighthouse run (of our scripts only, with `ours`), ms on its phone."""
    tasks = [t for t in run.get("long_tasks", []) if not ours or str(t["script"]).startswith("calculator/")]
    return max((float(t["ms"] or 0) for t in tasks), default=0.0)


# ----------------------------------------------------------------------------- machine and build


def machine() -> dict[str, Any]:
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    mem = re.search(r"MemTotal:\s+(\d+) kB", meminfo)
    model = re.search(r"model name\s*:\s*(.+)", cpuinfo)
    chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, check=False).stdout.strip()
    node = subprocess.run(["node", "--version"], capture_output=True, text=True, check=False).stdout.strip()
    pyodide = json.loads((ROOT / "node_modules" / "pyodide" / "package.json").read_text("utf-8"))["version"]
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    dirty = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True, check=False)
    return {
        "nproc": os.cpu_count(),
        "memory_gib": round(int(mem.group(1)) / 1024 / 1024, 1) if mem else None,
        "cpu": model.group(1).strip() if model else platform.processor(),
        "os": platform.platform(),
        "chromium": chromium,
        "node": node,
        "python": platform.python_version(),
        "pyodide": pyodide,
        "commit": commit.stdout.strip() + (" (with uncommitted changes)" if dirty.stdout.strip() else ""),
        "load_average_start": os.getloadavg(),
    }


def build(dest: Path, port: int, env: dict[str, str] | None = None) -> float:
    t = time.monotonic()
    # The files as a deployment ships them, whatever the shell exports (scripts/test builds at 5).
    result = build_site(dest, port, env={**(env or {}), "GBT27922_BROTLI_QUALITY": "11"})
    if result.returncode != 0:
        raise SystemExit(f"bench: the site build failed:\n{result.stderr[-4000:]}")
    return time.monotonic() - t


def add_reference_page(site: Path) -> None:
    """The bare reference page, generated into the served directory (not part of the site)."""
    version = json.loads((ROOT / "node_modules" / "pyodide" / "package.json").read_text("utf-8"))["version"]
    target = site / REFERENCE_PAGE
    target.mkdir(parents=True, exist_ok=True)
    for name in ("index.html", "reference.js", "worker.js"):
        text = (BENCH / "reference" / name).read_text("utf-8").replace("__VERSION__", version)
        (target / name).write_text(text, "utf-8")


@contextmanager
def serving(site: Path, server_kind: str) -> Iterator[tuple[Server, CountingProxy, str]]:
    """`site` (built for the relay's port, read from its build info) behind the counting relay."""
    port = int((site / ".bench-port").read_text())
    backend = free_port()
    with start_server(site, backend, server_kind) as server, counting_proxy(backend, port) as proxy:
        yield server, proxy, f"http://127.0.0.1:{port}/"


def build_served(
    tmp: Path, name: str, env: dict[str, str] | None = None, *, fresh_caches: bool = False
) -> tuple[Path, float]:
    """Build the site for a new relay port into tmp/name; returns (site, seconds)."""
    site = tmp / name
    port = free_port()
    full_env = dict(env or {})
    if fresh_caches:
        # A clean clone's build: no precompression or runtime cache to reuse.
        full_env["GBT27922_PRECOMPRESS_CACHE"] = str(tmp / f"{name}-precompress-cache")
        full_env["GBT27922_RUNTIME_CACHE"] = str(tmp / f"{name}-runtime-cache")
    seconds = build(site, port, full_env)
    (site / ".bench-port").write_text(str(port))
    add_reference_page(site)
    variants.add_anchor_pages(site, ANCHORED)
    return site, seconds


# ----------------------------------------------------------------------------- the full benchmark


def repeat(label: str, n: int, fns: dict[str, Callable[[], dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """Run each function n times, alternating between them; returns name → samples."""
    out: dict[str, list[dict[str, Any]]] = {name: [] for name in fns}
    for i in range(n):
        for name, fn in fns.items():
            t = time.monotonic()
            try:
                sample = fn()
            except per_engine.VisitFailedError as failed:  # recorded, counted, and the benchmark goes on
                sample = {"failed": failed.info}
                print(f"[bench] {label} {name} {i + 1}/{n}: FAILED {json.dumps(failed.info, ensure_ascii=False)}")
            out[name].append(sample)
            shown = ", ".join(
                f"{k}={v:.0f}" if isinstance(v, float) else f"{k}={v}"
                for k, v in sample.items()
                if k.endswith(("_ms", "bytes")) and v is not None
            )
            print(f"[bench] {label} {name} {i + 1}/{n}: {shown}  ({time.monotonic() - t:.1f} s)", flush=True)
    return out


def ratio(a: dict[str, Any], b: dict[str, Any]) -> float | None:
    """The ratio of two summaries' medians (None when either has no successful run)."""
    if not a.get("median") or not b.get("median"):
        return None
    return float(a["median"]) / float(b["median"])


def paired(ours: list[dict[str, Any]], ref: list[dict[str, Any]], key: str = "ready_ms") -> dict[str, Any]:
    """Ratios of runs made one right after the other (same machine load)."""
    return summary([o[key] / r[key] for o, r in zip(ours, ref, strict=False) if o.get(key) and r.get(key)])


def engines_row(bench: Bench, args: argparse.Namespace) -> dict[str, Any]:
    """Chromium, Firefox and WebKit, each against the bare page on the same engine (bench/engines.py)."""
    names = [n for n in per_engine.ENGINES if n in args.engines]
    section: dict[str, Any] = {"engines": {}}
    display = xvfb_display() if "webkit" in names else contextlib.nullcontext(None)
    with off_origin_guard() as guard, display as x:
        eb = per_engine.EngineBench(
            bench.playwright, CHROMIUM, bench.proxy, bench.base, guard, x, args.failures_dir, bench.tmp / "engine-logs"
        )
        for name in names:
            samples: dict[str, list[dict[str, Any]]] = {"calculator": [], "reference": []}
            try:
                for i in range(args.runs):
                    for page, path in (("calculator", SCORE_PAGE), ("reference", REFERENCE_PAGE)):
                        t = time.monotonic()
                        sample = per_engine.session(eb, name, path, f"{name}-{page}-{i + 1}")
                        samples[page].append(sample)
                        shown = {k: round(v) for k, v in sample.items() if k.endswith("_ready_ms")}
                        status = f"FAILED {sample['failed']}" if "failed" in sample else shown
                        print(
                            f"[bench] {name} {page} {i + 1}/{args.runs}: {status}  ({time.monotonic() - t:.1f} s)",
                            flush=True,
                        )
            except (FileNotFoundError, RuntimeError) as missing:  # the browser is not installed or did not start
                section["engines"][name] = {"error": str(missing)[:300]}
                continue
            entry = per_engine.summarize(samples)
            entry["version"] = next((r.get("version") for r in samples["calculator"] if r.get("version")), "")
            section["engines"][name] = entry
        section["off_origin"] = sorted(set(eb.off_origin))
    return section


def full(args: argparse.Namespace) -> dict[str, Any]:
    runs = args.runs
    tmp = Path(tempfile.mkdtemp(prefix="gbt27922-bench-"))
    report: dict[str, Any] = {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": machine(),
        "runs": runs,
    }
    try:
        if args.no_clean_build or args.engines_only:  # the per-engine row does not need the build timed
            site, warm_build = build_served(tmp, "site")
            report["build"] = {"clean_s": None, "incremental_s": warm_build}
        else:
            print("[bench] building the site (empty caches, as a clean clone does)…", flush=True)
            site, cold_build = build_served(tmp, "site", fresh_caches=True)
            print(f"[bench] built in {cold_build:.1f} s; again with warm caches…", flush=True)
            warm_site, warm_build = build_served(tmp, "site-warm")
            shutil.rmtree(warm_site, ignore_errors=True)
            report["build"] = {"clean_s": cold_build, "incremental_s": warm_build}
        kind = available(args.server)
        with serving(site, kind) as (server, proxy, base), sync_playwright() as p:
            report["server"] = server.description
            bench = Bench(p, proxy, base, tmp, failures_dir=args.failures_dir)
            if args.engines_only:
                report["per_engine"] = engines_row(bench, args)
                if not args.no_lighthouse:
                    report["lighthouse"] = {"docs": lighthouse(base + DOCS_PAGE, 1, tmp)}
                report["machine"]["load_average_end"] = os.getloadavg()
                return report
            report["networks"] = {n.name: n.label for n in NETWORKS}
            report["cold"] = {}
            report["returning"] = {}
            for network in NETWORKS:
                if network.name not in args.networks:
                    continue
                n = runs if network is not SLOW_4G else max(3, runs - 2) if args.quick else runs
                samples = repeat(
                    f"cold {network.name}",
                    n,
                    {
                        "calculator": functools.partial(cold_visit, bench, SCORE_PAGE, network, result=True),
                        "reference": functools.partial(cold_visit, bench, REFERENCE_PAGE, network, result=False),
                    },
                )
                calc, ref = aggregate(samples["calculator"]), aggregate(samples["reference"])
                report["cold"][network.name] = {
                    "calculator": calc,
                    "reference": ref,
                    "ratio_ready": ratio(calc["ready_ms"], ref["ready_ms"]),
                    "ratio_ready_paired": paired(samples["calculator"], samples["reference"]),
                    "ratio_bytes": ratio(calc["bytes"], ref["bytes"]),
                }
                pages: dict[str, Callable[[], dict[str, Any]]] = {
                    "calculator": functools.partial(returning_visit, bench, SCORE_PAGE, network, result=True)
                }
                if network is LOCAL:
                    pages["reference"] = functools.partial(returning_visit, bench, REFERENCE_PAGE, LOCAL, result=False)
                back = repeat(f"returning {network.name}", n, pages)
                entry: dict[str, Any] = {name: aggregate(s) for name, s in back.items()}
                entry["ratio_to_cold"] = ratio(entry["calculator"]["ready_ms"], calc["ready_ms"])
                report["returning"][network.name] = entry
            report.update(recompute_all(bench, args.changes))
            report["offline"] = offline_check(bench)
            print(f"[bench] offline: {report['offline']}", flush=True)
            report["docs_pages"] = docs_pages(bench)
            if args.engines:
                report["per_engine"] = engines_row(bench, args)
            report["off_origin_requests"] = sorted(set(bench.off_origin))
            if not args.no_lighthouse:
                lh_runs = 1 if args.quick else 3
                report["lighthouse"] = {
                    "docs": lighthouse(base + DOCS_PAGE, lh_runs, tmp),
                    "calculator": lighthouse(base + SCORE_PAGE, lh_runs, tmp),
                    "docs (anchor)": lighthouse(base + variants.anchor_path(DOCS_PAGE), lh_runs, tmp),
                    "calculator (anchor)": lighthouse(base + variants.anchor_path(SCORE_PAGE), lh_runs, tmp),
                }
        report["machine"]["load_average_end"] = os.getloadavg()
        return report
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# ----------------------------------------------------------------------------- levers


# Each step adds one lever to the previous step (bench/LEVERS.md); "precompress" is whether the
# build's .br/.gz siblings are served (they are removed from the served copy when it is off).
LEVER_STEPS: list[tuple[str, str, bool]] = [
    ("stock, no precompressed files", "stock", False),
    ("+ precompressed .br/.gz", "stock", True),
    ("+ early start", "early", True),
    ("+ inline lock", "early,lock", True),
    ("+ prefetch", "early,lock,prefetch", True),
    ("+ app zip", "early,lock,prefetch,appzip", True),
    ("+ trimmed stdlib (sources)", "early,lock,prefetch,appzip,stdlib", True),
    ("+ bytecode", "early,lock,prefetch,appzip,stdlib,bytecode", True),
    ("+ service worker", "early,lock,prefetch,appzip,stdlib,bytecode,sw", True),
    ("+ memory snapshot (the default)", "early,lock,prefetch,appzip,stdlib,bytecode,sw,snapshot", True),
    ("+ preload hints (dropped)", "early,lock,prefetch,appzip,stdlib,bytecode,sw,snapshot,preload", True),
    ("default without bytecode", "early,lock,prefetch,appzip,stdlib,sw,snapshot", True),
    ("default without the early start", "lock,prefetch,appzip,stdlib,bytecode,sw,snapshot", True),
]


def strip_precompressed(site: Path) -> None:
    for path in site.rglob("*"):
        if path.suffix in (".br", ".gz") and path.with_suffix("").exists() and path.name != "sitemap.xml.gz":
            path.unlink()


def levers(args: argparse.Namespace) -> dict[str, Any]:
    tmp = Path(tempfile.mkdtemp(prefix="gbt27922-levers-"))
    report: dict[str, Any] = {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": machine(),
        "runs": args.runs,
    }
    steps = [s for s in LEVER_STEPS if not args.steps or any(k in s[0] for k in args.steps)]
    try:
        kind = available(args.server)
        report["steps"] = []
        with sync_playwright() as p:
            for i, (label, levers_value, precompressed) in enumerate(steps):
                site, seconds = build_served(tmp, f"step{i}", {"GBT27922_RUNTIME_LEVERS": levers_value})
                if not precompressed:
                    strip_precompressed(site)
                with serving(site, kind) as (server, proxy, base):
                    report["server"] = server.description
                    bench = Bench(p, proxy, base, tmp)
                    fns: dict[str, Callable[[], dict[str, Any]]] = {
                        "cold_local": functools.partial(cold_visit, bench, SCORE_PAGE, LOCAL, result=True),
                        "reference_local": functools.partial(cold_visit, bench, REFERENCE_PAGE, LOCAL, result=False),
                        "cold_4g": functools.partial(cold_visit, bench, SCORE_PAGE, FAST_4G, result=True),
                        "returning_local": functools.partial(returning_visit, bench, SCORE_PAGE, LOCAL, result=True),
                    }
                    samples = repeat(label, args.runs, fns)
                step = {"label": label, "levers": levers_value, "precompressed": precompressed, "build_s": seconds}
                step.update({name: aggregate(s) for name, s in samples.items()})
                step["ratio_ready_paired"] = paired(samples["cold_local"], samples["reference_local"])
                report["steps"].append(step)
                shutil.rmtree(site, ignore_errors=True)
        report["machine"]["load_average_end"] = os.getloadavg()
        return report
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# ----------------------------------------------------------------------------- output


def fmt_ms(s: dict[str, Any] | None) -> str:
    if not s or s.get("median") is None:
        return "–"
    return f"{s['median'] / 1000:.2f} s ({s['min'] / 1000:.2f}–{s['max'] / 1000:.2f})"


def fmt_mb(s: dict[str, Any] | None) -> str:
    if not s or s.get("median") is None:
        return "–"
    if s["min"] == s["max"]:
        return f"{s['median'] / MB:.2f} MB"
    return f"{s['median'] / MB:.2f} MB ({s['min'] / MB:.2f}–{s['max'] / MB:.2f})"


def restored(data: dict[str, Any]) -> str:
    samples = data.get("samples", [])
    return f"{sum(1 for x in samples if x.get('restored_from_snapshot'))}/{len(samples)}"


def fmt_num(x: float | None) -> str:
    return "–" if x is None else f"{x:.0f}"


def fmt_ratio(r: float | None) -> str:
    return "–" if r is None else f"{r:.2f}×"


def check(ok: bool | None) -> str:
    return "–" if ok is None else ("✅" if ok else "❌")


def targets(report: dict[str, Any]) -> list[tuple[str, str, bool | None]]:
    out: list[tuple[str, str, bool | None]] = []
    cold = report.get("cold", {}).get("local")
    if cold:
        r = cold["ratio_ready_paired"].get("median")
        out.append(
            (
                "cold time-to-ready ≤ 1.0 × bare Pyodide page (local, paired runs)",
                fmt_ratio(r),
                r is not None and r <= 1.0,
            )
        )
        b = cold["calculator"]["bytes"]["median"]
        out.append(
            (
                "cold bytes transferred ≤ 4.5 MB",
                fmt_mb(cold["calculator"]["bytes"]),
                None if b is None else b <= 4.5 * MB,
            )
        )
    for name, entry in report.get("returning", {}).items():
        r = entry.get("ratio_to_cold")
        out.append((f"returning time-to-ready ≤ 0.6 × cold ({name})", fmt_ratio(r), r is not None and r <= 0.6))
    if "offline" in report:
        out.append(
            (
                "calculators work offline once visited",
                "yes" if report["offline"]["works_offline"] else "no",
                report["offline"]["works_offline"],
            )
        )
    rec = report.get("recompute")
    for name, measured in (({"score": rec} if rec else {}) | report.get("recompute_tools", {})).items():
        lat = measured["latency_ms"]
        page = "" if name == "score" else f" ({name})"
        out.append((f"recompute latency median ≤ 10 ms{page}", f"{lat['median']:.1f} ms", lat["median"] <= 10))
        out.append((f"recompute latency p95 ≤ 30 ms{page}", f"{lat['p95']:.1f} ms", lat["p95"] <= 30))
    ours = [report["cold"][n]["calculator"]["longest_script_ours_ms"]["max"] for n in report.get("cold", {})]
    ours = [x for x in ours if x is not None]
    if rec:
        ours.append(rec["longest_script_ours_while_typing_ms"])
    if ours:
        worst = max(ours)
        out.append(
            ("no main-thread task over 50 ms caused by our code", f"longest script of ours {worst:.0f} ms", worst <= 50)
        )
    lh = report.get("lighthouse")
    if lh and "calculator" in lh:  # --engines-only runs Lighthouse once, for the benchmarkIndex only
        for key, label, minimum in (("docs", "docs page", 95), ("calculator", "calculator page", 90)):
            score = (lh[key].get("score") or {}).get("median")
            out.append(
                (
                    f"Lighthouse performance ≥ {minimum} on the {label} (mobile)",
                    "–" if score is None else f"{score:.0f}",
                    score is not None and score >= minimum,
                )
            )
    if lh and "calculator" in lh:
        out += main_thread_targets(lh)
    docs = report.get("docs_pages")
    if docs:
        heavy = sum(len(v["pyodide_requests"]) for v in docs.values())
        out.append(("docs pages: zero Pyodide bytes", f"{heavy} runtime requests", heavy == 0))
    for name, entry in (report.get("per_engine") or {}).get("engines", {}).items():
        r = entry.get("ratio_cold_paired", {}).get("median")
        out.append(
            (
                f"{name}: cold time-to-ready ≤ 1.0 × bare Pyodide page (paired)",
                fmt_ratio(r),
                None if r is None else r <= 1.0,
            )
        )
    failures = failure_counts(report)
    total = sum(failed for failed, _ in failures.values())
    runs = sum(n for _, n in failures.values())
    out.append(
        ("every run reached ready (failures are recorded, not fatal)", f"{total} of {runs} runs failed", total == 0)
    )
    return out


def main_thread_targets(lh: dict[str, Any]) -> list[tuple[str, str, bool | None]]:
    """Issue 15: Total Blocking Time and long tasks on Lighthouse's emulated phone (medians)."""

    def median_of(key: str, measure: str) -> float | None:
        value = (lh.get(key, {}).get(measure) or {}).get("median")
        return None if value is None else float(value)

    docs_tbt, calc_tbt = median_of("docs", "tbt"), median_of("calculator", "tbt")
    longest, ours = median_of("calculator", "longest_task"), median_of("calculator", "longest_task_ours")
    out: list[tuple[str, str, bool | None]] = [
        ("docs page: TBT ≤ 200 ms", fmt_spread(lh["docs"].get("tbt")), None if docs_tbt is None else docs_tbt <= 200),
        (
            "calculator page: TBT ≤ the docs page's + 100 ms",
            fmt_spread(lh["calculator"].get("tbt")),
            None if docs_tbt is None or calc_tbt is None else calc_tbt <= docs_tbt + 100,
        ),
        (
            "calculator page: longest main-thread task (any origin) ≤ 150 ms",
            fmt_spread(lh["calculator"].get("longest_task")),
            None if longest is None else longest <= 150,
        ),
        (
            "calculator page: no main-thread task of ours over 50 ms (Lighthouse's attribution)",
            fmt_spread(lh["calculator"].get("longest_task_ours")),
            None if ours is None else ours <= 50,
        ),
    ]
    return out


def failure_counts(report: dict[str, Any]) -> dict[str, tuple[int, int]]:
    """Configuration → (failed runs, runs), for every measured configuration of the report."""
    counts: dict[str, tuple[int, int]] = {}
    for label, section in (("cold", report.get("cold", {})), ("returning", report.get("returning", {}))):
        for network, entry in section.items():
            for page in ("calculator", "reference"):
                if page in entry:
                    counts[f"{label} {network} {page}"] = (entry[page]["failures"], len(entry[page]["samples"]))
    for name, entry in (report.get("per_engine") or {}).get("engines", {}).items():
        for page in ("calculator", "reference"):
            if page in entry:
                e = entry[page]
                counts[f"{name} {page} (cold + returning)"] = (
                    e["cold_failures"] + e["returning_failures"],
                    2 * e["runs"],
                )
    return counts


def benchmark_index(report: dict[str, Any]) -> str:
    values = [
        d["benchmark_index"] for d in (report.get("lighthouse") or {}).values() if d.get("benchmark_index", {}).get("n")
    ]
    if not values:
        return "not measured"
    return ", ".join(f"{v['median']:.0f} ({v['min']:.0f}–{v['max']:.0f})" for v in values)


def markdown(report: dict[str, Any]) -> str:
    """The report as bench/results/<date>.md: the machine, the targets, then one section per measurement."""
    sections = (
        _md_machine,
        _md_targets,
        _md_cold,
        _md_phases,
        _md_returning,
        _md_recompute,
        _md_offline,
        _md_docs_pages,
        _md_lighthouse,
        _md_per_engine,
        failures_markdown,
    )
    lines = [line for section in sections for line in section(report)]
    if report.get("off_origin_requests"):
        lines += ["", f"Requests that left 127.0.0.1: {report['off_origin_requests']}"]
    return "\n".join(lines) + "\n"


def _md_machine(report: dict[str, Any]) -> list[str]:
    m = report["machine"]
    lines = [
        f"# 性能基准 / benchmark — {report['date']}",
        "",
        f"Machine: {m['nproc']} cores ({m['cpu']}), {m['memory_gib']} GiB, {m['os']}; {m['chromium']}; "
        f"Pyodide {m['pyodide']}; Node {m['node']}; Python {m['python']}; commit {m['commit']}. "
        f"Load average at start {', '.join(f'{x:.1f}' for x in m['load_average_start'])}, "
        f"at end {', '.join(f'{x:.1f}' for x in m.get('load_average_end', ()))}.",
        "",
        f"Lighthouse benchmarkIndex of this host during the run: {benchmark_index(report)} (higher is faster; "
        "compare figures across runs only as ratios, or scaled by it).",
        "",
        f"Server: {report.get('server', '–')}. Every figure: median (min–max) of {report['runs']} runs unless stated; "
        "times from navigation start; bytes on the wire (headers + encoded bodies, service worker included). "
        "MB = 10^6 bytes.",
        "",
    ]
    if "networks" in report:
        lines += ["Networks (Chrome DevTools Protocol emulation): " + "; ".join(report["networks"].values()) + ".", ""]
    if report.get("build"):
        b = report["build"]
        lines += [
            f"Site build: {'not measured' if b['clean_s'] is None else format(b['clean_s'], '.1f') + ' s'} with empty caches "
            f"(a clean clone), {b['incremental_s']:.1f} s with the caches.",
            "",
        ]
    return lines


def _md_targets(report: dict[str, Any]) -> list[str]:
    lines = ["## Targets", "", "| target | measured | |", "|---|---|---|"]
    lines += [f"| {name} | {value} | {check(ok)} |" for name, value, ok in targets(report)]
    return lines


def _md_cold(report: dict[str, Any]) -> list[str]:
    lines = [
        "",
        "## Cold visit (fresh browser profile)",
        "",
        "| network | page | Python ready | first result | bytes | longest main-thread task | ratio to bare Pyodide (ready) |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, entry in report.get("cold", {}).items():
        c, r = entry["calculator"], entry["reference"]
        lines.append(
            f"| {name} | calculator | {fmt_ms(c['ready_ms'])} | {fmt_ms(c['first_result_ms'])} | {fmt_mb(c['bytes'])} | "
            f"{fmt_num(c['longest_task_ms']['median'])} ms (max {fmt_num(c['longest_task_ms']['max'])}) | "
            f"{fmt_ratio(entry['ratio_ready'])} (paired: {fmt_ratio(entry['ratio_ready_paired'].get('median'))}) |"
        )
        lines.append(
            f"| {name} | bare Pyodide | {fmt_ms(r['ready_ms'])} | – | {fmt_mb(r['bytes'])} | "
            f"{fmt_num(r['longest_task_ms']['median'])} ms | 1.00× |"
        )
    return lines


def _md_phases(report: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    rows = []
    for label, section in (("cold", report.get("cold", {})), ("returning", report.get("returning", {}))):
        for name, entry in section.items():
            for page in ("calculator", "reference"):
                if page in entry:
                    rows.append((f"{label} {name}", page, entry[page]))
    if rows:
        lines += [
            "",
            "### Where the time goes (median ms from navigation start at the end of each step)",
            "",
            "| visit | page | worker created | worker running | pyodide.mjs imported | snapshot read | Python started | app installed | app imported | ready |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        for visit, page, data in rows:
            cells = [
                f"{data[f'phase_{step}_ms']['median']:.0f}"
                if data.get(f"phase_{step}_ms", {}).get("median") is not None
                else "–"
                for step in PHASES
            ]
            lines.append(f"| {visit} | {page} | {' | '.join(cells)} | {fmt_num(data['ready_ms']['median'])} |")
    return lines


def _md_returning(report: dict[str, Any]) -> list[str]:
    lines = [
        "",
        "## Returning visit (same profile, browser restarted) and instant navigation back",
        "",
        "| network | page | Python ready | first result | bytes | ratio to cold | from snapshot | instant navigation back → result |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, entry in report.get("returning", {}).items():
        c = entry["calculator"]
        lines.append(
            f"| {name} | calculator | {fmt_ms(c['ready_ms'])} | {fmt_ms(c['first_result_ms'])} | {fmt_mb(c['bytes'])} | "
            f"{fmt_ratio(entry['ratio_to_cold'])} | {restored(c)} | {fmt_ms(c.get('instant_back_ms'))} |"
        )
        if "reference" in entry:
            r = entry["reference"]
            lines.append(f"| {name} | bare Pyodide | {fmt_ms(r['ready_ms'])} | – | {fmt_mb(r['bytes'])} | – | – | – |")
    return lines


def _md_recompute(report: dict[str, Any]) -> list[str]:
    pages = ({"score": report["recompute"]} if report.get("recompute") else {}) | report.get("recompute_tools", {})
    if not pages:
        return []
    lines = ["", "## Recompute while typing", ""]
    for name, rec in pages.items():
        lat = rec["latency_ms"]
        lines.append(
            f"- {name}: {rec['changes']} changes of `{rec['field']}` (one every ~20 ms after the previous result): "
            f"input event → new result in the DOM median {lat['median']:.1f} ms, p95 {lat['p95']:.1f} ms, "
            f"max {lat['max']:.1f} ms. Longest main-thread task while typing {rec['longest_task_while_typing_ms']:.0f} ms "
            f"(longest script of ours {rec['longest_script_ours_while_typing_ms']:.0f} ms)."
        )
    return lines


def _md_offline(report: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    if "offline" in report:
        o = report["offline"]
        took = "" if o["offline_first_result_ms"] is None else f" ({o['offline_first_result_ms'] / 1000:.2f} s)"
        verdict = "works" if o["works_offline"] else "FAILS"
        lines += [
            "",
            f"Offline: after one visit ({o['service_workers']} service worker registrations), "
            f"offline reload → result: {verdict}{took}.",
        ]
    return lines


def _md_docs_pages(report: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    docs = report.get("docs_pages")
    if docs:
        lines += [
            "",
            "## Pages without a calculator (cold)",
            "",
            "| page | bytes | requests | runtime requests |",
            "|---|---|---|---|",
        ]
        for path, d in docs.items():
            lines.append(f"| {path} | {d['bytes'] / MB:.3f} MB | {d['requests']} | {len(d['pyodide_requests'])} |")
    return lines


def _md_lighthouse(report: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    lh = report.get("lighthouse")
    if lh:
        lines += [
            "",
            "## Lighthouse (performance, mobile emulation, simulated throttling)",
            "",
            "| page | score | FCP | LCP | TBT | CLS |",
            "|---|---|---|---|---|---|",
        ]
        lines[-2:] = [
            "The anchors are the same pages with none of our JavaScript and CSS (bench/variants.py): what the "
            "theme costs alone. FCP, LCP and CLS of the first run; TBT and the longest task (of ours: the task "
            "Lighthouse blames on a script of assets/calculator/) as median (min–max).",
            "",
            "| page | score | FCP | LCP | TBT | longest task | longest task of ours | CLS |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for key, d in lh.items():
            if "error" in d:
                lines.append(f"| {key} | error: {d['error'][:200]} | | | | | | |")
                continue
            run = d["runs"][0] if d["runs"] else {}
            s = d["score"]
            lines.append(
                f"| {key} | {s['median']:.0f} ({s['min']:.0f}–{s['max']:.0f}) | {run.get('first-contentful-paint', 0) / 1000:.1f} s | "
                f"{run.get('largest-contentful-paint', 0) / 1000:.1f} s | {fmt_spread(d.get('tbt'))} | "
                f"{fmt_spread(d.get('longest_task'))} | {fmt_spread(d.get('longest_task_ours'))} | "
                f"{run.get('cumulative-layout-shift', 0):.3f} |"
            )
    return lines


def fmt_spread(s: dict[str, Any] | None) -> str:
    if not s or s.get("median") is None:
        return "–"
    return f"{s['median']:.0f} ms ({s['min']:.0f}–{s['max']:.0f})"


def _md_per_engine(report: dict[str, Any]) -> list[str]:
    return per_engine.markdown(report["per_engine"]) if report.get("per_engine") else []


def failures_markdown(report: dict[str, Any]) -> list[str]:
    counts = failure_counts(report)
    lines = ["", "## Failures per configuration", "", "| configuration | failed runs |", "|---|---|"]
    lines += [f"| {name} | {failed} of {n} |" for name, (failed, n) in counts.items()]
    for label, section in (("cold", report.get("cold", {})), ("returning", report.get("returning", {}))):
        for network, entry in section.items():
            for page in ("calculator", "reference"):
                for sample in entry.get(page, {}).get("samples", []):
                    if "failed" in sample:
                        info = sample["failed"]
                        lines.append(
                            f"- {label} {network} {page}: stage {info.get('stage')}, the page showed "
                            f"“{info.get('text') or '–'}” ({info.get('error') or 'the page reported the failure'}); "
                            f"screenshot {info.get('screenshot') or '–'}"
                        )
    return lines


def markdown_levers(report: dict[str, Any]) -> str:
    m = report["machine"]
    lines = [
        f"# Levers — {report['date']}",
        "",
        f"Machine: {m['nproc']} cores ({m['cpu']}), {m['memory_gib']} GiB; {m['chromium']}; Pyodide {m['pyodide']}; "
        f"commit {m['commit']}. Server: {report.get('server', '–')}. Median (min–max) of {report['runs']} runs; each step "
        "adds one lever to the previous one.",
        "",
        "| step | cold ready (local) | vs bare Pyodide (paired) | cold bytes | cold ready (4G) | returning ready (local) | from snapshot | returning bytes |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for s in report["steps"]:
        lines.append(
            f"| {s['label']} | {fmt_ms(s['cold_local']['ready_ms'])} | {fmt_ratio(s['ratio_ready_paired'].get('median'))} | "
            f"{fmt_mb(s['cold_local']['bytes'])} | {fmt_ms(s['cold_4g']['ready_ms'])} | {fmt_ms(s['returning_local']['ready_ms'])} | "
            f"{restored(s['returning_local'])} | {fmt_mb(s['returning_local']['bytes'])} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="The calculator page against a bare Pyodide page (see bench/README.md)."
    )
    parser.add_argument("--quick", action="store_true", help="3 runs per configuration, 1 Lighthouse run per page")
    parser.add_argument("--runs", type=int, help="runs per configuration (default 5, --quick 3)")
    parser.add_argument("--server", choices=("auto", "nginx", "dev"), default="auto")
    parser.add_argument("--networks", default="local,4g,slow4g", help="comma-separated subset of local,4g,slow4g")
    parser.add_argument("--changes", type=int, default=220, help="changes for the recompute latency (default 220)")
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--no-clean-build", action="store_true", help="skip timing a build with empty caches")
    parser.add_argument("--levers", action="store_true", help="measure the levers step by step (bench/LEVERS.md)")
    parser.add_argument("--steps", nargs="*", help="with --levers: only the steps whose label contains one of these")
    parser.add_argument(
        "--engines",
        default=",".join(per_engine.ENGINES),
        help="engines of the per-engine row (default chromium,firefox,webkit; empty: no such row)",
    )
    parser.add_argument(
        "--engines-only", action="store_true", help="only the per-engine row (and the host's benchmarkIndex)"
    )
    parser.add_argument(
        "--recompute-only", action="store_true", help="only the recompute latency of the score, fees and plan pages"
    )
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    args.runs = args.runs or (3 if args.quick else 5)
    args.networks = {n.strip() for n in args.networks.split(",") if n.strip()}
    args.engines = {n.strip() for n in args.engines.split(",") if n.strip()}
    unknown = args.engines - set(per_engine.ENGINES)
    if unknown:
        parser.error(f"unknown engines: {', '.join(sorted(unknown))}")
    if not Path(CHROMIUM).exists():
        print(f"bench: {CHROMIUM} not found (apt-get install -y chromium)", file=sys.stderr)
        return 1
    started = time.monotonic()
    stem = (
        dt.datetime.now().strftime("%Y-%m-%d")
        + ("-levers" if args.levers else "")
        + ("-engines" if args.engines_only else "")
        + ("-recompute" if args.recompute_only else "")
        + ("-quick" if args.quick else "")
    )
    args.failures_dir = args.out / f"{stem}-failures"  # screenshots of the runs that did not reach ready
    report = levers(args) if args.levers else recompute_only(args) if args.recompute_only else full(args)
    report["duration_s"] = time.monotonic() - started
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"{stem}.json").write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", "utf-8")
    text = markdown_levers(report) if args.levers else markdown(report)
    (args.out / f"{stem}.md").write_text(text, "utf-8")
    print(text)
    print(f"[bench] wrote {args.out / stem}.json and .md in {report['duration_s'] / 60:.1f} min", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
