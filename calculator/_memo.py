"""Values derived from a data file once per file, not once per keystroke.

The worker recomputes on every change of a form; what depends only on the rules profile, the fee
schedule or the checklist (a form's field specs, …) is the same each time. These data objects are
large frozen dataclasses, expensive to hash, so the memo goes by identity: the same object gives
the same value. A deployment's `configure` makes new objects; the few last ones are kept.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

__all__ = ["per_dataset"]

D = TypeVar("D")
T = TypeVar("T")
_KEEP = 4  # data objects remembered per function: the packaged one and a deployment's own, with room to spare


def per_dataset(fn: Callable[[D], T]) -> Callable[[D], T]:
    """`fn(data)` computed once per data object (by identity); `fn`'s value must be immutable."""
    # id → (the object itself, kept alive so that its id is not reused; the value)
    memo: dict[int, tuple[D, T]] = {}

    @functools.wraps(fn)
    def memoized(data: D) -> T:
        hit = memo.get(id(data))
        if hit is not None and hit[0] is data:
            return hit[1]
        value = fn(data)
        if len(memo) >= _KEEP:
            memo.pop(next(iter(memo)))
        memo[id(data)] = (data, value)
        return value

    return memoized
