"""The JSON-level surface shared by the command line, the macros and the browser worker."""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NoReturn

from calculator._datafile import ProfileError
from calculator._inputs import InputError
from calculator._profile import Profile
from calculator._profile_reader import default_profile
from calculator._tool import Datasets
from calculator._tools import SCORE, STAFFING, TOOLS

__all__ = ["dumps", "loads_input", "run", "run_tool", "score", "staffing"]

if TYPE_CHECKING:
    from calculator._score_json import ScoreJSON
    from calculator._staffing_json import StaffingJSON


def score(data: object, profile: Profile | None = None) -> ScoreJSON:
    """Score a self-assessment given as a JSON-like object; raises InputError on bad input."""
    # Through the registry: importing the package imports no tool (the browser loads each with its page).
    return SCORE.run(data, profile or default_profile())


def staffing(data: object, profile: Profile | None = None) -> StaffingJSON:
    """Work out the 售后服务管理师 needed; raises InputError on bad input."""
    return STAFFING.run(data, profile or default_profile())


def _reject_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not a number")


def loads_input(text: str) -> object:
    """Parse input JSON exactly: decimals as Decimal, NaN/Infinity refused."""
    try:
        return json.loads(text, parse_float=Decimal, parse_constant=_reject_constant)
    except (ValueError, RecursionError) as exc:
        raise InputError("input", f"输入不是有效的 JSON：{exc}") from None


def run(command: str, text: str, profile: Profile | None = None) -> tuple[int, str]:
    """Run a command on JSON text: (0, result JSON) or (2, error JSON). Never raises on bad input."""
    return run_tool(command, text, Datasets(profile or default_profile()))


def run_tool(name: str, text: str, datasets: Datasets) -> tuple[int, str]:
    """`run` with the data files given: the tool `name` on JSON text, (exit code, JSON)."""
    tool = TOOLS.get(name)
    if tool is None:
        err = InputError("command", f"未知的命令“{name}”，可用的有：{'、'.join(TOOLS)}。")
        return 2, dumps(err.to_json())
    try:
        return 0, dumps(tool.run(loads_input(text), tool.data(datasets)))
    except InputError as err:
        return 2, dumps(err.to_json())
    except ProfileError as err:  # a data file that does not fit the profile (the checklist)
        return 2, dumps(InputError("profile", str(err)).to_json())


def dumps(data: Mapping[str, Any]) -> str:
    """JSON as the command line prints it: Chinese as is, keys in their order."""
    return json.dumps(data, ensure_ascii=False, sort_keys=False)
