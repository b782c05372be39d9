"""How many examples a property test tries: all of them under CPython, a quarter inside Pyodide.

Inside Pyodide (tests/pyodide/run.mjs) the same properties run again on the wheel the site ships,
to catch what differs on that platform (floats, wasm, the packaged data); a quarter of the examples
finds such a difference as surely as all of them would, in a quarter of the suite's time.
"""

from __future__ import annotations

import sys

__all__ = ["IN_PYODIDE", "examples"]

IN_PYODIDE = sys.platform == "emscripten"


def examples(n: int) -> int:
    """The number of examples for a property that tries `n` under CPython."""
    return max(10, n // 4) if IN_PYODIDE else n
