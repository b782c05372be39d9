"""How many 售后服务管理师 a company must staff (clause 5.1.2.2)."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from calculator._inputs import StaffingRequest
from calculator._numbers import percent, plain, round_count, truncate
from calculator._profile import Profile

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
    assumptions: tuple[str, ...]
    steps: tuple[str, ...]


def plan_staffing(profile: Profile, request: StaffingRequest) -> StaffingResult:
    rule = profile.staffing
    ratio = Fraction(rule.ratio.value)
    n = request.service_managers
    exact = ratio * n
    by_ratio = round_count(exact, rule.rounding.value)
    required = max(rule.minimum.value, by_ratio)
    role, base = rule.role, rule.base
    steps: list[str] = []
    assumptions = [profile.assumptions["rounding"], profile.assumptions["minimum"]]

    if request.head_office is not None and request.branches is not None:
        steps.append(f"{base}合计：总部 {request.head_office} 人 + 分支机构和服务网点 {request.branches} 人 = {n} 人。")
    else:
        steps.append(f"{base}共 {n} 人。")
    exact_text = _count_text(exact)
    steps.append(
        f"按第 {rule.clause} 条，{role} = {base} × {percent(ratio)}% = {n} × {percent(ratio)}% = {exact_text} 人。"
    )
    if Fraction(by_ratio) != exact:
        way = {"up": "向上取整", "down": "向下取整", "nearest": "四舍五入"}[rule.rounding.value]
        steps.append(f"人数须为整数，{way}为 {by_ratio} 人（本站假设）。")
    if by_ratio < rule.minimum.value:
        steps.append(f"不足 {rule.minimum.value} 人时按至少 {rule.minimum.value} 人配置。")
    steps.append(f"应配备{role}至少 {required} 人。")

    shortfall = surplus = None
    if request.current_managers is not None:
        shortfall = max(0, required - request.current_managers)
        surplus = max(0, request.current_managers - required)
        if shortfall:
            steps.append(f"已配备 {request.current_managers} 人，还需培训或配备 {shortfall} 人。")
        else:
            steps.append(f"已配备 {request.current_managers} 人，满足要求。")

    rough = None
    if request.total_staff is not None:
        rough = Fraction(rule.rough_share_of_headcount.value) * request.total_staff
        steps.append(
            f"粗略核对：按企业总人数 {request.total_staff} 人的约 {percent(rule.rough_share_of_headcount.value)}% 估算，"
            f"约为 {_count_text(rough)} 人。这只是经验估算，应以 {percent(ratio)}% 规则的结果为准。"
        )
        assumptions.append(profile.assumptions["rough"])

    return StaffingResult(
        service_managers=n,
        head_office=request.head_office,
        branches=request.branches,
        exact=exact,
        by_ratio=by_ratio,
        required=required,
        current=request.current_managers,
        shortfall=shortfall,
        surplus=surplus,
        total_staff=request.total_staff,
        rough_estimate=rough,
        assumptions=tuple(assumptions),
        steps=tuple(steps),
    )


def _count_text(value: Fraction) -> str:
    """An exact head-count figure: '3', '2.5', or '约 3.33' when it does not terminate."""
    try:
        return plain(value)
    except ValueError:
        return f"约 {plain(truncate(value, 2))}"
