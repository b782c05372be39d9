"""Command line: `python -m calculator <tool> [--profile FILE] [--fees FILE] [--checklist FILE] < input.json`.

<tool> is a tool of `calculator._tools.TOOLS`.

Prints the result JSON and exits 0, or prints {"error": {...}} and exits 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from calculator._api import dumps, run_tool
from calculator._checklist_reader import ChecklistError, load_checklist
from calculator._datafile import ProfileError
from calculator._fee_schedule_reader import load_fee_schedule
from calculator._inputs import InputError
from calculator._profile_reader import load_profile
from calculator._tool import Datasets
from calculator._tools import TOOLS

__all__ = ["main"]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        # Usage errors follow the same contract as bad input: JSON on stdout, exit 2.
        sys.stdout.write(dumps(InputError("command", f"命令行参数有误：{message}").to_json()) + "\n")
        raise SystemExit(2)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with `argv` (default: the process's arguments); returns the exit code."""
    parser = _Parser(prog="python -m calculator", description="GB/T 27922 售后服务认证计算工具")
    tools = "或 ".join(f"{t.name}（{t.short_title}）" for t in TOOLS.values())
    parser.add_argument("command", choices=sorted(TOOLS), help=tools)
    parser.add_argument("--profile", metavar="FILE", help="使用另一份规则文件（TOML）")
    parser.add_argument("--fees", metavar="FILE", help="使用另一份费用标准（TOML，认证机构自己的收费与人日数）")
    parser.add_argument("--checklist", metavar="FILE", help="使用另一份迎审准备清单（TOML，按所用规则文件校验）")
    args = parser.parse_args(argv)
    try:
        datasets = _datasets(args.profile, args.fees, args.checklist)
    except ProfileError as exc:
        sys.stdout.write(dumps(InputError(_field_of(exc, args.fees), str(exc)).to_json()) + "\n")
        return 2
    try:
        text = sys.stdin.buffer.read().decode("utf-8")
    except UnicodeDecodeError:
        sys.stdout.write(dumps(InputError("input", "输入不是 UTF-8 编码的文本。").to_json()) + "\n")
        return 2
    code, out = run_tool(args.command, text, datasets)
    sys.stdout.write(out + "\n")
    return code


def _datasets(profile: str | None, fees: str | None, checklist: str | None) -> Datasets:
    rules = load_profile(profile)
    own = load_checklist(checklist, rules) if checklist else None
    return Datasets(rules, load_fee_schedule(fees), own)


def _field_of(exc: ProfileError, fees: str | None) -> str:
    """The option whose file the error is about, as the error's field."""
    if isinstance(exc, ChecklistError):
        return "checklist"
    return "fees" if fees and exc.file == str(fees) else "profile"


if __name__ == "__main__":
    raise SystemExit(main())
