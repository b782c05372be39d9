"""A tool's inputs as a short, versioned, checked text for the page URL (after the ``#``).

    s1.q_36_31_22_0_0_0_0_0.1puvj80
    │└ format version       └ check: CRC-32 of version, field layout and body, 7 base-36 digits
    └ tool: its `state_letter` (s = 自评计分, t = 管理师配置)

The body is the tool's tokens (`Tool.encode_state`: the values in the order of its form fields), so
it stays short; the check catches a link that was cut off or edited, and a link made for a different
field layout. Decoding never raises: it returns the form fields, validated through the same path as
typed input (`Tool.read_form`), or a Chinese message. Only the characters ``a-z 0-9 . _ ~ -`` are
accepted, so nothing from a link can ever reach the page as markup.
"""

from __future__ import annotations

import binascii
import re
from collections.abc import Mapping
from dataclasses import dataclass

from calculator._tool import BROKEN_LINK, AnyTool, LinkError
from calculator._tools import TOOLS

__all__ = ["MAX_LENGTH", "VERSION", "Decoded", "decode", "encode", "encode_values"]

VERSION = 1
MAX_LENGTH = 512
_ALPHABET = re.compile(r"^[a-z0-9._~-]+$")
_HEAD = re.compile(r"^([a-z])([0-9]{1,3})$")


@dataclass(frozen=True)
class Decoded:
    """`fields` (form field → text) when the state is usable, else None and a Chinese `message`."""

    fields: dict[str, str] | None
    message: str = ""


def _layout(tool: AnyTool, data: object) -> str:
    return ",".join(s.name for s in tool.fields(data))


def _check(head: str, layout: str, body: str) -> str:
    crc = binascii.crc32(f"{head}|{layout}|{body}".encode())
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    for _ in range(7):
        crc, rem = divmod(crc, 36)
        out = digits[rem] + out
    return out


def encode(tool: AnyTool, fields: Mapping[str, str], data: object) -> str | None:
    """The state text for valid form fields; None when the form has errors. `data` is the tool's own."""
    result = tool.read_form(fields, data)
    if not result.ok:
        return None
    return encode_values(tool, result.values, data)


def encode_values(tool: AnyTool, values: Mapping[str, str], data: object) -> str:
    """The state text for a valid form's normalized values (`FormResult.values`).

    Also how one tool links to another pre-filled (the checklist to the score's detailed form).
    """
    body = "_".join(tool.encode_state(values, data))
    head = f"{tool.state_letter}{VERSION}"
    return f"{head}.{body}.{_check(head, _layout(tool, data), body)}"


def decode(tool: AnyTool, state: object, data: object) -> Decoded:
    """Form fields from a state text, or why it cannot be used. Never raises. `data` is the tool's own."""
    try:
        return Decoded(_decode(tool, state, data))
    except LinkError as exc:
        return Decoded(None, str(exc))
    except Exception:  # a bug must not break the page: say so plainly
        return Decoded(None, "无法读取链接中的输入。")


def _decode(tool: AnyTool, state: object, data: object) -> dict[str, str]:
    head, rest = _split(tool, state)
    body, _, check = rest.rpartition(".")
    if not body or check != _check(head, _layout(tool, data), body):
        raise LinkError(BROKEN_LINK)
    fields = tool.decode_state(body.split("_"), data)
    result = tool.read_form(fields, data)
    if not result.ok:
        first = next(iter(result.errors.values()))
        raise LinkError(f"链接中的输入不符合当前规则：{first}")
    return fields


def _split(tool: AnyTool, state: object) -> tuple[str, str]:
    """The head (letter and version, checked) and the rest of a state text; LinkError when it is not ours."""
    if not isinstance(state, str):
        raise LinkError("链接中没有可用的输入。")
    text = state.strip()
    text = text[1:] if text.startswith("#") else text
    if not text:
        raise LinkError("链接中没有保存的输入。")
    if len(text) > MAX_LENGTH:
        raise LinkError(f"链接太长（超过 {MAX_LENGTH} 个字符），不是本计算器生成的链接。")
    if not _ALPHABET.match(text):
        raise LinkError("链接中含有不应出现的字符，可能被修改过或复制不完整。")
    head, _, rest = text.partition(".")
    m = _HEAD.match(head)
    if not m:
        raise LinkError("这不是本计算器生成的链接。")
    letter, version = m.groups()
    if letter != tool.state_letter:
        other = next((t for t in TOOLS.values() if t.state_letter == letter), None)
        if other is None:
            raise LinkError("这不是本计算器生成的链接。")
        raise LinkError(f"这个链接属于“{other.short_title}”计算器，请在那个页面打开。")
    if int(version) != VERSION:
        raise LinkError("链接的格式版本不受支持（可能来自较新或较旧的网站），无法恢复输入。")
    return head, rest
