"""The mkdocs-macros module of the site (`plugins.macros.module_name: macros`).

Every number of the standard that the pages show is rendered here from the
rules profile; see `macros.main.define_env`.
"""

from macros.main import define_env

__all__ = ["define_env"]
