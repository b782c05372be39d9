"""The `staffing` tool's JSON input: the service managers (in total, or head office and branches).

Turns untrusted JSON-like input into a typed `StaffingRequest`, or an `InputError` naming the field.
"""

from __future__ import annotations

from dataclasses import dataclass

from calculator._inputs import InputError, as_object, no_unknown, parse_count
from calculator._profile import Profile

__all__ = ["StaffingRequest", "parse_staffing_request"]


@dataclass(frozen=True)
class StaffingRequest:
    head_office: int | None
    branches: int | None
    service_managers: int
    total_staff: int | None
    current_managers: int | None


_STAFFING_KEYS = ("service_managers", "head_office", "branches", "total_staff", "current_managers")


def parse_staffing_request(data: object, profile: Profile) -> StaffingRequest:
    """Validate a `staffing` input object."""
    top = as_object(data, "input", "输入")
    no_unknown(top, _STAFFING_KEYS, "", "输入项")
    limit = profile.staffing.max_headcount.value
    base = profile.staffing.base
    head = branches = None
    if "service_managers" in top:
        if "head_office" in top or "branches" in top:
            raise InputError(
                "service_managers",
                f"请只用一种方式给出{base}：总数（service_managers），或总部（head_office）与分支机构（branches）分开填写。",
            )
        managers = parse_count(top["service_managers"], "service_managers", f"{base}总数", limit)
    elif "head_office" in top or "branches" in top:
        missing = "branches" if "head_office" in top else "head_office"
        if missing not in top:
            where = "分支机构和服务网点" if missing == "branches" else "总部"
            raise InputError(missing, f"缺少{where}的{base}人数（没有请填 0）。")
        head = parse_count(top["head_office"], "head_office", f"总部{base}人数", limit)
        branches = parse_count(top["branches"], "branches", f"分支机构和服务网点{base}人数", limit)
        managers = head + branches
        if managers > limit:
            raise InputError("branches", f"{base}合计应在 0 到 {limit} 之间，实际是 {managers}。")
    else:
        raise InputError(
            "service_managers",
            f"缺少{base}人数：请给出总数（service_managers），或总部（head_office）与分支机构（branches）人数。",
        )

    total = None
    if "total_staff" in top:
        total = parse_count(top["total_staff"], "total_staff", "企业总人数", limit)
        if managers > total:
            raise InputError(
                "total_staff", f"企业总人数（{total}）少于{base}人数（{managers}），请核对：{base}是企业员工的一部分。"
            )
    current = None
    if "current_managers" in top:
        current = parse_count(
            top["current_managers"], "current_managers", f"已配备的{profile.staffing.role}人数", limit
        )
    return StaffingRequest(head, branches, managers, total, current)
