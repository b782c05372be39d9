"""Calculator pages: the marker a page carries becomes the tool's block, and <head> gets the runtime's early start.

A page asks for a tool with ``<div data-gbt-calculator="<name>"></div>`` (a name of the engine's
registry, calculator/_tools.py). The build puts the generated form, a worked example and the
runtime configuration there, and later, in the final HTML, the tags that start the worker while the page is still parsing.
Only such pages reference the worker and the runtime.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape as html_escape
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

from calculator._tool import Datasets
from hooks import tools
from hooks.runtime import Runtime
from hooks.runtime_config import early_config, runtime_config

__all__ = ["CalculatorPages", "relative_links"]

MARKER = re.compile(r'<div data-gbt-calculator="([^"]*)">\s*</div>')
CHARSET = re.compile(r"<meta charset=[^>]*>", re.IGNORECASE)


def relative_links(targets: dict[str, str], page_url: str) -> dict[str, str]:
    """Site-relative targets ("indicators/#organization") as seen from the page at `page_url`."""
    links = {}
    for key, target in targets.items():
        path, hash_mark, anchor = target.partition("#")
        links[key] = get_relative_url(path, page_url) + hash_mark + anchor
    return links


class _AssetLinks(HTMLParser):
    """Stylesheets, scripts and icons a page loads (their href/src as written)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        rel = (a.get("rel") or "").lower().split()
        if tag == "link" and a.get("href") and ({"stylesheet", "icon", "modulepreload"} & set(rel)):
            self.urls.append(str(a["href"]))
        elif tag == "script" and a.get("src"):
            self.urls.append(str(a["src"]))


def _site_path(url: str, page_url: str) -> str | None:
    """`url` as written in the page at `page_url`, as a site-relative path (None: another site)."""
    base = "http://site.invalid/"
    absolute = urljoin(base + page_url, url)
    parts = urlsplit(absolute)
    if not absolute.startswith(base):
        return None
    return parts.path[1:] + (f"?{parts.query}" if parts.query else "")


@dataclass
class CalculatorPages:
    """The calculator pages of one build, as the plugin meets them."""

    runtime: Runtime
    organization_html: str  # the print header's organization block
    urls: list[str] = field(default_factory=list)  # page URLs (site-relative)
    assets: set[str] = field(default_factory=set)  # what calculator pages load (site-relative)
    early: dict[str, str] = field(default_factory=dict)  # page URL → <head> tags that start the runtime

    def inject(self, content: str, src_uri: str, page_url: str, targets: Callable[[], dict[str, str]]) -> str | None:
        """`content` with its calculator marker replaced by the tool's block; None when it has no marker.

        `targets` gives the indicator links, site-relative (hooks/indicator_links.py).
        """
        match = MARKER.search(content)
        if not match:
            return None
        chosen = tools.tool(match.group(1))
        links = relative_links(targets(), page_url)
        config = runtime_config(self.runtime, chosen.name, page_url, links)
        block = tools.page_block(
            chosen,
            Datasets(self.runtime.profile, self.runtime.fees, self.runtime.checklist),
            links=links,
            organization_html=self.organization_html,
            config_json=json.dumps(config, ensure_ascii=False),
        )
        content = content[: match.start()] + block + content[match.end() :]
        if MARKER.search(content):
            raise PluginError(f"calculator: {src_uri} has more than one calculator")
        # <head> tags that start the worker while the page is still parsing (docs/assets/calculator/early.js):
        # calculator.js is a module Material loads at the end of <body>, which runs only after the parser
        # and the theme's script are done (≈ 0.3 s on the benchmark machine); a classic inline script
        # placed before the stylesheets runs as soon as it is parsed.
        early = html_escape(json.dumps(early_config(config), ensure_ascii=False, separators=(",", ":")))
        self.early[page_url] = (
            f'<meta name="gbt27922-runtime" content="{early}"><script>{self.runtime.early_js}</script>'
        )
        self.urls.append(page_url)
        return content

    def finish(self, output: str, page_url: str) -> str:
        """A calculator page's final HTML: note what it loads (for the service worker) and add the head tags."""
        parser = _AssetLinks()
        parser.feed(output)
        for url in parser.urls:
            path = _site_path(url, page_url)
            if path:
                self.assets.add(path)
        if "early" in self.runtime.levers:
            # Right after <meta charset>: before the stylesheets, which would hold an inline script back.
            charset = CHARSET.search(output)
            at = charset.end() if charset else output.find("<head>") + len("<head>")
            output = output[:at] + self.early[page_url] + output[at:]
        if "preload" in self.runtime.levers and "</head>" in output:
            output = output.replace("</head>", self._preload_tags(page_url) + "</head>", 1)
        return output

    def _preload_tags(self, page_url: str) -> str:
        """The preload lever (measured, not shipped): ask the browser to start the runtime's downloads at once."""

        def preload(url: str, kind: str) -> str:
            return f'<link rel="preload" href="{get_relative_url(url, page_url)}" as="{kind}" crossorigin fetchpriority="low">'

        index = self.runtime.pyodide_index
        tags = [preload(index + "pyodide.mjs", "script"), preload(index + "pyodide.asm.mjs", "script")]
        tags += [preload(url, "fetch") for url in self.runtime.fetched]
        if self.runtime.app_url:
            tags.append(preload(self.runtime.app_url, "fetch"))
        return "".join(tags)
