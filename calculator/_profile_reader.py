"""Loading a rules profile: one reader per TOML section, each checking its own values strictly.

A profile is a TOML file (the packaged default is ``profiles/gbt27922-2011.toml``). Sections are
read in file order, and every problem stops loading with a `ProfileError` that names the file, the
key and the problem; checks across sections (points that must add up, thresholds that must rise)
sit with the section read last.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path

from calculator._datafile import Fact, ProfileError, Source, Table, read_file, read_sources, read_toml, unique
from calculator._labels import ROUNDINGS as ROUNDING_WORDS
from calculator._numbers import percent, plain
from calculator._profile import (
    ROUNDINGS,
    Category,
    DeductionKind,
    Grade,
    Indicator,
    IndicatorPart,
    Profile,
    Rounding,
    SpecialBonus,
    SpecialDeductions,
    Staffing,
    Standard,
)

__all__ = ["DEFAULT_PROFILE", "default_profile", "load_profile", "parse_profile", "parse_profile_bytes"]

DEFAULT_PROFILE = "gbt27922-2011.toml"
SCHEMA = 1
MAX_DECIMALS = 6

Sources = Mapping[str, Source]


# ---------------------------------------------------------------------- loading


def load_profile(path: str | Path | None = None) -> Profile:
    """Load and validate a profile file; the packaged default when path is None."""
    if path is None:
        return default_profile()
    file = str(path)
    raw = read_file(path)
    return parse_profile_bytes(raw, file)


@cache
def default_profile() -> Profile:
    """The packaged GB/T 27922-2011 profile (loaded once)."""
    raw = resources.files("calculator").joinpath("profiles", DEFAULT_PROFILE).read_bytes()
    return parse_profile_bytes(raw, f"calculator/profiles/{DEFAULT_PROFILE}")


def parse_profile_bytes(raw: bytes | str, file: str) -> Profile:
    """A profile from the text of a TOML file (bytes as read, or text as the browser sends it)."""
    return parse_profile(read_toml(raw, file), file)


def parse_profile(data: Mapping[str, object], file: str = "<profile>") -> Profile:
    """Validate parsed TOML (floats as Decimal) into a Profile; raises ProfileError and nothing else."""
    try:
        return _read_profile(Table(file, "", data))
    except ArithmeticError as exc:  # decimal.InvalidOperation / Overflow on absurd magnitudes (1E+30 points)
        raise ProfileError(file, "", f"数值超出可处理的范围（{type(exc).__name__}）") from None


# ------------------------------------------------------------------- the file


@dataclass(frozen=True)
class _Scale:
    total: Fact[Decimal]
    display_decimals: Fact[int]
    input_decimals: Fact[int]


def _read_profile(top: Table) -> Profile:
    schema = top.integer("schema")
    if schema != SCHEMA:
        raise top.fail("schema", f"不支持的格式版本 {schema}，本程序只支持 {SCHEMA}")
    profile_id = top.text("id")
    name = top.text("name")
    sources = read_sources(top)
    standard = _read_standard(top.table("standard"), sources)
    scale = _read_scale(top.table("scale"), sources)
    category_tables = _read_categories(top, sources, scale.total)
    indicators = _read_indicators(top, sources, category_tables)
    fail_grade, grades = _read_grades(top, sources, scale)
    special_deductions = _read_special_deductions(top.table("special_deductions"), sources)
    special_bonus = _read_special_bonus(top.table("special_bonus"), sources)
    exclusions = top.table("exclusions")
    exclusions_rescale = exclusions.fact("rescale", Table.flag, sources)
    exclusions.done()
    staffing = _read_staffing(top.table("staffing"), sources)
    values = _placeholders(scale, special_deductions, staffing)
    assumptions = _read_assumptions(top.table("assumptions"), values)
    top.done()
    by_id: dict[str, Category | Indicator] = {c.id: c for c, _ in category_tables}
    by_id.update({i.id: i for i in indicators})
    return Profile(
        file=top.file,
        id=profile_id,
        name=name,
        standard=standard,
        sources=sources,
        total=scale.total,
        display_decimals=scale.display_decimals,
        input_decimals=scale.input_decimals,
        categories=tuple(c for c, _ in category_tables),
        indicators=indicators,
        fail_grade=fail_grade,
        grades=grades,
        special_deductions=special_deductions,
        special_bonus=special_bonus,
        exclusions_rescale=exclusions_rescale,
        staffing=staffing,
        assumptions=assumptions,
        _by_id=by_id,
    )


# ------------------------------------------------------------------- sections


def _read_standard(table: Table, sources: Sources) -> Standard:
    standard = Standard(
        code=table.text("code"),
        title=table.text("title"),
        issued=table.text("issued"),
        effective=table.text("effective"),
        issuers=table.text("issuers"),
        announcement=table.text("announcement"),
        predecessor=table.text("predecessor"),
        status_note=table.text("status_note"),
        status_sources=table.source_keys("status_source", sources),
        status_confidence=table.confidence("status_confidence"),
    )
    table.done()
    return standard


def _read_scale(table: Table, sources: Sources) -> _Scale:
    total = table.fact("total", Table.number, sources)
    if total.value <= 0:
        raise table.fail("total.value", "总分必须大于 0")
    scale = _Scale(
        total=total,
        display_decimals=table.fact("display_decimals", Table.integer, sources),
        input_decimals=table.fact("input_decimals", Table.integer, sources),
    )
    for key, decimals in (("display_decimals", scale.display_decimals), ("input_decimals", scale.input_decimals)):
        if not 0 <= decimals.value <= MAX_DECIMALS:
            raise table.fail(f"{key}.value", f"小数位数应在 0 到 {MAX_DECIMALS} 之间")
    table.done()
    return scale


def _positive_points(table: Table, sources: Sources) -> Fact[Decimal]:
    points = table.fact("points", Table.number, sources)
    if points.value <= 0:
        raise table.fail("points.value", "分值必须大于 0")
    return points


def _read_categories(top: Table, sources: Sources, total: Fact[Decimal]) -> list[tuple[Category, Table]]:
    """Each category with its table, where a later check across sections reports a problem."""
    read: list[tuple[Category, Table]] = []
    for table in top.tables("categories"):
        category = Category(
            table.ident("id"), table.text("name"), table.text("clause"), _positive_points(table, sources)
        )
        table.done()
        read.append((category, table))
    unique([(c.id, t) for c, t in read], "一级指标")
    points_sum = sum((c.points.value for c, _ in read), Decimal(0))
    if points_sum != total.value:
        raise top.fail("categories", f"一级指标分值之和为 {points_sum}，应等于总分 {total.value}")
    return read


def _read_parts(table: Table, sources: Sources) -> tuple[IndicatorPart, ...]:
    if "parts" not in table.data:
        return ()
    parts: list[IndicatorPart] = []
    for part in table.tables("parts"):
        parts.append(IndicatorPart(part.text("clause"), part.text("name"), _positive_points(part, sources)))
        part.done()
    return tuple(parts)


def _read_indicator(table: Table, sources: Sources, category_ids: set[str]) -> Indicator:
    parts = _read_parts(table, sources)
    indicator = Indicator(
        id=table.ident("id"),
        name=table.text("name"),
        category=table.ident("category"),
        clause=table.text("clause"),
        clause_confidence=table.confidence("clause_confidence"),
        summary=table.text("summary"),
        points=table.fact("points", Table.number, sources),
        parts=parts,
    )
    if indicator.category not in category_ids:
        raise table.fail("category", f"一级指标 {indicator.category!r} 不存在")
    if indicator.points.value <= 0:
        raise table.fail("points.value", "分值必须大于 0")
    parts_sum = sum((p.points.value for p in parts), Decimal(0))
    if parts_sum > indicator.points.value:
        raise table.fail("parts", f"分项分值之和 {parts_sum} 超过了指标分值 {indicator.points.value}")
    table.done()
    return indicator


def _read_indicators(top: Table, sources: Sources, categories: list[tuple[Category, Table]]) -> tuple[Indicator, ...]:
    category_ids = {c.id for c, _ in categories}
    read = [(_read_indicator(table, sources, category_ids), table) for table in top.tables("indicators")]
    unique([(i.id, t) for i, t in read], "二级指标")
    indicators = tuple(i for i, _ in read)
    _check_category_points(categories, indicators)
    return indicators


def _check_category_points(categories: list[tuple[Category, Table]], indicators: tuple[Indicator, ...]) -> None:
    """Every category has indicators, shares no id with one, and its points are theirs added up."""
    indicator_ids = {i.id for i in indicators}
    for category, table in categories:
        if category.id in indicator_ids:
            raise table.fail("id", f"标识 {category.id!r} 与某个二级指标重复")
        own = [i.points.value for i in indicators if i.category == category.id]
        if not own:
            raise table.fail("id", f"一级指标 {category.id!r} 下没有二级指标")
        if sum(own, Decimal(0)) != category.points.value:
            raise table.fail(
                "points.value",
                f"其下二级指标分值之和为 {sum(own, Decimal(0))}，与一级指标分值 {category.points.value} 不一致",
            )


def _read_grade(table: Table, sources: Sources, scale: _Scale, previous: Decimal | None) -> Grade:
    ident, label, short, stars = table.ident("id"), table.text("label"), table.text("short"), table.integer("stars")
    threshold = table.fact("min", Table.number, sources)
    grade = Grade(ident, label, short, stars, threshold)
    total = scale.total.value
    if not 0 < threshold.value <= total:
        raise table.fail("min.value", f"分数线 {threshold.value} 应大于 0 且不超过总分 {total}")
    if previous is not None and threshold.value <= previous:
        raise table.fail("min.value", f"分数线必须逐级升高：{threshold.value} 不高于上一级的 {previous}")
    if threshold.value % Decimal(1).scaleb(-scale.display_decimals.value):
        # Shown scores are truncated to display_decimals; a finer threshold
        # could then be crossed by truncation, so forbid it.
        raise table.fail("min.value", f"分数线 {threshold.value} 的小数位数多于显示位数 {scale.display_decimals.value}")
    table.done()
    return grade


def _read_grades(top: Table, sources: Sources, scale: _Scale) -> tuple[Grade, tuple[Grade, ...]]:
    """The failing grade (no threshold) and the grades in rising order of their inclusive thresholds."""
    fail_table = top.table("fail_grade")
    fail_grade = Grade(fail_table.ident("id"), fail_table.text("label"), fail_table.text("short"), 0, None)
    fail_table.done()
    read: list[tuple[Grade, Table]] = []
    for table in top.tables("grades"):
        previous = read[-1][0].min if read else None
        read.append((_read_grade(table, sources, scale, previous.value if previous else None), table))
    unique([(fail_grade.id, fail_table), *((g.id, t) for g, t in read)], "等级")
    return fail_grade, tuple(g for g, _ in read)


def _read_special_deductions(table: Table, sources: Sources) -> SpecialDeductions:
    kind_tables = table.tables("kinds")
    kinds = []
    for kind_table in kind_tables:
        kinds.append(DeductionKind(kind_table.ident("id"), kind_table.text("label")))
        kind_table.done()
    unique([(k.id, t) for k, t in zip(kinds, kind_tables, strict=True)], "特别扣分项类型")
    deductions = SpecialDeductions(
        points_each=table.fact("points_each", Table.number, sources),
        fail_at=table.fact("fail_at", Table.integer, sources),
        max_count=table.fact("max_count", Table.integer, sources),
        kinds=tuple(kinds),
    )
    if deductions.points_each.value < 0:
        raise table.fail("points_each.value", "每项扣分不能为负")
    if deductions.fail_at.value < 1:
        raise table.fail("fail_at.value", "应为不小于 1 的整数")
    if deductions.max_count.value < 1:
        raise table.fail("max_count.value", "应为不小于 1 的整数")
    table.done()
    return deductions


def _read_special_bonus(table: Table, sources: Sources) -> SpecialBonus:
    bonus = SpecialBonus(
        points=table.fact("points", Table.number, sources),
        max_items=table.fact("max_items", Table.integer, sources),
        description=table.text("description"),
    )
    if bonus.points.value < 0:
        raise table.fail("points.value", "加分不能为负")
    if bonus.max_items.value not in (0, 1):
        raise table.fail("max_items.value", "本程序只支持 0 或 1 项特别加分")
    table.done()
    return bonus


def _rounding(table: Table, name: str) -> Rounding:
    value = table.text(name)
    if value not in ROUNDINGS:
        raise table.fail(name, f"取整方式应为 {' / '.join(ROUNDINGS)} 之一，实际是 {value!r}")
    return value


def _read_staffing(table: Table, sources: Sources) -> Staffing:
    staffing = Staffing(
        clause=table.text("clause"),
        role=table.text("role"),
        base=table.text("base"),
        ratio=table.fact("ratio", Table.number, sources),
        minimum=table.fact("minimum", Table.integer, sources),
        rounding=table.fact("rounding", _rounding, sources),
        manager_share_of_headcount=table.fact("manager_share_of_headcount", Table.number, sources),
        rough_share_of_headcount=table.fact("rough_share_of_headcount", Table.number, sources),
        max_headcount=table.fact("max_headcount", Table.integer, sources),
    )
    shares = {
        "ratio": staffing.ratio,
        "manager_share_of_headcount": staffing.manager_share_of_headcount,
        "rough_share_of_headcount": staffing.rough_share_of_headcount,
    }
    for key, share in shares.items():
        if not 0 < share.value <= 1:
            raise table.fail(f"{key}.value", f"比例应大于 0 且不超过 1，实际是 {share.value}")
    if staffing.minimum.value < 0:
        raise table.fail("minimum.value", "最少人数不能为负")
    if staffing.max_headcount.value < 1:
        raise table.fail("max_headcount.value", "应为不小于 1 的整数")
    table.done()
    return staffing


# ---------------------------------------------------------------- assumptions


def _placeholders(scale: _Scale, deductions: SpecialDeductions, staffing: Staffing) -> dict[str, str]:
    """What an assumption's text may quote as {name}: figures of the profile, so no text repeats one."""
    manager = staffing.manager_share_of_headcount.value
    return {
        "total": plain(scale.total.value),
        "display_decimals": str(scale.display_decimals.value),
        "fail_at": str(deductions.fail_at.value),
        "points_each": plain(deductions.points_each.value),
        "ratio_percent": percent(staffing.ratio.value),
        "minimum": str(staffing.minimum.value),
        "rounding": ROUNDING_WORDS[staffing.rounding.value],
        "rough_percent": percent(staffing.rough_share_of_headcount.value),
        "manager_percent": percent(manager),
        "implied_percent": percent(manager * staffing.ratio.value),
    }


def _read_assumptions(table: Table, values: Mapping[str, str]) -> dict[str, str]:
    assumptions = {key: _fill(table, key, values) for key in table.data}
    table.done()
    return assumptions


def _fill(table: Table, key: str, values: Mapping[str, str]) -> str:
    template = table.text(key)
    try:
        # Parsing itself rejects a lone brace; a nested field in a format spec ({total:{x}}) is
        # only looked up by format_map, hence KeyError.
        names = [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]
        for name in names:
            if name not in values:
                raise table.fail(key, f"未知的占位符 {{{name}}}；可用的有 {', '.join(sorted(values))}")
        return template.format_map(values)
    except ProfileError:
        raise
    except (ValueError, IndexError, KeyError) as exc:
        raise table.fail(key, f"占位符写法有误：{exc}") from None
