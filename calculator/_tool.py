"""What a tool is: the one description of a calculator that the CLI, the worker, the URL state and the build read.

A `Tool` bundles, for one calculator, its names and the functions that parse, compute and show it.
Everything that handles "any tool" (``python -m calculator``, `calculator._web`, `calculator._urlstate`,
the page builder, the tests) looks a tool up in `calculator._tools.TOOLS` and calls these functions;
none of them names a tool. A tool reads the data it needs from `Datasets`, the validated data
files in use, through its `data` function.

A tool's functions are named by `Lazy` references, imported when first called: the registry
imports none of a tool's modules, so the browser downloads and imports a tool's own modules and
data only on that tool's page (the build splits the app by these references, hooks/app_parts.py).

The URL state of a tool is a list of tokens of the characters ``a-z 0-9 . -``, one per value in
the order of its form fields; `calculator._urlstate` wraps them with the tool's letter, a version
and a check. A decoder refuses a bad token with `LinkError`.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from calculator._fields import FieldSpec, FormResult
from calculator._profile import Profile

if TYPE_CHECKING:
    from calculator._checklist_data import Checklist
    from calculator._fee_schedule import FeeSchedule

__all__ = ["BROKEN_LINK", "AnyTool", "Datasets", "Lazy", "LinkError", "Tool", "state_number"]

D = TypeVar("D")  # the data a tool reads (the rules profile, the fee schedule, the checklist)
R = TypeVar("R")  # a tool's result JSON (a TypedDict)


@dataclass(frozen=True)
class Datasets:
    """The validated data files in use: the rules profile, the fee schedule and the checklist (packaged, or a deployment's own).

    A tool reads its own data through its registry entry's `data` (for the fee schedule and the
    checklist, a function of their readers, which travel with the tools that read them).
    """

    profile: Profile
    # None: the packaged schedule, read only when a tool first needs it (the score page never does).
    fee_schedule: FeeSchedule | None = None
    # None: the packaged checklist, checked against `profile` when first asked for. A deployment's
    # own is already checked against `profile` (calculator._checklist_reader.load_checklist).
    own_checklist: Checklist | None = None

    def __post_init__(self) -> None:
        if self.own_checklist is not None and self.own_checklist.profile is not self.profile:
            raise ValueError("own_checklist was checked against another rules profile")

    @property
    def fees(self) -> FeeSchedule:
        """The fee schedule in use."""
        schedule: FeeSchedule = Lazy("calculator._fee_schedule_reader", "schedule_in_use")(self)
        return schedule

    def checklist(self) -> Checklist:
        """The audit-readiness checklist: a deployment's own, else the packaged one checked against `profile`.

        Raises ProfileError when the profile has indicators or special deduction kinds the
        packaged checklist does not cover, or the checklist names ones the profile does not have.
        """
        checklist: Checklist = Lazy("calculator._checklist_reader", "checklist_in_use")(self)
        return checklist


@dataclass(frozen=True)
class Lazy:
    """The function `name` of the module `module`, imported when first called.

    The registry names a tool's functions this way so that importing it imports none of them:
    in the browser, a tool's modules are downloaded only by the page that uses the tool.
    """

    module: str  # "calculator._fees_json"
    name: str  # "fees"

    def __call__(self, *args: Any) -> Any:
        """Call the function with `args` (importing its module on the first call)."""
        return getattr(importlib.import_module(self.module), self.name)(*args)


@dataclass(frozen=True)
class Tool(Generic[D, R]):
    """One calculator. Its functions take the tool's own data, as `data` selects it from `Datasets`."""

    name: str  # "score": the CLI command, the worker action, the page marker, the stored inputs' key
    title: str  # "售后服务认证自评计分": the printed report's title
    short_title: str  # "自评计分": how a message names the tool (a link opened on another tool's page)
    state_letter: str  # "s": first letter of its URL state, unique among tools
    data: Callable[[Datasets], D]
    disclaimer: Callable[[D], str]  # printed under the report
    # The JSON contract (CLI and `calculator.run`): input object → result; raises InputError.
    run: Callable[[object, D], R]
    # The form: its fields in display order, and reading what was typed into them.
    fields: Callable[[D], tuple[FieldSpec, ...]]
    read_form: Callable[[Mapping[str, str], D], FormResult]
    # The result as the page shows it, from the result, the data and the form's normalized values
    # (the printed report lists them) and links (id → knowledge-page URL); and as one sentence.
    render_result: Callable[[R, D, Mapping[str, str], Mapping[str, str]], str]
    summary: Callable[[R], str]
    # The URL state: the form's normalized values ↔ tokens (decode raises LinkError).
    encode_state: Callable[[Mapping[str, str], D], list[str]]
    decode_state: Callable[[list[str], D], dict[str, str]]
    # The build: the values the page is first shown with (its worked example), and the form's HTML
    # (build-time only, so the browser never imports what renders forms).
    example: Callable[[D], dict[str, str]]
    render_form: Callable[[D, Mapping[str, str]], str]


AnyTool = Tool[Any, Any]

BROKEN_LINK = "链接不完整或被修改过（校验不通过），无法恢复输入。请重新复制完整的链接。"
_NUMBER = re.compile(r"^[0-9]{1,9}(\.[0-9]{1,6})?$")


class LinkError(ValueError):
    """A URL state that cannot be used; the message says why in Chinese."""


def state_number(token: str) -> str:
    """A number token of a URL state as the form's text; LinkError when it is not a plain number."""
    if not _NUMBER.match(token):
        raise LinkError(BROKEN_LINK)
    return token
