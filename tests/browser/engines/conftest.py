"""Fixtures for the Firefox and WebKit tests: the same site as the Chromium tests, other engines.

The site is tests/browser/conftest.py's ``served_site`` (built once, nginx with deploy/nginx/, CSP
reports collected: its ``no_csp_violations`` check runs after every test here too). Each engine
runs with every proxy pointed at the off-origin guard (harness/engines/guard.py): a test fails when anything
reached it. The tests share one browser per engine (``engine``); ``launch`` starts another, fresh one.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Generator, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from harness.engines.engine import Engine
from harness.engines.firefox import Firefox
from harness.engines.guard import OffOrigin, off_origin_guard
from harness.engines.webkit import WebKit
from harness.engines.xvfb import VirtualDisplay, xvfb_display
from tests.browser.conftest import ServedSite
from tests.browser.engines.person import Person

# Env ENGINE_TESTS=firefox (or webkit) runs one engine only, e.g. while working on it.
ENGINES = tuple(e.strip() for e in os.environ.get("ENGINE_TESTS", "firefox,webkit").split(",") if e.strip())
LOGS = Path(os.environ.get("ENGINE_LOGS", Path(__file__).resolve().parents[3] / ".cache" / "engine-logs"))


@pytest.fixture(scope="session")
def off_origin() -> Iterator[tuple[OffOrigin, int]]:
    with off_origin_guard() as guard:
        yield guard


@pytest.fixture(scope="session")
def display() -> Iterator[VirtualDisplay]:
    """An X display for WebKitGTK's MiniBrowser (Xvfb), started the first time a WebKit test needs it."""
    LOGS.mkdir(parents=True, exist_ok=True)
    with xvfb_display(LOGS / "xvfb.log") as value:
        yield value


def start(name: str, request: pytest.FixtureRequest, guard_port: int) -> Engine:
    if name not in ("firefox", "webkit"):
        pytest.fail(f"ENGINE_TESTS names an unknown engine: {name!r} (firefox, webkit)")
    try:
        if name == "firefox":
            return Firefox(guard_port, LOGS)
        return WebKit(guard_port, LOGS, request.getfixturevalue("display"))
    except FileNotFoundError as missing:
        pytest.fail(f"{name}: {missing}")


@pytest.fixture(scope="session", params=ENGINES)
def engine(request: pytest.FixtureRequest, off_origin: tuple[OffOrigin, int]) -> Iterator[Engine]:
    """One browser of each engine, shared by the tests (each engine's tests run one after the other)."""
    browser = start(str(request.param), request, off_origin[1])
    yield browser
    browser.quit()


@pytest.fixture
def launch(request: pytest.FixtureRequest, off_origin: tuple[OffOrigin, int]) -> Iterator[Callable[[str], Engine]]:
    """Start another browser of an engine, with a fresh profile; it is closed after the test."""
    with ExitStack() as stack:

        def new(name: str) -> Engine:
            browser = start(name, request, off_origin[1])
            stack.callback(browser.quit)
            return browser

        yield new


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(
    item: pytest.Item,
    call: pytest.CallInfo[None],  # noqa: ARG001 - pytest passes hook arguments by name
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Keep each phase's report on the test item, for the screenshot on failure below."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def person(request: pytest.FixtureRequest, engine: Engine, served_site: ServedSite) -> Iterator[Person]:
    """A visitor at the module's browser; a failed test leaves a screenshot in .cache/engine-logs/."""
    yield Person(engine, served_site.url)
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        LOGS.mkdir(parents=True, exist_ok=True)
        name = "".join(c if c.isalnum() or c in "-_." else "_" for c in request.node.name)
        try:
            engine.screenshot(LOGS / f"{name}.png")
        except Exception as exc:  # the browser may be what failed
            print(f"no screenshot of {engine.name}: {exc}")  # noqa: T201 - goes to the test's captured output


@pytest.fixture(autouse=True)
def nothing_left_the_origin(off_origin: tuple[OffOrigin, int]) -> Iterator[None]:
    """Fails the test if any request (page, worker or service worker) was meant for another host."""
    off_origin[0].take()
    yield
    left = off_origin[0].take()
    assert left == [], f"requests left the origin: {left}"
