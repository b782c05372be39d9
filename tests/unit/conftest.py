"""The unit tests run twice: under CPython, and inside Pyodide (tests/pyodide/run.mjs) with the wheel the site ships."""

from __future__ import annotations

import sys

from hypothesis import settings

# The browser's wheel leaves out the build-time modules (calculator/_page*.py, hooks/wheels.py), so
# their tests run under CPython only.
collect_ignore = ["test_page.py"] if sys.platform == "emscripten" else []

# No per-example deadline under CPython either (inside Pyodide, tests/pyodide/pyodide_main.py loads
# its own profile): a busy CI host can pause one example past Hypothesis's 200 ms, which says
# nothing about the property.
if sys.platform != "emscripten":
    settings.register_profile("unit", deadline=None)
    settings.load_profile("unit")
