"""The shared steps: what a person does on the site and what they read, on any engine (harness/engines/engine.py).

Fields are found by the text of their label, as a person finds them; text is read as shown
(``innerText``). Every expectation polls until it holds or its time is up, then fails with what
the page showed.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from harness.engines.engine import Engine

LOAD_TIMEOUT_S = 120.0  # a cold Pyodide start is ~3 s (Firefox) to ~9 s (WebKit) here; CI can be slower
TIMEOUT_S = 20.0

# The one form control whose label (or aria-label) reads exactly `label`, marked so that the
# driver can address it with a CSS selector; {count} when there is none or more than one.
LOCATE = """(label) => {
  const norm = (s) => (s || "").replace(/\\s+/g, " ").trim();
  const names = (el) => {
    const out = [...(el.labels || [])].map((l) => norm(l.innerText || l.textContent));
    if (el.getAttribute("aria-label")) out.push(norm(el.getAttribute("aria-label")));
    for (const id of (el.getAttribute("aria-labelledby") || "").split(/\\s+/).filter(Boolean)) {
      out.push(norm(document.getElementById(id)?.textContent));
    }
    return out;
  };
  const want = norm(label);
  const found = [...document.querySelectorAll("input, select, textarea")].filter((el) => names(el).includes(want));
  if (found.length !== 1) return { count: found.length };
  window.__engineTargets = (window.__engineTargets || 0) + 1;
  const token = String(window.__engineTargets);
  found[0].setAttribute("data-engine-target", token);
  return { css: `[data-engine-target="${token}"]` };
}"""
SHOWN = "(css) => { const el = document.querySelector(css); return el ? el.innerText.trim() : null; }"
STAGE = """() => {
  const el = document.querySelector("[data-gbt-status]");
  return el ? { stage: el.dataset.stage, text: el.querySelector("[data-gbt-status-text]").textContent } : null;
}"""
FIRST_RESULT = "() => performance.getEntriesByName('gbt:first-result').length > 0"
MARK_OLD_DOCUMENT = "() => { window.__engineOldDocument = true; }"
NEW_DOCUMENT_PARSED = "() => !window.__engineOldDocument && document.readyState !== 'loading'"
CONTROL = "(css) => { const el = document.querySelector(css); return { value: el.value, checked: el.checked, invalid: el.getAttribute('aria-invalid') }; }"


class PageStateError(AssertionError):
    pass


@dataclass
class Person:
    """A visitor at one engine's window; `site` is the site's base URL (ends with /)."""

    engine: Engine
    site: str

    # ------------------------------------------------------------------------------ going places

    def open(self, path: str = "") -> None:
        """Go to a page of the site and wait until it is the document there (see _new_document)."""
        url = self.site + path
        current = str(self.engine.run("() => location.href"))
        if "#" in url and current.split("#", maxsplit=1)[0] == url.split("#", maxsplit=1)[0]:
            # Only the fragment changes: the same document stays (a hashchange), nothing to wait for.
            self.engine.goto(url)
            return
        self._new_document(lambda: self.engine.goto(url), f"the page {url}")

    def reload(self) -> None:
        self._new_document(self.engine.reload, "the reloaded page")

    def _new_document(self, navigate: Callable[[], None], what: str) -> None:
        """Navigate, then wait until a new document is there and parsed.

        A driver can answer a navigation before the old document is gone (seen on Firefox under
        load, for a reload and for a new address): the steps that follow would read the old page,
        or a page without its content yet, and address controls that vanish.
        """
        # A page the driver cannot script (a browser's error page) stays unmarked: it is never taken for ours.
        with contextlib.suppress(Exception):
            self.engine.run(MARK_OLD_DOCUMENT)
        navigate()
        self.until(lambda: self.engine.run(NEW_DOCUMENT_PARSED), LOAD_TIMEOUT_S, what)

    def open_calculator(self, kind: str, fragment: str = "") -> None:
        """Open a calculator and wait, as a person does, until it shows its first result: the inputs
        saved in this browser (or carried by the link) are restored by then.
        """
        self.open(f"calculator/{kind}/{fragment}")
        self.wait_ready()
        self.wait_first_result()

    def wait_first_result(self, timeout: float = TIMEOUT_S) -> None:
        self.until(lambda: self.engine.run(FIRST_RESULT), timeout, "the first result")

    def wait_ready(self, timeout: float = LOAD_TIMEOUT_S) -> None:
        """Until the page says Python is ready; fails at once, with its message, when it says it failed."""
        state = self.until(self._stage_settled, timeout, "the calculator to finish loading")
        if state["stage"] != "ready":
            raise PageStateError(f"the calculator did not load: {state['text']}")

    def _stage_settled(self) -> dict[str, str] | None:
        state = self.engine.run(STAGE)
        return state if state and state["stage"] in ("ready", "failed") else None

    # -------------------------------------------------------------------------------- doing things

    def control(self, label: str) -> str:
        """The CSS selector of the form control labelled `label`."""
        found = self.engine.run(LOCATE, label)
        if "css" not in found:
            raise PageStateError(f"{found['count']} form controls are labelled {label!r} (expected exactly one)")
        return str(found["css"])

    def fill(self, label: str, value: str) -> None:
        self.engine.type(self.control(label), value)

    def choose(self, label: str) -> None:
        """Click a radio button or tick a checkbox (only if it is not ticked yet)."""
        css = self.control(label)
        if not self.engine.run(CONTROL, css)["checked"]:
            self.engine.click(css)

    def click(self, css: str) -> None:
        self.engine.click(css)

    def state_of(self, label: str) -> dict[str, Any]:
        """What the control shows: value, checked, aria-invalid."""
        state: dict[str, Any] = self.engine.run(CONTROL, self.control(label))
        return state

    # ------------------------------------------------------------------------------ reading things

    def shown(self, css: str) -> str | None:
        """The text of the first element matching `css` as shown (None when there is none)."""
        text = self.engine.run(SHOWN, css)
        return None if text is None else str(text)

    def sees(self, css: str, text: str, *, exact: bool = False, timeout: float = TIMEOUT_S) -> str:
        """Until the element shows `text` (contains it, or exactly); returns what it shows."""
        last: list[str | None] = [None]

        def check() -> tuple[str] | None:
            last[0] = self.shown(css)
            ok = last[0] is not None and (last[0] == text if exact else text in last[0])
            return (last[0],) if ok and last[0] is not None else None

        try:
            return str(self.until(check, timeout, f"{css} to show {text!r}")[0])
        except PageStateError as err:
            raise PageStateError(f"{err}; it shows {last[0]!r}") from None

    def sees_value(self, label: str, value: str, timeout: float = TIMEOUT_S) -> None:
        css = self.control(label)
        self.until(lambda: self.engine.run(CONTROL, css)["value"] == value or None, timeout, f"{label} = {value!r}")

    def score(self) -> str | None:
        return self.shown("[data-gbt-result] [data-gbt-score]")

    def sees_score(self, score: str, grade: str, timeout: float = TIMEOUT_S) -> None:
        """The result shows this score (e.g. "95") and grade badge (e.g. "五星")."""
        self.until(
            lambda: (self.score(), self.shown("[data-gbt-result] .gbt-badge__label")) == (score, grade) or None,
            timeout,
            f"score {score} {grade}",
            lambda: f"score {self.score()!r}, grade {self.shown('[data-gbt-result] .gbt-badge__label')!r}",
        )

    def until(
        self,
        check: Callable[[], Any],
        timeout: float,
        what: str,
        describe: Callable[[], str] | None = None,
    ) -> Any:
        """Poll `check` (a falsy answer or a script error while a page changes: not yet) until it answers."""
        deadline = time.monotonic() + timeout
        error: Exception | None = None
        while True:
            try:
                answer = check()
                if answer:
                    return answer
                error = None
            except (PageStateError, AssertionError):
                raise
            except Exception as exc:  # a navigation in progress, a realm being replaced
                error = exc
            if time.monotonic() > deadline:
                seen = describe() if describe else ""
                raise PageStateError(
                    f"{self.engine.name}: waited {timeout:.0f} s for {what}" + (f"; {seen}" if seen else "")
                ) from error
            time.sleep(0.1)
