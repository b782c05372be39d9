"""Where the main thread's time goes during a cold load: a Chrome trace of one page, task by task.

A fresh Chromium profile loads the page with Lighthouse's mobile screen (412 × 823 at 1.75×, touch)
while Chrome records a trace with the timeline and the V8 sampling profiler. The CPU is not slowed
down in the browser: as Lighthouse's default (simulated) throttling does, each task's time is
multiplied by 4 afterwards, and the time taken is the thread's CPU time, which the other work on a
shared host does not stretch as it does wall time. Every task over 50 ms on that phone is then taken
apart:

- by kind of work: parsing HTML, style recalculation, layout (*forced* when a script asked for it,
  with the script and function that did), script, garbage collection, paint …;
- the script time by script and function, from the profiler's samples; the theme's minified bundle
  is mapped back to its TypeScript sources with the source map it ships (Material's features are
  folders of its source: components/toc, components/tooltip …).

Shares, not wall times, are what to read on a busy machine: a task's breakdown holds whatever the
load of the host, while its length does not. ``python -m bench.speed --traces N`` runs this for the
calculator and a docs page, of the site and of the anchor (bench/README.md); the Lighthouse figures
of the same run are the ones to compare against the targets.
"""

from __future__ import annotations

import bisect
import json
import re
import shutil
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import Playwright

LONG_TASK_MS = 50.0
CPU_SLOWDOWN = 4  # Lighthouse's mobile CPU throttling (simulated: task times × 4)
MOBILE = {"width": 412, "height": 823}
MOBILE_SCALE = 1.75
CATEGORIES = ",".join(
    (
        "devtools.timeline",
        "disabled-by-default-devtools.timeline",
        "disabled-by-default-devtools.timeline.stack",
        "disabled-by-default-v8.cpu_profiler",
        "v8.execute",
        "v8",
        "blink.user_timing",
        "loading",
        "toplevel",
    )
)
# Trace events that run scripts: a layout or style recalculation inside one was forced by it.
SCRIPT_EVENTS = frozenset(
    {
        "EvaluateScript",
        "v8.evaluateModule",
        "FunctionCall",
        "TimerFire",
        "EventDispatch",
        "FireAnimationFrame",
        "FireIdleCallback",
        "RunMicrotasks",
        "v8.run",
        "V8.Execute",
        "v8.callFunction",
        "V8.BytecodeBudgetInterrupt",
        "V8.HandleInterrupts",
        "V8.StackGuard",
        "BlinkScheduler_PerformMicrotaskCheckpoint",
    }
)
# Trace event name → the kind of work it is (self time only: nested events count for themselves).
KINDS = {
    "ParseHTML": "parse HTML",
    "ParseAuthorStyleSheet": "parse CSS",
    "UpdateLayoutTree": "style recalculation",
    "RecalculateStyles": "style recalculation",
    "Layout": "layout",
    "PrePaint": "paint",
    "Paint": "paint",
    "PaintImage": "paint",
    "Layerize": "paint",
    "UpdateLayer": "paint",
    "Commit": "paint",
    "HitTest": "other",
    "MinorGC": "garbage collection",
    "MajorGC": "garbage collection",
    "V8.GCScavenger": "garbage collection",
    "V8.GCCompactor": "garbage collection",
    "BlinkGC.AtomicPhase": "garbage collection",
    "v8.compile": "script compile",
    "v8.compileModule": "script compile",
    "V8.CompileCode": "script compile",
    "v8.parseOnBackground": "script compile",
    "DecodeImage": "images",
    "ResourceReceivedData": "network",
    "ResourceSendRequest": "network",
    "ResourceFinish": "network",
}
# Our page scripts, as Namer.script names them (their path under assets/).
OURS = "calculator/"
# A module of the theme's source that is a feature (not rxjs, nor a generic browser helper).
FEATURE = re.compile(r": (components|integrations|patches)/")


# ----------------------------------------------------------------------------- source maps

B64 = {c: i for i, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")}


def _vlq(segment: str) -> list[int]:
    values: list[int] = []
    shift = value = 0
    for char in segment:
        digit = B64[char]
        value += (digit & 31) << shift
        if digit & 32:
            shift += 5
            continue
        values.append(-(value >> 1) if value & 1 else value >> 1)
        shift = value = 0
    return values


@dataclass
class SourceMap:
    """Generated (line, column) → source file, for a minified script (source map v3, no sections)."""

    sources: list[str]
    lines: list[tuple[list[int], list[int]]]  # per generated line: sorted columns, their source index

    @classmethod
    def parse(cls, data: dict[str, Any]) -> SourceMap:
        lines: list[tuple[list[int], list[int]]] = []
        source = 0
        for line in data.get("mappings", "").split(";"):
            columns: list[int] = []
            indexes: list[int] = []
            column = 0
            for segment in filter(None, line.split(",")):
                fields = _vlq(segment)
                column += fields[0]
                if len(fields) >= 4:
                    source += fields[1]
                    columns.append(column)
                    indexes.append(source)
            lines.append((columns, indexes))
        return cls([str(s) for s in data.get("sources", [])], lines)

    def source(self, line: int, column: int) -> str | None:
        """The source file of 0-based (line, column), or None."""
        if not 0 <= line < len(self.lines):
            return None
        columns, indexes = self.lines[line]
        at = bisect.bisect_right(columns, column) - 1
        return self.sources[indexes[at]] if at >= 0 else None


def theme_module(path: str) -> str:
    """A source path of the theme's bundle, shortened to what names a feature ("components/toc")."""
    path = re.sub(r"^(\.\./)*", "", path)
    match = re.search(r"javascripts/(.+?)/(?:index|_)?[^/]*\.ts$", path)
    if match:
        return match.group(1)
    match = re.search(r"node_modules/([^/]+)", path)
    return f"node_modules/{match.group(1)}" if match else path


# ----------------------------------------------------------------------------- tracing


def record(playwright: Playwright, executable: str, args: list[str], url: str, *, until: str | None) -> list[Any]:
    """The trace events of one cold load of `url` on a fresh profile (until a performance mark, or the load + 3 s)."""
    directory = Path(tempfile.mkdtemp(prefix="trace-profile-"))
    try:
        ctx = playwright.chromium.launch_persistent_context(
            str(directory),
            executable_path=executable,
            headless=True,
            args=args,
            viewport=MOBILE,  # type: ignore[arg-type]
            device_scale_factor=MOBILE_SCALE,
            is_mobile=True,
            has_touch=True,
            locale="zh-CN",
        )
        try:
            page = ctx.pages[0] if ctx.pages else ctx.new_page()
            session = ctx.new_cdp_session(page)
            chunks: list[Any] = []
            session.on("Tracing.dataCollected", lambda event: chunks.extend(event["value"]))
            done: list[bool] = []
            session.on("Tracing.tracingComplete", lambda _event: done.append(True))
            session.send("Tracing.start", {"categories": CATEGORIES, "transferMode": "ReportEvents"})
            page.goto(url, wait_until="load", timeout=300_000)
            if until:
                page.wait_for_function(
                    "(name) => performance.getEntriesByName(name).length > 0", arg=until, timeout=300_000, polling=100
                )
            page.wait_for_timeout(3000)  # what the load leaves for later (idle callbacks, the QR code …)
            session.send("Tracing.end")
            while not done:
                page.wait_for_timeout(100)
            return chunks
        finally:
            ctx.close()
    finally:
        shutil.rmtree(directory, ignore_errors=True)


# ----------------------------------------------------------------------------- analysis


def cpu(event: dict[str, Any]) -> float:
    """An event's thread (CPU) time in µs: what the host's load does not stretch (its wall time otherwise)."""
    return float(event.get("tdur", event["dur"]))


Ms = defaultdict[str, float]


def _ms() -> Ms:
    return defaultdict(float)


def _add(into: Ms, values: Ms) -> None:
    for name, ms in values.items():
        into[name] += ms


@dataclass
class Task:
    """One top-level main-thread task; times are thread (CPU) time of this host, in ms."""

    start_ms: float  # from the navigation start (wall clock)
    wall_ms: float
    cpu_ms: float
    kinds: Ms = field(default_factory=_ms)  # kind of work → ms (self time)
    scripts: Ms = field(default_factory=_ms)  # script (file) → ms, sampled
    functions: Ms = field(default_factory=_ms)  # feature or function → ms, sampled
    forced: Ms = field(default_factory=_ms)  # who forced a layout / style recalc → ms
    style_elements: int = 0  # elements whose style was recalculated

    @property
    def mobile_ms(self) -> float:
        """The task on Lighthouse's emulated phone: its CPU time × the slowdown Lighthouse simulates."""
        return self.cpu_ms * CPU_SLOWDOWN

    def ours_ms(self) -> float:
        return sum(ms for name, ms in self.scripts.items() if name.startswith(OURS))

    def as_dict(self) -> dict[str, Any]:
        return {
            "start_ms": round(self.start_ms, 1),
            "wall_ms": round(self.wall_ms, 1),
            "cpu_ms": round(self.cpu_ms, 1),
            "mobile_ms": round(self.mobile_ms, 1),
            "ours_mobile_ms": round(self.ours_ms() * CPU_SLOWDOWN, 1),
            "kinds": _rounded(self.kinds),
            "scripts": _rounded(self.scripts),
            "functions": _rounded(self.functions, 12),
            "forced": _rounded(self.forced),
            "style_elements": self.style_elements,
        }


def _rounded(values: Ms, top: int | None = None) -> dict[str, float]:
    ordered = sorted(values.items(), key=lambda item: -item[1])
    return {k: round(v, 2) for k, v in ordered[:top]}


def _main_thread(events: list[dict[str, Any]], url: str) -> tuple[int, int]:
    """(pid, tid) of the renderer main thread that parsed `url`."""
    names = {
        (e["pid"], e["tid"])
        for e in events
        if e.get("ph") == "M" and e.get("name") == "thread_name" and e["args"].get("name") == "CrRendererMain"
    }
    parsed: Counter[tuple[int, int]] = Counter()
    for e in events:
        if e.get("name") == "ParseHTML" and (e["pid"], e["tid"]) in names:
            page = ((e.get("args") or {}).get("beginData") or {}).get("url", "")
            if page.split("#")[0] == url.split("#", maxsplit=1)[0]:
                parsed[(e["pid"], e["tid"])] += 1
    if not parsed:
        raise RuntimeError(f"no renderer main thread parsed {url}")
    return parsed.most_common(1)[0][0]


def _first_event(events: list[dict[str, Any]], thread: tuple[int, int], name: str) -> float | None:
    times = [float(e["ts"]) for e in events if e.get("name") == name and e["pid"] == thread[0]]
    return min(times) if times else None


@dataclass
class _Profile:
    nodes: dict[int, dict[str, Any]] = field(default_factory=dict)
    times: list[float] = field(default_factory=list)
    samples: list[int] = field(default_factory=list)


def _profile(events: list[dict[str, Any]], thread: tuple[int, int]) -> _Profile:
    """The main thread's CPU profile (samples with their times, in trace microseconds).

    Profile ids are per process, and the chunks come from the profiler's own thread: (pid, id) is the key.
    """
    starts = {
        (e["pid"], e.get("id")): float(e["args"]["data"]["startTime"])
        for e in events
        if e.get("name") == "Profile" and (e["pid"], e["tid"]) == thread
    }
    profile = _Profile()
    clock = dict(starts)
    chunks = sorted(
        (e for e in events if e.get("name") == "ProfileChunk" and (e["pid"], e.get("id")) in starts),
        key=lambda e: e["ts"],
    )
    for e in chunks:
        key = (e["pid"], e.get("id"))
        data = e["args"]["data"]
        cpu = data.get("cpuProfile") or {}
        for node in cpu.get("nodes") or []:
            profile.nodes[node["id"]] = node
        for sample, delta in zip(cpu.get("samples") or [], data.get("timeDeltas") or [], strict=False):
            clock[key] += delta
            profile.samples.append(sample)
            profile.times.append(clock[key])
    order = sorted(range(len(profile.times)), key=profile.times.__getitem__)
    profile.times = [profile.times[i] for i in order]
    profile.samples = [profile.samples[i] for i in order]
    return profile


class Namer:
    """Names for script locations: our files by name, the theme's bundle by its source module."""

    def __init__(self, maps: dict[str, SourceMap]) -> None:
        self.maps = maps

    def script(self, url: str, page_url: str) -> str:
        if not url:
            return "(native)"
        if url.split("#", maxsplit=1)[0] == page_url.split("#", maxsplit=1)[0]:
            return "(inline scripts of the page)"
        path = urlsplit(url).path
        if "/assets/" in path:
            return path.split("/assets/", 1)[1]
        return path.rsplit("/", 1)[-1] or path

    def feature(self, frames: Iterable[dict[str, Any]], page_url: str) -> str:
        """What the sampled work was for: a theme feature, else the leaf's script and function.

        The feature is the nearest frame of the bundle in one of its components/ or integrations/.
        """
        leaf = None
        for frame in frames:
            name = self.function(frame, page_url)
            leaf = leaf or name
            if FEATURE.search(name):
                return name
        return leaf or "(native)"

    def function(self, frame: dict[str, Any], page_url: str) -> str:
        url = frame.get("url") or ""
        script = self.script(url, page_url)
        name = frame.get("functionName") or "(anonymous)"
        line, column = int(frame.get("lineNumber", -1)), int(frame.get("columnNumber", -1))
        for suffix, source_map in self.maps.items():
            if url.endswith(suffix):
                source = source_map.source(line, column)
                return f"{script}: {theme_module(source) if source else '?'}"
        return f"{script}: {name}:{line + 1}"


def _frames(profile: _Profile, node_id: int) -> Iterator[dict[str, Any]]:
    """The sample's stack from the leaf up: the frames that belong to a script."""
    node: dict[str, Any] | None = profile.nodes.get(node_id)
    while node is not None:
        frame = node.get("callFrame") or {}
        if frame.get("url"):
            yield dict(frame)
        node = profile.nodes.get(node.get("parent", -1)) if "parent" in node else _parent(profile, node["id"])


def _frame_with_url(profile: _Profile, node_id: int) -> dict[str, Any] | None:
    return next(_frames(profile, node_id), None)


def _parent(profile: _Profile, node_id: int) -> dict[str, Any] | None:
    for node in profile.nodes.values():
        if node_id in (node.get("children") or []):
            return node
    return None


def _stack(event: dict[str, Any]) -> list[dict[str, Any]]:
    """The JavaScript stack a trace event recorded (leaf first), in the profiler's 0-based numbering."""
    args = event.get("args") or {}
    for key in ("beginData", "data"):
        stack = (args.get(key) or {}).get("stackTrace")
        if stack:
            # Trace stack frames count from 1, the profiler's call frames from 0.
            return [
                {
                    **frame,
                    "lineNumber": int(frame.get("lineNumber", 0)) - 1,
                    "columnNumber": int(frame.get("columnNumber", 0)) - 1,
                }
                for frame in stack
            ]
    return []


def _within(events: list[dict[str, Any]], start: float, end: float) -> Iterator[dict[str, Any]]:
    for e in events:
        if e["ts"] >= end:
            break
        if e["ts"] >= start:
            yield e


def analyse(events: list[dict[str, Any]], url: str, maps: dict[str, SourceMap]) -> dict[str, Any]:
    """Every main-thread task of the load of `url` taken apart; the long ones listed, all of them summed.

    A task is *long* when it would take over 50 ms on Lighthouse's emulated phone (its CPU time × 4).
    The blocking time is Total Blocking Time's sum (the part over 50 ms of each task after the first
    contentful paint), computed the same way from CPU time: an estimate of Lighthouse's figure that
    the host's load does not inflate.
    """
    thread = _main_thread(events, url)
    origin = _first_event(events, thread, "navigationStart") or float(min(e["ts"] for e in events if e.get("ts")))
    fcp = _first_event(events, thread, "firstContentfulPaint")
    namer = Namer(maps)
    mine = sorted(
        (e for e in events if (e["pid"], e["tid"]) == thread and e.get("ph") == "X" and "dur" in e),
        key=lambda e: (e["ts"], -e["dur"]),
    )
    top = [e for e in mine if e["name"] in ("RunTask", "ThreadControllerImpl::RunTask") and e["ts"] >= origin]
    profile = _profile(events, thread)
    tasks: list[Task] = []
    totals = Task(0.0, 0.0, 0.0)
    blocking = 0.0
    for run in _outermost(top):
        task = Task((run["ts"] - origin) / 1000, run["dur"] / 1000, cpu(run) / 1000)
        _take_apart(
            task, run, list(_within(mine, run["ts"], run["ts"] + run["dur"])), profile=profile, namer=namer, url=url
        )
        totals.wall_ms += task.wall_ms
        totals.cpu_ms += task.cpu_ms
        for name in ("kinds", "scripts", "functions", "forced"):
            _add(getattr(totals, name), getattr(task, name))
        totals.style_elements += task.style_elements
        if task.mobile_ms > LONG_TASK_MS:
            tasks.append(task)
            if fcp is not None and run["ts"] >= fcp:
                blocking += task.mobile_ms - LONG_TASK_MS
    return {
        "url": url,
        "cpu_slowdown": CPU_SLOWDOWN,
        "fcp_ms": None if fcp is None else round((fcp - origin) / 1000, 1),
        "long_tasks": [t.as_dict() for t in tasks],
        "total": totals.as_dict(),
        "blocking_mobile_ms": round(blocking, 1),
        "longest_mobile_ms": round(max((t.mobile_ms for t in tasks), default=0.0), 1),
        "longest_ours_mobile_ms": round(max((t.ours_ms() * CPU_SLOWDOWN for t in tasks), default=0.0), 1),
    }


def _outermost(runs: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    end = -1.0
    for run in runs:
        if run["ts"] >= end:
            end = run["ts"] + run["dur"]
            yield run


def _take_apart(
    task: Task, run: dict[str, Any], inside: list[dict[str, Any]], *, profile: _Profile, namer: Namer, url: str
) -> None:
    """CPU self time of each event inside the task by kind; script time by the sampled script and feature."""
    stack: list[tuple[dict[str, Any], float]] = []  # (event, its end)
    self_time: dict[int, float] = {}
    for e in inside:
        if e is run:
            continue
        while stack and e["ts"] >= stack[-1][1]:
            stack.pop()
        if stack:
            parent = stack[-1][0]
            self_time[id(parent)] = self_time.get(id(parent), cpu(parent)) - cpu(e)
        self_time.setdefault(id(e), cpu(e))
        if e["name"] in ("Layout", "UpdateLayoutTree") and any(s[0]["name"] in SCRIPT_EVENTS for s in stack):
            task.forced[_forcer(e, profile, namer, url)] += cpu(e) / 1000
        if e["name"] == "UpdateLayoutTree":
            task.style_elements += int(((e.get("args") or {}).get("elementCount")) or 0)
        stack.append((e, e["ts"] + e["dur"]))
    covered = 0.0
    for e in inside:
        if e is run:
            continue
        kind = KINDS.get(e["name"], "script" if e["name"] in SCRIPT_EVENTS else None)
        if kind is None:
            continue
        ms = max(self_time.get(id(e), cpu(e)), 0) / 1000
        task.kinds[kind] += ms
        covered += ms
    task.kinds["other (task overhead, native)"] += max(task.cpu_ms - covered, 0.0)
    _sample_scripts(task, run, inside, profile=profile, namer=namer, url=url)


def _forcer(event: dict[str, Any], profile: _Profile, namer: Namer, url: str) -> str:
    """Who forced this layout: the event's own stack trace, else the sample taken during it."""
    frames = _stack(event)
    if not frames:
        at = bisect.bisect_left(profile.times, event["ts"])
        if at < len(profile.samples) and profile.times[at] <= event["ts"] + event["dur"]:
            frames = list(_frames(profile, profile.samples[at]))
    return f"{what(event)} ← {namer.feature(frames, url) if frames else '?'}"


def what(event: dict[str, Any]) -> str:
    return "layout" if event["name"] == "Layout" else "style"


def _sample_scripts(
    task: Task, run: dict[str, Any], inside: list[dict[str, Any]], *, profile: _Profile, namer: Namer, url: str
) -> None:
    """Spread the task's script time over scripts and features, in proportion to the samples."""
    script_ms = task.kinds.get("script", 0.0) + task.kinds.get("script compile", 0.0)
    if not script_ms or not profile.times:
        return
    lo = bisect.bisect_left(profile.times, run["ts"])
    hi = bisect.bisect_right(profile.times, run["ts"] + run["dur"])
    busy = _busy_spans(inside)
    scripts: Counter[str] = Counter()
    functions: Counter[str] = Counter()
    for i in range(lo, hi):
        if _inside(busy, profile.times[i]):
            continue  # a layout, style or parse the sample's JS frame only waited for
        frames = list(_frames(profile, profile.samples[i]))
        if not frames:
            continue
        scripts[namer.script(frames[0].get("url", ""), url)] += 1
        functions[namer.feature(frames, url)] += 1
    count = sum(scripts.values())
    if not count:
        return
    for name, n in scripts.items():
        task.scripts[name] += script_ms * n / count
    for name, n in functions.items():
        task.functions[name] += script_ms * n / count


def _busy_spans(inside: Iterable[dict[str, Any]]) -> list[tuple[float, float]]:
    return sorted(
        (e["ts"], e["ts"] + e["dur"])
        for e in inside
        if KINDS.get(e["name"]) in ("layout", "style recalculation", "parse HTML", "parse CSS", "paint")
    )


def _inside(spans: list[tuple[float, float]], t: float) -> bool:
    at = bisect.bisect_right(spans, (t, float("inf"))) - 1
    return at >= 0 and spans[at][0] <= t <= spans[at][1]


# ----------------------------------------------------------------------------- report


def source_maps(site: Path) -> dict[str, SourceMap]:
    """The theme's bundle's source map, keyed by the bundle's path suffix."""
    maps: dict[str, SourceMap] = {}
    for bundle in sorted((site / "assets" / "javascripts").glob("bundle.*.min.js")):
        map_file = bundle.with_name(bundle.name + ".map")
        if map_file.is_file():
            maps["/assets/javascripts/" + bundle.name] = SourceMap.parse(json.loads(map_file.read_text("utf-8")))
    return maps


def markdown(result: dict[str, Any], label: str) -> list[str]:
    """A table of the long tasks of one trace, and a last row with every task of the load summed."""
    slow = result["cpu_slowdown"]
    lines = [
        f"### {label}",
        "",
        f"CPU time on this host × {slow} (Lighthouse's mobile slowdown): {len(result['long_tasks'])} tasks over "
        f"{LONG_TASK_MS:.0f} ms, the longest {result['longest_mobile_ms']:.0f} ms; blocking time after the first "
        f"contentful paint {result['blocking_mobile_ms']:.0f} ms; longest script of ours in one task "
        f"{result['longest_ours_mobile_ms']:.0f} ms; every task of the load: "
        f"{result['total']['cpu_ms'] * slow:.0f} ms. The cells are this host's CPU ms (× {slow} for the phone).",
        "",
        "| task: start (wall), on the phone | by kind | script by file | theme feature / our function |"
        " forced layout / style |",
        "|---|---|---|---|---|",
    ]

    def cell(values: dict[str, float], top: int = 6) -> str:
        items = [(k, v) for k, v in values.items() if v >= 0.5][:top]
        return "<br>".join(f"{k} {v:.0f}" for k, v in items) or "–"

    for task in [*result["long_tasks"], {**result["total"], "start_ms": None}]:
        when = "**all tasks**" if task["start_ms"] is None else f"{task['start_ms']:.0f} ms: {task['mobile_ms']:.0f} ms"
        kinds = cell(task["kinds"], 8)
        if task["style_elements"]:
            kinds += f"<br>({task['style_elements']} elements restyled)"
        row = [when, kinds, cell(task["scripts"]), cell(task["functions"], 10), cell(task["forced"])]
        lines.append("| " + " | ".join(row) + " |")
    lines.append("")
    return lines


def group_sum(results: list[dict[str, Any]], key: str) -> dict[str, float]:
    """Median-free sum of a breakdown over several traces (for the share of each part)."""
    total: defaultdict[str, float] = defaultdict(float)
    for result in results:
        for name, ms in result["total"][key].items():
            total[name] += ms
    return dict(sorted(total.items(), key=lambda item: -item[1]))
