"""One Lighthouse run (bench/package.json: lighthouse 12, performance only, its default mobile emulation).

Besides the score and metrics, a run keeps what Lighthouse itself attributes: its long tasks (with
the script each is blamed on), the script boot-up time per URL and the main-thread work by kind, and
its ``benchmarkIndex`` of the host, the yardstick for comparing runs on differently loaded machines.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from harness.chromium import CHROMIUM, CHROMIUM_ARGS
from harness.site import ROOT

__all__ = ["LIGHTHOUSE", "METRICS", "run_once", "short_url"]

LIGHTHOUSE = ROOT / "bench" / "node_modules" / "lighthouse" / "cli" / "index.js"
METRICS = (
    "first-contentful-paint",
    "largest-contentful-paint",
    "total-blocking-time",
    "cumulative-layout-shift",
    "speed-index",
    "max-potential-fid",
)


def short_url(url: str, page_url: str = "") -> str:
    """A script's URL as a report shows it: the path under assets/, or what it is."""
    if not url or url == "Unattributable":
        return "(unattributable)"
    if page_url and url.split("#", maxsplit=1)[0] == page_url.split("#", maxsplit=1)[0]:
        return "(the page: HTML, inline scripts)"
    path = urlsplit(url).path
    return path.split("/assets/", 1)[1] if "/assets/" in path else path


def _items(audits: dict[str, Any], key: str) -> list[dict[str, Any]]:
    return list(((audits.get(key) or {}).get("details") or {}).get("items") or [])


def run_once(url: str, out: Path, *, timeout: float = 300) -> dict[str, Any]:
    """Lighthouse on `url` once; {"error": …} when it could not run."""
    if not LIGHTHOUSE.is_file():
        return {"error": "lighthouse is not installed (bash bench/run installs it into bench/node_modules)"}
    cmd = [
        "node",
        str(LIGHTHOUSE),
        url,
        "--only-categories=performance",
        "--output=json",
        f"--output-path={out}",
        "--quiet",
        "--chrome-flags=" + " ".join(["--headless=new", *CHROMIUM_ARGS]),
    ]
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    try:
        result = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return {"error": f"lighthouse took over {timeout:.0f} s"}
    if result.returncode != 0 or not out.is_file():
        return {"error": (result.stderr or result.stdout)[-1500:]}
    report = json.loads(out.read_text("utf-8"))
    audits = report["audits"]
    final = report.get("finalDisplayedUrl") or url
    return {
        "score": float(report["categories"]["performance"]["score"] or 0) * 100,
        "benchmark_index": (report.get("environment") or {}).get("benchmarkIndex"),
        "lighthouse": report.get("lighthouseVersion"),
        **{key: audits[key].get("numericValue") for key in METRICS if key in audits},
        "dom_size": (audits.get("dom-size") or {}).get("numericValue"),
        "long_tasks": [
            {"script": short_url(i.get("url", ""), final), "start_ms": i.get("startTime"), "ms": i.get("duration")}
            for i in _items(audits, "long-tasks")
        ],
        "bootup": {
            short_url(i.get("url", ""), final): {
                "total": i.get("total"),
                "scripting": i.get("scripting"),
                "parse_compile": i.get("scriptParseCompile"),
            }
            for i in _items(audits, "bootup-time")
        },
        "mainthread": {i.get("group", "?"): i.get("duration") for i in _items(audits, "mainthread-work-breakdown")},
    }
