"""The security plugin (gbt27922/security, hooks/security.py) in real builds, and hostile profile/branding text in a build.

- the Content-Security-Policy the build writes lists exactly the hashes of the inline scripts the
  pages run, every page carries it as a meta element before its first script, and no page has an
  inline event handler or a `javascript:` URL (the policy would block them);
- a site built with markup in the rules profile's text and in extra.organization shows that
  markup as text everywhere: pages, the search index, the calculators' worked examples.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from pathlib import Path

import pytest

from hooks import security
from tests.site.building import DEFAULT_PROFILE, build, config_with_organization, replace_once
from tests.site.sitecheck import html_files, parse, read_page

pytestmark = pytest.mark.build

# Inline scripts the browser executes: no src, and no type or a JavaScript one (not the JSON config).
_INLINE = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script\s*>", re.DOTALL | re.IGNORECASE)
_DATA_TYPE = re.compile(r"""type=["']?(application/json|application/ld\+json|text/template)""", re.IGNORECASE)


def executed_inline_scripts(page_html: str) -> list[str]:
    return [
        m.group("body")
        for m in _INLINE.finditer(page_html)
        if "src=" not in m.group("attrs") and not _DATA_TYPE.search(m.group("attrs"))
    ]


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def directives(policy: str) -> dict[str, list[str]]:
    return {d.split()[0]: d.split()[1:] for d in policy.split("; ")}


# ------------------------------------------------------------------------------ the default build


def test_policy_files_agree(site: Path) -> None:
    policy = (site / "_headers" / "csp.txt").read_text(encoding="utf-8")
    assert policy.endswith("\n")
    assert policy.count("\n") == 1
    policy = policy.strip()
    headers = (site / "_headers" / "headers.txt").read_text(encoding="utf-8").splitlines()
    assert headers[0] == f"Content-Security-Policy: {policy}"
    assert {h.split(": ", 1)[0] for h in headers[1:]} == {
        "X-Content-Type-Options",
        "Referrer-Policy",
        "X-Frame-Options",
        "Permissions-Policy",
    }
    nginx = (site / "_headers" / "nginx-csp.conf").read_text(encoding="utf-8")
    assert f'add_header Content-Security-Policy "{policy}" always;' in nginx


def test_policy_hashes_exactly_the_inline_scripts_the_pages_run(site: Path) -> None:
    policy = (site / "_headers" / "csp.txt").read_text(encoding="utf-8").strip()
    hashes = {s for s in directives(policy)["script-src"] if s.startswith("'sha256-")}
    needed = {sha256(body) for page in html_files(site) for body in executed_inline_scripts(page.read_text("utf-8"))}
    assert needed, "Material's theme has inline scripts: the extraction found none"
    assert hashes == needed
    # The theme's base-URL script differs with the page's depth: several variants are hashed.
    assert len(needed) >= 4


def test_every_page_has_the_policy_before_its_first_script(site: Path) -> None:
    policy = (site / "_headers" / "csp.txt").read_text(encoding="utf-8").strip()
    meta_policy = policy.replace("; frame-ancestors 'none'", "")
    for page in html_files(site):
        text = page.read_text("utf-8")
        head = text[: text.index("</head>")]
        metas = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', head)
        assert metas == [meta_policy], page
        assert head.index('http-equiv="Content-Security-Policy"') < head.index("<script"), page


def test_no_page_has_inline_handlers_or_javascript_urls(site: Path) -> None:
    offenders = []
    for page in html_files(site):
        text = page.read_text("utf-8")
        offenders += [f"{page.relative_to(site)}: {m}" for m in re.findall(r"<[^>]*\son[a-z]+\s*=[^>]*>", text)]
        offenders += [f"{page.relative_to(site)}: {m}" for m in re.findall(r"""=["']?\s*javascript:""", text, re.I)]
    assert offenders == []


def test_the_scan_sees_what_a_browser_runs() -> None:
    page = (
        '<html><head><meta charset="utf-8"><script>a()</script><script src="x.js"></script>'
        '<script type="application/json">{"a": 1}</script><script type="module">b()\r\n</script>'
        '<style>p{color:red}</style></head><body><a href=" javascript:x()">x</a><img src=y onerror="z()">'
        "</body></html>"
    )
    scan = security.scan_html(page)
    assert scan.scripts == ["a()", "b()\r\n"]
    assert scan.styles == ["p{color:red}"]
    assert len(scan.blocked) == 2
    # The browser hashes the text after newline normalization.
    assert security.sha256_source("b()\r\n") == sha256("b()\n")


def test_the_policy_allows_another_pyodide_origin_only_where_needed() -> None:
    origin = security.other_origin("https://intranet.example:8443/pyodide/314.0.7/", "http://127.0.0.1:8000/")
    assert origin == "https://intranet.example:8443"
    assert security.other_origin("/pyodide/", "http://a.example/") is None
    assert security.other_origin("http://a.example/p/", "http://a.example/site/") is None
    policy = directives(security.build_policy(["'sha256-x'"], extra_origins=[origin]))
    assert policy["script-src"] == ["'self'", "'wasm-unsafe-eval'", origin, "'sha256-x'"]
    assert policy["connect-src"] == ["'self'", origin]
    assert policy["worker-src"] == ["'self'"]
    assert "frame-ancestors" not in directives(security.build_policy([], meta=True))


# ---------------------------------------------------------------------------- hostile text in a build

PAYLOAD = '<img src=x onerror="alert(1)">'
ORG_BLOCK = f"""  organization:
    name: '示例认证{PAYLOAD}'
    short_name: '示例'
    address: '示例路 1 号"><script>alert(2)</script>'
    phones:
      - "010-12345678"
    email: ""
    cta:
      text: '预约<svg onload=alert(3)>'
      link: contact/
"""
# (TOML key as written in the default profile, hostile replacement) — text fields the pages quote.
PROFILE_TEXT = [
    ('name = "维修"', f'name = "维修{PAYLOAD.replace(chr(34), chr(39))}"'),
    ('title = "商品售后服务评价体系"', 'title = "商品售后服务评价体系<script>alert(4)</script>"'),
    ('base = "服务管理人员"', "base = \"服务管理人员<b onmouseover='alert(5)'>\""),
]


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("site-hostile-text")
    toml = DEFAULT_PROFILE.read_text(encoding="utf-8")
    for old, new in PROFILE_TEXT:
        toml = replace_once(toml, old, new)
    profile = tmp / "hostile.toml"
    profile.write_text(toml, encoding="utf-8")
    dest = tmp / "site"
    with config_with_organization(ORG_BLOCK) as config:
        result = build(dest, env={"GBT27922_PROFILE": str(profile)}, config=config)
    assert result.returncode == 0, result.stderr[-6000:]
    return dest


class _Elements:
    """Every element and attribute of a page, as a browser's parser would see them."""

    def __init__(self, text: str) -> None:
        from html.parser import HTMLParser

        self.found: list[str] = []

        outer = self

        class Parser(HTMLParser):
            def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
                if tag == "img" and ("src", "x") in attrs:
                    outer.found.append(f"<{tag} {attrs}>")
                for name, value in attrs:
                    if name.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                        outer.found.append(f"<{tag} {name}={value!r}>")

            def handle_data(self, data: str) -> None:
                if "alert(" in data and self.lasttag == "script":
                    outer.found.append(f"<script>{data[:80]}")

        Parser().feed(text)


def test_hostile_text_is_escaped_on_every_page(hostile_site: Path) -> None:
    injected = []
    for page in html_files(hostile_site):
        injected += [f"{page.relative_to(hostile_site)}: {e}" for e in _Elements(page.read_text("utf-8")).found]
    assert injected == []


def test_hostile_text_shows_as_text(hostile_site: Path) -> None:
    footer = read_page(hostile_site, "").footer
    assert f"示例认证{PAYLOAD}" in footer
    assert '示例路 1 号"><script>alert(2)</script>' in footer
    assert "预约<svg onload=alert(3)>" in footer
    assert "维修<img src=x onerror='alert(1)'>" in read_page(hostile_site, "indicators/").article
    assert "<script>alert(4)</script>" in read_page(hostile_site, "").article
    assert "服务管理人员<b onmouseover='alert(5)'>" in read_page(hostile_site, "managers/").article


def test_hostile_text_is_escaped_in_the_search_index(hostile_site: Path) -> None:
    """Material's search shows a result's title and text as HTML, so the index must hold them escaped."""
    index = json.loads((hostile_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:
        for key in ("title", "text"):
            for needle in ("<img", "<script", "<svg", "<b "):
                assert needle not in doc[key].replace("\u200b", ""), (doc["location"], key, doc[key][:300])
    text = " ".join(doc["text"] for doc in index["docs"]).replace("\u200b", "")
    assert "&lt;img" in text or "&lt;" in text


def test_hostile_text_is_escaped_in_the_calculators(hostile_site: Path) -> None:
    for calculator in ("score", "staffing"):
        page = (hostile_site / "calculator" / calculator / "index.html").read_text("utf-8")
        assert _Elements(page).found == []
        config = re.search(r'data-gbt-config="([^"]*)"', page)
        assert config
        json.loads(html.unescape(config.group(1)))  # still valid JSON after escaping
    score = parse((hostile_site / "calculator" / "score" / "index.html").read_text("utf-8"))
    assert "维修<img src=x onerror='alert(1)'>" in score.text
