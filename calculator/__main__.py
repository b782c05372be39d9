"""Command line: `python -m calculator score|staffing [--profile FILE] < input.json`.

Prints the result JSON and exits 0, or prints {"error": {...}} and exits 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from calculator._api import COMMANDS, dumps, run
from calculator._inputs import InputError
from calculator._profile import ProfileError, load_profile


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        # Usage errors follow the same contract as bad input: JSON on stdout, exit 2.
        sys.stdout.write(dumps(InputError("command", f"命令行参数有误：{message}").to_json()) + "\n")
        raise SystemExit(2)


def main(argv: Sequence[str] | None = None) -> int:
    parser = _Parser(prog="python -m calculator", description="GB/T 27922 自评计分与售后服务管理师配置计算")
    parser.add_argument("command", choices=sorted(COMMANDS), help="score（自评计分）或 staffing（管理师配置）")
    parser.add_argument("--profile", metavar="FILE", help="使用另一份规则文件（TOML）")
    args = parser.parse_args(argv)
    try:
        profile = load_profile(args.profile)
    except ProfileError as exc:
        sys.stdout.write(dumps(InputError("profile", str(exc)).to_json()) + "\n")
        return 2
    try:
        text = sys.stdin.buffer.read().decode("utf-8")
    except UnicodeDecodeError:
        sys.stdout.write(dumps(InputError("input", "输入不是 UTF-8 编码的文本。").to_json()) + "\n")
        return 2
    code, out = run(args.command, text, profile)
    sys.stdout.write(out + "\n")
    return code


if __name__ == "__main__":
    raise SystemExit(main())
