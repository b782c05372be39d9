"""The per-engine row of the benchmark: each engine against the bare Pyodide page on the same engine.

Chromium, Firefox and WebKit are measured the same way.

One browser session per run and page, started on a fresh profile: the **cold** visit (nothing
cached), then, once the visit has left its service worker and Python snapshot behind, a
**returning** visit in the same session (about:blank in between, so a new document loads the page
again from the browser's caches). WebKitGTK's automation sessions are ephemeral, so this is the one
returning visit all three engines can make alike (the Chromium-only rows of the report restart the
browser instead). Firefox and WebKit are not throttled: only Chromium has the DevTools network
emulation, so this row is on 127.0.0.1 without throttling.

A run that never reaches "ready" is a failure, kept with the status the page showed and a
screenshot, never a crash of the whole benchmark.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import Playwright

from bench.proxy import CountingProxy
from harness.chromium import CHROMIUM_ARGS

# The drivers the Firefox and WebKit tests use (WebDriver BiDi; WebKitWebDriver under Xvfb), and
# the guard both are pointed at as their proxy, so that nothing leaves 127.0.0.1.
from harness.engines.engine import CALL, Engine, decode
from harness.engines.firefox import Firefox
from harness.engines.guard import OffOrigin
from harness.engines.webkit import WebKit
from harness.engines.xvfb import VirtualDisplay

ENGINES = ("chromium", "firefox", "webkit")
LOAD_TIMEOUT_S = 180.0
SETTLE_TIMEOUT_S = 60.0
VIEWPORT = {"width": 1280, "height": 900}

# Ready, failed (the page's own message), or still loading: with what the page shows.
STATE = """() => {
  const ready = performance.getEntriesByName("gbt:ready")[0];
  const status = document.querySelector("[data-gbt-status]");
  const text = status
    ? status.querySelector("[data-gbt-status-text]").textContent
    : (document.getElementById("status") || document.body || { textContent: "" }).textContent.trim();
  return { ready: ready ? ready.startTime : null, stage: status ? status.dataset.stage : null, text };
}"""
MARKS = """() => Object.fromEntries(performance.getEntriesByType("mark")
  .filter((m) => m.name.startsWith("gbt:")).map((m) => [m.name.replace("gbt:worker:", ""), m.startTime]))"""
SETTLED = """async (wantSnapshot) => {
  const regs = "serviceWorker" in navigator ? await navigator.serviceWorker.getRegistrations() : [];
  const workers = regs.length > 0 && regs.every((r) => r.active && !r.installing && !r.waiting);
  if (!wantSnapshot) return workers;
  const cache = await caches.open("gbt27922-snapshot");
  const snapshots = (await cache.keys()).filter((r) => !r.url.endsWith("?attempt")).length;
  return workers && snapshots > 0;
}"""
HAS_CALCULATOR = "() => Boolean(document.querySelector('meta[name=\"gbt27922-runtime\"]'))"


class VisitFailedError(RuntimeError):
    """The page did not become ready; `info` says what it showed (and where its screenshot is)."""

    def __init__(self, info: dict[str, Any]) -> None:
        super().__init__(info.get("text") or info.get("error") or "failed")
        self.info = info


class Chromium:
    """Debian's Chromium through Playwright, behind the same small surface as the test drivers."""

    name = "chromium"

    def __init__(self, playwright: Playwright, executable: str) -> None:
        self.profile = Path(tempfile.mkdtemp(prefix="chromium-profile-"))
        self.context = playwright.chromium.launch_persistent_context(
            str(self.profile),
            executable_path=executable,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport=VIEWPORT,  # type: ignore[arg-type]
            locale="zh-CN",
        )
        self.page = self.context.pages[0] if self.context.pages else self.context.new_page()
        self.version = self.context.browser.version if self.context.browser else "?"

    def goto(self, url: str) -> None:
        self.page.goto(url, wait_until="load", timeout=LOAD_TIMEOUT_S * 1000)

    def reload(self) -> None:
        self.page.reload()

    def run(self, function: str, *args: Any) -> Any:
        return decode(self.page.evaluate(f"(argsJson) => ({CALL})(argsJson, {function})", json.dumps(args)))

    def click(self, css: str) -> None:
        self.page.locator(css).first.click()

    def type(self, css: str, text: str) -> None:
        self.page.locator(css).first.fill(text)

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)

    def set_viewport(self, width: int, height: int) -> None:
        self.page.set_viewport_size({"width": width, "height": height})

    def screenshot(self, path: Path) -> None:
        self.page.screenshot(path=str(path))

    def pdf(self) -> bytes:
        return self.page.pdf()

    def quit(self) -> None:
        self.context.close()
        shutil.rmtree(self.profile, ignore_errors=True)


@dataclass
class EngineBench:
    playwright: Playwright
    chromium: str
    proxy: CountingProxy
    base: str
    guard: tuple[OffOrigin, int]
    display: VirtualDisplay | None  # X display for WebKit (Xvfb)
    failures_dir: Path
    logs: Path
    off_origin: list[str] = field(default_factory=list)

    @contextmanager
    def browser(self, name: str) -> Iterator[Engine]:
        engine: Engine
        if name == "chromium":
            engine = Chromium(self.playwright, self.chromium)
        elif name == "firefox":
            engine = Firefox(self.guard[1], self.logs)
        else:
            assert self.display, "WebKit needs an X display (Xvfb)"
            engine = WebKit(self.guard[1], self.logs, self.display)
        try:
            yield engine
        finally:
            engine.quit()
            self.off_origin += self.guard[0].take()


def wait_ready(engine: Engine, timeout: float = LOAD_TIMEOUT_S) -> float:
    """Milliseconds from navigation start to the page's "gbt:ready" mark; VisitFailedError otherwise."""
    deadline = time.monotonic() + timeout
    state: dict[str, Any] = {}
    while time.monotonic() < deadline:
        try:
            state = engine.run(STATE)
        except Exception as exc:  # the page is being replaced: ask again
            state = {"error": str(exc)[:300]}
        if state.get("ready") is not None:
            return float(state["ready"])
        if state.get("stage") == "failed":
            waited = timeout - (deadline - time.monotonic())
            raise VisitFailedError({"stage": "failed", "text": state.get("text"), "after_s": round(waited, 1)})
        time.sleep(0.05)
    raise VisitFailedError({**state, "stage": state.get("stage"), "timeout_s": timeout})


def settle(engine: Engine, calculator: bool) -> None:
    """What the first visit leaves behind: the service worker, and Python's snapshot after a result."""
    deadline = time.monotonic() + SETTLE_TIMEOUT_S
    if calculator:
        while time.monotonic() < deadline and "gbt:first-result" not in engine.run(MARKS):
            time.sleep(0.1)
        while time.monotonic() < deadline and not engine.run(SETTLED, True):
            time.sleep(0.2)
    else:
        time.sleep(1.0)  # the bare page leaves only its HTTP cache behind


def session(bench: EngineBench, name: str, path: str, label: str) -> dict[str, Any]:
    """One fresh browser: a cold visit, then a returning visit in the same session."""
    url = bench.base + path
    out: dict[str, Any] = {"engine": name}
    try:
        browser = bench.browser(name)
        engine = browser.__enter__()
    except FileNotFoundError:
        raise  # not installed: the whole engine is "not measured"
    except Exception as exc:  # the browser did not start: a failed run like any other
        out["failed"] = {"visit": "launch", "error": f"{type(exc).__name__}: {str(exc)[:300]}"}
        return out
    with contextlib.ExitStack() as stack:
        stack.push(browser)
        out["version"] = engine.version
        visit = "cold"
        try:
            bench.proxy.reset()
            engine.goto(url)
            out["cold_ready_ms"] = wait_ready(engine)
            out["cold_bytes_at_ready"] = bench.proxy.down
            out["cold_marks"] = engine.run(MARKS)
            calculator = bool(engine.run(HAS_CALCULATOR))
            settle(engine, calculator)
            bench.proxy.wait_idle(quiet=1.0)
            out["cold_bytes"] = bench.proxy.down  # with what the service worker fetched to keep
            engine.goto("about:blank")
            visit = "returning"
            bench.proxy.reset()
            engine.goto(url)
            out["returning_ready_ms"] = wait_ready(engine)
            out["returning_marks"] = engine.run(MARKS)
            out["returning_restored"] = "restored" in out["returning_marks"]
            bench.proxy.wait_idle(quiet=0.5)
            out["returning_bytes"] = bench.proxy.down
        except Exception as exc:
            info: dict[str, Any] = (
                exc.info if isinstance(exc, VisitFailedError) else {"error": f"{type(exc).__name__}: {str(exc)[:500]}"}
            )
            info["visit"] = visit
            info["screenshot"] = screenshot(engine, bench.failures_dir, f"{label}-{visit}")
            out["failed"] = info
    return out


def screenshot(engine: Engine, directory: Path, label: str) -> str | None:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / (label.replace(" ", "-").replace("/", "_") + ".png")
    try:
        engine.screenshot(path)
    except Exception:  # the browser may be what broke
        return None
    return str(path)


# ----------------------------------------------------------------------------- the row and its report


def summary(values: list[float]) -> dict[str, Any]:
    vals = sorted(values)
    if not vals:
        return {"n": 0, "median": None, "min": None, "max": None}
    mid = len(vals) // 2
    median = vals[mid] if len(vals) % 2 else (vals[mid - 1] + vals[mid]) / 2
    return {"n": len(vals), "median": median, "min": vals[0], "max": vals[-1]}


def summarize(samples: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """Per page and visit: ready times, failures; the calculator's ratios to the bare page."""
    out: dict[str, Any] = {}
    for page, runs in samples.items():
        entry: dict[str, Any] = {"runs": len(runs), "samples": runs}
        for visit in ("cold", "returning"):
            ready = [float(r[f"{visit}_ready_ms"]) for r in runs if r.get(f"{visit}_ready_ms") is not None]
            entry[visit] = summary(ready)
            entry[f"{visit}_failures"] = len(runs) - len(ready)
            entry[f"{visit}_bytes"] = summary([float(r[f"{visit}_bytes"]) for r in runs if f"{visit}_bytes" in r])
        entry["cold_bytes_at_ready"] = summary(
            [float(r["cold_bytes_at_ready"]) for r in runs if "cold_bytes_at_ready" in r]
        )
        entry["restored"] = sum(1 for r in runs if r.get("returning_restored"))
        out[page] = entry
    calc, ref = out.get("calculator"), out.get("reference")
    if calc and ref:
        for visit in ("cold", "returning"):
            a, b = calc[visit]["median"], ref[visit]["median"]
            out[f"ratio_{visit}"] = None if not a or not b else a / b
            pairs = [
                float(c[f"{visit}_ready_ms"]) / float(r[f"{visit}_ready_ms"])
                for c, r in zip(calc["samples"], ref["samples"], strict=False)
                if c.get(f"{visit}_ready_ms") and r.get(f"{visit}_ready_ms")
            ]
            out[f"ratio_{visit}_paired"] = summary(pairs)
    return out


def phases(runs: list[dict[str, Any]], visit: str) -> dict[str, float]:
    """Median ms from navigation start at which each load step ended (gbt:worker:<step> marks)."""
    steps: dict[str, list[float]] = {}
    for run in runs:
        for step, at in (run.get(f"{visit}_marks") or {}).items():
            steps.setdefault(step, []).append(float(at))
    return {step: float(summary(values)["median"]) for step, values in steps.items()}


def fmt_s(s: dict[str, Any]) -> str:
    if not s or s.get("median") is None:
        return "–"
    return f"{s['median'] / 1000:.2f} s ({s['min'] / 1000:.2f}–{s['max'] / 1000:.2f})"


def fmt_x(r: float | None) -> str:
    return "–" if r is None else f"{r:.2f}×"


STEPS = ("created", "start", "pyodide-imported", "snapshot-read", "python-started", "app-imported", "ready")


def markdown(section: dict[str, Any]) -> list[str]:
    lines = [
        "",
        "## Per engine: the calculator against the bare Pyodide page on the same engine",
        "",
        "Each run: a fresh browser; the cold visit, then a returning visit in the same browser session "
        "(about:blank in between), on 127.0.0.1 without throttling (only Chromium can emulate a network). "
        "Median (min–max) of the runs that reached ready; paired ratios are the median of the ratios of "
        "runs made one right after the other.",
        "",
        "| engine | cold: calculator | cold: bare | cold ratio (paired) | returning: calculator | returning: bare "
        "| returning ratio (paired) | from snapshot | cold bytes at ready: calc / bare | failures (calc / bare) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, entry in section.get("engines", {}).items():
        if "error" in entry:
            lines.append(f"| {name} | not measured: {entry['error']} | | | | | | | | |")
            continue
        c, r = entry["calculator"], entry["reference"]
        failures = (
            f"{c['cold_failures'] + c['returning_failures']} / {r['cold_failures'] + r['returning_failures']}"
            f" of {c['runs']} runs"
        )
        cb, rb = c["cold_bytes_at_ready"]["median"], r["cold_bytes_at_ready"]["median"]
        settled = c["cold_bytes"]["median"]
        bytes_cell = "–" if cb is None or rb is None else f"{cb / 1e6:.2f} / {rb / 1e6:.2f} MB"
        if settled is not None:
            bytes_cell += f" ({settled / 1e6:.2f} MB once settled)"
        lines.append(
            f"| {name} {entry.get('version', '')} | {fmt_s(c['cold'])} | {fmt_s(r['cold'])} | "
            f"{fmt_x(entry['ratio_cold'])} ({fmt_x(entry['ratio_cold_paired']['median'])}) | "
            f"{fmt_s(c['returning'])} | {fmt_s(r['returning'])} | {fmt_x(entry['ratio_returning'])} "
            f"({fmt_x(entry['ratio_returning_paired']['median'])}) | {c['restored']}/{c['runs']} | {bytes_cell} | {failures} |"
        )
    lines += [
        "",
        "Where the time goes, per engine (median ms from navigation start at the end of each step):",
        "",
        "| engine | visit | page | " + " | ".join(STEPS) + " |",
        "|---|---|---|" + "---|" * len(STEPS),
    ]
    for name, entry in section.get("engines", {}).items():
        if "error" in entry:
            continue
        for visit in ("cold", "returning"):
            for page in ("calculator", "reference"):
                marks = phases(entry[page]["samples"], visit)
                cells = [f"{marks[s]:.0f}" if s in marks else "–" for s in STEPS]
                lines.append(f"| {name} | {visit} | {page} | " + " | ".join(cells) + " |")
    failed = [
        (name, page, run["failed"])
        for name, entry in section.get("engines", {}).items()
        if "error" not in entry
        for page in ("calculator", "reference")
        for run in entry[page]["samples"]
        if "failed" in run
    ]
    if failed:
        lines += ["", "Runs that did not reach ready:", ""]
        for name, page, info in failed:
            shown = info.get("text") or info.get("error") or "–"
            lines.append(
                f"- {name} {page} ({info.get('visit')}): stage {info.get('stage')!s}, the page showed “{shown}”"
                + (f"; screenshot {info['screenshot']}" if info.get("screenshot") else "")
            )
    if section.get("off_origin"):
        lines += ["", f"Requests for other hosts (refused by the guard): {section['off_origin']}"]
    return lines
