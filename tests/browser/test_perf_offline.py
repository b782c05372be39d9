"""Returning and offline visits: the service worker and the Python memory snapshot (bench/LEVERS.md).

After one visit a calculator works without a network (the service worker keeps the pages and the
runtime); pages without a calculator stay outside its scopes; a later visit restores Python from the
snapshot the first one saved, and a snapshot that cannot be used is dropped without the visitor
noticing.
"""

from __future__ import annotations

import re
from typing import cast

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.calculator_fixtures import expect_score, fill, open_calculator, quick, wait_ready

pytestmark = pytest.mark.browser

SNAPSHOT_KEYS = """async () => {
  const cache = await caches.open("gbt27922-snapshot");
  return (await cache.keys()).map((r) => r.url);
}"""
REGISTRATIONS = """async () => {
  const regs = await navigator.serviceWorker.getRegistrations();
  return regs.filter((r) => r.active && !r.installing && !r.waiting).map((r) => r.scope);
}"""
MARKS = "() => performance.getEntriesByType('mark').map((m) => m.name)"
RESTORED = "gbt:worker:restored"  # the worker restored Python from the snapshot
SNAPSHOT_SIZE = """async (key) => {
  const hit = await (await caches.open("gbt27922-snapshot")).match(key);
  return hit ? (await hit.blob()).size : 0;
}"""


def wait_for(page: Page, script: str, ready: object, timeout_ms: int = 60_000) -> object:
    """Poll `script` in the page until `ready(value)` holds; returns the value."""
    waited = 0
    value = page.evaluate(script)
    while not ready(value):  # type: ignore[operator]
        assert waited < timeout_ms, f"gave up waiting: {value!r}"
        page.wait_for_timeout(200)
        waited += 200
        value = page.evaluate(script)
    return value


def service_workers(page: Page, site_url: str) -> list[str]:
    scopes = cast("list[str]", wait_for(page, REGISTRATIONS, lambda v: len(v) == 2))
    assert sorted(scopes) == [f"{site_url}assets/calculator/", f"{site_url}calculator/"]
    return scopes


def snapshot_key(page: Page) -> str:
    keys = wait_for(page, SNAPSHOT_KEYS, lambda v: len(v) == 1)
    return keys[0]  # type: ignore[index,no-any-return]


def test_a_visited_calculator_works_offline(context: BrowserContext, site_url: str) -> None:
    page = context.new_page()
    open_calculator(page, site_url, "score")
    service_workers(page, site_url)
    context.set_offline(True)
    try:
        page.reload()
        wait_ready(page)
        assert page.evaluate("() => navigator.onLine") is False
        quick(page, "40", "35", "20")
        expect_score(page, "95", "五星")
        # The other calculator was never opened, and works offline too (its page is kept as well).
        page.goto(f"{site_url}calculator/staffing/")
        wait_ready(page)
        fill(page, "总部的服务管理人员", "100")
        expect(page.locator("[data-gbt-result] [data-gbt-required]")).to_have_text("14")
    finally:
        context.set_offline(False)


def test_pages_without_a_calculator_stay_outside_the_service_worker(context: BrowserContext, site_url: str) -> None:
    page = context.new_page()
    open_calculator(page, site_url, "staffing")
    service_workers(page, site_url)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    for path in ("", "scoring/", "faq/"):
        page.goto(f"{site_url}{path}", wait_until="networkidle")
        assert page.evaluate("() => navigator.serviceWorker.controller") is None, path
    heavy = [u for u in requests if re.search(r"/assets/pyodide/|/_hashed/|worker\.js|calculator-sw\.js", u)]
    assert heavy == []


def test_a_returning_visit_restores_python_from_the_snapshot(context: BrowserContext, site_url: str) -> None:
    page = context.new_page()
    open_calculator(page, site_url, "score")
    assert RESTORED not in page.evaluate(MARKS)  # the first visit loads normally
    snapshot_key(page)
    page.reload()
    wait_ready(page)
    assert RESTORED in page.evaluate(MARKS)
    quick(page, "40", "35", "20")
    expect_score(page, "95", "五星")
    # The QR code needs segno, imported after the snapshot was taken: still there.
    expect(page.locator("[data-gbt-qr]")).to_be_visible(timeout=20_000)


def test_clearing_the_saved_inputs_also_drops_the_snapshot(context: BrowserContext, site_url: str) -> None:
    """The snapshot is Python's memory after a first result: "clear" leaves nothing of the inputs behind."""
    page = context.new_page()
    open_calculator(page, site_url, "score")
    snapshot_key(page)
    page.get_by_role("button", name="清除已保存的输入").click()
    wait_for(page, SNAPSHOT_KEYS, lambda v: v == [])
    page.reload()
    wait_ready(page)
    assert RESTORED not in page.evaluate(MARKS)  # a normal load, which saves a new snapshot
    snapshot_key(page)


@pytest.mark.parametrize("damage", ["garbage", "stale-attempt"])
def test_an_unusable_snapshot_is_dropped_and_python_loads_normally(
    context: BrowserContext, site_url: str, damage: str
) -> None:
    page = context.new_page()
    open_calculator(page, site_url, "staffing")
    key = snapshot_key(page)
    if damage == "garbage":
        script = "async (key) => (await caches.open('gbt27922-snapshot')).put(key, new Response(new Uint8Array(4096).fill(7)))"
    else:  # a restore that never finished (the tab died during it)
        script = "async (key) => (await caches.open('gbt27922-snapshot')).put(key + '?attempt', new Response('1'))"
    page.evaluate(script, key)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.reload()
    wait_ready(page)
    assert RESTORED not in page.evaluate(MARKS)
    fill(page, "总部的服务管理人员", "100")
    expect(page.locator("[data-gbt-result] [data-gbt-required]")).to_have_text("14")
    # A good snapshot replaces the bad one, and the next visit uses it.
    waited = 0
    while page.evaluate(SNAPSHOT_SIZE, key) < 1_000_000 or page.evaluate(SNAPSHOT_KEYS) != [key]:
        assert waited < 60_000, page.evaluate(SNAPSHOT_KEYS)
        page.wait_for_timeout(200)
        waited += 200
    page.reload()
    wait_ready(page)
    assert RESTORED in page.evaluate(MARKS)
    assert errors == []
