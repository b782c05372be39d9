"""The runtime's speed levers: their names, the set the site ships, and the grammar that picks a set.

bench/LEVERS.md has each lever's measurements and why it is kept or dropped. The calculator
plugin's option ``levers`` (env ``GBT27922_RUNTIME_LEVERS``) chooses the set for one build.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["DEFAULT_LEVERS", "LEVERS", "LEVERS_ENV", "NEED_OWN_RUNTIME", "parse_levers"]

LEVERS_ENV = "GBT27922_RUNTIME_LEVERS"
LEVERS: dict[str, str] = {
    "early": "an inline script at the top of <head> of calculator pages starts the worker while the page is parsed",
    "lock": "Pyodide's package lock passed inline: no pyodide-lock.json download",
    "prefetch": "the worker starts every download at once, while it imports Pyodide",
    "appzip": "calculator + segno as one zip put on sys.path, instead of two wheels to unpack",
    "stdlib": "the standard library trimmed to hooks/calculator_stdlib.txt",
    "bytecode": "the standard library and the app precompiled to .pyc (inside Pyodide, at build time)",
    "sw": "a versioned service worker precaches the runtime: returning visits and offline use",
    "preload": "<link rel=preload> of the runtime in the <head> of calculator pages (measured, not shipped)",
    "snapshot": "returning visits restore a memory snapshot of Python taken by the first visit",
}
# What the site ships; bench/LEVERS.md explains each choice with the benchmark's figures.
DEFAULT_LEVERS = frozenset({"early", "lock", "prefetch", "appzip", "stdlib", "bytecode", "sw", "snapshot"})
# Levers that need the runtime's own files: with another copy of Pyodide (extra.pyodide_url), of a
# version this build cannot inspect, they are left out (nothing is compiled for an unknown Python).
NEED_OWN_RUNTIME = frozenset({"lock", "stdlib", "bytecode", "preload"})


def parse_levers(value: str | Iterable[str] | None) -> frozenset[str]:
    """The levers a setting names; raises ValueError naming an unknown lever.

    Empty (or ``default``) is DEFAULT_LEVERS, ``stock`` (or ``none``) turns every lever off,
    ``all`` turns every one on, ``a,b`` (or a list) names the levers to use, and ``+a,-b``
    changes the default set.
    """
    if value is None:
        return DEFAULT_LEVERS
    raw = value if isinstance(value, str) else ",".join(value)
    raw = raw.strip().lower()
    if raw in ("", "default"):
        return DEFAULT_LEVERS
    if raw in ("stock", "none"):
        return frozenset()
    if raw == "all":
        return frozenset(LEVERS)
    items = [item.strip() for item in raw.split(",") if item.strip()]
    relative = all(item[0] in "+-" for item in items)
    chosen = set(DEFAULT_LEVERS) if relative else set()
    for item in items:
        name = item.lstrip("+-")
        if name not in LEVERS:
            raise ValueError(f"unknown lever {name!r}; known: {', '.join(LEVERS)}")
        if item.startswith("-"):
            chosen.discard(name)
        else:
            chosen.add(name)
    return frozenset(chosen)
