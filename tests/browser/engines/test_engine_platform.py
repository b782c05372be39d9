"""What the calculator needs from an engine, checked where WebKit (every iPhone browser, WeChat on an
iPhone) differs most from Chromium, and on Firefox with the same steps.

Module workers (the calculator's worker imports Pyodide with import()) and Cache Storage (the memory
snapshot) are exercised by the other tests here (test_engine_calculators.py, test_engine_site.py);
this module checks the rest by name: the streaming WebAssembly compile of the runtime as the server
sends it, the storage APIs, and the result bar that stays in view on a phone-sized window.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from tests.browser.conftest import ServedSite
from tests.browser.engines.person import Person

pytestmark = [pytest.mark.browser, pytest.mark.engines]

MINI = "[data-gbt-mini]"

# The runtime's wasm fetched as the worker fetches it (same URL, same server headers) and compiled
# while it streams in: the engine accepts the served Content-Type and Content-Encoding for that.
COMPILE_STREAMING = """async (path) => {
  const response = await fetch(new URL(path, location.href));
  const headers = { type: response.headers.get("content-type"), encoding: response.headers.get("content-encoding") };
  const module = await WebAssembly.compileStreaming(response);
  return { ...headers, exports: WebAssembly.Module.exports(module).length };
}"""


def test_the_runtime_compiles_while_it_streams_in(
    person: Person, served_site: ServedSite, record_property: Callable[[str, object], None]
) -> None:
    """Over plain HTTP Firefox and WebKit ask for gzip only (brotli over HTTPS), so they get the
    .gz sibling where Chromium gets the .br one; either way the engine decodes and compiles it.
    """
    site = served_site.www / served_site.prefix.strip("/")
    (wasm,) = site.glob("assets/pyodide/*/pyodide.asm.wasm")
    person.open()
    compiled = person.engine.run(COMPILE_STREAMING, wasm.relative_to(site).as_posix())
    record_property("wasm content-encoding", compiled["encoding"])
    assert compiled["type"] == "application/wasm", compiled
    assert compiled["exports"] > 100, compiled
    if served_site.server == "nginx":
        assert compiled["encoding"] in ("br", "gzip"), compiled  # a precompressed sibling, not 9.6 MB raw


STORAGE = """async () => {
  localStorage.setItem("gbt27922.engine-test", "1");
  const local = localStorage.getItem("gbt27922.engine-test") === "1";
  localStorage.removeItem("gbt27922.engine-test");
  const cache = await caches.open("gbt27922-engine-test");
  await cache.put("/engine-test", new Response("x".repeat(1 << 20)));
  const cached = (await (await cache.match("/engine-test")).text()).length;
  await caches.delete("gbt27922-engine-test");
  return { local, cached, storageManager: typeof navigator.storage?.estimate === "function" };
}"""


def test_the_storage_the_calculator_uses_is_there_and_it_needs_no_storage_manager(
    person: Person, served_site: ServedSite, record_property: Callable[[str, object], None]
) -> None:
    """LocalStorage (saved inputs) and Cache Storage (the ~10 MB snapshot) work. navigator.storage
    (estimate, persist) is missing in WebKitGTK 2.50 on http://127.0.0.1, so the site must not need it.
    """
    person.open()
    found = person.engine.run(STORAGE)
    record_property("navigator.storage", found["storageManager"])
    assert found["local"] is True
    assert found["cached"] == 1 << 20
    scripts = [p for p in (served_site.www / served_site.prefix.strip("/")).rglob("*.js") if "pyodide" not in p.parts]
    using = [str(p.name) for p in scripts if "navigator.storage" in p.read_text("utf-8", errors="replace")]
    assert using == [], f"site scripts use navigator.storage, which WebKitGTK lacks: {using}"


STICKY = """(fieldCss) => {
  const mini = document.querySelector("[data-gbt-mini]");
  const field = document.querySelector(fieldCss).getBoundingClientRect();
  const bar = mini.getBoundingClientRect();
  const form = mini.closest("section").getBoundingClientRect();
  return {
    position: getComputedStyle(mini).position,
    bar: [bar.top, bar.bottom, bar.left, bar.right],
    fieldBottom: field.bottom,
    formBottom: form.bottom,
    viewport: [innerWidth, innerHeight],
    pageWidth: document.documentElement.scrollWidth,
  };
}"""


@pytest.fixture
def phone(person: Person) -> Iterator[Person]:
    """The shared browser with a 390 × 844 window (a phone's), put back afterwards."""
    width, height = person.engine.run("() => [innerWidth, innerHeight]")
    person.engine.set_viewport(390, 844)
    yield person
    person.engine.set_viewport(width, height)


def test_on_a_phone_the_result_stays_in_view_while_typing(phone: Person) -> None:
    """At 390 × 844 the current result sticks to the bottom of the window over the form, the field
    being typed into stays above it, and nothing scrolls sideways.
    """
    if not str(phone.engine.run("() => location.pathname")).endswith("/calculator/score/"):
        phone.open_calculator("score")
    assert phone.engine.run("() => innerWidth") == 390
    phone.click('[data-gbt-action="clear"]')
    field = phone.control("售后服务体系（5.1）")
    phone.engine.type(field, "38")
    phone.sees(MINI, "91 分，四星级。")
    geometry = phone.engine.run(STICKY, field)
    top, bottom, left, right = geometry["bar"]
    width, height = geometry["viewport"]
    assert geometry["position"] == "sticky", geometry
    assert min(top, left) >= 0, geometry  # fully in view
    assert bottom <= height, geometry
    assert right <= width, geometry
    assert bottom >= height - 40, geometry  # stuck to the bottom edge (0.5rem above it)
    assert geometry["formBottom"] > height, geometry  # the form goes on below: the bar is stuck, not in place
    assert geometry["fieldBottom"] <= top, geometry  # the field being typed into is not under the bar
    assert geometry["pageWidth"] <= width, geometry
