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

A tool with a data file of its own gives `Datasets` a field and reads it with `_datafile.Table`.
A page shows it with ``<div data-gbt-calculator="x"></div>``; tests/unit/test_tools.py then checks
it like every other tool.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from calculator._checklist_data import Checklist
from calculator._checklist_form import (
    checklist_example,
    checklist_fields,
    checklist_form,
    decode_checklist_state,
    encode_checklist_state,
)
from calculator._checklist_json import checklist
from calculator._checklist_view import checklist_disclaimer, checklist_summary, render_checklist
from calculator._fee_schedule import FeeSchedule
from calculator._fees_form import decode_fees_state, encode_fees_state, fees_example, fees_fields, fees_form
from calculator._fees_json import fees
from calculator._fees_view import fees_disclaimer, fees_summary, render_fees
from calculator._inputs import InputError
from calculator._plan_form import decode_plan_state, encode_plan_state, plan_example, plan_fields, plan_form
from calculator._plan_json import plan
from calculator._plan_view import plan_disclaimer, plan_summary, render_plan
from calculator._profile import Profile
from calculator._score_form import decode_score_state, encode_score_state, score_example, score_fields, score_form
from calculator._score_json import score
from calculator._score_view import render_score, score_disclaimer, score_summary
from calculator._staffing_form import (
    decode_staffing_state,
    encode_staffing_state,
    staffing_example,
    staffing_fields,
    staffing_form,
)
from calculator._staffing_json import staffing
from calculator._staffing_view import render_staffing, staffing_disclaimer, staffing_summary
from calculator._tool import AnyTool, Datasets, Tool

__all__ = ["CHECKLIST", "FEES", "PLAN", "SCORE", "STAFFING", "TOOLS", "tool_named"]

if TYPE_CHECKING:
    from calculator._checklist_json import ChecklistJSON
    from calculator._fees_json import FeesJSON
    from calculator._plan_json import PlanJSON
    from calculator._score_json import ScoreJSON
    from calculator._staffing_json import StaffingJSON


def _rules(datasets: Datasets) -> Profile:
    return datasets.profile


def _fee_schedule(datasets: Datasets) -> FeeSchedule:
    return datasets.fees


def _checklist(datasets: Datasets) -> Checklist:
    return datasets.checklist()


# The form renderers are imported when the build first asks for a form: the browser never renders
# one, so it never imports them. Every build-time module is named _page*: the build leaves them out
# of what it ships to the browser.


def _score_form_html(profile: Profile, values: Mapping[str, str]) -> str:
    from calculator._page_score import render_score_form  # noqa: PLC0415 - build time only, see above

    return render_score_form(profile, values)


def _staffing_form_html(profile: Profile, values: Mapping[str, str]) -> str:
    from calculator._page_staffing import render_staffing_form  # noqa: PLC0415 - build time only, see above

    return render_staffing_form(profile, values)


def _fees_form_html(schedule: FeeSchedule, values: Mapping[str, str]) -> str:
    from calculator._page_fees import render_fees_form  # noqa: PLC0415 - build time only, see above

    return render_fees_form(schedule, values)


def _plan_form_html(schedule: FeeSchedule, values: Mapping[str, str]) -> str:
    from calculator._page_plan import render_plan_form  # noqa: PLC0415 - build time only, see above

    return render_plan_form(schedule, values)


def _checklist_form_html(own: Checklist, values: Mapping[str, str]) -> str:
    from calculator._page_checklist import render_checklist_form  # noqa: PLC0415 - build time only, see above

    return render_checklist_form(own, values)


SCORE: Tool[Profile, ScoreJSON] = Tool(
    name="score",
    title="售后服务认证自评计分",
    short_title="自评计分",
    state_letter="s",
    data=_rules,
    disclaimer=score_disclaimer,
    run=score,
    fields=score_fields,
    read_form=score_form,
    render_result=render_score,
    summary=score_summary,
    encode_state=encode_score_state,
    decode_state=decode_score_state,
    example=score_example,
    render_form=_score_form_html,
)

STAFFING: Tool[Profile, StaffingJSON] = Tool(
    name="staffing",
    title="售后服务管理师配置",
    short_title="管理师配置",
    state_letter="t",
    data=_rules,
    disclaimer=staffing_disclaimer,
    run=staffing,
    fields=staffing_fields,
    read_form=staffing_form,
    render_result=render_staffing,
    summary=staffing_summary,
    encode_state=encode_staffing_state,
    decode_state=decode_staffing_state,
    example=staffing_example,
    render_form=_staffing_form_html,
)

FEES: Tool[FeeSchedule, FeesJSON] = Tool(
    name="fees",
    title="售后服务认证费用估算",
    short_title="费用估算",
    state_letter="f",
    data=_fee_schedule,
    disclaimer=fees_disclaimer,
    run=fees,
    fields=fees_fields,
    read_form=fees_form,
    render_result=render_fees,
    summary=fees_summary,
    encode_state=encode_fees_state,
    decode_state=decode_fees_state,
    example=fees_example,
    render_form=_fees_form_html,
)

PLAN: Tool[FeeSchedule, PlanJSON] = Tool(
    name="plan",
    title="售后服务认证时间规划",
    short_title="时间规划",
    state_letter="p",
    data=_fee_schedule,
    disclaimer=plan_disclaimer,
    run=plan,
    fields=plan_fields,
    read_form=plan_form,
    render_result=render_plan,
    summary=plan_summary,
    encode_state=encode_plan_state,
    decode_state=decode_plan_state,
    example=plan_example,
    render_form=_plan_form_html,
)

CHECKLIST: Tool[Checklist, ChecklistJSON] = Tool(
    name="checklist",
    title="迎审准备清单",
    short_title="迎审准备清单",
    state_letter="c",
    data=_checklist,
    disclaimer=checklist_disclaimer,
    run=checklist,
    fields=checklist_fields,
    read_form=checklist_form,
    render_result=render_checklist,
    summary=checklist_summary,
    encode_state=encode_checklist_state,
    decode_state=decode_checklist_state,
    example=checklist_example,
    render_form=_checklist_form_html,
)

TOOLS: Mapping[str, AnyTool] = {tool.name: tool for tool in (SCORE, STAFFING, FEES, PLAN, CHECKLIST)}


def tool_named(name: object, field: str = "calculator") -> AnyTool:
    """The tool called `name`; an InputError on `field` naming the tools there are otherwise."""
    if not isinstance(name, str) or name not in TOOLS:
        raise InputError(field, f"{field} 应为 {' 或 '.join(TOOLS)}。")
    return TOOLS[name]
