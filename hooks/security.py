"""The site's Content-Security-Policy and the headers a host must send (driven by the gbt27922/security plugin).

It runs once every page and asset is final and before precompression (the .br/.gz siblings must
be made from the final HTML); the plugin's event priorities say so. After the build it

- collects the SHA-256 of every inline ``<script>`` of the theme that the browser executes
  (Material has a few small ones; one contains the page's relative base URL, so it differs with
  the page's depth), and of the calculator pages' early start in ``<head>``
  (``docs/assets/calculator/early.js``, inlined by the calculator plugin). A script inside a
  page's Markdown content is never hashed: it warns instead, so text that slipped into a page as
  markup cannot whitelist itself;
- writes what the host must send with every response into ``site/_headers/`` (a build directory
  the nginx snippet refuses to serve): ``csp.txt`` (the policy, one line), ``headers.txt`` (every
  security header, ``Name: value``, for CDN and object-storage consoles) and ``nginx-csp.conf``
  (the ``add_header`` line that deploy/nginx/security-headers.conf includes);
- puts the same policy into every page as ``<meta http-equiv="Content-Security-Policy">``, for
  hosts that cannot send headers. A meta policy cannot carry ``frame-ancestors`` (browsers ignore
  it there) and does not reach the workers, so the header stays the real protection; with both, the
  browser enforces both, and they allow the same things.
- warns (an error with ``--strict``) about inline event handlers and ``javascript:`` URLs in the
  built pages: the policy blocks them, so they would silently not work.

The policy allows only the site's own origin, plus what Pyodide needs to compile WebAssembly
(``'wasm-unsafe-eval'``, not ``'unsafe-eval'``). Styles allow ``'unsafe-inline'`` only for
``style=""`` attributes (``style-src-attr``): the calculator draws its bars with
``style="width: 88%"`` in HTML that Python renders; ``<style>`` elements stay limited to the site's
own files (``style-src-elem``). Browsers without CSP level 3 fall back to ``style-src``.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError

log = logging.getLogger("mkdocs.plugins.gbt27922.security")

HEADERS_DIR = "_headers"
# Security headers for every response, besides the Content-Security-Policy. deploy/nginx/security-headers.conf
# sends the same (tests/browser/test_nginx.py compares them).
STATIC_HEADERS: tuple[tuple[str, str], ...] = (
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
    ("X-Frame-Options", "DENY"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
)
# <script type="…"> values a browser executes (the HTML standard's JavaScript MIME types, "module",
# and the inline JSON kinds that script-src also governs); anything else is a data block.
_JS_TYPES = {
    "",
    "module",
    "importmap",
    "speculationrules",
    "application/ecmascript",
    "application/javascript",
    "application/x-ecmascript",
    "application/x-javascript",
    "text/ecmascript",
    "text/javascript",
    "text/javascript1.0",
    "text/javascript1.1",
    "text/javascript1.2",
    "text/javascript1.3",
    "text/javascript1.4",
    "text/javascript1.5",
    "text/jscript",
    "text/livescript",
    "text/x-ecmascript",
    "text/x-javascript",
}
_URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data"}
_META_AFTER = re.compile(r"<meta\s+charset=[\"']?utf-8[\"']?\s*/?>", re.IGNORECASE)
_HEAD = re.compile(r"<head(\s[^>]*)?>", re.IGNORECASE)
_OLD_META = re.compile(r'\n\s*<meta http-equiv="Content-Security-Policy" content="[^"]*">')


def sha256_source(text: str) -> str:
    """A CSP hash source for the exact text of an inline script or style element."""
    # The browser hashes the text after the HTML parser's newline normalization (CRLF/CR -> LF).
    normalized = text.replace("\r\n", "\n").replace("\r", "\n")
    digest = base64.b64encode(hashlib.sha256(normalized.encode("utf-8")).digest()).decode("ascii")
    return f"'sha256-{digest}'"


@dataclass
class PageScan:
    """What one HTML page has inline: executed scripts, style elements and things the policy blocks."""

    scripts: list[str] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scan = PageScan()
        self._open: str | None = None  # "script" or "style" while inside an inline one
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if name.startswith("on") and len(name) > 2:
                self.scan.blocked.append(f"<{tag} {name}=…> (inline event handler)")
            if name in _URL_ATTRS and re.sub(r"[\s\x00-\x1f]", "", value).lower().startswith("javascript:"):
                self.scan.blocked.append(f'<{tag} {name}="javascript:…">')
        if tag == "script" and "src" not in values:
            kind = values.get("type", "").strip().lower()
            if kind in _JS_TYPES:
                self._open, self._text = "script", []
        elif tag == "style":
            self._open, self._text = "style", []

    # Script and style contents are raw text for the parser too (no entity decoding), as in a browser.
    def handle_data(self, data: str) -> None:
        if self._open:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._open == tag:
            target = self.scan.scripts if tag == "script" else self.scan.styles
            target.append("".join(self._text))
            self._open = None


def scan_html(html: str) -> PageScan:
    scanner = _Scanner()
    scanner.feed(html)
    scanner.close()
    return scanner.scan


def other_origin(url: str, site_url: str) -> str | None:
    """The origin of `url` when it is on another host than the site (e.g. extra.pyodide_url), else None."""
    parts = urlsplit(url.strip())
    if not parts.netloc:
        return None
    site = urlsplit(site_url or "")
    if parts.scheme and site.scheme and (parts.scheme, parts.netloc) == (site.scheme, site.netloc):
        return None
    if not parts.scheme:  # protocol-relative: a host source matches it with the page's scheme
        return parts.netloc
    return f"{parts.scheme}://{parts.netloc}"


def build_policy(
    script_hashes: Iterable[str],
    style_hashes: Iterable[str] = (),
    *,
    extra_origins: Iterable[str] = (),
    meta: bool = False,
) -> str:
    """The Content-Security-Policy; `meta` leaves out what a <meta> element cannot carry."""
    origins = sorted(set(extra_origins))
    scripts = " ".join(["'self'", "'wasm-unsafe-eval'", *origins, *sorted(set(script_hashes))])
    style_elements = " ".join(["'self'", *sorted(set(style_hashes))])
    directives = [
        "default-src 'self'",
        f"script-src {scripts}",
        "worker-src 'self'",
        " ".join(["connect-src 'self'", *origins]),
        "img-src 'self' data:",
        "style-src 'self' 'unsafe-inline'",
        f"style-src-elem {style_elements}",
        "style-src-attr 'unsafe-inline'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ]
    if not meta:
        directives.append("frame-ancestors 'none'")
    return "; ".join(directives)


def _insert_meta(html: str, policy: str) -> str | None:
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    html = _OLD_META.sub("", html)  # a page this hook has already seen keeps one policy, the current one
    # Before any script: a meta policy only governs what comes after it in the document.
    anchor = _META_AFTER.search(html) or _HEAD.search(html)
    if anchor is None:
        return None
    return f"{html[: anchor.end()]}\n      {tag}{html[anchor.end() :]}"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def content_script_hashes(html: str, src_uri: str) -> set[str]:
    """Hashes of the inline scripts in a page's Markdown content: never allowed, so each one warns."""
    hashes = set()
    for text in scan_html(html).scripts:
        hashes.add(sha256_source(text))
        log.warning(
            "security: %s: an inline <script> in the page's content is blocked by the Content-Security-Policy; "
            "put the code in a file under docs/ and list it in extra_javascript",
            src_uri,
        )
    return hashes


def _scan_site(site: Path, pages: list[Path], content_scripts: set[str]) -> tuple[set[str], set[str]]:
    """The hashes of the inline scripts and styles the built pages run (content scripts left out)."""
    scripts: set[str] = set()
    styles: set[str] = set()
    for page in pages:
        scan = scan_html(page.read_text(encoding="utf-8"))
        scripts.update(sha256_source(text) for text in scan.scripts if sha256_source(text) not in content_scripts)
        styles.update(sha256_source(text) for text in scan.styles)
        for what in scan.blocked:
            log.warning("security: %s: %s is blocked by the Content-Security-Policy", page.relative_to(site), what)
    return scripts, styles


def _write_headers(site: Path, policy: str) -> None:
    out = site / HEADERS_DIR
    _write(out / "csp.txt", policy + "\n")
    headers = [("Content-Security-Policy", policy), *STATIC_HEADERS]
    _write(out / "headers.txt", "".join(f"{name}: {value}\n" for name, value in headers))
    _write(
        out / "nginx-csp.conf",
        "# Generated by hooks/security.py for this build: do not edit, rebuild the site instead.\n"
        "# Included by deploy/nginx/security-headers.conf; reload nginx after deploying a new build.\n"
        f'add_header Content-Security-Policy "{policy}" always;\n',
    )


def secure_site(site: Path, *, content_scripts: set[str], extra_origins: Iterable[str], meta: bool) -> None:
    """Write site/_headers/ and (with `meta`) put the policy into every page as a <meta> element."""
    pages = sorted(site.rglob("*.html"))
    scripts, styles = _scan_site(site, pages, content_scripts)
    origins = list(extra_origins)
    policy = build_policy(scripts, styles, extra_origins=origins)
    meta_policy = build_policy(scripts, styles, extra_origins=origins, meta=True)
    if re.search(r'["$\\\n]', policy):
        raise PluginError(f"security: the policy contains a character nginx or HTML would misread: {policy}")
    _write_headers(site, policy)
    for page in pages if meta else []:
        html = page.read_text(encoding="utf-8")
        changed = _insert_meta(html, meta_policy)
        if changed is None:
            log.warning("security: %s has no <head>; it gets no Content-Security-Policy meta element", page)
            continue
        page.write_text(changed, encoding="utf-8")
    log.info(
        "security: Content-Security-Policy with %d inline script hash(es) for %d pages, in %s/",
        len(scripts),
        len(pages),
        HEADERS_DIR,
    )
