"""The checklist's items as claims of the site's registry: what each item states, its sources and how sure we are.

Each item says "an auditor asks for this evidence"; like a number of the rules profile it becomes
a claim whose id is its key in the data (``checklist.<item id>``), so its label on the checklist
page and its row on the sources page come from the registry's one definition of each level, and
the registry checks the label against the item's sources when the site is built.

The checklist's sources join the registry's: one the rules profile defines alike keeps its key
(the sources page lists it once); any other is renamed ``checklist-<key>``, so a deployment's own
checklist never collides with the profile's or the claims file's sources.
"""

from __future__ import annotations

from collections.abc import Mapping

from calculator._checklist_data import Checklist, Item, Section
from calculator._claims import Claim, Contribution
from calculator._datafile import Source
from calculator._labels import label_html

__all__ = ["CLAIM_PREFIX", "checklist_contribution", "item_claim", "item_claim_id", "item_label", "tool_claims"]

CLAIM_PREFIX = "checklist"


def item_claim_id(item: Item) -> str:
    """``checklist.org_department``: the claim of an item, by its id in the checklist file."""
    return f"{CLAIM_PREFIX}.{item.id}"


def _source_keys(checklist: Checklist) -> dict[str, str]:
    """The checklist's source keys → their keys in the registry."""
    theirs = checklist.profile.sources
    return {
        key: key if theirs.get(key) == source else f"{CLAIM_PREFIX}-{key}" for key, source in checklist.sources.items()
    }


def item_claim(checklist: Checklist, section: Section, item: Item) -> Claim:
    """The claim an item makes, grouped on the sources page under its section ("迎审准备清单 · 5.1.1 组织架构")."""
    keys = _source_keys(checklist)
    return Claim(
        id=item_claim_id(item),
        text=item.text,
        confidence=item.confidence,
        sources=tuple(keys[k] for k in item.sources),
        note=item.note,
        origin=checklist.file,
        group=f"迎审准备清单 · {section.title}",
    )


def checklist_contribution(checklist: Checklist) -> Contribution:
    """Every item of the checklist as a claim, with the checklist's sources under their registry keys."""
    keys = _source_keys(checklist)
    sources: Mapping[str, Source] = {
        keys[key]: Source(keys[key], s.label, s.refs, s.publishers, s.primary) for key, s in checklist.sources.items()
    }
    claims = tuple(item_claim(checklist, s, item) for s in checklist.sections for item in s.items)
    return Contribution(checklist.file, sources, claims)


def tool_claims(checklist: Checklist) -> dict[str, tuple[str, ...]]:
    """The claims the checklist tool labels, by the tool's name: the page that holds it states them all."""
    from calculator._tools import CHECKLIST  # noqa: PLC0415 - the registry of tools imports the checklist's modules

    return {CHECKLIST.name: tuple(item_claim_id(item) for item in checklist.items)}


def item_label(checklist: Checklist, section: Section, item: Item) -> str:
    """The label an item's claim needs on the checklist page: none when two or more publishers agree.

    A plain label (its tooltip explains it), not a link: the form would get a tab stop per item;
    the page links the sources page once, where every item is listed with its sources.
    """
    claim = item_claim(checklist, section, item)
    if claim.level.key == "2+":
        return ""
    return label_html(claim.level, note=claim.note, claim=claim.id)
