"""The registry of tools: every calculator the CLI, the worker, the URL state, the build and the tests know.

To add a tool ``x``, write its modules the way ``_staffing*.py`` (small) and ``_score*.py`` are
written, and add one `Tool` entry to `TOOLS` below; nothing that dispatches on a tool changes:

- ``_x_input.py``  the JSON input → a typed request, or an `InputError` naming the field;
- ``_x.py``        the arithmetic, exact, and the steps that explain it;
- ``_x_json.py``   the result's `TypedDict` and ``x(data, own_data)``, the JSON contract;
- ``_x_form.py``   the form's `FieldSpec`s, reading them with `FormReader`, the worked example,
                   the URL-state tokens;
- ``_x_view.py``   the result's HTML (``_html`` helpers), its one-sentence summary, the disclaimer;
- ``_page_x.py``   the form's HTML (``_page_widgets``), imported lazily as below: build time only.

Every function of an entry is a `Lazy` reference ("module", "function"): this module imports
none of them, so the browser fetches a tool's modules and data only on its page; the build
follows these references to split the app per tool (hooks/app_parts.py).

A tool with a data file of its own gives `Datasets` a field and reads it with `_datafile.Table`;
the packaged file ships with the module that names it (`_datafile.packaged_bytes`).
A page shows it with ``<div data-gbt-calculator="x"></div>``; tests/unit/test_tools.py then checks
it like every other tool.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from calculator._inputs import InputError
from calculator._tool import AnyTool, Datasets, Lazy, Tool

__all__ = ["CHECKLIST", "FEES", "PLAN", "SCORE", "STAFFING", "TOOLS", "tool_named"]

if TYPE_CHECKING:
    from calculator._checklist_data import Checklist
    from calculator._checklist_json import ChecklistJSON
    from calculator._fee_schedule import FeeSchedule
    from calculator._fees_json import FeesJSON
    from calculator._plan_json import PlanJSON
    from calculator._profile import Profile
    from calculator._score_json import ScoreJSON
    from calculator._staffing_json import StaffingJSON


def _rules(datasets: Datasets) -> Profile:
    return datasets.profile


# The fee schedule and the checklist are read by functions of their readers (by reference, like
# the tools' own functions): those modules travel with the tools that read them.
_FEE_SCHEDULE = Lazy("calculator._fee_schedule_reader", "schedule_in_use")
_CHECKLIST = Lazy("calculator._checklist_reader", "checklist_in_use")


SCORE: Tool[Profile, ScoreJSON] = Tool(
    name="score",
    title="售后服务认证自评计分",
    short_title="自评计分",
    state_letter="s",
    data=_rules,
    disclaimer=Lazy("calculator._score_view", "score_disclaimer"),
    run=Lazy("calculator._score_json", "score"),
    fields=Lazy("calculator._score_form", "score_fields"),
    read_form=Lazy("calculator._score_form", "score_form"),
    render_result=Lazy("calculator._score_view", "render_score"),
    summary=Lazy("calculator._score_view", "score_summary"),
    encode_state=Lazy("calculator._score_form", "encode_score_state"),
    decode_state=Lazy("calculator._score_form", "decode_score_state"),
    example=Lazy("calculator._score_form", "score_example"),
    # Build time only (modules named _page* never reach the browser).
    render_form=Lazy("calculator._page_score", "render_score_form"),
)

STAFFING: Tool[Profile, StaffingJSON] = Tool(
    name="staffing",
    title="售后服务管理师配置",
    short_title="管理师配置",
    state_letter="t",
    data=_rules,
    disclaimer=Lazy("calculator._staffing_view", "staffing_disclaimer"),
    run=Lazy("calculator._staffing_json", "staffing"),
    fields=Lazy("calculator._staffing_form", "staffing_fields"),
    read_form=Lazy("calculator._staffing_form", "staffing_form"),
    render_result=Lazy("calculator._staffing_view", "render_staffing"),
    summary=Lazy("calculator._staffing_view", "staffing_summary"),
    encode_state=Lazy("calculator._staffing_form", "encode_staffing_state"),
    decode_state=Lazy("calculator._staffing_form", "decode_staffing_state"),
    example=Lazy("calculator._staffing_form", "staffing_example"),
    # Build time only (modules named _page* never reach the browser).
    render_form=Lazy("calculator._page_staffing", "render_staffing_form"),
)

FEES: Tool[FeeSchedule, FeesJSON] = Tool(
    name="fees",
    title="售后服务认证费用估算",
    short_title="费用估算",
    state_letter="f",
    data=_FEE_SCHEDULE,
    disclaimer=Lazy("calculator._fees_view", "fees_disclaimer"),
    run=Lazy("calculator._fees_json", "fees"),
    fields=Lazy("calculator._fees_form", "fees_fields"),
    read_form=Lazy("calculator._fees_form", "fees_form"),
    render_result=Lazy("calculator._fees_view", "render_fees"),
    summary=Lazy("calculator._fees_view", "fees_summary"),
    encode_state=Lazy("calculator._fees_form", "encode_fees_state"),
    decode_state=Lazy("calculator._fees_form", "decode_fees_state"),
    example=Lazy("calculator._fees_form", "fees_example"),
    # Build time only (modules named _page* never reach the browser).
    render_form=Lazy("calculator._page_fees", "render_fees_form"),
)

PLAN: Tool[FeeSchedule, PlanJSON] = Tool(
    name="plan",
    title="售后服务认证时间规划",
    short_title="时间规划",
    state_letter="p",
    data=_FEE_SCHEDULE,
    disclaimer=Lazy("calculator._plan_view", "plan_disclaimer"),
    run=Lazy("calculator._plan_json", "plan"),
    fields=Lazy("calculator._plan_form", "plan_fields"),
    read_form=Lazy("calculator._plan_form", "plan_form"),
    render_result=Lazy("calculator._plan_view", "render_plan"),
    summary=Lazy("calculator._plan_view", "plan_summary"),
    encode_state=Lazy("calculator._plan_form", "encode_plan_state"),
    decode_state=Lazy("calculator._plan_form", "decode_plan_state"),
    example=Lazy("calculator._plan_form", "plan_example"),
    # Build time only (modules named _page* never reach the browser).
    render_form=Lazy("calculator._page_plan", "render_plan_form"),
)

CHECKLIST: Tool[Checklist, ChecklistJSON] = Tool(
    name="checklist",
    title="迎审准备清单",
    short_title="迎审准备清单",
    state_letter="c",
    data=_CHECKLIST,
    disclaimer=Lazy("calculator._checklist_view", "checklist_disclaimer"),
    run=Lazy("calculator._checklist_json", "checklist"),
    fields=Lazy("calculator._checklist_form", "checklist_fields"),
    read_form=Lazy("calculator._checklist_form", "checklist_form"),
    render_result=Lazy("calculator._checklist_view", "render_checklist"),
    summary=Lazy("calculator._checklist_view", "checklist_summary"),
    encode_state=Lazy("calculator._checklist_form", "encode_checklist_state"),
    decode_state=Lazy("calculator._checklist_form", "decode_checklist_state"),
    example=Lazy("calculator._checklist_form", "checklist_example"),
    # Build time only (modules named _page* never reach the browser).
    render_form=Lazy("calculator._page_checklist", "render_checklist_form"),
)

TOOLS: Mapping[str, AnyTool] = {tool.name: tool for tool in (SCORE, STAFFING, FEES, PLAN, CHECKLIST)}


def tool_named(name: object, field: str = "calculator") -> AnyTool:
    """The tool called `name`; an InputError on `field` naming the tools there are otherwise."""
    if not isinstance(name, str) or name not in TOOLS:
        raise InputError(field, f"{field} 应为 {' 或 '.join(TOOLS)}。")
    return TOOLS[name]
