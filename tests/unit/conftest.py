"""The unit tests run twice: under CPython, and inside Pyodide (tests/pyodide/run.mjs) with the wheel the site ships."""

from __future__ import annotations

import sys

# The browser's wheel leaves out the build-time modules (calculator/_page*.py, hooks/wheels.py), so
# their tests run under CPython only.
collect_ignore = ["test_page.py"] if sys.platform == "emscripten" else []
