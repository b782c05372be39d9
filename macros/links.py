"""Relative links from the page being rendered, so raw HTML works at any depth and offline."""

from __future__ import annotations

import posixpath

__all__ = ["relative_url"]


def relative_url(target: str, page_url: str) -> str:
    """A site-relative target ("sources/#levels", "" for the home page) as seen from page_url."""
    path, hash_mark, fragment = target.partition("#")
    start = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url)
    rel = posixpath.relpath(path or ".", start or ".")
    if (path.endswith("/") or not path) and not rel.endswith("/"):
        rel += "/"
    return f"{rel}{hash_mark}{fragment}"
