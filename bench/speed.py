"""Main-thread cost of the pages on a slow phone: variants measured against each other in one run (issue 15).

``.venv/bin/python -m bench.speed`` builds the site (or takes ``--site``), makes the variants
(bench/variants.py: the site as built, the *anchor* with none of our JavaScript and CSS, the theme
without one feature or another, and optionally the site built from another commit with
``--baseline REV``), and then, round after round so that every variant sees the same machine load,
runs Lighthouse (mobile, simulated throttling) on the calculator page and a docs page of each.
With ``--traces N`` it also records N Chrome traces of a cold load per page of the site as built and
of the anchor and takes every long task apart (bench/attribution.py).

Writes ``bench/results/<date>-speed.json`` and ``.md``: medians (min–max) per variant and page, the
ratio of each variant's Total Blocking Time to the site's, Lighthouse's own attribution (long tasks
by script, boot-up time by script, main-thread work by kind) and the host's ``benchmarkIndex``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

from bench import attribution, variants
from bench import run as bench_run
from bench.lighthouse import run_once
from bench.run import RESULTS, build, machine, serving
from bench.servers import available
from harness.chromium import CHROMIUM, CHROMIUM_ARGS
from harness.site import ROOT, free_port

CALCULATOR = "calculator/score/"
DOCS = "scoring/"
PAGES = (DOCS, CALCULATOR)
OURS_PREFIX = "calculator/"  # our scripts, as lighthouse.short_url names them
# The theme's features the issue names (navigation.instant stays: it keeps the worker alive).
THEME_LEVERS = (
    "content.tooltips",
    "navigation.tracking",
    "toc.follow",
    "search.suggest",
    "navigation.instant.progress",
    "search.highlight",
    "navigation.top",
)


@dataclass(frozen=True)
class Variant:
    name: str
    what: str
    source: str  # the build it is made from: "site" or "baseline"
    rewrite: Callable[[str], str] | None = None
    css: str = ""  # a stylesheet the variant's pages load after the others


# Below the fold, the browser may skip rendering until it is scrolled near (content-visibility: auto):
# the docs page's blocks after the first few, the calculator's result and share section on a phone
# (below the form there), and the footer.
CONTENT_VISIBILITY_CSS = """
.md-content__inner > :not(h1, h2, h3, h4, .gbt-calc):nth-child(n + 8),
.md-footer {
  content-visibility: auto;
  contain-intrinsic-size: auto 12em;
}
@media screen and (max-width: 59.99em) {
  .gbt-calc__result {
    content-visibility: auto;
    contain-intrinsic-size: auto 60em;
  }
}
"""


def variants_for(args: argparse.Namespace) -> list[Variant]:
    out = [Variant("site", "the site as built", "site")]
    if args.baseline:
        out.append(Variant("baseline", f"the site built from {args.baseline}", "baseline"))
    out.append(
        Variant("anchor", "the same theme and content, none of our JavaScript and CSS", "site", variants.anchor_html)
    )
    wanted = [f for f in THEME_LEVERS if not args.features or f in args.features]
    for feature in wanted:
        out.append(
            Variant(f"-{feature}", f"without the theme's {feature}", "site", variants.without_features([feature]))
        )
    if args.content_visibility:
        out.append(
            Variant(
                "content-visibility",
                "content-visibility: auto below the fold",
                "site",
                css=CONTENT_VISIBILITY_CSS,
            )
        )
    if len(wanted) > 1 and not args.no_combined:
        out.append(
            Variant(
                "-all above",
                "without all the features above",
                "site",
                variants.without_features(wanted),
            )
        )
    return out


# ----------------------------------------------------------------------------- statistics


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def spread(values: list[float]) -> dict[str, Any]:
    vals = sorted(values)
    return {"median": median(vals), "min": vals[0] if vals else None, "max": vals[-1] if vals else None, "n": len(vals)}


def longest(run: dict[str, Any], *, ours: bool = False) -> float:
    tasks = [t for t in run.get("long_tasks", []) if not ours or str(t["script"]).startswith(OURS_PREFIX)]
    return max((float(t["ms"] or 0) for t in tasks), default=0.0)


def summarize(runs: list[dict[str, Any]]) -> dict[str, Any]:
    ok = [r for r in runs if "error" not in r]
    out: dict[str, Any] = {"runs": runs, "errors": len(runs) - len(ok)}
    for key in (
        "score",
        "total-blocking-time",
        "largest-contentful-paint",
        "first-contentful-paint",
        "benchmark_index",
    ):
        out[key] = spread([float(r[key]) for r in ok if r.get(key) is not None])
    out["longest_task"] = spread([longest(r) for r in ok])
    out["longest_task_ours"] = spread([longest(r, ours=True) for r in ok])
    groups: defaultdict[str, list[float]] = defaultdict(list)
    scripts: defaultdict[str, list[float]] = defaultdict(list)
    for r in ok:
        for group, ms in r["mainthread"].items():
            groups[group].append(float(ms or 0))
        for script, times in r["bootup"].items():
            scripts[script].append(float(times["total"] or 0))
    out["mainthread"] = {g: median(v) for g, v in sorted(groups.items(), key=lambda kv: -(median(kv[1]) or 0))}
    out["bootup"] = {s: median(v) for s, v in sorted(scripts.items(), key=lambda kv: -(median(kv[1]) or 0))}
    return out


# ----------------------------------------------------------------------------- running


def build_source(rev: str, tmp: Path) -> Path:
    """The repository's tree at `rev`, extracted (its mkdocs.yml builds it with this environment's plugins)."""
    dest = tmp / f"src-{rev}"
    dest.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", rev], cwd=ROOT, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    return dest


def build_into(tmp: Path, name: str, config: Path | None = None) -> Path:
    site = tmp / name
    port = free_port()
    env = {"GBT27922_PRECOMPRESS_CACHE": str(ROOT / ".cache" / "precompress")} if config else None
    from harness.site import build_site  # noqa: PLC0415 (bench.run.build has no config argument)

    t = time.monotonic()
    result = build_site(site, port, env={**(env or {}), "GBT27922_BROTLI_QUALITY": "11"}, config=config)
    if result.returncode != 0:
        raise SystemExit(f"bench.speed: the build of {name} failed:\n{result.stderr[-4000:]}")
    print(f"[speed] built {name} in {time.monotonic() - t:.0f} s", flush=True)
    (site / ".bench-port").write_text(str(port))
    return site


def prepare(args: argparse.Namespace, tmp: Path, chosen: list[Variant]) -> dict[str, Path]:
    """Build what is needed and write every variant's site; returns variant name → served directory."""
    sources: dict[str, Path] = {}
    if args.site:
        sources["site"] = args.site
    else:
        site = tmp / "site"
        port = free_port()
        seconds = build(site, port)
        (site / ".bench-port").write_text(str(port))
        print(f"[speed] built the site in {seconds:.0f} s", flush=True)
        sources["site"] = site
    if args.baseline:
        source = build_source(args.baseline, tmp)
        sources["baseline"] = build_into(tmp, "baseline", source / "mkdocs.yml")
    out: dict[str, Path] = {}
    for variant in chosen:
        if variant.rewrite is None and not variant.css:
            out[variant.name] = sources[variant.source]
            continue
        copy = variants.copy_site(sources[variant.source], tmp / f"variant-{len(out)}")
        if variant.rewrite is not None:
            variants.rewrite_pages(copy, PAGES, variant.rewrite)
        if variant.css:
            (copy / "assets" / "bench-variant.css").write_text(variant.css, "utf-8")
            for page in PAGES:
                variants.rewrite_pages(
                    copy, [page], variants.with_stylesheet("../" * page.count("/") + "assets/bench-variant.css")
                )
        out[variant.name] = copy
    return out


def lighthouse_rounds(args: argparse.Namespace, sites: dict[str, Path], tmp: Path) -> dict[str, dict[str, list[Any]]]:
    """Every variant and page once per round, variants in turn (the same load for all)."""
    kind = available(args.server)
    runs: dict[str, dict[str, list[Any]]] = {name: {page: [] for page in PAGES} for name in sites}
    for round_ in range(args.runs):
        for name, site in sites.items():
            with serving(site, kind) as (_server, _proxy, base):
                for page in PAGES:
                    run = run_once(base + page, tmp / "lh.json")
                    runs[name][page].append(run)
                    shown = (
                        "ERROR" if "error" in run else f"{run['score']:.0f}, TBT {run['total-blocking-time']:.0f} ms"
                    )
                    print(f"[speed] {round_ + 1}/{args.runs} {name} {page}: {shown}", flush=True)
    return runs


def traces(args: argparse.Namespace, sites: dict[str, Path], dump: Path) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """Chrome traces of cold loads, every task taken apart (bench/attribution.py), variants in turn.

    Each result is appended to `dump` (JSON lines) as soon as it is there, so that an interrupted
    run keeps what it measured.
    """
    kind = available(args.server)
    out: dict[str, dict[str, list[dict[str, Any]]]] = {name: {page: [] for page in PAGES} for name in sites}
    maps = {name: attribution.source_maps(site) for name, site in sites.items()}
    with sync_playwright() as p:
        for i in range(args.traces):
            for name, site in sites.items():
                with serving(site, kind) as (_server, _proxy, base):
                    for page in PAGES:
                        until = "gbt:first-result" if page == CALCULATOR and name != "anchor" else None
                        try:
                            events = attribution.record(p, CHROMIUM, CHROMIUM_ARGS, base + page, until=until)
                            result = attribution.analyse(events, base + page, maps[name])
                        except (PlaywrightError, RuntimeError) as exc:  # recorded; the run goes on
                            result = {"error": str(exc).splitlines()[0][:300]}
                        out[name][page].append(result)
                        with dump.open("a", encoding="utf-8") as f:
                            f.write(json.dumps({"variant": name, "page": page, "trace": i, **result}) + "\n")
                        shown = result.get("error") or (
                            f"all tasks {result['total']['mobile_ms']:.0f} ms, longest {result['longest_mobile_ms']:.0f} ms, "
                            f"blocking {result['blocking_mobile_ms']:.0f} ms"
                        )
                        print(f"[speed] trace {i + 1}/{args.traces} {name} {page}: {shown}", flush=True)
    return out


def recompute_rounds(args: argparse.Namespace, sites: dict[str, Path], tmp: Path) -> dict[str, dict[str, Any]]:
    """Recompute latency while typing (bench/run.py: recompute) on each calculator page of RECOMPUTE.

    The site and the baseline in turn; keyed "<variant> <tool>" ("site score", "baseline plan").
    """
    kind = available(args.server)
    keys = [(n, tool) for tool in bench_run.RECOMPUTE for n in ("site", "baseline") if n in sites]
    latencies: dict[tuple[str, str], list[float]] = {k: [] for k in keys}
    typing: dict[tuple[str, str], list[float]] = {k: [] for k in keys}
    with sync_playwright() as p:
        for i in range(args.recompute_rounds):
            for name, tool in keys:
                with serving(sites[name], kind) as (_server, proxy, base):
                    bench = bench_run.Bench(p, proxy, base, tmp)
                    result = bench_run.recompute(bench, args.recompute, bench_run.RECOMPUTE[tool])
                latencies[name, tool] += [float(x) for x in result.pop("latencies")]
                typing[name, tool].append(float(result["longest_task_while_typing_ms"]))
                lat = result["latency_ms"]
                print(
                    f"[speed] recompute {i + 1}/{args.recompute_rounds} {name} {tool}: median {lat['median']:.1f} ms, "
                    f"p95 {lat.get('p95', 0):.1f} ms",
                    flush=True,
                )
    return {
        f"{name} {tool}": {
            "latency_ms": bench_run.summary(latencies[name, tool]),
            "longest_task_while_typing_ms": spread(typing[name, tool]),
        }
        for name, tool in keys
    }


TRACE_MEASURES: dict[str, Callable[[dict[str, Any]], float]] = {
    "all tasks": lambda r: r["total"]["mobile_ms"],
    "blocking": lambda r: r["blocking_mobile_ms"],
    "longest task": lambda r: r["longest_mobile_ms"],
    "longest of ours in a task": lambda r: r["longest_ours_mobile_ms"],
    "ours, all tasks": lambda r: r["total"]["ours_mobile_ms"],
    "style + layout": lambda r: (
        attribution.CPU_SLOWDOWN
        * (r["total"]["kinds"].get("style recalculation", 0) + r["total"]["kinds"].get("layout", 0))
    ),
    "script": lambda r: (
        attribution.CPU_SLOWDOWN * (r["total"]["kinds"].get("script", 0) + r["total"]["kinds"].get("script compile", 0))
    ),
}


def trace_summary(results: list[dict[str, Any]]) -> dict[str, Any]:
    ok = [r for r in results if "error" not in r]
    return {name: spread([float(measure(r)) for r in ok]) for name, measure in TRACE_MEASURES.items()}


# ----------------------------------------------------------------------------- report


def fmt(s: dict[str, Any], unit: str = "", digits: int = 0) -> str:
    if not s or s.get("median") is None:
        return "–"
    return f"{s['median']:.{digits}f}{unit} ({s['min']:.{digits}f}–{s['max']:.{digits}f})"


def markdown(report: dict[str, Any]) -> str:
    m = report["machine"]
    index = [
        float(r["benchmark_index"])
        for pages in report["lighthouse"].values()
        for runs in pages.values()
        for r in runs["runs"]
        if r.get("benchmark_index")
    ]
    lines = [
        f"# Main thread on a slow phone — {report['date']}",
        "",
        f"Machine: {m['nproc']} cores ({m['cpu']}), {m['memory_gib']} GiB; {m['chromium']}; commit {m['commit']}. "
        f"Load average at start {', '.join(f'{x:.1f}' for x in m['load_average_start'])}, at end "
        f"{', '.join(f'{x:.1f}' for x in m.get('load_average_end', ()))}.",
        "",
    ]
    if index:
        lines += [
            f"Lighthouse benchmarkIndex of this host during the run: median {median(index) or 0:.0f} "
            f"({min(index):.0f}–{max(index):.0f}) over {len(index)} Lighthouse runs (higher is faster).",
            "",
            f"Lighthouse {report.get('lighthouse_version', '12')}, performance only, mobile emulation with simulated "
            f"throttling (4× CPU). Median (min–max) of {report['runs']} rounds; in each round every variant ran once, "
            "in turn. *TBT ratio*: the variant's median TBT ÷ the site's, same page.",
            "",
        ]
    for name, rec in (report.get("recompute") or {}).items():
        lat = rec["latency_ms"]
        lines += [
            f"Recompute while typing, {name}: {lat['n']} changes (input event → new result in the DOM), median "
            f"{lat['median']:.1f} ms, p95 {lat.get('p95', 0):.1f} ms, max {lat['max']:.1f} ms; longest task while typing "
            f"{fmt(rec['longest_task_while_typing_ms'], ' ms')} (wall time, this host).",
            "",
        ]
    lines += _trace_tables(report)
    for page in PAGES if report["lighthouse"] else ():
        site_tbt = report["lighthouse"]["site"][page]["total-blocking-time"]["median"] or 0
        lines += [
            f"## /{page}",
            "",
            "| variant | score | TBT | TBT ratio | longest task | longest task of ours | LCP |",
            "|---|---|---|---|---|---|---|",
        ]
        for variant in report["variants"]:
            s = report["lighthouse"][variant["name"]][page]
            tbt = s["total-blocking-time"]["median"]
            ratio = "–" if tbt is None or not site_tbt else f"{tbt / site_tbt:.2f}"
            lines.append(
                f"| {variant['name']} ({variant['what']}) | {fmt(s['score'])} | {fmt(s['total-blocking-time'], ' ms')} | "
                f"{ratio} | {fmt(s['longest_task'], ' ms')} | {fmt(s['longest_task_ours'], ' ms')} | "
                f"{fmt(s['largest-contentful-paint'] and _seconds(s['largest-contentful-paint']), ' s', 2)} |"
            )
        lines += ["", "Lighthouse's attribution (medians, ms of the emulated phone): the site, then the anchor.", ""]
        for name in ("site", "anchor", "baseline"):
            if name not in report["lighthouse"]:
                continue
            s = report["lighthouse"][name][page]
            work = ", ".join(f"{g} {ms:.0f}" for g, ms in s["mainthread"].items() if ms)
            boot = ", ".join(f"{u} {ms:.0f}" for u, ms in s["bootup"].items() if ms)
            tasks = _long_tasks(s["runs"])
            lines += [
                f"- **{name}**: main-thread work by kind: {work or '–'}.",
                f"  Script boot-up by URL: {boot or '–'}.",
                f"  Long tasks of the first run by script: {tasks}.",
            ]
        lines.append("")
    for name, pages in (report.get("traces") or {}).items():
        if name not in ("site", "anchor", "baseline"):
            continue
        lines += [f"## Chrome traces, task by task: {name}", ""]
        for page, results in pages.items():
            for i, result in enumerate(results):
                if "error" not in result:
                    lines += attribution.markdown(result, f"/{page} ({name}, trace {i + 1})")
    return "\n".join(lines) + "\n"


def _trace_tables(report: dict[str, Any]) -> list[str]:
    """Per page: every variant's trace figures (CPU ms of this host × 4), and their ratio to the site's."""
    summary = report.get("trace_summary")
    if not summary:
        return []
    lines = [
        "## Chrome traces: the main thread's CPU time × 4 (Lighthouse's phone), every variant",
        "",
        f"Cold loads on a fresh profile, Lighthouse's mobile screen, no throttling in the browser; each "
        f"task's CPU time on this host × {attribution.CPU_SLOWDOWN} (Lighthouse's simulated slowdown), which the "
        "other work on a shared host stretches far less than wall time. *Blocking*: the sum over tasks after "
        "the first contentful paint of their part above 50 ms (Total Blocking Time, estimated). Median "
        "(min–max) of the trace rounds; *×*: the variant's median ÷ the site's.",
        "",
    ]
    for page in PAGES:
        base = summary["site"][page]
        lines += [
            f"### /{page}",
            "",
            "| variant | " + " | ".join(TRACE_MEASURES) + " |",
            "|---|" + "---|" * len(TRACE_MEASURES),
        ]
        for variant in report["variants"]:
            s = summary[variant["name"]][page]
            cells = []
            for measure in TRACE_MEASURES:
                value, ref = s[measure].get("median"), base[measure].get("median")
                ratio = f" ×{value / ref:.2f}" if value is not None and ref and variant["name"] != "site" else ""
                cells.append(fmt(s[measure], " ms") + ratio)
            lines.append(f"| {variant['name']} | " + " | ".join(cells) + " |")
        lines.append("")
    return lines


def _seconds(s: dict[str, Any]) -> dict[str, Any]:
    return {k: (v / 1000 if isinstance(v, float) and k != "n" else v) for k, v in s.items()}


def _long_tasks(runs: list[dict[str, Any]]) -> str:
    ok = [r for r in runs if "error" not in r]
    if not ok:
        return "–"
    tasks = sorted(ok[0]["long_tasks"], key=lambda t: -float(t["ms"] or 0))
    return ", ".join(f"{t['script']} {float(t['ms'] or 0):.0f}" for t in tasks) or "none"


def report_from_dump(dump: Path, machine_info: dict[str, Any]) -> dict[str, Any]:
    """A report (traces only) from the JSON lines of a run that was stopped before its Lighthouse rounds."""
    found: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for line in dump.read_text("utf-8").splitlines():
        entry = json.loads(line)
        name, page = entry.pop("variant"), entry.pop("page")
        entry.pop("trace", None)
        found.setdefault(name, {p: [] for p in PAGES})[page].append(entry)
    return {
        "date": dt.datetime.fromtimestamp(dump.stat().st_mtime, dt.UTC).isoformat(timespec="seconds"),
        "machine": machine_info,
        "runs": 0,
        "variants": [{"name": name, "what": name} for name in found],
        "traces": found,
        "trace_summary": {
            name: {page: trace_summary(results) for page, results in pages.items()} for name, pages in found.items()
        },
        "lighthouse": {},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Main-thread cost of variants of the pages (bench/README.md).")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse rounds (default 3; 0: none)")
    parser.add_argument("--traces", type=int, default=0, help="Chrome trace rounds (every variant and page)")
    parser.add_argument("--site", type=Path, help="a site built by bench (with .bench-port) instead of building")
    parser.add_argument("--baseline", help="also build the site from this git revision, as variant 'baseline'")
    parser.add_argument("--features", nargs="*", help="only these of the theme's features as variants")
    parser.add_argument("--no-features", action="store_true", help="no theme-feature variants")
    parser.add_argument("--no-combined", action="store_true", help="no variant without all the features at once")
    parser.add_argument("--content-visibility", action="store_true", help="a variant with content-visibility: auto")
    parser.add_argument("--server", choices=("auto", "nginx", "dev"), default="auto")
    parser.add_argument("--label", default="speed", help="file name suffix of the results")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--recompute", type=int, default=0, help="changes per recompute round (site, baseline)")
    parser.add_argument("--recompute-rounds", type=int, default=2)
    parser.add_argument("--from-dump", type=Path, help="only write the report of a run's -traces.jsonl")
    args = parser.parse_args(argv)
    if args.from_dump:
        dumped = report_from_dump(args.from_dump, {**machine(), "load_average_end": os.getloadavg()})
        args.from_dump.with_suffix(".md").write_text(markdown(dumped), "utf-8")
        print(f"[speed] wrote {args.from_dump.with_suffix('.md')}", flush=True)
        return 0
    if args.no_features:
        args.features = ["(none)"]
    chosen = variants_for(args)
    tmp = Path(tempfile.mkdtemp(prefix="gbt27922-speed-"))
    started = time.monotonic()
    stem = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d-%H%M") + f"-{args.label}"
    report: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "runs": args.runs,
        "variants": [{"name": v.name, "what": v.what} for v in chosen],
    }
    try:
        sites = prepare(args, tmp, chosen)
        if args.traces:
            args.out.mkdir(parents=True, exist_ok=True)
            report["traces"] = traces(args, sites, args.out / f"{stem}-traces.jsonl")
            report["trace_summary"] = {
                name: {page: trace_summary(results) for page, results in pages.items()}
                for name, pages in report["traces"].items()
            }
        if args.recompute:
            report["recompute"] = recompute_rounds(args, sites, tmp)
        runs = lighthouse_rounds(args, sites, tmp) if args.runs else {}
        report["lighthouse"] = {name: {page: summarize(r) for page, r in pages.items()} for name, pages in runs.items()}
        report["lighthouse_version"] = next(
            (
                r.get("lighthouse")
                for pages in runs.values()
                for rs in pages.values()
                for r in rs
                if r.get("lighthouse")
            ),
            None,
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    report["machine"]["load_average_end"] = os.getloadavg()
    report["duration_s"] = time.monotonic() - started
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"{stem}.json").write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", "utf-8")
    text = markdown(report)
    (args.out / f"{stem}.md").write_text(text, "utf-8")
    print(text)
    print(f"[speed] wrote {args.out / stem}.json and .md in {report['duration_s'] / 60:.1f} min", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
