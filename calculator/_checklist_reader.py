"""Loading the checklist strictly, against the rules profile in use.

The checklist file (``profiles/checklist-gbt27922-2011.toml``) refers to the profile's second-level
indicators and kinds of special deduction by id. Loading stops with a `ProfileError` naming the
file, the key and the problem when an item names an id the profile does not have, when an
indicator or kind of the profile has fewer than `MIN_ITEMS` items, or on any malformed value, so a
profile with other indicators fails loudly instead of showing stale items. A deployment may bring
its own checklist file (`load_checklist`; in the browser `parse_checklist_bytes`), checked alike.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, get_args

from calculator._checklist_data import Checklist, Item, ItemKind, Section, SectionKind
from calculator._datafile import ProfileError, Source, Table, packaged_bytes, read_file, read_sources, read_toml, unique
from calculator._profile import Profile

if TYPE_CHECKING:
    from calculator._tool import Datasets

__all__ = [
    "DEFAULT_CHECKLIST",
    "MIN_ITEMS",
    "ChecklistError",
    "checklist_in_use",
    "load_checklist",
    "packaged_checklist",
    "parse_checklist",
    "parse_checklist_bytes",
]

DEFAULT_CHECKLIST = "checklist-gbt27922-2011.toml"
SCHEMA = 1
MIN_ITEMS = 3  # per indicator and per kind of special deduction
MAX_ITEMS = 30  # per section: a longer list is not a checklist any more (and the URL state stays short)
_KINDS: tuple[ItemKind, ...] = get_args(ItemKind)
DEDUCTIONS = "特别扣分项"


class ChecklistError(ProfileError):
    """A checklist file that cannot be used (a ProfileError: every caller of the data files handles it)."""

    kind = "迎审准备清单"


def load_checklist(path: str | Path, profile: Profile) -> Checklist:
    """Load and validate a checklist file against `profile`; raises ChecklistError."""
    try:
        raw = read_file(path)
    except ProfileError as exc:
        raise ChecklistError(exc.file, exc.key, exc.problem) from None
    return parse_checklist_bytes(raw, profile, str(path))


def parse_checklist_bytes(raw: bytes | str, profile: Profile, file: str = "checklist.toml") -> Checklist:
    """A checklist file's content (as the browser worker receives it) validated against `profile`."""
    return parse_checklist(read_toml(raw, file, ChecklistError), profile, file)


@cache
def _packaged() -> dict[str, object]:
    raw = packaged_bytes(__name__, DEFAULT_CHECKLIST)
    return read_toml(raw, f"calculator/profiles/{DEFAULT_CHECKLIST}", ChecklistError)


# The packaged checklist bound to the last few profiles asked for (a page computes on every change).
_bound: dict[int, tuple[Profile, Checklist]] = {}


def checklist_in_use(datasets: Datasets) -> Checklist:
    """A deployment's own checklist, else the packaged one checked against the rules in use (a registry entry's `data`).

    Raises ProfileError when the profile has indicators or special deduction kinds the
    packaged checklist does not cover, or the checklist names ones the profile does not have.
    """
    return datasets.own_checklist or packaged_checklist(datasets.profile)


def packaged_checklist(profile: Profile) -> Checklist:
    """The packaged checklist checked against `profile`; raises ProfileError when they do not fit."""
    hit = _bound.get(id(profile))
    if hit is not None and hit[0] is profile:
        return hit[1]
    checklist = parse_checklist(_packaged(), profile, f"calculator/profiles/{DEFAULT_CHECKLIST}")
    if len(_bound) > 4:
        _bound.clear()
    _bound[id(profile)] = (profile, checklist)
    return checklist


def parse_checklist(data: Mapping[str, object], profile: Profile, file: str = "<checklist>") -> Checklist:
    """Validate parsed TOML into a Checklist for `profile`; raises ChecklistError and nothing else."""
    top = Table(file, "", data, ChecklistError)
    schema = top.integer("schema")
    if schema != SCHEMA:
        raise top.fail("schema", f"不支持的格式版本 {schema}，本程序只支持 {SCHEMA}")
    checklist_id, name = top.text("id"), top.text("name")
    sources = read_sources(top)
    tables = top.tables("items")
    top.done()
    unique([(t.ident("id"), t) for t in tables], "清单条目")
    placed: dict[tuple[str, str], list[Item]] = {}
    for t in tables:
        placed.setdefault(_section_of(t, profile), []).append(_read_item(t, sources))
    return Checklist(file, checklist_id, name, profile, sources, _sections(top, profile, placed))


def _section_of(t: Table, profile: Profile) -> tuple[str, str]:
    """("indicator" | "deduction", id) of an item, checked against the profile."""
    has_indicator, has_deduction = "indicator" in t.data, "deduction" in t.data
    if has_indicator == has_deduction:
        raise t.fail("indicator", "每个条目须且只能给出 indicator（二级指标）或 deduction（特别扣分项类别）之一")
    if has_indicator:
        known = [i.id for i in profile.indicators]
        key, kind = "indicator", "二级指标"
    else:
        known = [k.id for k in profile.special_deductions.kinds]
        key, kind = "deduction", "特别扣分项类别"
    value = t.ident(key)
    if value not in known:
        raise t.fail(key, f"规则文件 {profile.file} 中没有{kind} {value!r}；已有的是：{', '.join(known)}")
    return key, value


def _read_item(t: Table, sources: Mapping[str, Source]) -> Item:
    kind = t.text("kind")
    if kind not in _KINDS:
        raise t.fail("kind", f"类型应为 {' / '.join(_KINDS)} 之一，实际是 {kind!r}")
    cited = t.strings("sources")
    if not cited:
        raise t.fail("sources", "至少需要一个来源")
    for key in cited:
        if key not in sources:
            raise t.fail("sources", f"来源 {key!r} 未在 [sources] 中定义")
    item = Item(
        id=t.ident("id"),
        kind=kind,
        text=t.text("text"),
        why=t.text("why"),
        sources=cited,
        confidence=t.confidence("confidence"),
        clause=t.text("clause") if "clause" in t.data else "",
        note=t.text("note") if "note" in t.data else "",
    )
    t.done()
    return item


def _sections(top: Table, profile: Profile, placed: Mapping[tuple[str, str], list[Item]]) -> tuple[Section, ...]:
    """One section per indicator of the profile, then per kind of special deduction, each with enough items."""
    wanted: list[tuple[SectionKind, str, str, str]] = [
        ("indicator", i.id, f"{i.clause} {i.name}", profile.category(i.category).name) for i in profile.indicators
    ]
    wanted += [("deduction", k.id, k.label, DEDUCTIONS) for k in profile.special_deductions.kinds]
    clash = {i.id for i in profile.indicators} & {k.id for k in profile.special_deductions.kinds}
    if clash:
        raise top.fail("items", f"规则文件中的二级指标与特别扣分项类别同名（{', '.join(sorted(clash))}），清单无法区分")
    sections = []
    for kind, ident, title, category in wanted:
        items = placed.get((kind, ident), [])
        if not MIN_ITEMS <= len(items) <= MAX_ITEMS:
            raise top.fail(
                "items",
                f"“{title}”（{kind} = {ident!r}）有 {len(items)} 个条目，应有 {MIN_ITEMS} 到 {MAX_ITEMS} 个",
            )
        sections.append(Section(ident, kind, title, category, tuple(items)))
    return tuple(sections)
