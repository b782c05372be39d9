"""Reading a built site: pages, links, ids, resources, meta tags and visible text (standard library only)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

# The pages of the site (URL paths relative to the site root) and their titles in the navigation.
PAGES: dict[str, str] = {
    "": "首页",
    "what-is/": "什么是售后服务认证",
    "scope-benefits/": "涵盖范围与认证意义",
    "indicators/": "评价指标体系",
    "scoring/": "评分与星级",
    "managers/": "售后服务管理师",
    "complaints/": "投诉处理要求",
    "apply/": "申请条件与自查清单",
    "process/": "认证流程与周期",
    "audit-day/": "审核当天",
    "fees/": "费用构成",
    "choose-body/": "如何选择认证机构",
    "bodies-and-consultants/": "认证机构、咨询机构与培训机构",
    "after-certification/": "获证之后",
    "verify/": "证书真伪查询",
    "faq/": "常见问题",
    "glossary/": "术语表",
    "sources/": "来源与可信度",
    "contact/": "联系我们",
    "deploy/": "部署与安全设置",
    "calculator/score/": "自评计分",
    "calculator/staffing/": "管理师配置",
    "calculator/checklist/": "迎审准备清单",
}

# Pages written by this site's content (the calculator pages belong to the calculator tools).
CONTENT_PAGES = [p for p in PAGES if not p.startswith("calculator/")]

# Built and linked from the README, but for the operators who publish the site: not in its
# navigation, not in its search.
OPERATOR_PAGES = ["deploy/"]

_SKIP_TEXT = {"script", "style", "noscript", "template"}


@dataclass
class Parsed:
    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)
    resources: list[tuple[str, str]] = field(default_factory=list)  # (tag.attr, url)
    meta: dict[str, str] = field(default_factory=dict)
    inline_styles: list[str] = field(default_factory=list)
    text_parts: list[str] = field(default_factory=list)
    article_parts: list[str] = field(default_factory=list)
    footer_parts: list[str] = field(default_factory=list)
    classes: set[str] = field(default_factory=set)

    @property
    def text(self) -> str:
        return _squash("".join(self.text_parts))

    @property
    def article(self) -> str:
        return _squash("".join(self.article_parts))

    @property
    def footer(self) -> str:
        return _squash("".join(self.footer_parts))


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u200b", "")).strip()


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out = Parsed()
        self.skip = 0
        self.in_article = 0
        self.in_footer = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        self._note_names(tag, a)
        self._note_resources(tag, a)
        if tag == "meta":
            key = a.get("property") or a.get("name")
            if key:
                self.out.meta[key] = a.get("content", "")
        if tag in _SKIP_TEXT:
            self.skip += 1
        if tag == "article":
            self.in_article += 1
        if tag == "footer":
            self.in_footer += 1

    def _note_names(self, tag: str, a: dict[str, str]) -> None:
        """Ids, anchors' names, classes, links and inline styles."""
        if "id" in a:
            self.out.ids.add(a["id"])
        if "name" in a and tag == "a":
            self.out.ids.add(a["name"])
        self.out.classes.update(a.get("class", "").split())
        if tag == "a" and "href" in a:
            self.out.links.append(a["href"])
        if "style" in a:
            self.out.inline_styles.append(a["style"])

    def _note_resources(self, tag: str, a: dict[str, str]) -> None:
        """What the page loads: stylesheets, icons, preloads, scripts, images, media."""
        if tag == "link" and "href" in a:
            rel = a.get("rel", "")
            if any(r in rel for r in ("stylesheet", "icon", "preload", "prefetch", "modulepreload", "manifest")):
                self.out.resources.append((f"link[{rel}]", a["href"]))
        for attr in ("src", "srcset", "poster", "data"):
            if attr in a and tag in ("script", "img", "iframe", "source", "video", "audio", "embed", "object", "track"):
                self.out.resources.append((f"{tag}.{attr}", a[attr]))

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TEXT and self.skip:
            self.skip -= 1
        if tag == "article" and self.in_article:
            self.in_article -= 1
        if tag == "footer" and self.in_footer:
            self.in_footer -= 1

    def handle_data(self, data: str) -> None:
        if self.skip:
            if data.strip():
                self.out.inline_styles.append(data)
            return
        self.out.text_parts.append(data + " ")
        if self.in_article:
            self.out.article_parts.append(data + " ")
        if self.in_footer:
            self.out.footer_parts.append(data + " ")


def parse(html: str) -> Parsed:
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return parser.out


def page_file(site: Path, url_path: str) -> Path:
    return site / url_path / "index.html" if url_path.endswith("/") or not url_path else site / url_path


def read_page(site: Path, url_path: str) -> Parsed:
    return parse(page_file(site, url_path).read_text(encoding="utf-8"))


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def is_off_origin(url: str) -> bool:
    """True for a URL that a browser would fetch from another origin."""
    url = unescape(url.strip())
    if not url:
        return False
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about", "javascript"):
        return False
    return bool(parts.scheme or parts.netloc)


def resolve_internal(site: Path, page: Path, href: str) -> tuple[Path, str] | None:
    """The file and fragment an internal href points to, or None for an external or special link."""
    href = unescape(href.strip())
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("mailto:", "tel:", "javascript:")):
        return None
    rel_page = "/" + page.relative_to(site).as_posix()
    target = urlsplit(urljoin(rel_page, parts.path)) if parts.path else urlsplit(rel_page)
    path = unquote(target.path).lstrip("/")
    file = site / path
    if not parts.path:
        file = page
    elif path.endswith("/") or path == "":
        file = site / path / "index.html"
    elif file.is_dir():
        file = file / "index.html"
    return file, unquote(parts.fragment)
