"""When the certificate can be in hand: the milestones from preparation to re-certification, and whether a deadline holds.

Durations come from the fee schedule's timeline, each with its source and confidence. Months are
calendar months; a day that the target month lacks falls back to its last day (Jan 31 + 1 month =
Feb 28 or 29). The plan is the cautious one: the certificate at the slow end of the usual range.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from calculator._fee_schedule import FeeSchedule
from calculator._plan_input import PlanRequest

__all__ = ["Milestone", "PlanResult", "add_months", "make_plan"]


def add_months(date: dt.date, months: int) -> dt.date:
    """`date` moved by whole calendar months, clamped to the end of a shorter month."""
    index = date.year * 12 + date.month - 1 + months
    year, month = divmod(index, 12)
    # The month's last day, without the calendar module (the browser's trimmed standard library has none).
    following = dt.date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1)
    last = (following - dt.timedelta(days=1)).day
    return dt.date(year, month + 1, min(date.day, last))


@dataclass(frozen=True)
class Milestone:
    id: str
    date: dt.date
    label: str
    detail: str = ""


@dataclass(frozen=True)
class PlanResult:
    request: PlanRequest
    milestones: tuple[Milestone, ...]  # in date order
    application: dt.date
    certificate: dt.date
    certificate_fastest: dt.date
    feasible: bool | None  # None: no deadline to meet
    latest_application: dt.date | None  # the last application date that still meets the deadline
    reasons: tuple[str, ...]  # why the deadline cannot be met
    warnings: tuple[str, ...]  # what may still go wrong (star grade, prudent running time)


def _application(schedule: FeeSchedule, request: PlanRequest) -> tuple[dt.date, dt.date]:
    """When the records period starts, and the first day the application can go in."""
    t = schedule.timeline
    start = request.start or request.today
    missing = max(0, t.records_months.value - request.records_months)
    return start, add_months(start, missing)


def _cycle(schedule: FeeSchedule, certificate: dt.date) -> list[Milestone]:
    t = schedule.timeline
    interval = t.surveillance_interval_months.value
    months = 12 * t.validity_years.value
    out = [
        Milestone(
            f"surveillance_{k}",
            add_months(certificate, k * interval),
            f"第 {k} 次年度监督审核（约）",
            "每年一次；具体日期由认证机构安排。",
        )
        for k in range(1, t.validity_years.value)
        if k * interval < months - t.recertification_lead_months.value
    ]
    out.append(
        Milestone(
            "recertification",
            add_months(certificate, months - t.recertification_lead_months.value),
            "再认证审核（证书到期前）",
            f"证书有效期 {t.validity_years.value} 年，到期前完成再认证才能换发新证书。",
        )
    )
    out.append(Milestone("expiry", add_months(certificate, months), "证书到期", ""))
    return out


def make_plan(schedule: FeeSchedule, request: PlanRequest) -> PlanResult:
    """The milestones for a validated request, and whether they meet its deadline."""
    t = schedule.timeline
    start, application = _application(schedule, request)
    certificate = add_months(application, t.certificate_months.value)
    milestones = []
    if application > start:
        milestones.append(
            Milestone(
                "records",
                start,
                "售后服务体系开始运行并保留记录",
                f"申请前至少运行 {t.records_months.value} 个月，投诉、维修、满意度等记录要齐全。",
            )
        )
    milestones += [
        Milestone("application", application, "提交认证申请", "体系运行时间已满，可以申请。"),
        Milestone(
            "document_review",
            application + dt.timedelta(days=t.document_review_days.value),
            "文件审核完成（第一阶段）",
        ),
        Milestone("onsite", application + dt.timedelta(days=t.onsite_days.value), "现场审核（第二阶段）"),
        Milestone(
            "certificate",
            certificate,
            "取得证书（稳妥估计）",
            f"从申请到发证一般 {t.certificate_months_fastest.value}–{t.certificate_months.value} 个月，这里按较慢的一端估计。",
        ),
        *_cycle(schedule, certificate),
    ]
    deadline = request.deadline
    if deadline is not None:
        milestones.append(Milestone("deadline", deadline, "需要证书的日期（如投标截止）"))
    feasible = None if deadline is None else certificate <= deadline
    latest = None if deadline is None else add_months(deadline, -t.certificate_months.value)
    return PlanResult(
        request=request,
        milestones=tuple(sorted(milestones, key=lambda m: m.date)),
        application=application,
        certificate=certificate,
        certificate_fastest=add_months(application, t.certificate_months_fastest.value),
        feasible=feasible,
        latest_application=latest,
        reasons=tuple(_reasons(schedule, request, application, certificate)) if feasible is False else (),
        warnings=tuple(_warnings(schedule, request, certificate)),
    )


def _reasons(schedule: FeeSchedule, request: PlanRequest, application: dt.date, certificate: dt.date) -> list[str]:
    t = schedule.timeline
    deadline = request.deadline
    assert deadline is not None  # only called when there is a deadline  # noqa: S101
    late = (certificate - deadline).days
    reasons = [
        f"按稳妥估计，最早 {certificate.isoformat()} 取得证书，比需要的日期 {deadline.isoformat()} 晚 {late} 天。"
    ]
    missing = max(0, t.records_months.value - request.records_months)
    if missing:
        reasons.append(
            f"售后服务体系还需运行并保留记录 {missing} 个月（申请前至少 {t.records_months.value} 个月），"
            f"最早 {application.isoformat()} 才能申请。"
        )
    reasons.append(
        f"从申请到发证一般需要 {t.certificate_months_fastest.value}–{t.certificate_months.value} 个月；"
        f"若要在 {deadline.isoformat()} 前拿到证书，最迟应在 {add_months(deadline, -t.certificate_months.value).isoformat()} 申请。"
    )
    return reasons


def _warnings(schedule: FeeSchedule, request: PlanRequest, certificate: dt.date) -> list[str]:
    t = schedule.timeline
    warnings = []
    star = add_months(certificate, t.star_after_months.value)
    if request.deadline is not None and star > request.deadline:
        warnings.append(
            f"部分认证机构首次认证只评达标级，满 {t.star_after_months.value} 个月后才评星级：若选这样的机构，"
            f"{request.deadline.isoformat()} 前无法取得星级证书（最早约 {star.isoformat()}）。投标要求星级的，请事先问清机构的做法。"
        )
    if request.records_months < t.records_months_prudent.value:
        warnings.append(
            f"有资料建议体系运行 {t.records_months_prudent.value} 个月以上、并有同样长的投诉、维修和满意度记录更稳妥；"
            f"这里按最短的 {t.records_months.value} 个月计算。"
        )
    return warnings
