"""What a browser engine must do for the shared steps, whichever protocol drives it.

Firefox is driven over WebDriver BiDi (firefox.py), WebKitGTK over classic WebDriver through
WebKitWebDriver (webkit.py). Both implement this small surface; everything a person does and sees
(tests/browser/engines/person.py) is written once on top of it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Protocol

# A page-side wrapper around a test's function: arguments come in as one JSON text and the result
# goes out as JSON text (or null), so both protocols only ever move strings.
CALL = """async (argsJson, fn) => {
  const value = await fn(...JSON.parse(argsJson));
  return value === undefined ? null : JSON.stringify(value);
}"""


def wrap(function: str) -> str:
    """`function` (JavaScript source of a possibly async function) as a call of CALL."""
    return f"(argsJson) => ({CALL})(argsJson, {function})"


def decode(text: str | None) -> Any:
    return None if text is None else json.loads(text)


class Engine(Protocol):
    """One browser window of one engine, with its own fresh profile."""

    name: str  # "firefox" | "webkit"
    version: str

    def goto(self, url: str) -> None:
        """Navigate and wait for the load event."""

    def reload(self) -> None: ...

    def run(self, function: str, *args: Any) -> Any:
        """Call a JavaScript function (source text, may be async) in the page with JSON arguments."""

    def click(self, css: str) -> None:
        """A real pointer click on the first element matching `css` (scrolled into view first)."""

    def type(self, css: str, text: str) -> None:
        """Click the field, select what it holds, and type `text` key by key (empty: delete it)."""

    def press(self, key: str) -> None:
        r"""One key press on the focused element (a WebDriver key code such as "\\ue010" for End)."""

    def set_viewport(self, width: int, height: int) -> None: ...

    def screenshot(self, path: Path) -> None: ...

    def pdf(self) -> bytes:
        """The page printed to an A4 PDF by the engine itself."""

    def quit(self) -> None: ...
