"""The Content-Security-Policy in the browser: the site and Pyodide run under it, and violations are caught.

Every browser test already fails on any violation (tests/browser/conftest.py); this module checks
that the policy is really in force for pages and for the calculator's worker, that Pyodide needs
nothing beyond 'wasm-unsafe-eval', and that the violation check itself works.
"""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import Browser, Response, expect

from tests.browser.calculator_fixtures import READY, expect_score, guarded_context, open_calculator, quick
from tests.browser.conftest import CspViolations, ServedSite

pytestmark = pytest.mark.browser

WORKER = "/assets/calculator/worker.js"


def policy_of(response: Response) -> str:
    return response.headers.get("content-security-policy", "")


def test_pages_and_the_worker_run_under_the_policy(browser: Browser, served_site: ServedSite) -> None:
    site_url = served_site.url
    with guarded_context(browser, site_url) as ctx:
        page = ctx.new_page()
        responses: list[Response] = []
        page.on("response", lambda r: responses.append(r))  # noqa: PLW0108 - Playwright needs a Python function
        open_calculator(page, site_url, "score")
        quick(page, "40", "35", "20")
        expect_score(page, "95", "五星")
        # The meta element: the same policy for hosts that cannot send headers (no frame-ancestors there).
        meta = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content") or ""
        assert "script-src 'self' 'wasm-unsafe-eval' 'sha256-" in meta
        assert "frame-ancestors" not in meta
        if served_site.server != "nginx":
            return
        document = next(r for r in responses if r.url == f"{site_url}calculator/score/")
        worker = next(r for r in responses if WORKER in r.url)
        for response in (document, worker):
            policy = policy_of(response)
            assert "script-src 'self' 'wasm-unsafe-eval' 'sha256-" in policy, response.url
            assert "'unsafe-eval'" not in policy
            assert "frame-ancestors 'none'" in policy
        # Pyodide compiled its WebAssembly and ran Python inside a worker held to that policy.
        expect(page.locator(READY)).to_have_count(1)


def test_injected_script_is_blocked_and_reported(
    browser: Browser, served_site: ServedSite, csp_violations: CspViolations
) -> None:
    """The check every browser test relies on: a violation in a page or a worker is noticed."""
    site_url = served_site.url
    csp_violations.take()
    with guarded_context(browser, site_url) as ctx:
        page = ctx.new_page()
        page.goto(site_url)
        page.evaluate(
            """() => {
              const s = document.createElement("script");
              s.textContent = "window.__injected = 1";
              document.body.append(s);
              const d = document.createElement("div");
              d.innerHTML = '<img src="data:," onerror="window.__injected = 2">';
              document.body.append(d);
            }"""
        )
        # The worker asked to import a module from a data: URL, which the policy does not allow
        # (and which, unlike another origin, makes no network request the guard would object to).
        page.evaluate(
            """(url) => {
              const w = new Worker(url, { type: "module" });
              const index = "data:text/javascript,export%20const%20x%20%3D%201%3B%2F%2F";
              w.postMessage({ type: "init", page: location.href, config: { pyodide: { index }, wheels: [] } });
            }""",
            f"{site_url}assets/calculator/worker.js",
        )
        found: list[dict[str, object]] = []
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            page.wait_for_timeout(100)
            found += csp_violations.take()
            reported = [v for v in found if "report" in v]
            if len(found) >= 2 and (served_site.server != "nginx" or any(_from_worker(v) for v in reported)):
                break
        assert page.evaluate("() => window.__injected ?? null") is None
    directives = {v.get("directive") for v in found if "report" not in v}
    assert {"script-src-elem", "script-src-attr"} <= directives, found
    if served_site.server == "nginx":
        assert any(_from_worker(v) for v in found), found


def _from_worker(violation: dict[str, object]) -> bool:
    report = violation.get("report")
    return isinstance(report, dict) and WORKER in str(report.get("document-uri", ""))
