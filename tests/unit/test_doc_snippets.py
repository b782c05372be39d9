"""The examples in the package's docstrings are executed, so they cannot go stale."""

from __future__ import annotations

import doctest

import calculator


def test_package_docstring_examples_run() -> None:
    failures, tried = doctest.testmod(calculator, optionflags=doctest.ELLIPSIS)
    assert tried > 0
    assert failures == 0
