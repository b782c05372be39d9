"""Failure handling of the in-browser Python runtime: broken downloads, a slow network, a broken worker.

Each case must end in a clear Chinese message with a working “重试”, and nothing the visitor typed
may be lost: the values stay in the form and, after the retry, the result is the one for them.
(The blocked wasm, the wrong MIME type and the load watchdog are in test_calculator_runtime.py.)
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Route, expect

from tests.browser.calculator_fixtures import LOAD_TIMEOUT, RECORD_STAGES, expect_score, guarded_context, wait_ready
from tests.browser.failure_fixtures import (
    CALCULATOR_PACKAGE,
    KEEP_WORKERS,
    NO_STORE,
    STATUS,
    STOP_NEWEST_WORKER,
    retry_and_expect_typed_result,
    serve_patched_package,
    serve_with_time_limits,
    type_while_broken,
    wait_failed,
)

pytestmark = pytest.mark.browser

WASM = "**/pyodide.asm.wasm"
STALE_NOTE = "你填写的内容都还在"


def test_download_failures_are_reported_and_retry_works(browser: Browser, site_url: str) -> None:
    """The wasm missing (404), then the connection dropping mid-download, then a good download."""
    with guarded_context(browser, site_url) as ctx:
        page = ctx.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        status = page.locator(STATUS)
        retry = page.get_by_role("button", name="重试")

        def missing(route: Route) -> None:
            route.fulfill(status=404, headers={"content-type": "text/html", **NO_STORE}, body="Not Found")

        ctx.route(WASM, missing)
        page.goto(f"{site_url}calculator/score/")
        wait_failed(page, timeout=30_000)  # at once, not after the watchdog
        expect(status).to_contain_text("计算程序载入失败")
        expect(status).to_contain_text("无法下载 pyodide.asm.wasm（HTTP 404）")
        expect_score(page, "89", "三星")  # the worked example is still there
        type_while_broken(page)
        expect(page.locator("[data-gbt-note]")).to_contain_text(STALE_NOTE)
        ctx.unroute(WASM, missing)

        # The server sends the headers and half of the file, then the connection ends.
        def half(route: Route) -> None:
            response = route.fetch(headers={**route.request.headers, "accept-encoding": "identity"})
            body = response.body()
            headers = {"content-type": "application/wasm", **NO_STORE}
            route.fulfill(status=200, headers=headers, body=body[: len(body) // 2])

        ctx.route(WASM, half)
        retry.click()
        wait_failed(page, timeout=30_000)  # Pyodide alone would wait forever on half a wasm
        expect(status).to_contain_text("下载 pyodide.asm.wasm 时连接中断")
        expect(status).to_contain_text(re.compile(r"只收到 [\d.]+ MB，共 [\d.]+ MB"))
        expect(page.get_by_label("顾客服务（5.3）")).to_have_value("20")
        ctx.unroute(WASM, half)

        retry_and_expect_typed_result(page)
        assert errors == []


def test_throttled_network_shows_progress_and_finishes(browser: Browser, site_url: str) -> None:
    with guarded_context(browser, site_url) as ctx:
        page = ctx.new_page()
        page.add_init_script(RECORD_STAGES)
        cdp = ctx.new_cdp_session(page)
        cdp.send("Network.enable")
        # About 2 MB/s with a 150 ms round trip; the dedicated worker's requests are throttled too.
        conditions = {"offline": False, "latency": 150, "downloadThroughput": 2_000_000, "uploadThroughput": 500_000}
        cdp.send("Network.emulateNetworkConditions", conditions)
        page.goto(f"{site_url}calculator/staffing/")
        wait_ready(page, timeout=LOAD_TIMEOUT)

        stages: list[str] = page.evaluate("() => window.__gbtStages")
        percents = [int(m.group(1)) for s in stages if (m := re.search(r"（(\d+)%）", s))]
        assert len(set(percents)) >= 5, f"the download progress was not visible: {stages}"
        assert percents == sorted(percents), stages
        assert not any(s.startswith("failed") for s in stages), stages
        expect(page.locator("[data-gbt-result] [data-gbt-required]")).to_have_text("5")


def test_broken_worker_is_reported_and_retry_works(browser: Browser, site_url: str) -> None:
    """Python raising inside the worker, the worker crashing, the worker stopped without a word.

    The first two come from a calculator package patched on the way to the browser; the last from
    an init script that keeps the page's workers. Each time: a clear message, the typed values kept,
    a retry that works.
    """
    # `calculator._web.handle` never raises; if it does anyway, the runtime is broken.
    raising = serve_patched_package(
        "def handle(request_json: str) -> str:\n    raise RuntimeError('simulated failure inside Python')\n"
    )
    # An error nobody catches inside the worker after it was ready (the Worker's `error` event).
    crashing = serve_patched_package(
        "_answer = handle\n"
        "def handle(request_json: str) -> str:\n"
        "    import js\n"
        "    from pyodide.ffi import create_once_callable\n"
        "    def crash() -> None:\n"
        "        raise RuntimeError('simulated crash of the worker')\n"
        "    js.setTimeout(create_once_callable(crash), 0)\n"
        "    return _answer(request_json)\n"
    )
    # No service worker: once Python is ready it would keep the patched package in its cache, and
    # the retries below must fetch the real one (what a service worker caches is not tested here).
    with guarded_context(browser, site_url, service_workers="block") as ctx:
        page = ctx.new_page()
        page.add_init_script(KEEP_WORKERS)
        # A request unanswered for 6 s (not 20) means the worker died.
        limits = serve_with_time_limits(page, f"{site_url}calculator/score/", call_timeout_ms=6000)
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        status = page.locator(STATUS)
        note = page.locator("[data-gbt-note]")

        ctx.route(CALCULATOR_PACKAGE, raising)
        page.goto(f"{site_url}calculator/score/")
        assert limits == ["call_timeout_ms=6000"] * 2
        wait_failed(page)  # the first calculation, right after the runtime is ready, raises
        expect(status).to_contain_text("Python 计算程序意外出错，已停止运行")
        type_while_broken(page)
        expect(note).to_contain_text(STALE_NOTE)
        expect(page.locator("[data-gbt-result]")).to_have_class(re.compile(r"\bis-stale\b"))
        ctx.unroute(CALCULATOR_PACKAGE, raising)

        ctx.route(CALCULATOR_PACKAGE, crashing)
        page.get_by_role("button", name="重试").click()
        wait_failed(page)
        expect(status).to_contain_text("计算程序意外停止运行")
        expect(page.get_by_label("顾客服务（5.3）")).to_have_value("20")
        ctx.unroute(CALCULATOR_PACKAGE, crashing)
        retry_and_expect_typed_result(page)
        expect(note).to_contain_text("计算程序已重新载入")

        # A worker the browser stops sends no event: the unanswered request ends in the failure state.
        page.evaluate(STOP_NEWEST_WORKER)
        page.get_by_label("顾客服务（5.3）").fill("15")
        wait_failed(page, timeout=20_000)
        expect(status).to_contain_text("计算程序没有响应")
        expect(note).to_contain_text(STALE_NOTE)
        page.get_by_role("button", name="重试").click()
        wait_ready(page)
        expect_score(page, "90", "四星")
        assert errors == []
