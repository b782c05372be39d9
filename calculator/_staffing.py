"""How many 售后服务管理师 a company must staff (clause 5.1.2.2): the figures and the steps that explain them."""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction

from calculator._labels import ROUNDINGS, with_level
from calculator._numbers import percent, plain, round_count, truncate
from calculator._profile import Profile
from calculator._staffing_input import StaffingRequest

__all__ = ["StaffingResult", "plan_staffing"]


@dataclass(frozen=True)
class StaffingResult:
    service_managers: int
    head_office: int | None
    branches: int | None
    exact: Fraction  # ratio × service managers, before rounding
    by_ratio: int  # after rounding, before the minimum
    required: int
    current: int | None
    shortfall: int | None
    surplus: int | None
    total_staff: int | None
    rough_estimate: Fraction | None  # ≈ share × total headcount
    assumptions: tuple[str, ...] = ()
    steps: tuple[str, ...] = ()


def plan_staffing(profile: Profile, request: StaffingRequest) -> StaffingResult:
    """Apply the rule to a validated request: the figures, then the steps that explain them."""
    rule = profile.staffing
    exact = Fraction(rule.ratio.value) * request.service_managers
    by_ratio = round_count(exact, rule.rounding.value)
    required = max(rule.minimum.value, by_ratio)
    current = request.current_managers
    total = request.total_staff
    figures = StaffingResult(
        service_managers=request.service_managers,
        head_office=request.head_office,
        branches=request.branches,
        exact=exact,
        by_ratio=by_ratio,
        required=required,
        current=current,
        shortfall=max(0, required - current) if current is not None else None,
        surplus=max(0, current - required) if current is not None else None,
        total_staff=total,
        rough_estimate=Fraction(rule.rough_share_of_headcount.value) * total if total is not None else None,
    )
    return replace(figures, assumptions=_assumptions(profile, figures), steps=tuple(_steps(profile, figures)))


def _assumptions(profile: Profile, r: StaffingResult) -> tuple[str, ...]:
    """Only what is less than certain is an assumption; each says how sure it is."""
    rule = profile.staffing
    found = [
        with_level(profile.assumptions[key], fact.confidence)
        for key, fact in (("rounding", rule.rounding), ("minimum", rule.minimum))
        if fact.confidence != "2+"
    ]
    if r.total_staff is not None:
        share = rule.rough_share_of_headcount
        rough = profile.assumptions["rough"]
        found.append(rough if share.confidence == "2+" else with_level(rough, share.confidence))
    return tuple(found)


def _steps(profile: Profile, r: StaffingResult) -> list[str]:
    rule = profile.staffing
    ratio = percent(rule.ratio.value)
    role, base, n = rule.role, rule.base, r.service_managers
    steps: list[str] = []
    if r.head_office is not None and r.branches is not None:
        steps.append(f"{base}合计：总部 {r.head_office} 人 + 分支机构和服务网点 {r.branches} 人 = {n} 人。")
    else:
        steps.append(f"{base}共 {n} 人。")
    steps.append(f"按第 {rule.clause} 条，{role} = {base} × {ratio}% = {n} × {ratio}% = {_count_text(r.exact)} 人。")
    if Fraction(r.by_ratio) != r.exact:
        way = ROUNDINGS[rule.rounding.value]
        steps.append(with_level(f"人数须为整数，{way}为 {r.by_ratio} 人。", rule.rounding.confidence))
    if r.by_ratio < rule.minimum.value:
        steps.append(f"不足 {rule.minimum.value} 人时按至少 {rule.minimum.value} 人配置。")
    steps.append(f"应配备{role}至少 {r.required} 人。")
    if r.current is not None:
        if r.shortfall:
            steps.append(f"已配备 {r.current} 人，还需培训或配备 {r.shortfall} 人。")
        else:
            steps.append(f"已配备 {r.current} 人，满足要求。")
    if r.total_staff is not None and r.rough_estimate is not None:
        steps.append(
            f"粗略核对：按企业总人数 {r.total_staff} 人的约 {percent(rule.rough_share_of_headcount.value)}% 估算，"
            f"约为 {_count_text(r.rough_estimate)} 人。这只是经验估算，应以 {ratio}% 规则的结果为准。"
        )
    return steps


def _count_text(value: Fraction) -> str:
    """An exact head-count figure: '3', '2.5', or '约 3.33' when it does not terminate."""
    try:
        return plain(value)
    except ValueError:
        return f"约 {plain(truncate(value, 2))}"
