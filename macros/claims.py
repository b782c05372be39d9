"""The site's claims registry: loading it, checking that pages use it, and its HTML.

Pages refer to a claim by id (``{{ claim('process.steps') }}``); the label, its tooltip and
its link to the sources page come from the registry, so no page writes a label by hand. The
Markdown is scanned once at the start of the build: an id that is not registered, or a
registered claim that no page uses, stops the build with a message that names them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

from calculator import Profile
from calculator._checklist_claims import checklist_contribution, tool_claims
from calculator._checklist_data import Checklist
from calculator._claims import Claim, ClaimsError, Contribution, Registry, build_registry, load_claims
from calculator._claims import profile_contribution as profile_claims
from calculator._fee_schedule import FeeSchedule
from calculator._fee_schedule_claims import fee_schedule_contribution, schedule_tables, schedule_tool_claims
from calculator._labels import LEVEL_ORDER, LEVELS, label_html

__all__ = [
    "CLAIMS_FILE",
    "SOURCES_PAGE",
    "DataClaims",
    "PageUse",
    "check_usage",
    "claim_label",
    "claims_table",
    "data_claims",
    "level_chip",
    "level_legend",
    "scan_pages",
    "site_registry",
    "source_list",
    "sources_of",
    "table_claims",
]

# The site's claims that are not numbers of the rules profile (statements about certification).
CLAIMS_FILE = Path(__file__).with_name("claims.toml")
SOURCES_PAGE = "sources/"

Link = Callable[[str], str]

_CALL = re.compile(r"""\b(?:claim|sources_of)\(\s*(['"])([^'"]+)\1""")
_TOOL = re.compile(r'data-gbt-calculator="([^"]+)"')
_TITLE = re.compile(r"^title:\s*(.+?)\s*$", re.MULTILINE)


def site_registry(profile: Profile, more: Sequence[Contribution] = ()) -> Registry:
    """The rules profile's numbers, the site's claims file and any further contributions, checked."""
    return build_registry(profile_claims(profile), load_claims(CLAIMS_FILE), *more)


@dataclass(frozen=True)
class DataClaims:
    """What the data files beside the rules profile add: their claims, and where the pages state them."""

    contributions: tuple[Contribution, ...]
    tools: Mapping[str, tuple[str, ...]]  # a calculator's name → the claims it labels
    tables: Mapping[str, tuple[str, ...]]  # a table macro's name → the claims it labels


def data_claims(profile: Profile, schedule: FeeSchedule, checklist: Checklist | None = None) -> DataClaims:
    """The fee schedule's claims, and the checklist's when the site shows it."""
    contributions = [fee_schedule_contribution(schedule, profile.sources)]
    tools = schedule_tool_claims(schedule)
    if checklist is not None:
        contributions.append(checklist_contribution(checklist))
        tools.update(tool_claims(checklist))
    return DataClaims(tuple(contributions), tools, schedule_tables(schedule))


def anchor(claim_id: str) -> str:
    return f"claim-{claim_id}"


# -------------------------------------------------------------------- usage


def table_claims(profile: Profile) -> dict[str, tuple[str, ...]]:
    """The claims each table macro labels (macros.render), so the usage check sees them."""
    indicators = [f"indicators.{i.id}.points" for i in profile.indicators]
    parts = [f"indicators.{i.id}.parts.{p.clause}.points" for i in profile.indicators for p in i.parts]
    return {
        "category_table": (*(f"categories.{c.id}.points" for c in profile.categories), "scale.total"),
        "indicator_table": (*indicators, *parts, "clauses.numbers_inferred", "clauses.numbers_single"),
        "grade_table": (*(f"grades.{g.id}.min" for g in profile.grades), "special_deductions.fail_at"),
    }


@dataclass(frozen=True)
class PageUse:
    """The claims one Markdown page refers to, directly or through a table macro."""

    src: str
    url: str
    title: str
    claims: tuple[str, ...]


def _page_url(src: str) -> str:
    stem = src.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/"


def nav_files(nav: object) -> list[str]:
    """The Markdown files of an mkdocs `nav` setting, in reading order."""
    if isinstance(nav, str):
        return [nav] if nav.endswith(".md") else []
    if isinstance(nav, Mapping):
        return [f for v in nav.values() for f in nav_files(v)]
    if isinstance(nav, list):
        return [f for item in nav for f in nav_files(item)]
    return []


def scan_pages(
    docs_dir: Path,
    profile: Profile,
    order: Sequence[str] = (),
    tools: Mapping[str, Sequence[str]] | None = None,
    tables: Mapping[str, Sequence[str]] | None = None,
) -> list[PageUse]:
    """Every page of docs_dir (in `order`, then the rest) with the claim ids it uses.

    Uses are the literal ids in claim() and sources_of() calls, the claims of the table macros (the
    profile's, and `tables`: another data file's macro name → ids), and the claims `tools` says a
    calculator labels (its name → ids) on the page that holds it.
    """
    macros = {**table_claims(profile), **(tables or {})}
    table_call = re.compile(r"\b(" + "|".join(map(re.escape, macros)) + r")\(")
    tools = tools or {}
    pages = []
    for path in sorted(docs_dir.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        ids = [m.group(2) for m in _CALL.finditer(text)]
        for m in table_call.finditer(text):
            ids.extend(macros[m.group(1)])
        for m in _TOOL.finditer(text):
            ids.extend(tools.get(m.group(1), ()))
        src = path.relative_to(docs_dir).as_posix()
        title = _TITLE.search(text)
        pages.append(PageUse(src, _page_url(src), title.group(1) if title else src, tuple(dict.fromkeys(ids))))
    rank = {src: i for i, src in enumerate(order)}
    return sorted(pages, key=lambda p: (rank.get(p.src, len(rank)), p.src))


def check_usage(registry: Registry, pages: Iterable[PageUse]) -> None:
    """Every id a page uses is registered, and every registered claim is used by some page."""
    used: dict[str, list[str]] = {}
    for page in pages:
        for claim_id in page.claims:
            used.setdefault(claim_id, []).append(page.src)
    unknown = registry.unknown(used)
    if unknown:
        where = "；".join(f"{i}（{', '.join(used[i])}）" for i in unknown)
        raise ClaimsError("docs/", "claim()", f"页面引用了没有登记的说法：{where}")
    unused = registry.unused(used)
    if unused:
        raise ClaimsError(
            "docs/",
            "claims",
            f"这些说法已登记，但没有任何页面引用（删去或在页面中用 claim() 引用）：{', '.join(unused)}",
        )


# --------------------------------------------------------------------- HTML


def claim_label(registry: Registry, claim_id: str, link: Link) -> str:
    """The label a claim needs where a page states it; none when two or more publishers agree."""
    claim = registry.claim(claim_id)
    if claim.level.key == "2+":
        return ""
    href = link(f"{SOURCES_PAGE}#{anchor(claim_id)}")
    return label_html(claim.level, href=href, note=claim.note, claim=claim_id)


def level_chip(key: str) -> str:
    """A level shown on its own, to explain the labels (the legend); not a claim."""
    return label_html(LEVELS[key], legend=True)


def _source_link(registry: Registry, key: str, link: Link) -> str:
    source = registry.sources[key]
    return f'<a href="{escape(link(f"{SOURCES_PAGE}#src-{key}"))}">{escape(source.label)}</a>'


def sources_of(registry: Registry, claim_id: str, link: Link) -> str:
    """The sources of a claim as a phrase: "两个不同发布方的资料：A；B"."""
    claim = registry.claim(claim_id)
    external = [k for k in claim.sources if registry.sources[k].publishers or registry.sources[k].primary]
    links = "；".join(_source_link(registry, k, link) for k in external)
    count = len(registry.publishers(claim))
    if not external:
        return "本站自己的推断"
    return f"{_how_many(count)}不同发布方的资料：{links}" if count > 1 else f"一个发布方的资料：{links}"


def _how_many(count: int) -> str:
    """两个、三个 … 十个; larger counts in digits (they read better in running Chinese text)."""
    words = "两三四五六七八九十"
    return f"{words[count - 2]}个" if 2 <= count <= 10 else f" {count} 个"


def level_legend(registry: Registry) -> str:
    """The levels the site uses, what each means and how many claims have it (unused levels are left out)."""
    groups = registry.by_level()
    advice = {
        "2+": "可以作为一般依据；重要场合仍以标准原文和认证机构的规则为准",
        "1": "很可能如此，但未经印证，引用时请注明出处",
        "0": "不能当作标准规定引用",
        "not_found": "说明本站查过，没有找到；不等于“没有这项规定”",
        "illustrative": "只用于理解计算方法，不能当作官方分值",
        "x": "只作提醒，不作依据",
    }
    rows = "".join(
        f"<tr><td>{level_chip(key)}</td><td>{escape(LEVELS[key].explanation)}</td><td>{escape(advice[key])}</td>"
        f'<td><a href="#claims-{escape(LEVELS[key].css)}">{len(groups[key])} 条</a></td></tr>'
        for key in LEVEL_ORDER
        if groups[key]
    )
    return (
        '<div class="rules-table rules-table--levels"><table><thead><tr><th>标签</th><th>含义</th>'
        f"<th>怎么用</th><th>条数</th></tr></thead><tbody>{rows}</tbody></table></div>"
    )


def _where(claim_ids: Sequence[str], pages: Sequence[PageUse], link: Link) -> str:
    """The pages that state any of the claims, each named once."""
    found = [p for p in pages if p.src != "sources.md" and any(i in p.claims for i in claim_ids)]
    return "、".join(f'<a href="{escape(link(p.url))}">{escape(p.title)}</a>' for p in found)


def _claim_text(claim: Claim) -> str:
    text = level_chip(claim.level.key) + escape(claim.text)
    if claim.value:
        text += f'：<strong class="num">{escape(claim.value)}</strong>'
    if claim.note:
        text += f'<br><span class="sub">{escape(claim.note)}</span>'
    return text


def _sources_cell(registry: Registry, keys: Sequence[str], link: Link) -> str:
    return "；".join(
        _source_link(registry, k, link) if registry.sources[k].publishers or registry.sources[k].primary else "本站"
        for k in keys
    )


def _claim_row(registry: Registry, claim: Claim, pages: Sequence[PageUse], link: Link) -> str:
    sources = _sources_cell(registry, claim.sources, link)
    publishers = len(registry.publishers(claim))
    count = f'<br><span class="sub">{publishers} 个不同发布方</span>' if publishers > 1 else ""
    return (
        f'<tr id="{escape(anchor(claim.id))}"><td>{_claim_text(claim)}</td><td>{sources}{count}</td>'
        f"<td>{_where((claim.id,), pages, link)}</td></tr>"
    )


def _group_row(registry: Registry, group: Sequence[Claim], pages: Sequence[PageUse], link: Link) -> str:
    """Many small claims of one kind (a checklist section's items at one level) as one row, each with its anchor.

    The sources are the group's, in order; a claim whose sources differ from the ones most of the
    group shares names its own (one corroborated row of a 21-row table, not every row).
    """
    keys = list(dict.fromkeys(k for c in group for k in c.sources))
    shared, count = Counter(c.sources for c in group).most_common(1)[0]
    items = []
    for c in group:
        alike = c.sources == shared and (count > 1 or len(group) == 1)
        own = "" if alike else f'<span class="sub">（{_sources_cell(registry, c.sources, link)}）</span>'
        note = f'<br><span class="sub">{escape(c.note)}</span>' if c.note else ""
        value = f'：<strong class="num">{escape(c.value)}</strong>' if c.value else ""
        items.append(f'<li id="{escape(anchor(c.id))}">{escape(c.text)}{value}{own}{note}</li>')
    head = f"{level_chip(group[0].level.key)}{escape(group[0].group)}（{len(group)} 条）"
    where = _where([c.id for c in group], pages, link)
    return (
        f'<tr class="claims-group"><td>{head}<ul class="claims-group__items">{"".join(items)}</ul></td>'
        f"<td>{_sources_cell(registry, keys, link)}</td><td>{where}</td></tr>"
    )


def claims_table(registry: Registry, key: str, pages: Sequence[PageUse], link: Link) -> str:
    """Every claim shown with one level: the statement, its sources and the pages that state it.

    Claims of a `group` share one row, placed where the group's first claim stands.
    """
    groups: dict[str, list[Claim]] = {}
    rows: list[str | list[Claim]] = []
    for claim in registry.by_level()[key]:
        if not claim.group:
            rows.append(_claim_row(registry, claim, pages, link))
        elif claim.group in groups:
            groups[claim.group].append(claim)
        else:
            groups[claim.group] = [claim]
            rows.append(groups[claim.group])
    if not rows:
        return '<p class="table-note">（没有）</p>'
    body = "".join(row if isinstance(row, str) else _group_row(registry, row, pages, link) for row in rows)
    return (
        '<div class="rules-table rules-table--claims"><table><thead><tr>'
        "<th>说法</th><th>出处</th><th>出现在</th></tr></thead>"
        f"<tbody>{body}</tbody></table></div>"
    )


def source_list(registry: Registry, organization: str) -> str:
    """Every source any claim cites, each with an anchor; the site's own organization is named as such."""
    cited = {k for c in registry.claims.values() for k in c.sources}
    items = []
    for key, source in registry.sources.items():
        if key not in cited:
            continue
        refs = "；".join(f"<code>{escape(r)}</code>" for r in source.refs)
        who = "、".join(escape(p) for p in source.publishers) or "本站"
        own = "（本站的发布机构）" if organization in source.publishers else ""
        detail = f"发布方：{who}{own}" + (f"<br>{refs}" if refs else "")
        items.append(f'<li id="src-{escape(key)}"><strong>{escape(source.label)}</strong><br>{detail}</li>')
    return f'<ul class="source-list">{"".join(items)}</ul>'
