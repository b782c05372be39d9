"""Helpers for the failure-handling browser tests.

Broken downloads, a broken Python package, shorter time limits, a worker stopped without a word.

Everything is injected from the test side (Playwright routes, init scripts, CDP network emulation):
the site ships no test-only code.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, Route, expect

from tests.browser.calculator_fixtures import FAILED, LOAD_TIMEOUT, READY, expect_score, quick

# The calculator package as the worker downloads it: a wheel to unpack, or one zip (with bytecode) put on sys.path.
CALCULATOR_PACKAGE = re.compile(r"/_hashed/calculator-[^/]+\.(whl|zip)$")
WEB_SOURCE = Path(__file__).resolve().parents[2] / "calculator" / "_web.py"
STATUS = "[data-gbt-status-text]"
# A routed (fake) response must not be reused from the HTTP cache by the retry after it.
NO_STORE = {"cache-control": "no-store"}


def patched_calculator_package(original: bytes, extra_code: str) -> bytes:
    """The downloaded package with calculator/_web.py replaced by its source plus `extra_code`.

    Works for either packaging: any compiled copy of the module is left out, so Python compiles the
    patched source (neither unpackArchive nor zipimport checks RECORD).
    """
    web = {"calculator/_web.py", "calculator/_web.pyc"}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(original)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            name = info.filename
            if name in web or (name.startswith("calculator/__pycache__/_web.") and name.endswith(".pyc")):
                continue
            dst.writestr(info, src.read(info))
        dst.writestr("calculator/_web.py", WEB_SOURCE.read_text("utf-8") + "\n" + extra_code)
    return out.getvalue()


def serve_patched_package(extra_code: str) -> Callable[[Route], None]:
    """A route handler answering the calculator package with a patched copy."""

    def handler(route: Route) -> None:
        response = route.fetch()
        body = patched_calculator_package(response.body(), extra_code)
        route.fulfill(status=200, headers={"content-type": "application/zip", **NO_STORE}, body=body)

    return handler


def wait_failed(page: Page, timeout: float = LOAD_TIMEOUT) -> None:
    page.wait_for_selector(FAILED, timeout=timeout)


def type_while_broken(page: Page) -> None:
    """The visitor goes on typing while the calculator is unavailable; the form keeps every value."""
    quick(page, "40", "35", "20")
    for label, value in (("售后服务体系（5.1）", "40"), ("商品服务（5.2）", "35"), ("顾客服务（5.3）", "20")):
        expect(page.get_by_label(label, exact=True)).to_have_value(value)


def retry_and_expect_typed_result(page: Page) -> None:
    """After “重试” the runtime loads again and the result is the one for what was typed."""
    retry = page.get_by_role("button", name="重试")
    expect(retry).to_be_visible()
    retry.click()
    expect(page.locator(STATUS)).to_be_focused()  # the focus does not vanish with the hidden button
    # Ready or failed again, whichever comes first; a failure shows its message in the assertion.
    page.wait_for_selector(f"{READY}, {FAILED}", timeout=LOAD_TIMEOUT)
    assert page.locator(READY).count() == 1, page.locator(STATUS).inner_text()
    expect_score(page, "95", "五星")
    expect(retry).to_be_hidden()
    expect(page.locator("[data-gbt-result]")).not_to_have_class(re.compile(r"\bis-stale\b"))


def serve_with_time_limits(page: Page, url: str, **limits: int) -> list[str]:
    """Serve the calculator page at `url` with other time limits in its runtime configuration.

    `limits` are runtime configuration keys (`watchdog_ms`, `call_timeout_ms`: see
    docs/assets/calculator/runtime.js), as a deployment could set them. The page carries its
    configuration twice, for the early start (<meta name="gbt27922-runtime">) and for the calculator
    (data-gbt-config): the returned list gets one "<key>=<value>" per replacement, for the test to
    check that both were made.
    """
    replaced: list[str] = []

    def handler(route: Route) -> None:
        response = route.fetch()
        html = response.text()
        for key, ms in limits.items():
            # JSON inside an HTML attribute: the quotes are escaped.
            html, count = re.subn(rf"(\b{key}(?:&quot;|&#34;)\s*:\s*)\d+", rf"\g<1>{ms}", html)
            replaced.extend([f"{key}={ms}"] * count)
        # The page's own headers (its CSP among them), but for those of the original body's bytes.
        headers = {k: v for k, v in response.headers.items() if k not in ("content-length", "content-encoding")}
        route.fulfill(status=response.status, body=html, headers={**headers, **NO_STORE})

    page.route(url, handler)
    return replaced


# Keeps every Worker the page creates (the early start's included), so that a test can stop one the
# way a browser does when it kills a worker: without telling the page.
KEEP_WORKERS = """
(() => {
  const made = (window.__gbtWorkers = []);
  window.Worker = class extends window.Worker {
    constructor(...args) {
      super(...args);
      made.push(this);
    }
  };
})();
"""
STOP_NEWEST_WORKER = "() => window.__gbtWorkers.at(-1).terminate()"
