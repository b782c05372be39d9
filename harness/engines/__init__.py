"""Driving Firefox and WebKitGTK, shared by the engine tests (tests/browser/engines/) and the benchmark's per-engine row.

- ``engine``: the small surface every engine implements (run a script, click, type, read);
- ``firefox`` (WebDriver BiDi, ``bidi``) and ``webkit`` (WebKitWebDriver under Xvfb);
- ``guard``: the proxy both are pointed at, so that nothing leaves 127.0.0.1.
"""
