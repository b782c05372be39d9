"""The Python runtime in the browser: self-hosted, one worker per tab, staged progress, failure and retry."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Request, Response, Route, expect

from tests.browser.calculator_fixtures import (
    FAILED,
    LOAD_TIMEOUT,
    PHONE,
    READY,
    RECORD_STAGES,
    expect_score,
    fill,
    guarded_context,
    open_calculator,
    quick,
    wait_ready,
)
from tests.browser.failure_fixtures import serve_with_time_limits

pytestmark = pytest.mark.browser

CALC_WORKER = "/assets/calculator/worker.js"
RUNTIME_FILES = {"pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"}


def test_self_hosted_runtime_served_right_and_worker_started_on_open(browser: Browser, site_url: str) -> None:
    with guarded_context(browser, site_url) as ctx:
        page = ctx.new_page()
        page.add_init_script(RECORD_STAGES)
        responses: list[Response] = []
        page.on("response", lambda r: responses.append(r))  # noqa: PLW0108 - Playwright needs a Python function
        page.goto(f"{site_url}calculator/score/")
        # No click needed: the worker starts as soon as the page opens.
        wait_ready(page)
        # The inline start at the top of <head> (docs/assets/calculator/early.js) created the worker
        # while the page was still being parsed; runtime.js took it over: one worker, no second.
        created, parsed = page.evaluate(
            "() => [performance.getEntriesByName('gbt:worker:created').map((m) => m.startTime),"
            " performance.getEntriesByType('navigation')[0].domInteractive]"
        )
        assert len(created) == 1
        assert created[0] < parsed
        assert len([w for w in page.workers if CALC_WORKER in w.url]) == 1
        assert page.evaluate("() => globalThis.gbt27922Early") is None

        runtime = {r.url.rsplit("/", 1)[1]: r for r in responses if "/assets/pyodide/" in r.url}
        # The package lock is passed inline and the standard library is our trimmed copy (bench/LEVERS.md),
        # so only the engine itself comes from the self-hosted Pyodide directory.
        assert set(runtime) == {"pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm"}
        assert set(runtime) < RUNTIME_FILES
        assert all(r.url.startswith(f"{site_url}assets/pyodide/314.0.7/") for r in runtime.values())
        assert runtime["pyodide.asm.wasm"].headers["content-type"] == "application/wasm"
        assert runtime["pyodide.asm.wasm"].status == 200
        hashed = sorted(r.url.rsplit("/", 1)[1] for r in responses if "/_hashed/" in r.url)
        names = [re.sub(r"\.[0-9a-f]{16}\.", ".*.", name) for name in hashed]
        # The app's core, the score's own parts of the app (hooks/app_parts.py: "score", "score-checklist"…)
        # and our standard library; no other tool's part.
        own = [n for n in names if n not in ("calculator-app.*.zip", "python_stdlib.*.zip")]
        assert names.count("calculator-app.*.zip") == names.count("python_stdlib.*.zip") == 1, names
        assert own, names
        assert all("score" in n.removeprefix("calculator-").removesuffix(".*.zip").split("-") for n in own), names

        stages = page.evaluate("() => window.__gbtStages")
        kinds = [s.split("|", 1)[0] for s in stages]
        assert kinds[-1] == "ready"
        assert "就绪" in stages[-1]
        # Stages only move forward. Served from 127.0.0.1 the downloads may be over before
        # runtime.js takes over the early-started worker, so the page shows what is left of the
        # load (test_failure_runtime's throttled visit sees every stage and percentage).
        order = ["idle", "download", "start", "ready"]
        assert [order.index(k) for k in kinds] == sorted(order.index(k) for k in kinds), stages
        for s in stages:
            if s.startswith("download"):
                assert re.search(r"下载.*（\d+%）", s), stages
            if s.startswith("start"):
                assert "启动" in s, stages


def test_instant_navigation_reuses_the_one_worker(browser: Browser, site_url: str) -> None:
    with guarded_context(browser, site_url) as ctx:
        page = ctx.new_page()
        workers: list[object] = []
        wasm: list[str] = []
        page.on("worker", lambda w: workers.append(w) if CALC_WORKER in w.url else None)
        page.on("request", lambda r: wasm.append(r.url) if r.url.endswith("pyodide.asm.wasm") else None)
        open_calculator(page, site_url, "score")
        page.evaluate("() => { window.__sameDocument = true; }")

        nav = page.locator(".md-nav--primary")
        nav.get_by_role("link", name="管理师配置").click()
        expect(page).to_have_url(re.compile(r"/calculator/staffing/"))
        wait_ready(page, timeout=10_000)
        expect(page.locator("[data-gbt-result] [data-gbt-required]")).to_have_text("5")
        fill(page, "总部的服务管理人员", "100")
        expect(page.locator("[data-gbt-result] [data-gbt-required]")).to_have_text("14")

        nav.get_by_role("link", name="评分与星级").click()
        expect(page).to_have_url(re.compile(r"/scoring/"))
        nav.get_by_role("link", name="自评计分").click()
        expect(page).to_have_url(re.compile(r"/calculator/score/"))
        wait_ready(page, timeout=10_000)
        quick(page, "40", "35", "20")
        expect_score(page, "95", "五星")

        assert page.evaluate("() => window.__sameDocument") is True  # no full page load happened
        assert len(workers) == 1
        assert len(wasm) == 1


def test_pages_without_a_calculator_load_no_pyodide(browser: Browser, site_url: str) -> None:
    with guarded_context(browser, site_url) as ctx:
        page = ctx.new_page()
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        for path in ("", "scoring/", "managers/", "faq/"):
            page.goto(f"{site_url}{path}", wait_until="networkidle")
        assert [w.url for w in page.workers if CALC_WORKER in w.url] == []
        heavy = [u for u in requests if "/assets/pyodide/" in u or "/_hashed/" in u or "worker.js" in u]
        assert heavy == []


def test_blocked_wasm_shows_the_failure_and_retry_works(browser: Browser, site_url: str) -> None:
    with guarded_context(browser, site_url) as ctx:
        page = ctx.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))

        def block(route: Route) -> None:
            route.abort()

        ctx.route("**/pyodide.asm.wasm", block)
        page.goto(f"{site_url}calculator/score/")
        page.wait_for_selector(FAILED, timeout=LOAD_TIMEOUT)
        status = page.locator("[data-gbt-status-text]")
        expect(status).to_contain_text("计算程序载入失败")
        expect(status).to_contain_text("pyodide.asm.wasm")
        retry = page.get_by_role("button", name="重试")
        expect(retry).to_be_visible()

        # The rest of the page keeps working: the example is shown, the form can be filled.
        expect_score(page, "89", "三星")
        quick(page, "40", "35", "20")
        expect(page.get_by_label("顾客服务（5.3）")).to_have_value("20")
        page.get_by_role("button", name="复制链接").click()
        expect(page.locator("[data-gbt-share-msg]")).to_contain_text("就绪后")
        page.wait_for_timeout(300)
        expect(status).to_contain_text("计算程序载入失败")  # the failure is not overwritten

        ctx.unroute("**/pyodide.asm.wasm", block)
        retry.click()
        page.wait_for_selector(READY, timeout=LOAD_TIMEOUT)
        expect_score(page, "95", "五星")  # what was typed while it failed
        expect(retry).to_be_hidden()
        assert errors == []


def test_wasm_with_the_wrong_type_fails_fast_with_a_clear_message(browser: Browser, site_url: str) -> None:
    with guarded_context(browser, site_url) as ctx:
        page = ctx.new_page()

        def wrong_type(route: Route) -> None:
            response = route.fetch()
            route.fulfill(response=response, headers={**response.headers, "content-type": "text/plain"})

        ctx.route("**/pyodide.asm.wasm", wrong_type)
        page.goto(f"{site_url}calculator/score/")
        page.wait_for_selector(FAILED, timeout=20_000)  # far below the watchdog
        expect(page.locator("[data-gbt-status-text]")).to_contain_text("application/wasm")


def test_watchdog_ends_a_load_that_hangs(browser: Browser, site_url: str) -> None:
    with guarded_context(browser, site_url) as ctx:
        page = ctx.new_page()
        limits = serve_with_time_limits(page, f"{site_url}calculator/staffing/", watchdog_ms=3000)
        held: list[Route] = []
        ctx.route("**/pyodide.asm.wasm", lambda route: held.append(route))  # noqa: PLW0108 - never answered
        page.goto(f"{site_url}calculator/staffing/")
        assert limits == ["watchdog_ms=3000"] * 2
        page.wait_for_selector(FAILED, timeout=30_000)
        expect(page.locator("[data-gbt-status-text]")).to_contain_text("3 秒内没有任何进展")
        expect(page.get_by_role("button", name="重试")).to_be_visible()
        for route in held:
            route.abort()


def test_a_page_whose_calculator_script_never_runs_says_so_after_the_watchdog(browser: Browser, site_url: str) -> None:
    """The worker starts from <head> (early.js) long before the page's modules run, and only runtime.js
    arms the load watchdog. When they never run (their download lost; on a phone busy enough, they
    run tens of seconds late), the early start's own timer ends the wait with a message instead of
    leaving "将在页面打开后自动载入" on the page for good.
    """
    with guarded_context(browser, site_url) as ctx:
        page = ctx.new_page()
        ctx.route("**/assets/calculator/calculator.js*", lambda route: route.abort())
        limits = serve_with_time_limits(page, f"{site_url}calculator/staffing/", watchdog_ms=3000)
        page.goto(f"{site_url}calculator/staffing/")
        assert limits == ["watchdog_ms=3000"] * 2
        page.wait_for_selector(FAILED, timeout=30_000)
        status = page.locator("[data-gbt-status-text]")
        expect(status).to_contain_text("计算程序载入失败：页面脚本在 3 秒内没有运行")
        expect(status).to_contain_text("请刷新页面重试")


def test_the_cpu_bound_start_gets_a_longer_watchdog_than_a_download_step(browser: Browser, site_url: str) -> None:
    """Once every runtime file is in, Python starts without reporting progress: on a busy phone
    (WebKit on a loaded host took over 45 s) that must not be cut off like a stalled download.
    """
    with guarded_context(browser, site_url) as ctx:
        page = ctx.new_page()
        held: list[Route] = []
        app_zip = re.compile(r"/_hashed/calculator-app\.[0-9a-f]+\.zip$")  # Python waits for it to start
        ctx.route(app_zip, lambda route: held.append(route))  # noqa: PLW0108 - answered later
        serve_with_time_limits(page, f"{site_url}calculator/staffing/", watchdog_ms=5000)
        page.goto(f"{site_url}calculator/staffing/")
        status = page.locator("[data-gbt-status-text]")
        page.wait_for_selector(f'[data-gbt-status][data-stage="start"], {FAILED}', timeout=LOAD_TIMEOUT)
        page.wait_for_timeout(12_000)  # over twice the watchdog, with Python waiting in the start stage
        assert page.locator(FAILED).count() == 0, status.inner_text()
        expect(status).to_have_text("正在启动 Python…")
        assert held, "the calculator's app zip was not requested"
        for route in held:
            route.fulfill(response=route.fetch())
        page.wait_for_selector(READY, timeout=LOAD_TIMEOUT)


def test_phone_viewport(browser: Browser, site_url: str) -> None:
    with guarded_context(browser, site_url, viewport=PHONE, is_mobile=True, has_touch=True) as ctx:
        page = ctx.new_page()
        open_calculator(page, site_url, "score")
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"the page is {width}px wide on a {PHONE['width']}px phone"
        page.get_by_label("售后服务体系（5.1）").tap()
        fill(page, "售后服务体系（5.1）", "40")
        mini = page.locator("[data-gbt-mini]")
        expect(mini).to_have_text("93 分，四星级。距五星级还差 2 分。")
        expect(mini).to_be_in_viewport()  # the current result stays in view while typing
        expect_score(page, "93", "四星")
        page.get_by_label("详细计分（15 项二级指标逐项评价）").check()
        page.get_by_label("5.1.2 人员配置").select_option("partial")
        assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
        box = page.get_by_label("人员配置：抽查样本数").bounding_box()
        assert box is not None
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= PHONE["width"]


def test_worker_requests_stay_on_the_origin(browser: Browser, site_url: str) -> None:
    """The guarded context fails on any off-origin request, the worker's included; check it sees them."""
    with guarded_context(browser, site_url) as ctx:
        page = ctx.new_page()
        seen: list[Request] = []
        page.on("request", lambda r: seen.append(r))  # noqa: PLW0108 - Playwright needs a Python function
        open_calculator(page, site_url, "staffing")
        from_worker = [r for r in seen if r.url.endswith((".wasm", ".zip", ".whl"))]
        assert from_worker, "the worker's requests were not observed"
