"""The trimmed standard library the site ships is enough for the calculator: proven inside Pyodide.

``node tests/pyodide/run.mjs --stdlib=ZIP`` starts Pyodide with the built zip as its whole standard
library, installs the calculator and segno the way the worker does, answers every kind of request
the page sends (tests/pyodide/entry_points.py) with nothing else available, then runs the unit
tests with Pyodide's full zip as a fallback for pytest and hypothesis only, and fails if code of
the calculator or segno imported anything from that fallback (tests/pyodide/import_watch.py).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from calculator._tools import TOOLS
from harness.site import ROOT
from hooks.runtime_cache import runtime_zips, stdlib_modules

pytestmark = pytest.mark.build

PYODIDE = ROOT / "node_modules" / "pyodide"


def test_the_list_is_derived_and_complete() -> None:
    modules = stdlib_modules()
    assert modules == sorted(set(modules)), "hooks/calculator_stdlib.txt is written sorted, without repeats"
    # What the calculator imports at the top of its modules, and Pyodide's start-up.
    for name in ("json", "decimal", "fractions", "tomllib", "dataclasses", "html", "re", "_pyodide._base", "pyodide"):
        assert name in modules, name
    assert "argparse" not in modules  # the command line never runs in the browser
    header = (ROOT / "hooks" / "calculator_stdlib.txt").read_text("utf-8").splitlines()[:4]
    assert any("--derive-stdlib" in line for line in header)


def test_the_calculator_runs_on_the_trimmed_stdlib_in_pyodide(tmp_path: Path) -> None:
    node = shutil.which("node")
    assert node, "Node.js is needed (see README.md)"
    python = json.loads((PYODIDE / "pyodide-lock.json").read_text("utf-8"))["info"]["python"]
    source = (PYODIDE / "python_stdlib.zip").read_bytes()
    stdlib = runtime_zips(
        cache=tmp_path / "cache", python=python, stdlib_source=source, app_source=None, bytecode=True
    ).stdlib
    assert stdlib is not None
    zip_path = tmp_path / "python_stdlib.zip"
    zip_path.write_bytes(stdlib)
    result = subprocess.run(
        [node, "tests/pyodide/run.mjs", f"--stdlib={zip_path}", "-q"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )
    out = result.stdout + result.stderr
    assert result.returncode == 0, out[-6000:]
    answered = re.search(r"entry points on the trimmed standard library alone: (\d+) requests answered", out)
    assert answered, out[-6000:]
    assert int(answered.group(1)) >= 3 * len(TOOLS)  # every tool: its example, its link state there and back
    assert "all came from the trimmed standard library" in out
