"""Variants of the default rules profile, as a deploying certification body would write them.

Shared by the unit tests (also inside Pyodide) and the site tests that rebuild with another
profile, so both check the same changes.
"""

from __future__ import annotations

import re
from importlib import resources

DEFAULT_TEXT = resources.files("calculator").joinpath("profiles", "gbt27922-2011.toml").read_text(encoding="utf-8")

# What the official variant renames and drops, so tests can look for the old words.
RENAMED = ("recycling", "废弃商品回收", "废旧商品回收利用")  # (id, old name, new name)
DROPPED = ("product_info", "商品信息")  # its points go to technical_support
OFFICIAL_NAME = "某认证机构规则（依据标准正式文本）"


def replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"expected exactly one {old!r}"
    return text.replace(old, new)


def set_points(toml: str, table_id: str, old: str, new: str) -> str:
    """Change `points = { value = old` inside the [[…]] table whose id is table_id."""
    pattern = re.compile(rf'(id = "{table_id}"\n(?:(?!\[\[).*\n)*?points = \{{ value = ){old}(,)')
    changed, count = pattern.subn(rf"\g<1>{new}\g<2>", toml)
    assert count == 1, f"{table_id}: points {old} not found"
    return changed


def _drop_table(toml: str, table_id: str) -> str:
    """Remove the [[indicators]] table whose id is table_id."""
    pattern = re.compile(rf'\[\[indicators\]\]\nid = "{table_id}"\n(?:(?!\[\[).*\n)*')
    changed, count = pattern.subn("", toml)
    assert count == 1, table_id
    return changed


def official(toml: str = DEFAULT_TEXT) -> str:
    """The profile of a body holding the standard's text: official points, one indicator renamed, one dropped.

    Indicator points cite the standard itself (a primary source) and are no longer illustrative;
    the goods-service points of the dropped indicator move to technical_support, so every sum holds.
    """
    toml = replace_once(toml, 'name = "GB/T 27922-2011 默认规则（二级指标分值为示意）"', f'name = "{OFFICIAL_NAME}"')
    toml = replace_once(
        toml,
        "[sources.project]",
        '[sources.standard-text]\nlabel = "GB/T 27922-2011 正式文本"\nrefs = []\npublishers = ["国家标准"]\n'
        "primary = true\n\n[sources.project]",
    )
    toml = toml.replace(
        'source = "project", confidence = "0", illustrative = true }', 'source = "standard-text", confidence = "2+" }'
    )
    rid, old_name, new_name = RENAMED
    toml = replace_once(toml, f'id = "{rid}"\nname = "{old_name}"', f'id = "{rid}"\nname = "{new_name}"')
    dropped_points = re.search(rf'id = "{DROPPED[0]}"\n(?:(?!\[\[).*\n)*?points = \{{ value = (\d+),', toml)
    assert dropped_points
    moved = int(dropped_points.group(1))
    toml = _drop_table(toml, DROPPED[0])
    technical = re.search(r'id = "technical_support"\n(?:(?!\[\[).*\n)*?points = \{ value = (\d+),', toml)
    assert technical
    return set_points(toml, "technical_support", technical.group(1), str(int(technical.group(1)) + moved))


# ---------------------------------------------------------------- a deployment's own checklist

CHECKLIST_TEXT = (
    resources.files("calculator").joinpath("profiles", "checklist-gbt27922-2011.toml").read_text(encoding="utf-8")
)
OWN_CHECKLIST_NAME = "某认证机构迎审准备清单"
# An item only the deployment's own checklist has (its id and its text), to find on its page.
OWN_ITEM = ("info_labels", "本机构要求：售后服务热线印在铭牌上")


def _drop_items(toml: str, indicator: str) -> str:
    """Remove every [[items]] table of `indicator`."""
    pattern = re.compile(rf'\[\[items\]\]\nid = "[a-z0-9_]+"\nindicator = "{indicator}"\n(?:(?!\[\[).*\n)*')
    changed, count = pattern.subn("", toml)
    assert count >= 3, indicator
    return changed


def own_checklist(toml: str = CHECKLIST_TEXT) -> str:
    """A certification body's own checklist for the `official` profile: no 商品信息, and one item of its own.

    The item of its own is a fourth piece of evidence for 技术支持, cited like the site's advice.
    """
    toml = replace_once(toml, 'id = "gbt27922-2011-checklist"', 'id = "acme-checklist"')
    toml = replace_once(toml, 'name = "GB/T 27922-2011 迎审准备清单"', f'name = "{OWN_CHECKLIST_NAME}"')
    toml = _drop_items(toml, DROPPED[0])
    item_id, text = OWN_ITEM
    return (
        toml
        + f'\n[[items]]\nid = "{item_id}"\nindicator = "technical_support"\nkind = "site"\ntext = "{text}"\n'
        + 'why = "本机构审核时会核对铭牌。"\nsources = ["advice"]\nconfidence = "0"\n'
    )


# ---------------------------------------------------------------- a deployment's own fee schedule

FEES_TEXT = resources.files("calculator").joinpath("profiles", "fees-dabiaowei-trial.toml").read_text(encoding="utf-8")
OWN_FEES_NAME = "某认证机构 2026 年收费标准"
# The body's own rate card, the source of its own prices and lead time (its key, its publisher).
OWN_RATES = ("own-rates", "某认证机构")


def own_fee_schedule(text: str = FEES_TEXT) -> str:
    """Another body's rate card: 4200 元 per man-day and an 800 元 application fee from its own price list.

    Its price per man-day and its lead time to the certificate (two months, not three) cite that price
    list, one publisher: their labels must change to 单一来源 wherever the site states them.
    """
    key, publisher = OWN_RATES
    text = replace_once(text, 'name = "达标委试行收费标准（各机构不同）"', f'name = "{OWN_FEES_NAME}"')
    text = replace_once(
        text,
        "[sources.project]",
        f'[sources.{key}]\nlabel = "{publisher} 2026 年价目表"\nrefs = []\npublishers = ["{publisher}"]\n\n'
        "[sources.project]",
    )
    text = replace_once(
        text,
        'per_man_day = { value = 3000, source = "fee-items", confidence = "2+" }',
        f'per_man_day = {{ value = 4200, source = "{key}", confidence = "1" }}',
    )
    text = replace_once(text, "application = { value = 1000,", "application = { value = 800,")
    return replace_once(
        text,
        'certificate_months = { value = 3, source = "timeline", confidence = "2+" }',
        f'certificate_months = {{ value = 2, source = "{key}", confidence = "1" }}',
    )
