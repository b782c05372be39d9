"""Reading a TOML data file strictly: typed getters that name the file and the key, and sourced facts.

Every data file of the package is read through `Table`: a value of the wrong type, a missing or
unknown key, or a source that `[sources]` does not define stops loading with a `ProfileError`
naming the file, the key and the problem in Chinese. A `Fact` is a value with its source and how
sure we are of it, so a page can say so wherever the value appears.
"""

from __future__ import annotations

import os
import re
import sys
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Generic, Literal, TypeVar

__all__ = [
    "CONFIDENCES",
    "Confidence",
    "Fact",
    "ProfileError",
    "Source",
    "Table",
    "packaged_bytes",
    "publisher_of",
    "publishers_of",
    "read_file",
    "read_sources",
    "read_toml",
    "unique",
]

Confidence = Literal["2+", "1", "0"]
CONFIDENCES: tuple[Confidence, ...] = ("2+", "1", "0")

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_SOURCE_KEY = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_HOST = re.compile(r"^(?:https?://)?([a-z0-9-]+(?:\.[a-z0-9-]+)+)(?:[/:?#]|$)", re.IGNORECASE)
# Second-level labels under a country code that belong to the suffix: sgsonline.com.cn is one site.
_SECOND_LEVEL = frozenset({"com", "net", "org", "gov", "edu", "ac"})

T = TypeVar("T")


class ProfileError(ValueError):
    """A data file that cannot be used; the message names file, key and problem."""

    kind = "规则文件"  # what the message calls the file; other data files name themselves

    def __init__(self, file: str, key: str, problem: str) -> None:
        self.file = file
        self.key = key
        self.problem = problem
        super().__init__(f"{self.kind} {file}：{key or '（顶层）'}：{problem}")


@dataclass(frozen=True)
class Fact(Generic[T]):
    """A value of the rules together with where it comes from (one or more keys of [sources])."""

    value: T
    sources: tuple[str, ...]
    confidence: Confidence
    illustrative: bool = False
    note: str = ""  # why it has this confidence, where its sources alone would suggest another


@dataclass(frozen=True)
class Source:
    """A publication the facts cite: a label and the references (URLs, files) behind it.

    Who published it decides how many distinct publishers a claim has: `publishers` defaults to the
    sites of `refs` (shenzhen019881.11467.com → 11467.com); a source without refs (the site's own
    assumptions) has none. `primary` marks the standard's own text.
    """

    key: str
    label: str
    refs: tuple[str, ...]
    publishers: tuple[str, ...] = ()
    primary: bool = False


def _kind(value: object) -> str:
    names = {bool: "布尔值", int: "整数", float: "小数", Decimal: "小数", str: "字符串", list: "数组", dict: "表"}
    return names.get(type(value), type(value).__name__)


class Table:
    """A TOML table being read: typed getters that name the key on error."""

    def __init__(
        self, file: str, path: str, data: Mapping[str, object], error: type[ProfileError] = ProfileError
    ) -> None:
        self.file = file
        self.path = path
        self.data = data
        self.error = error  # other data files read the same way name themselves in their errors
        self.seen: set[str] = set()

    def key(self, name: str) -> str:
        return f"{self.path}.{name}" if self.path else name

    def fail(self, name: str, problem: str) -> ProfileError:
        return self.error(self.file, self.key(name), problem)

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
        return Table(self.file, self.key(name), value, self.error)

    def tables(self, name: str) -> list[Table]:
        value = self.raw(name)
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.fail(name, f"应为表数组（[[{name}]]），实际是 {_kind(value)}")
        if not value:
            raise self.fail(name, "至少需要一项")
        return [Table(self.file, f"{self.key(name)}[{i}]", v, self.error) for i, v in enumerate(value)]

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

    def source_keys(self, name: str, sources: Mapping[str, Source]) -> tuple[str, ...]:
        """One key of [sources] or an array of them (a claim several publications support)."""
        value = self.raw(name)
        keys = [value] if isinstance(value, str) else value
        if not isinstance(keys, list) or not keys or not all(isinstance(k, str) for k in keys):
            raise self.fail(name, "应为 [sources] 中的一个键，或由这些键组成的非空数组")
        for key in keys:
            if key not in sources:
                raise self.fail(name, f"来源 {key!r} 未在 [sources] 中定义")
        if len(set(keys)) != len(keys):
            raise self.fail(name, "同一个来源列了两次")
        return tuple(keys)

    def fact(self, name: str, convert: Callable[[Table, str], T], sources: Mapping[str, Source]) -> Fact[T]:
        """The sub-table `name` as a Fact: its `value` read by `convert` (e.g. `Table.number`), with its sources."""
        t = self.table(name)
        value = convert(t, "value")
        keys = t.source_keys("source", sources)
        confidence = t.confidence("confidence")
        illustrative = t.flag("illustrative") if "illustrative" in t.data else False
        note = t.text("note") if "note" in t.data else ""
        t.done()
        return Fact(value, keys, confidence, illustrative, note)


def unique(items: list[tuple[str, Table]], what: str) -> None:
    """Refuse an id given twice, naming the table of the second one."""
    seen: set[str] = set()
    for ident, t in items:
        if ident in seen:
            raise t.fail("id", f"{what}标识 {ident!r} 重复")
        seen.add(ident)


def read_sources(top: Table) -> dict[str, Source]:
    """The `[sources]` table: every entry a publication with a label, its references and publishers."""
    sources: dict[str, Source] = {}
    table = top.table("sources")
    for key in table.data:
        entry = table.table(key)
        if not _SOURCE_KEY.match(key):
            raise table.fail(key, "来源键只能由小写英文字母、数字和连字符组成")
        refs = entry.strings("refs")
        publishers = entry.strings("publishers") if "publishers" in entry.data else publishers_of(refs)
        if any(not p.strip() for p in publishers):
            raise entry.fail("publishers", "发布方名称不能为空")
        primary = entry.flag("primary") if "primary" in entry.data else False
        sources[key] = Source(key, entry.text("label"), refs, tuple(dict.fromkeys(publishers)), primary)
        entry.done()
    table.done()
    return sources


def publishers_of(refs: tuple[str, ...]) -> tuple[str, ...]:
    """The distinct publishers of a list of references: their sites, or the text of a non-URL reference."""
    return tuple(dict.fromkeys(publisher_of(r) for r in refs if r.strip()))


def publisher_of(ref: str) -> str:
    """en.titcgroup.com/industry-detail/236.html → titcgroup.com; m.szldx.cn → szldx.cn."""
    match = _HOST.match(ref.strip())
    if not match:
        return ref.strip()
    labels = match.group(1).lower().split(".")
    keep = 3 if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2 else 2
    return ".".join(labels[-keep:])


def packaged_bytes(module: str, name: str) -> bytes:
    """The packaged data file ``calculator/profiles/<name>``, read beside the module `module`, which names it.

    Read through that module's own loader, not the package's: in the browser a tool's modules and
    its data travel in the tool's own zip (hooks/app_parts.py), which is not where ``calculator``
    itself was imported from. The same call reads a plain file under CPython.
    """
    spec = sys.modules[module].__spec__
    get_data = getattr(spec and spec.loader, "get_data", None)
    if spec is None or spec.origin is None or get_data is None:
        raise ProfileError(f"calculator/profiles/{name}", "", f"模块 {module} 不是从文件或 zip 载入的，找不到随包数据")
    data: bytes = get_data(os.path.join(os.path.dirname(spec.origin), "profiles", name))
    return data


def read_file(path: str | Path) -> bytes:
    """A data file's bytes; ProfileError naming the file when it cannot be read."""
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise ProfileError(str(path), "", f"无法读取文件：{exc.strerror or exc}") from None


def read_toml(raw: bytes | str, file: str, error: type[ProfileError] = ProfileError) -> dict[str, object]:
    """A data file's text parsed as TOML with exact decimals; raises `error` (a ProfileError) and nothing else."""
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError as exc:
        raise error(file, "", f"不是 UTF-8 编码的文本（第 {exc.start} 字节）") from None
    try:
        return tomllib.loads(text, parse_float=Decimal)
    except ValueError as exc:  # TOMLDecodeError, or an integer with more digits than Python converts
        raise error(file, "", f"TOML 语法错误：{exc}") from None
    except RecursionError:
        raise error(file, "", "数组或表的嵌套层数太多") from None
