"""A calculator's inputs as a short, versioned, checked text for the page URL (after the ``#``).

    s1.q_36_31_22_0_0_0_0_0.1puvj80
    │└ format version       └ check: CRC-32 of version, field layout and body, 7 base-36 digits
    └ calculator: s = 自评计分, t = 管理师配置

The body lists the values in the profile's field order, so it stays short; the check catches a
link that was cut off or edited, and a link made for a different field layout. Decoding never
raises: it returns the form fields, validated through the same path as typed input
(`calculator._forms`), or a Chinese message. Only the characters ``a-z 0-9 . _ ~ -`` are accepted,
so nothing from a link can ever reach the page as markup.
"""

from __future__ import annotations

import binascii
import re
from dataclasses import dataclass

from calculator._forms import Calculator, form, score_fields, staffing_fields
from calculator._profile import Profile

__all__ = ["MAX_LENGTH", "VERSION", "Decoded", "decode", "encode"]

VERSION = 1
MAX_LENGTH = 512
PREFIX: dict[Calculator, str] = {"score": "s", "staffing": "t"}
NAMES: dict[Calculator, str] = {"score": "自评计分", "staffing": "管理师配置"}
_STATUS_CODE = {"conform": "c", "nonconform": "n", "na": "x"}
_CODE_STATUS = {v: k for k, v in _STATUS_CODE.items()}
_ALPHABET = re.compile(r"^[a-z0-9._~-]+$")
_HEAD = re.compile(r"^([a-z])([0-9]{1,3})$")
_NUMBER = re.compile(r"^[0-9]{1,9}(\.[0-9]{1,6})?$")
_PARTIAL = re.compile(r"^p([0-9]{1,9})-([0-9]{1,9})$")

BROKEN = "链接不完整或被修改过（校验不通过），无法恢复输入。请重新复制完整的链接。"


@dataclass(frozen=True)
class Decoded:
    """`fields` (form field → text) when the state is usable, else None and a Chinese `message`."""

    fields: dict[str, str] | None
    message: str = ""


class _Refused(ValueError):
    pass


def _layout(calculator: Calculator, profile: Profile) -> str:
    specs = score_fields(profile) if calculator == "score" else staffing_fields(profile)
    return ",".join(s.name for s in specs)


def _check(head: str, layout: str, body: str) -> str:
    crc = binascii.crc32(f"{head}|{layout}|{body}".encode())
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    for _ in range(7):
        crc, rem = divmod(crc, 36)
        out = digits[rem] + out
    return out


def encode(calculator: Calculator, fields: dict[str, str], profile: Profile) -> str | None:
    """The state text for valid form fields; None when the form has errors."""
    result = form(calculator, fields, profile)
    if not result.ok:
        return None
    v = result.values
    tokens: list[str] = []
    if calculator == "score":
        if v["mode"] == "quick":
            tokens.append("q")
            tokens.extend(v[f"categories.{c.id}"] for c in profile.categories)
        else:
            tokens.append("d")
            for ind in profile.indicators:
                base = f"indicators.{ind.id}"
                status = v[f"{base}.status"]
                if status == "partial":
                    tokens.append(f"p{v[f'{base}.samples']}-{v[f'{base}.nonconforming']}")
                else:
                    tokens.append(_STATUS_CODE[status])
        tokens.extend(v[f"special_deductions.{k.id}"] for k in profile.special_deductions.kinds)
        tokens.append(v["bonus"])
    else:
        tokens.extend(v.get(s.name, "") for s in staffing_fields(profile))
    body = "_".join(tokens)
    head = f"{PREFIX[calculator]}{VERSION}"
    return f"{head}.{body}.{_check(head, _layout(calculator, profile), body)}"


def decode(calculator: Calculator, state: object, profile: Profile) -> Decoded:
    """Form fields from a state text, or why it cannot be used. Never raises."""
    try:
        return Decoded(_decode(calculator, state, profile))
    except _Refused as exc:
        return Decoded(None, str(exc))
    except Exception:  # a bug must not break the page: say so plainly
        return Decoded(None, "无法读取链接中的输入。")


def _decode(calculator: Calculator, state: object, profile: Profile) -> dict[str, str]:
    if not isinstance(state, str):
        raise _Refused("链接中没有可用的输入。")
    text = state.strip()
    text = text[1:] if text.startswith("#") else text
    if not text:
        raise _Refused("链接中没有保存的输入。")
    if len(text) > MAX_LENGTH:
        raise _Refused(f"链接太长（超过 {MAX_LENGTH} 个字符），不是本计算器生成的链接。")
    if not _ALPHABET.match(text):
        raise _Refused("链接中含有不应出现的字符，可能被修改过或复制不完整。")
    head, _, rest = text.partition(".")
    body, _, check = rest.rpartition(".")
    m = _HEAD.match(head)
    if not m:
        raise _Refused("这不是本计算器生成的链接。")
    letter, version = m.groups()
    if letter != PREFIX[calculator]:
        other = next((c for c, p in PREFIX.items() if p == letter), None)
        if other is None:
            raise _Refused("这不是本计算器生成的链接。")
        raise _Refused(f"这个链接属于“{NAMES[other]}”计算器，请在那个页面打开。")
    if int(version) != VERSION:
        raise _Refused("链接的格式版本不受支持（可能来自较新或较旧的网站），无法恢复输入。")
    if not body or check != _check(head, _layout(calculator, profile), body):
        raise _Refused(BROKEN)
    tokens = body.split("_")
    fields = _score_tokens(tokens, profile) if calculator == "score" else _staffing_tokens(tokens, profile)
    result = form(calculator, fields, profile)
    if not result.ok:
        first = next(iter(result.errors.values()))
        raise _Refused(f"链接中的输入不符合当前规则：{first}")
    return fields


def _number(token: str) -> str:
    if not _NUMBER.match(token):
        raise _Refused(BROKEN)
    return token


def _score_tokens(tokens: list[str], profile: Profile) -> dict[str, str]:
    kinds = profile.special_deductions.kinds
    fields: dict[str, str] = {}
    mode = tokens[0] if tokens else ""
    own = len(profile.categories) if mode == "q" else len(profile.indicators)
    if mode not in ("q", "d") or len(tokens) != 1 + own + len(kinds) + 1:
        raise _Refused("链接与当前的计分规则不一致，无法恢复输入。")
    values = iter(tokens[1:])
    if mode == "q":
        fields["mode"] = "quick"
        for c in profile.categories:
            fields[f"categories.{c.id}"] = _number(next(values))
    else:
        fields["mode"] = "detailed"
        for ind in profile.indicators:
            base = f"indicators.{ind.id}"
            token = next(values)
            partial = _PARTIAL.match(token)
            if partial:
                fields[f"{base}.status"] = "partial"
                fields[f"{base}.samples"], fields[f"{base}.nonconforming"] = partial.groups()
            elif token in _CODE_STATUS:
                fields[f"{base}.status"] = _CODE_STATUS[token]
            else:
                raise _Refused(BROKEN)
    for k in kinds:
        fields[f"special_deductions.{k.id}"] = _number(next(values))
    bonus = next(values)
    if bonus not in ("0", "1"):
        raise _Refused(BROKEN)
    fields["bonus"] = bonus
    return fields


def _staffing_tokens(tokens: list[str], profile: Profile) -> dict[str, str]:
    specs = staffing_fields(profile)
    if len(tokens) != len(specs):
        raise _Refused("链接与当前的配置规则不一致，无法恢复输入。")
    fields: dict[str, str] = {}
    for spec, token in zip(specs, tokens, strict=True):
        fields[spec.name] = "" if token == "" and not spec.required else _number(token)
    return fields
