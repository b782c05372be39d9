"""Reading a TOML data file strictly: typed getters that name the file and the key, and sourced facts.

Every data file of the package is read through `Table`: a value of the wrong type, a missing or
unknown key, or a source that `[sources]` does not define stops loading with a `ProfileError`
naming the file, the key and the problem in Chinese. A `Fact` is a value with its source and how
sure we are of it, so a page can say so wherever the value appears.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Generic, Literal, TypeVar

__all__ = [
    "CONFIDENCES",
    "Confidence",
    "Fact",
    "ProfileError",
    "Source",
    "Table",
    "read_sources",
    "read_toml",
    "unique",
]

Confidence = Literal["2+", "1", "0"]
CONFIDENCES: tuple[Confidence, ...] = ("2+", "1", "0")

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_SOURCE_KEY = re.compile(r"^[a-z0-9][a-z0-9-]*$")

T = TypeVar("T")


class ProfileError(ValueError):
    """A data file that cannot be used; the message names file, key and problem."""

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
    """A publication the facts cite: a label and the references (URLs, files) behind it."""

    key: str
    label: str
    refs: tuple[str, ...]


def _kind(value: object) -> str:
    names = {bool: "布尔值", int: "整数", float: "小数", Decimal: "小数", str: "字符串", list: "数组", dict: "表"}
    return names.get(type(value), type(value).__name__)


class Table:
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

    def number(self, name: str) -> Decimal:
        value = self.raw(name)
        if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
            raise self.fail(name, f"应为数字，实际是 {_kind(value)}")
        result = Decimal(value)
        if not result.is_finite():
            raise self.fail(name, "应为有限的数字")
        return result

    def confidence(self, name: str) -> Confidence:
        value = self.text(name)
        if value not in CONFIDENCES:
            raise self.fail(name, f"可信度应为 {' / '.join(CONFIDENCES)} 之一，实际是 {value!r}")
        return value

    def table(self, name: str) -> Table:
        value = self.raw(name)
        if not isinstance(value, dict):
            raise self.fail(name, f"应为表（table），实际是 {_kind(value)}")
        return Table(self.file, self.key(name), value)

    def tables(self, name: str) -> list[Table]:
        value = self.raw(name)
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.fail(name, f"应为表数组（[[{name}]]），实际是 {_kind(value)}")
        if not value:
            raise self.fail(name, "至少需要一项")
        return [Table(self.file, f"{self.key(name)}[{i}]", v) for i, v in enumerate(value)]

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

    def fact(self, name: str, convert: Callable[[Table, str], T], sources: Mapping[str, Source]) -> Fact[T]:
        """The sub-table `name` as a Fact: its `value` read by `convert` (e.g. `Table.number`), with its source."""
        t = self.table(name)
        value = convert(t, "value")
        source = t.text("source")
        if source not in sources:
            raise t.fail("source", f"来源 {source!r} 未在 [sources] 中定义")
        confidence = t.confidence("confidence")
        illustrative = t.flag("illustrative") if "illustrative" in t.data else False
        t.done()
        return Fact(value, source, confidence, illustrative)


def unique(items: list[tuple[str, Table]], what: str) -> None:
    """Refuse an id given twice, naming the table of the second one."""
    seen: set[str] = set()
    for ident, t in items:
        if ident in seen:
            raise t.fail("id", f"{what}标识 {ident!r} 重复")
        seen.add(ident)


def read_sources(top: Table) -> dict[str, Source]:
    """The `[sources]` table: key → label and references, the keys every fact's `source` must use."""
    sources: dict[str, Source] = {}
    table = top.table("sources")
    for key in table.data:
        entry = table.table(key)
        if not _SOURCE_KEY.match(key):
            raise table.fail(key, "来源键只能由小写英文字母、数字和连字符组成")
        sources[key] = Source(key, entry.text("label"), entry.strings("refs"))
        entry.done()
    table.done()
    return sources


def read_toml(raw: bytes | str, file: str) -> dict[str, object]:
    """A data file's text parsed as TOML with exact decimals; raises ProfileError and nothing else."""
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError as exc:
        raise ProfileError(file, "", f"不是 UTF-8 编码的文本（第 {exc.start} 字节）") from None
    try:
        return tomllib.loads(text, parse_float=Decimal)
    except ValueError as exc:  # TOMLDecodeError, or an integer with more digits than Python converts
        raise ProfileError(file, "", f"TOML 语法错误：{exc}") from None
    except RecursionError:
        raise ProfileError(file, "", "数组或表的嵌套层数太多") from None
