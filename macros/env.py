"""The part of the mkdocs-macros environment this package uses, as a typed protocol."""

from __future__ import annotations

from collections.abc import Callable, Mapping, MutableMapping
from typing import Any, Protocol

from mkdocs.structure.pages import Page

__all__ = ["MacrosEnv"]


class MacrosEnv(Protocol):
    """What `define_env(env)` receives from mkdocs-macros (only the members used here)."""

    @property
    def variables(self) -> MutableMapping[str, Any]:
        """The variables the pages' Jinja sees."""
        ...

    @property
    def conf(self) -> Mapping[str, Any]:
        """The MkDocs configuration."""
        ...

    @property
    def page(self) -> Page | None:
        """The page being rendered (None outside a page)."""
        ...

    def macro(self, v: Callable[..., Any], name: str = "") -> Callable[..., Any]:
        """Make `v` callable from the pages as `name`."""
        ...
