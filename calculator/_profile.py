"""The rules profile: GB/T 27922 as validated, immutable data.

A profile is a TOML file. Every number in it carries its source and how sure
we are of it, so the site can say so wherever the number appears. Loading
checks the file strictly and names the file, the key and the problem.
"""

from __future__ import annotations

import re
import string
import tomllib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Generic, Literal, TypeVar, cast

from calculator._numbers import percent, plain

__all__ = [
    "Category",
    "Confidence",
    "DeductionKind",
    "Fact",
    "Grade",
    "Indicator",
    "IndicatorPart",
    "Profile",
    "ProfileError",
    "Source",
    "SpecialBonus",
    "SpecialDeductions",
    "Staffing",
    "Standard",
    "default_profile",
    "load_profile",
    "parse_profile",
]

Confidence = Literal["2+", "1", "0"]
CONFIDENCES: tuple[Confidence, ...] = ("2+", "1", "0")
Rounding = Literal["up", "down", "nearest"]
ROUNDINGS: tuple[Rounding, ...] = ("up", "down", "nearest")
DEFAULT_PROFILE = "gbt27922-2011.toml"
SCHEMA = 1

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_SOURCE_KEY = re.compile(r"^[a-z0-9][a-z0-9-]*$")

T = TypeVar("T")


class ProfileError(ValueError):
    """A rules profile that cannot be used; the message names file, key and problem."""

    def __init__(self, file: str, key: str, problem: str) -> None:
        self.file = file
        self.key = key
        self.problem = problem
        super().__init__(f"规则文件 {file}：{key or '（顶层）'}：{problem}")


@dataclass(frozen=True)
class Fact(Generic[T]):
    """A value of the rules together with where it comes from."""

    value: T
    source: str
    confidence: Confidence
    illustrative: bool = False


@dataclass(frozen=True)
class Source:
    key: str
    label: str
    refs: tuple[str, ...]


@dataclass(frozen=True)
class Standard:
    code: str
    title: str
    issued: str
    effective: str
    issuers: str
    announcement: str
    predecessor: str
    status_note: str
    status_source: str
    status_confidence: Confidence


@dataclass(frozen=True)
class Category:
    """A first-level indicator (一级指标)."""

    id: str
    name: str
    clause: str
    points: Fact[Decimal]


@dataclass(frozen=True)
class IndicatorPart:
    """A clause inside an indicator whose points are known on their own."""

    clause: str
    name: str
    points: Fact[Decimal]


@dataclass(frozen=True)
class Indicator:
    """A second-level indicator (二级指标)."""

    id: str
    name: str
    category: str
    clause: str
    clause_confidence: Confidence
    summary: str
    points: Fact[Decimal]
    parts: tuple[IndicatorPart, ...] = ()


@dataclass(frozen=True)
class Grade:
    """A grade; `min` is the inclusive threshold, None for the failing grade."""

    id: str
    label: str
    short: str
    stars: int
    min: Fact[Decimal] | None


@dataclass(frozen=True)
class DeductionKind:
    id: str
    label: str


@dataclass(frozen=True)
class SpecialDeductions:
    points_each: Fact[Decimal]
    fail_at: Fact[int]
    max_count: Fact[int]
    kinds: tuple[DeductionKind, ...]


@dataclass(frozen=True)
class SpecialBonus:
    points: Fact[Decimal]
    max_items: Fact[int]
    description: str


@dataclass(frozen=True)
class Staffing:
    clause: str
    role: str
    base: str
    ratio: Fact[Decimal]
    minimum: Fact[int]
    rounding: Fact[Rounding]
    manager_share_of_headcount: Fact[Decimal]
    rough_share_of_headcount: Fact[Decimal]
    max_headcount: Fact[int]


@dataclass(frozen=True)
class Profile:
    """A complete, validated set of rules."""

    file: str
    id: str
    name: str
    standard: Standard
    sources: Mapping[str, Source]
    total: Fact[Decimal]
    display_decimals: Fact[int]
    input_decimals: Fact[int]
    categories: tuple[Category, ...]
    indicators: tuple[Indicator, ...]
    fail_grade: Grade
    grades: tuple[Grade, ...]
    special_deductions: SpecialDeductions
    special_bonus: SpecialBonus
    exclusions_rescale: Fact[bool]
    staffing: Staffing
    assumptions: Mapping[str, str]
    _by_id: Mapping[str, Category | Indicator] = field(repr=False, compare=False, default_factory=dict)

    def category(self, category_id: str) -> Category:
        found = self._by_id[category_id]
        assert isinstance(found, Category)
        return found

    def indicator(self, indicator_id: str) -> Indicator:
        found = self._by_id[indicator_id]
        assert isinstance(found, Indicator)
        return found

    def indicators_of(self, category_id: str) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if i.category == category_id)

    def grade(self, grade_id: str) -> Grade:
        for g in (self.fail_grade, *self.grades):
            if g.id == grade_id:
                return g
        raise KeyError(grade_id)

    @property
    def illustrative_points(self) -> bool:
        return any(i.points.illustrative for i in self.indicators)


# --------------------------------------------------------------------- reading


class _Table:
    """A TOML table being read: typed getters that name the key on error."""

    def __init__(self, file: str, path: str, data: Mapping[str, object]) -> None:
        self.file = file
        self.path = path
        self.data = data
        self.seen: set[str] = set()

    def key(self, name: str) -> str:
        return f"{self.path}.{name}" if self.path else name

    def fail(self, name: str, problem: str) -> ProfileError:
        return ProfileError(self.file, self.key(name), problem)

    def raw(self, name: str, optional: bool = False) -> object:
        self.seen.add(name)
        if name not in self.data:
            if optional:
                return None
            raise self.fail(name, "缺少这个键")
        return self.data[name]

    def text(self, name: str, allow_empty: bool = False) -> str:
        value = self.raw(name)
        if not isinstance(value, str):
            raise self.fail(name, f"应为字符串，实际是 {_kind(value)}")
        if not allow_empty and not value.strip():
            raise self.fail(name, "不能为空")
        return value

    def ident(self, name: str) -> str:
        value = self.text(name)
        if not _ID.match(value):
            raise self.fail(name, f"标识 {value!r} 只能由小写英文字母、数字和下划线组成，并以字母开头")
        return value

    def integer(self, name: str) -> int:
        value = self.raw(name)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(name, f"应为整数，实际是 {_kind(value)}")
        return value

    def flag(self, name: str) -> bool:
        value = self.raw(name)
        if not isinstance(value, bool):
            raise self.fail(name, f"应为 true 或 false，实际是 {_kind(value)}")
        return value

    def confidence(self, name: str) -> Confidence:
        value = self.text(name)
        if value not in CONFIDENCES:
            raise self.fail(name, f"可信度应为 {' / '.join(CONFIDENCES)} 之一，实际是 {value!r}")
        return value

    def table(self, name: str) -> _Table:
        value = self.raw(name)
        if not isinstance(value, dict):
            raise self.fail(name, f"应为表（table），实际是 {_kind(value)}")
        return _Table(self.file, self.key(name), value)

    def tables(self, name: str) -> list[_Table]:
        value = self.raw(name)
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.fail(name, f"应为表数组（[[{name}]]），实际是 {_kind(value)}")
        if not value:
            raise self.fail(name, "至少需要一项")
        return [_Table(self.file, f"{self.key(name)}[{i}]", v) for i, v in enumerate(value)]

    def strings(self, name: str) -> tuple[str, ...]:
        value = self.raw(name)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(name, "应为字符串数组")
        return tuple(value)

    def done(self) -> None:
        """Reject keys nobody asked for: a typo must not be silently ignored."""
        extra = sorted(set(self.data) - self.seen)
        if extra:
            raise self.fail(extra[0], "未知的键（拼写错误？）")

    def fact(self, name: str, convert: Callable[[_Table, str], T], sources: Mapping[str, Source]) -> Fact[T]:
        t = self.table(name)
        value = convert(t, "value")
        source = t.text("source")
        if source not in sources:
            raise t.fail("source", f"来源 {source!r} 未在 [sources] 中定义")
        confidence = t.confidence("confidence")
        illustrative = t.flag("illustrative") if "illustrative" in t.data else False
        t.done()
        return Fact(value, source, confidence, illustrative)


def _kind(value: object) -> str:
    names = {bool: "布尔值", int: "整数", float: "小数", Decimal: "小数", str: "字符串", list: "数组", dict: "表"}
    return names.get(type(value), type(value).__name__)


def _number(t: _Table, name: str) -> Decimal:
    value = t.raw(name)
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise t.fail(name, f"应为数字，实际是 {_kind(value)}")
    number = Decimal(value)
    if not number.is_finite():
        raise t.fail(name, "应为有限的数字")
    return number


def _integer(t: _Table, name: str) -> int:
    return t.integer(name)


def _flag(t: _Table, name: str) -> bool:
    return t.flag(name)


def _rounding(t: _Table, name: str) -> Rounding:
    value = t.text(name)
    if value not in ROUNDINGS:
        raise t.fail(name, f"取整方式应为 {' / '.join(ROUNDINGS)} 之一，实际是 {value!r}")
    return value


def _unique(items: list[tuple[str, _Table]], what: str) -> None:
    seen: set[str] = set()
    for ident, t in items:
        if ident in seen:
            raise t.fail("id", f"{what}标识 {ident!r} 重复")
        seen.add(ident)


def _decimals(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    assert isinstance(exponent, int)
    return max(0, -exponent)


# --------------------------------------------------------------------- parsing


def parse_profile(data: Mapping[str, object], file: str = "<profile>") -> Profile:
    """Validate parsed TOML (floats as Decimal) into a Profile; raises ProfileError and nothing else."""
    try:
        return _parse_profile(data, file)
    except ArithmeticError as exc:  # decimal.InvalidOperation / Overflow on absurd magnitudes (1E+30 points)
        raise ProfileError(file, "", f"数值超出可处理的范围（{type(exc).__name__}）") from None


def _parse_profile(data: Mapping[str, object], file: str) -> Profile:
    top = _Table(file, "", data)
    schema = top.integer("schema")
    if schema != SCHEMA:
        raise top.fail("schema", f"不支持的格式版本 {schema}，本程序只支持 {SCHEMA}")
    profile_id = top.text("id")
    name = top.text("name")

    sources: dict[str, Source] = {}
    src_table = top.table("sources")
    for key in src_table.data:
        s = src_table.table(key)
        if not _SOURCE_KEY.match(key):
            raise src_table.fail(key, "来源键只能由小写英文字母、数字和连字符组成")
        sources[key] = Source(key, s.text("label"), s.strings("refs"))
        s.done()
    src_table.done()

    st = top.table("standard")
    standard = Standard(
        code=st.text("code"),
        title=st.text("title"),
        issued=st.text("issued"),
        effective=st.text("effective"),
        issuers=st.text("issuers"),
        announcement=st.text("announcement"),
        predecessor=st.text("predecessor"),
        status_note=st.text("status_note"),
        status_source=st.text("status_source"),
        status_confidence=st.confidence("status_confidence"),
    )
    if standard.status_source not in sources:
        raise st.fail("status_source", f"来源 {standard.status_source!r} 未在 [sources] 中定义")
    st.done()

    sc = top.table("scale")
    total = sc.fact("total", _number, sources)
    if total.value <= 0:
        raise sc.fail("total.value", "总分必须大于 0")
    display_decimals = sc.fact("display_decimals", _integer, sources)
    input_decimals = sc.fact("input_decimals", _integer, sources)
    for key, f in (("display_decimals", display_decimals), ("input_decimals", input_decimals)):
        if not 0 <= f.value <= 6:
            raise sc.fail(f"{key}.value", "小数位数应在 0 到 6 之间")
    sc.done()

    categories: list[Category] = []
    cat_tables = top.tables("categories")
    for t in cat_tables:
        categories.append(Category(t.ident("id"), t.text("name"), t.text("clause"), t.fact("points", _number, sources)))
        if categories[-1].points.value <= 0:
            raise t.fail("points.value", "分值必须大于 0")
        t.done()
    _unique([(c.id, t) for c, t in zip(categories, cat_tables, strict=True)], "一级指标")
    cat_sum = sum((c.points.value for c in categories), Decimal(0))
    if cat_sum != total.value:
        raise top.fail("categories", f"一级指标分值之和为 {cat_sum}，应等于总分 {total.value}")

    indicators: list[Indicator] = []
    ind_tables = top.tables("indicators")
    cat_ids = {c.id for c in categories}
    for t in ind_tables:
        parts: list[IndicatorPart] = []
        if "parts" in t.data:
            for p in t.tables("parts"):
                parts.append(IndicatorPart(p.text("clause"), p.text("name"), p.fact("points", _number, sources)))
                if parts[-1].points.value <= 0:
                    raise p.fail("points.value", "分值必须大于 0")
                p.done()
        ind = Indicator(
            id=t.ident("id"),
            name=t.text("name"),
            category=t.ident("category"),
            clause=t.text("clause"),
            clause_confidence=t.confidence("clause_confidence"),
            summary=t.text("summary"),
            points=t.fact("points", _number, sources),
            parts=tuple(parts),
        )
        if ind.category not in cat_ids:
            raise t.fail("category", f"一级指标 {ind.category!r} 不存在")
        if ind.points.value <= 0:
            raise t.fail("points.value", "分值必须大于 0")
        part_sum = sum((p.points.value for p in parts), Decimal(0))
        if part_sum > ind.points.value:
            raise t.fail("parts", f"分项分值之和 {part_sum} 超过了指标分值 {ind.points.value}")
        t.done()
        indicators.append(ind)
    _unique([(i.id, t) for i, t in zip(indicators, ind_tables, strict=True)], "二级指标")
    for c, t in zip(categories, cat_tables, strict=True):
        if c.id in {i.id for i in indicators}:
            raise t.fail("id", f"标识 {c.id!r} 与某个二级指标重复")
        own = [i.points.value for i in indicators if i.category == c.id]
        if not own:
            raise t.fail("id", f"一级指标 {c.id!r} 下没有二级指标")
        if sum(own, Decimal(0)) != c.points.value:
            raise t.fail(
                "points.value",
                f"其下二级指标分值之和为 {sum(own, Decimal(0))}，与一级指标分值 {c.points.value} 不一致",
            )

    fg = top.table("fail_grade")
    fail_grade = Grade(fg.ident("id"), fg.text("label"), fg.text("short"), 0, None)
    fg.done()
    grades: list[Grade] = []
    grade_tables = top.tables("grades")
    previous: Decimal | None = None
    step = Decimal(1).scaleb(-display_decimals.value)
    for t in grade_tables:
        g = Grade(t.ident("id"), t.text("label"), t.text("short"), t.integer("stars"), t.fact("min", _number, sources))
        assert g.min is not None
        threshold = g.min.value
        if not 0 < threshold <= total.value:
            raise t.fail("min.value", f"分数线 {threshold} 应大于 0 且不超过总分 {total.value}")
        if previous is not None and threshold <= previous:
            raise t.fail("min.value", f"分数线必须逐级升高：{threshold} 不高于上一级的 {previous}")
        if threshold % step:
            # Shown scores are truncated to display_decimals; a finer threshold
            # could then be crossed by truncation, so forbid it.
            raise t.fail("min.value", f"分数线 {threshold} 的小数位数多于显示位数 {display_decimals.value}")
        previous = threshold
        t.done()
        grades.append(g)
    _unique([(fail_grade.id, fg)] + [(g.id, t) for g, t in zip(grades, grade_tables, strict=True)], "等级")

    sd = top.table("special_deductions")
    kinds_tables = sd.tables("kinds")
    kinds = []
    for t in kinds_tables:
        kinds.append(DeductionKind(t.ident("id"), t.text("label")))
        t.done()
    _unique([(k.id, t) for k, t in zip(kinds, kinds_tables, strict=True)], "特别扣分项类型")
    special_deductions = SpecialDeductions(
        points_each=sd.fact("points_each", _number, sources),
        fail_at=sd.fact("fail_at", _integer, sources),
        max_count=sd.fact("max_count", _integer, sources),
        kinds=tuple(kinds),
    )
    if special_deductions.points_each.value < 0:
        raise sd.fail("points_each.value", "每项扣分不能为负")
    if special_deductions.fail_at.value < 1:
        raise sd.fail("fail_at.value", "应为不小于 1 的整数")
    if special_deductions.max_count.value < 1:
        raise sd.fail("max_count.value", "应为不小于 1 的整数")
    sd.done()

    sb = top.table("special_bonus")
    special_bonus = SpecialBonus(
        points=sb.fact("points", _number, sources),
        max_items=sb.fact("max_items", _integer, sources),
        description=sb.text("description"),
    )
    if special_bonus.points.value < 0:
        raise sb.fail("points.value", "加分不能为负")
    if special_bonus.max_items.value not in (0, 1):
        raise sb.fail("max_items.value", "本程序只支持 0 或 1 项特别加分")
    sb.done()

    ex = top.table("exclusions")
    exclusions_rescale = ex.fact("rescale", _flag, sources)
    ex.done()

    sf = top.table("staffing")
    staffing = Staffing(
        clause=sf.text("clause"),
        role=sf.text("role"),
        base=sf.text("base"),
        ratio=sf.fact("ratio", _number, sources),
        minimum=sf.fact("minimum", _integer, sources),
        rounding=sf.fact("rounding", _rounding, sources),
        manager_share_of_headcount=sf.fact("manager_share_of_headcount", _number, sources),
        rough_share_of_headcount=sf.fact("rough_share_of_headcount", _number, sources),
        max_headcount=sf.fact("max_headcount", _integer, sources),
    )
    for key in ("ratio", "manager_share_of_headcount", "rough_share_of_headcount"):
        share = cast(Fact[Decimal], getattr(staffing, key)).value
        if not 0 < share <= 1:
            raise sf.fail(f"{key}.value", f"比例应大于 0 且不超过 1，实际是 {share}")
    if staffing.minimum.value < 0:
        raise sf.fail("minimum.value", "最少人数不能为负")
    if staffing.max_headcount.value < 1:
        raise sf.fail("max_headcount.value", "应为不小于 1 的整数")
    sf.done()

    values = _placeholders(total, display_decimals, special_deductions, staffing)
    at = top.table("assumptions")
    assumptions: dict[str, str] = {}
    for key in at.data:
        assumptions[key] = _fill(at, key, values)
    at.done()

    top.done()
    by_id: dict[str, Category | Indicator] = {c.id: c for c in categories}
    by_id.update({i.id: i for i in indicators})
    return Profile(
        file=file,
        id=profile_id,
        name=name,
        standard=standard,
        sources=sources,
        total=total,
        display_decimals=display_decimals,
        input_decimals=input_decimals,
        categories=tuple(categories),
        indicators=tuple(indicators),
        fail_grade=fail_grade,
        grades=tuple(grades),
        special_deductions=special_deductions,
        special_bonus=special_bonus,
        exclusions_rescale=exclusions_rescale,
        staffing=staffing,
        assumptions=assumptions,
        _by_id=by_id,
    )


def _placeholders(
    total: Fact[Decimal], display: Fact[int], deductions: SpecialDeductions, staffing: Staffing
) -> dict[str, str]:
    manager = staffing.manager_share_of_headcount.value
    return {
        "total": plain(total.value),
        "display_decimals": str(display.value),
        "fail_at": str(deductions.fail_at.value),
        "points_each": plain(deductions.points_each.value),
        "ratio_percent": percent(staffing.ratio.value),
        "minimum": str(staffing.minimum.value),
        "rough_percent": percent(staffing.rough_share_of_headcount.value),
        "manager_percent": percent(manager),
        "implied_percent": percent(manager * staffing.ratio.value),
    }


def _fill(table: _Table, key: str, values: Mapping[str, str]) -> str:
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


# ---------------------------------------------------------------------- loading


def load_profile(path: str | Path | None = None) -> Profile:
    """Load and validate a profile file; the packaged default when path is None."""
    if path is None:
        return default_profile()
    file = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise ProfileError(file, "", f"无法读取文件：{exc.strerror or exc}") from None
    return _parse_bytes(raw, file)


@cache
def default_profile() -> Profile:
    """The packaged GB/T 27922-2011 profile (loaded once)."""
    raw = resources.files("calculator").joinpath("profiles", DEFAULT_PROFILE).read_bytes()
    return _parse_bytes(raw, f"calculator/profiles/{DEFAULT_PROFILE}")


def _parse_bytes(raw: bytes, file: str) -> Profile:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProfileError(file, "", f"不是 UTF-8 编码的文本（第 {exc.start} 字节）") from None
    try:
        data = tomllib.loads(text, parse_float=Decimal)
    except ValueError as exc:  # TOMLDecodeError, or an integer with more digits than Python converts
        raise ProfileError(file, "", f"TOML 语法错误：{exc}") from None
    except RecursionError:
        raise ProfileError(file, "", "数组或表的嵌套层数太多") from None
    return parse_profile(data, file)


def iter_facts(profile: Profile) -> Iterator[tuple[str, Fact[object]]]:
    """Every sourced number of a profile with a readable key (for the sources page)."""
    yield "scale.total", cast(Fact[object], profile.total)
    for c in profile.categories:
        yield f"categories.{c.id}.points", cast(Fact[object], c.points)
    for i in profile.indicators:
        yield f"indicators.{i.id}.points", cast(Fact[object], i.points)
        for p in i.parts:
            yield f"indicators.{i.id}.parts.{p.clause}.points", cast(Fact[object], p.points)
    for g in profile.grades:
        assert g.min is not None
        yield f"grades.{g.id}.min", cast(Fact[object], g.min)
    sd = profile.special_deductions
    for key in ("points_each", "fail_at", "max_count"):
        yield f"special_deductions.{key}", cast(Fact[object], getattr(sd, key))
    for key in ("points", "max_items"):
        yield f"special_bonus.{key}", cast(Fact[object], getattr(profile.special_bonus, key))
    yield "exclusions.rescale", cast(Fact[object], profile.exclusions_rescale)
    for key in (
        "ratio",
        "minimum",
        "rounding",
        "manager_share_of_headcount",
        "rough_share_of_headcount",
        "max_headcount",
    ):
        yield f"staffing.{key}", cast(Fact[object], getattr(profile.staffing, key))
