r"""The plan's milestones as an iCalendar file (RFC 5545), so they can go into any calendar.

One all-day event per milestone (``DTSTART;VALUE=DATE``, ``DTEND`` the next day). Lines end in
CRLF and are folded at 75 octets without splitting a UTF-8 character; text is escaped (``\\``,
``;``, ``,``, newlines). ``UID`` is stable for the same plan, so importing a file twice updates the
events instead of doubling them; ``DTSTAMP`` is the plan's "today" at midnight UTC.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from calculator._plan import PlanResult

__all__ = ["ICS_NAME", "escape_text", "fold", "plan_ics"]

ICS_NAME = "售后服务认证时间规划.ics"
_PRODID = "-//gbt27922//售后服务认证时间规划//ZH"


def escape_text(text: str) -> str:
    """A TEXT value (RFC 5545 3.3.11)."""
    return (
        text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """A content line folded to at most 75 octets per line, continuation lines starting with a space."""
    data = line.encode("utf-8")
    out: list[bytes] = []
    limit = 75
    while len(data) > limit:
        cut = limit
        while data[cut] & 0xC0 == 0x80:  # never inside a UTF-8 character: back to its first byte
            cut -= 1
        out.append(data[:cut])
        data = data[cut:]
        limit = 74  # the leading space of a continuation line counts
    out.append(data)
    return b"\r\n ".join(out).decode("utf-8")


def _date(value: dt.date) -> str:
    return value.strftime("%Y%m%d")


def plan_ics(plan: PlanResult) -> str:
    """The iCalendar text of a plan's milestones."""
    req = plan.request
    key = f"{req.today}|{req.deadline}|{req.start}|{req.records_months}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    stamp = f"{_date(req.today)}T000000Z"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{_PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text('售后服务认证时间规划')}",
    ]
    for m in plan.milestones:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{m.id}-{digest}@gbt27922.plan",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{_date(m.date)}",
            f"DTEND;VALUE=DATE:{_date(m.date + dt.timedelta(days=1))}",
            f"SUMMARY:{escape_text(m.label)}",
            *([f"DESCRIPTION:{escape_text(m.detail)}"] if m.detail else []),
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
