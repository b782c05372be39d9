"""Runs inside Pyodide (see run.mjs): pytest on tests/unit, against the installed calculator wheel.

run.mjs sets the globals PROJECT (project directory in the in-memory file system), PYTEST_ARGS
(extra pytest arguments) and COLOR, and reads back RESULT = ``(exit_code, passed_count)``.
"""

import os
import sys
from pathlib import Path

import pytest

# Set by run.mjs (pyodide.globals.set) before this file runs.
PROJECT: str = globals()["PROJECT"]
PYTEST_ARGS: list[str] = list(globals()["PYTEST_ARGS"])
COLOR: bool = bool(globals()["COLOR"])

os.chdir(PROJECT)
sys.dont_write_bytecode = True


class _PyodidePlugin:
    """Hypothesis without an example database or deadlines and with fewer examples (Pyodide is slower); counts passes."""

    def __init__(self) -> None:
        self.passed = 0

    @pytest.hookimpl(tryfirst=True)
    def pytest_load_initial_conftests(self) -> None:
        # Imported here, after pytest has set up assertion rewriting for its plugins.
        from hypothesis import settings

        # A quarter of Hypothesis's 100 default examples, as tests/unit/budget.py does for the explicit counts.
        settings.register_profile("pyodide", database=None, deadline=None, max_examples=25)
        settings.load_profile("pyodide")

    def pytest_report_header(self) -> list[str]:
        import calculator

        origin = Path(calculator.__file__).parent
        if Path(PROJECT) in origin.parents:
            raise RuntimeError(f"calculator imported from the test tree ({origin}), not from the wheel")
        return [f"calculator: {origin} (installed wheel)"]

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when == "call" and report.passed:
            self.passed += 1


_plugin = _PyodidePlugin()
_args = ["-p", "no:cacheprovider", f"--color={'yes' if COLOR else 'no'}", *PYTEST_ARGS]
if not any(arg.startswith("tests/unit") for arg in PYTEST_ARGS):
    _args.append("tests/unit")
RESULT = (int(pytest.main(_args, plugins=[_plugin])), _plugin.passed)
