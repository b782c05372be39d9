"""Confidence labels survive copy and paste on Firefox and WebKit too.

WeChat on an iPhone is WebKit: a paragraph a reader selects there must keep its labels in brackets
("…一般不计入（本站假设）。"), not run them into the sentence. Chromium: tests/browser/test_copy_labels.py.
"""

from __future__ import annotations

import pytest

from tests.browser.engines.person import Person

pytestmark = [pytest.mark.browser, pytest.mark.engines]

SELECT = """() => {
  const p = [...document.querySelectorAll("article p")].find((e) => e.textContent.includes("按这一解释，一线的安装工"));
  if (!p) return null;
  const range = document.createRange();
  range.selectNodeContents(p);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  const label = p.querySelector("a.conf");
  return {
    selected: selection.toString(),
    label: label.innerText,
    brackets: [...label.querySelectorAll(".conf__sep")].map((e) => e.getBoundingClientRect().width),
  };
}"""


def test_a_selected_paragraph_keeps_its_labels_in_brackets(person: Person) -> None:
    person.open("managers/")
    seen = person.engine.run(SELECT)
    assert seen is not None, "managers/: the paragraph on front-line installers is gone"
    assert seen["selected"].strip().endswith("一般不计入（本站假设）。"), seen
    assert seen["label"].strip() == "（本站假设）", seen
    assert all(width <= 1 for width in seen["brackets"]), seen  # hidden on screen
