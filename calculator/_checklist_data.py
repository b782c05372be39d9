"""The audit-readiness checklist (迎审准备清单) as validated, immutable data (read by `calculator._checklist_reader`).

A checklist is bound to the rules profile it was checked against: one `Section` per second-level
indicator of the profile, then one per kind of special deduction, each with its evidence items
in the order of the file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from calculator._datafile import Confidence, Source
from calculator._profile import Profile

__all__ = [
    "CHECKLIST_FROM_SCORE",
    "ITEM_KINDS",
    "SCORE_FROM_CHECKLIST",
    "Checklist",
    "Item",
    "ItemKind",
    "Section",
    "SectionKind",
    "section_anchor",
]

ItemKind = Literal["document", "record", "site"]
# What the page calls each kind of evidence.
ITEM_KINDS: dict[ItemKind, str] = {"document": "文件", "record": "记录", "site": "现场"}
SectionKind = Literal["indicator", "deduction"]

# The checklist and score pages sit side by side (docs/calculator/); each links the other, and the
# site's link check (tests/site) fails the build's tests if they move apart.
SCORE_FROM_CHECKLIST = "../score/"
CHECKLIST_FROM_SCORE = "../checklist/"


def section_anchor(section_id: str) -> str:
    """The element id of a section of the checklist's form (the score result links to it)."""
    return f"gbt-cl-{section_id}"


@dataclass(frozen=True)
class Item:
    """One piece of evidence to prepare: what, why an auditor looks at it, and how sure we are it is asked for."""

    id: str
    kind: ItemKind
    text: str
    why: str
    sources: tuple[str, ...]
    confidence: Confidence
    clause: str = ""
    note: str = ""  # why it has this confidence, where its sources alone would suggest another


@dataclass(frozen=True)
class Section:
    """The items of one second-level indicator (`kind` "indicator") or one kind of special deduction."""

    id: str  # the indicator's or the deduction kind's id in the profile
    kind: SectionKind
    title: str  # "5.1.1 组织架构", or the deduction kind's label
    category: str  # the first-level indicator's name; "特别扣分项" for a deduction kind
    items: tuple[Item, ...]

    @property
    def can_be_excluded(self) -> bool:
        """Whether the section may be marked not applicable (删减): indicators only."""
        return self.kind == "indicator"


@dataclass(frozen=True)
class Checklist:
    """A complete, validated checklist, bound to the profile whose indicators it covers."""

    file: str
    id: str
    name: str
    profile: Profile
    sources: Mapping[str, Source]
    sections: tuple[Section, ...]

    @property
    def indicator_sections(self) -> tuple[Section, ...]:
        return tuple(s for s in self.sections if s.kind == "indicator")

    @property
    def deduction_sections(self) -> tuple[Section, ...]:
        return tuple(s for s in self.sections if s.kind == "deduction")

    @property
    def sections_by_id(self) -> dict[str, Section]:
        return {s.id: s for s in self.sections}

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for s in self.sections for item in s.items)

    @property
    def allows_exclusions(self) -> bool:
        """An indicator can be marked not applicable only when the profile's scoring rescales for 删减."""
        return self.profile.exclusions_rescale.value
