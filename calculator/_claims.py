"""The registry of claims: every statement the site qualifies with a confidence label, defined once.

A claim is an id, the statement in a few words, a confidence ("2+", "1", "0" or "x") and the
sources that support it. Data files contribute claims to one registry:

- the rules profile: each sourced number is a claim whose id is its key
  (``special_deductions.fail_at``, ``grades.qualified.min`` …), see `profile_contribution`;
- claims files (TOML, see `parse_claims`) for statements that are not numbers of the rules:
  "suspended certificates may still show up in the search", "the 2007 event" …

Other data files (the fee schedule, an evidence checklist) contribute the same way: build a
`Contribution` of their sources and claims and pass it to `build_registry` (the schedule's:
`calculator._fee_schedule_claims`; the checklist's: `calculator._checklist_claims`). Claims of
one `group` are many small statements of one kind (the evidence items of one indicator, the
rows of the man-day table): the sources page lists them together.

The registry checks each label against its sources, so a label cannot claim more than the
sources carry: a "2+" claim needs two distinct publishers (or the standard's own text), a "1"
claim one, an unreliable ("x") claim the source it warns about; a "1" claim whose sources have
two publishers must say in `note` why it stays "1" (pages that copy each other, for example).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal, cast

from calculator._datafile import Fact, ProfileError, Source, Table, read_sources, read_toml
from calculator._labels import LEVEL_ORDER, ROUNDINGS, Level, level_for
from calculator._numbers import percent, plain
from calculator._profile import Profile

__all__ = [
    "Claim",
    "ClaimsError",
    "Contribution",
    "Registry",
    "build_registry",
    "load_claims",
    "parse_claims",
    "profile_contribution",
]

ClaimConfidence = Literal["2+", "1", "0", "x"]
CLAIM_CONFIDENCES: tuple[ClaimConfidence, ...] = ("2+", "1", "0", "x")
Basis = Literal["", "not_found"]
SCHEMA = 1

_CLAIM_ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")


class ClaimsError(ProfileError):
    """A claims file or a registry that cannot be used; names the file, the key and the problem."""

    kind = "说法登记"


@dataclass(frozen=True)
class Claim:
    """One statement the site makes with a confidence label."""

    id: str
    text: str
    confidence: ClaimConfidence
    sources: tuple[str, ...]
    basis: Basis = ""  # "not_found": the statement reports a search that found nothing
    illustrative: bool = False
    note: str = ""  # why it has this confidence; shown with the label and on the sources page
    value: str = ""  # for a number of the rules, the value as text ("70 分")
    origin: str = ""  # the file that defines it
    group: str = ""  # listed with the other claims of its group on the sources page ("迎审准备清单 · 5.1.1 组织架构")

    @property
    def level(self) -> Level:
        return level_for(self.confidence, illustrative=self.illustrative, basis=self.basis)


@dataclass(frozen=True)
class Contribution:
    """The sources and claims one data file adds to the registry."""

    origin: str
    sources: Mapping[str, Source]
    claims: tuple[Claim, ...]


@dataclass(frozen=True)
class Registry:
    """All claims of the site with the sources they cite, checked against each other."""

    claims: Mapping[str, Claim]
    sources: Mapping[str, Source]

    def claim(self, claim_id: str) -> Claim:
        try:
            return self.claims[claim_id]
        except KeyError:
            near = [c for c in self.claims if c.split(".")[0] == claim_id.split(".", maxsplit=1)[0]]
            hint = f"；同一主题下已登记的有：{', '.join(near)}" if near else ""
            raise KeyError(f"说法 {claim_id!r} 没有登记{hint}") from None

    def publishers(self, claim: Claim) -> tuple[str, ...]:
        """The distinct publishers behind a claim, in the order its sources name them."""
        return tuple(dict.fromkeys(p for key in claim.sources for p in self.sources[key].publishers))

    def by_level(self) -> dict[str, list[Claim]]:
        """Claims grouped by how they are shown, in the order of LEVEL_ORDER."""
        groups: dict[str, list[Claim]] = {key: [] for key in LEVEL_ORDER}
        for claim in self.claims.values():
            groups[claim.level.key].append(claim)
        return groups

    def counts(self) -> dict[str, int]:
        """How many claims have each confidence ("2+", "1", "0", "x")."""
        counts: dict[str, int] = dict.fromkeys(CLAIM_CONFIDENCES, 0)
        for claim in self.claims.values():
            counts[claim.confidence] += 1
        return counts

    def unknown(self, used: Iterable[str]) -> list[str]:
        return sorted(set(used) - set(self.claims))

    def unused(self, used: Iterable[str]) -> list[str]:
        return sorted(set(self.claims) - set(used))


# ----------------------------------------------------------------- building


def build_registry(*contributions: Contribution) -> Registry:
    """Merge contributions and check every claim's sources and label; raises ClaimsError."""
    sources: dict[str, Source] = {}
    owner: dict[str, str] = {}
    for part in contributions:
        for key, source in part.sources.items():
            if key in sources and sources[key] != source:
                raise ClaimsError(
                    part.origin, f"sources.{key}", f"与 {owner[key]} 中同名的来源内容不同；请改用另一个键"
                )
            sources.setdefault(key, source)
            owner.setdefault(key, part.origin)
    claims: dict[str, Claim] = {}
    for part in contributions:
        for claim in part.claims:
            if claim.id in claims:
                raise ClaimsError(part.origin, claim.id, f"说法标识重复（{claims[claim.id].origin} 中已有）")
            _check(claim, sources)
            claims[claim.id] = claim
    return Registry(claims, sources)


def _check(claim: Claim, sources: Mapping[str, Source]) -> None:
    """The label must not say more, or less, than the claim's sources carry."""

    def fail(problem: str) -> ClaimsError:
        return ClaimsError(claim.origin, claim.id, problem)

    if not claim.sources:
        raise fail("没有来源：每条说法至少要有一个来源（本站自己的推断或建议也要注明）")
    for key in claim.sources:
        if key not in sources:
            raise fail(f"来源 {key!r} 在任何一个数据文件的 [sources] 中都没有定义")
    cited = [sources[key] for key in claim.sources]
    publishers = {p for s in cited for p in s.publishers}
    primary = any(s.primary for s in cited)
    if claim.illustrative and claim.confidence != "0":
        raise fail("示意取值的可信度只能是 0")
    if claim.basis and claim.confidence != "0":
        raise fail("“未找到来源”类说法的可信度只能是 0")
    if claim.confidence == "2+" and len(publishers) < 2 and not primary:
        raise fail(f"标为 2+，但来源只有 {len(publishers)} 个不同发布方（至少需要 2 个，或标准正式文本）")
    if claim.confidence in ("1", "x") and not publishers:
        raise fail(f"标为 {claim.confidence}，但来源中没有任何外部发布方")
    if claim.confidence == "1" and (len(publishers) >= 2 or primary) and not claim.note:
        raise fail(
            f"来源有 {len(publishers)} 个不同发布方，按规则应标为 2+；若确因相互转抄等原因保留为 1，请在 note 中说明"
        )


# ------------------------------------------------------------- claims files


def parse_claims(data: Mapping[str, object], file: str = "<claims>") -> Contribution:
    """A claims file: `schema`, optional `[sources.*]` and `[[claims]]`; strict like the rules profile."""
    top = Table(file, "", data, ClaimsError)
    schema = top.integer("schema")
    if schema != SCHEMA:
        raise top.fail("schema", f"不支持的格式版本 {schema}，本程序只支持 {SCHEMA}")
    sources = read_sources(top) if "sources" in data else {}
    claims = [_claim(t, file) for t in top.tables("claims")]
    top.done()
    return Contribution(file, sources, tuple(claims))


def _claim(t: Table, file: str) -> Claim:
    claim_id = t.text("id")
    if not _CLAIM_ID.match(claim_id):
        raise t.fail("id", f"标识 {claim_id!r} 只能由小写英文字母、数字、下划线和点组成，并以字母开头")
    confidence = t.text("confidence")
    if confidence not in CLAIM_CONFIDENCES:
        raise t.fail("confidence", f"可信度应为 {' / '.join(CLAIM_CONFIDENCES)} 之一，实际是 {confidence!r}")
    keys = t.strings("sources")
    if not keys:
        raise t.fail("sources", "至少需要一个来源")
    if len(set(keys)) != len(keys):
        raise t.fail("sources", "同一个来源列了两次")
    basis = t.text("basis") if "basis" in t.data else ""
    if basis not in ("", "not_found"):
        raise t.fail("basis", f'只能是 "not_found"（表示查找后没有找到），实际是 {basis!r}')
    note = t.text("note") if "note" in t.data else ""
    claim = Claim(
        id=claim_id,
        text=t.text("text"),
        confidence=confidence,
        sources=keys,
        basis=cast(Basis, basis),
        note=note,
        origin=file,
    )
    t.done()
    return claim


def load_claims(path: str | Path) -> Contribution:
    """Read and validate a claims file (its claims are checked against sources by build_registry)."""
    file = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise ClaimsError(file, "", f"无法读取文件：{exc.strerror or exc}") from None
    return parse_claims(read_toml(raw, file, ClaimsError), file)


# ---------------------------------------------------------- the rules profile


def profile_contribution(profile: Profile) -> Contribution:
    """Every sourced number of the profile as a claim, plus the standard's status.

    The ids are the numbers' keys in the profile. Input bounds (the largest count a form
    accepts) are not claims about certification and are left out.
    """
    claims = [_fact_claim(profile, key, text, fact, value) for key, text, fact, value in _facts(profile)]
    std = profile.standard
    claims.append(
        Claim(
            id="standard.status",
            text=f"{std.code} 的现行状态",
            confidence=std.status_confidence,
            sources=std.status_sources,
            basis="not_found" if std.status_confidence == "0" else "",
            value=std.status_note,
            origin=profile.file,
        )
    )
    return Contribution(profile.file, profile.sources, tuple(claims))


def _fact_claim(profile: Profile, key: str, text: str, fact: Fact[object], value: str) -> Claim:
    return Claim(
        id=key,
        text=text,
        confidence=fact.confidence,
        sources=fact.sources,
        illustrative=fact.illustrative,
        note=fact.note,
        value=value,
        origin=profile.file,
    )


def _points(value: object) -> str:
    return f"{plain(cast(Decimal, value))} 分"


def _share(value: object) -> str:
    return f"{percent(cast(Decimal, value))}%"


# (claim id, what the number is, the fact, its value as text)
_FactRow = tuple[str, str, Fact[object], str]


def _fact(f: Fact[Any]) -> Fact[object]:
    return cast(Fact[object], f)


def _facts(profile: Profile) -> Iterator[_FactRow]:
    """(key, what the number is, the fact, its value as text) for every claim of the profile."""
    yield from _scale_facts(profile)
    yield from _indicator_facts(profile)
    yield from _special_item_and_exclusion_facts(profile)
    yield from _staffing_facts(profile)


def _scale_facts(profile: Profile) -> Iterator[_FactRow]:
    yield "scale.total", "评分采用百分制，满分", _fact(profile.total), _points(profile.total.value)
    yield (
        "scale.display_decimals",
        "显示分数时保留的小数位数（多余的位数直接截去，不进位）",
        _fact(profile.display_decimals),
        f"{profile.display_decimals.value} 位",
    )


def _indicator_facts(profile: Profile) -> Iterator[_FactRow]:
    for c in profile.categories:
        yield f"categories.{c.id}.points", f"一级指标“{c.name}”的分值", _fact(c.points), _points(c.points.value)
    for i in profile.indicators:
        yield (
            f"indicators.{i.id}.points",
            f"二级指标“{i.name}”（{i.clause}）的分值",
            _fact(i.points),
            _points(i.points.value),
        )
        for p in i.parts:
            yield (
                f"indicators.{i.id}.parts.{p.clause}.points",
                f"{p.clause}“{p.name}”在“{i.name}”中的分值",
                _fact(p.points),
                _points(p.points.value),
            )
    for g in profile.grades:
        threshold = g.threshold
        yield f"grades.{g.id}.min", f"{g.label}的分数线（达到即可，含本数）", _fact(threshold), _points(threshold.value)


def _special_item_and_exclusion_facts(profile: Profile) -> Iterator[_FactRow]:
    sd = profile.special_deductions
    yield (
        "special_deductions.points_each",
        "每个特别扣分项在得分之外扣的分",
        _fact(sd.points_each),
        _points(sd.points_each.value),
    )
    yield (
        "special_deductions.fail_at",
        "特别扣分项达到这个数目即判不合格，与得分无关",
        _fact(sd.fail_at),
        f"{sd.fail_at.value} 项",
    )
    sb = profile.special_bonus
    yield "special_bonus.points", "特别加分项加的分", _fact(sb.points), _points(sb.points.value)
    yield "special_bonus.max_items", "特别加分项最多可记的项数", _fact(sb.max_items), f"{sb.max_items.value} 项"
    yield (
        "exclusions.rescale",
        "删减不适用的指标后，按涉及项分值折算回百分制",
        _fact(profile.exclusions_rescale),
        "是" if profile.exclusions_rescale.value else "否",
    )


def _staffing_facts(profile: Profile) -> Iterator[_FactRow]:
    st = profile.staffing
    yield "staffing.ratio", f"{st.role}按{st.base}总数配置的比例", _fact(st.ratio), _share(st.ratio.value)
    yield "staffing.minimum", f"{st.role}的最少人数", _fact(st.minimum), f"{st.minimum.value} 人"
    yield (
        "staffing.rounding",
        f"{st.role}人数算出小数时的取整方式",
        _fact(st.rounding),
        ROUNDINGS[st.rounding.value],
    )
    yield (
        "staffing.manager_share_of_headcount",
        "管理人员约占企业总人数的比例（经验数字）",
        _fact(st.manager_share_of_headcount),
        _share(st.manager_share_of_headcount.value),
    )
    yield (
        "staffing.rough_share_of_headcount",
        f"{st.role}约占企业总人数的比例（粗略估算，不是规定）",
        _fact(st.rough_share_of_headcount),
        _share(st.rough_share_of_headcount.value),
    )
