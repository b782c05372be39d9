"""The browser worker's single entry point: one JSON request string in, one JSON string out.

Requests (``action`` first; a tool's name is one of `calculator._tools.TOOLS`):

- ``{"action": <tool>, "fields": {name: text}, "links": {...}, "base_url": "…"}`` →
  ``{"ok": true, "html", "summary", "state", "url", "values"}`` or
  ``{"ok": false, "errors": {field: message}, "message"}``
- ``{"action": "encode", "calculator": <tool>, "fields": {...}}`` → ``{"ok", "state"}``
- ``{"action": "decode", "calculator": <tool>, "state": "…"}`` → ``{"ok": true, "fields"}`` or ``{"ok": false, "message"}``
- ``{"action": "qr", "text": "…"}`` → ``{"ok": true, "data_uri"}``
- ``{"action": "configure", "profile_toml": "…" | null, "fees_toml": "…" | null, "checklist_toml": "…" | null}`` →
  ``{"ok": true, "profile": id, "fees": id | null, "checklist": id | null}`` (null or absent: the packaged file;
  the worker hands over a shipped fee schedule or checklist only once a tool that reads it is loaded, as
  their readers come with those tools, and then sends every shipped file it has handed over so far)

`handle` never raises: anything unexpected comes back as ``{"ok": false, "message": …}``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from calculator._datafile import ProfileError
from calculator._inputs import InputError
from calculator._profile import Profile
from calculator._profile_reader import default_profile, parse_profile_bytes
from calculator._tool import Datasets, Lazy
from calculator._tools import TOOLS, tool_named
from calculator._urlstate import decode, encode, encode_values

if TYPE_CHECKING:
    from calculator._checklist_data import Checklist
    from calculator._fee_schedule import FeeSchedule

__all__ = ["compute", "configure", "datasets_in_use", "handle", "profile"]

JSON = dict[str, Any]
MAX_REQUEST = 100_000
_state: dict[str, Profile] = {}
_fees_state: dict[str, FeeSchedule] = {}
_checklist_state: dict[str, Checklist] = {}
# By reference: the readers travel with the tools that read these files (hooks/app_parts.py).
_PARSE_FEES = Lazy("calculator._fee_schedule_reader", "parse_fee_schedule_bytes")
_PARSE_CHECKLIST = Lazy("calculator._checklist_reader", "parse_checklist_bytes")


def profile() -> Profile:
    """The rules in use: the configured profile, else the packaged default."""
    return _state.get("profile") or default_profile()


def datasets_in_use() -> Datasets:
    """The data files in use: what `configure` set, else the packaged defaults."""
    return Datasets(profile(), _fees_state.get("fees"), _checklist_state.get("checklist"))


def configure(
    profile_toml: str | None,
    file: str = "profile.toml",
    *,
    fees_toml: str | None = None,
    checklist_toml: str | None = None,
) -> Profile:
    """Use the rules in `profile_toml`, the fee schedule in `fees_toml` and the checklist in `checklist_toml`.

    None means the packaged file. The checklist is checked against the rules given with it.
    Raises ProfileError, and then changes nothing.
    """
    rules = parse_profile_bytes(profile_toml, file) if profile_toml is not None else None
    fees: FeeSchedule | None = _PARSE_FEES(fees_toml, "fees.toml") if fees_toml is not None else None
    checklist: Checklist | None = (
        _PARSE_CHECKLIST(checklist_toml, rules or default_profile(), "checklist.toml")
        if checklist_toml is not None
        else None
    )
    _state.pop("profile", None)
    _fees_state.pop("fees", None)
    _checklist_state.pop("checklist", None)
    if rules is not None:
        _state["profile"] = rules
    if fees is not None:
        _fees_state["fees"] = fees
    if checklist is not None:
        _checklist_state["checklist"] = checklist
    return profile()


def _fields(value: object) -> dict[str, str]:
    if not isinstance(value, Mapping):
        raise InputError("fields", "缺少表单内容。")
    out: dict[str, str] = {}
    for k, v in value.items():
        if type(k) is str and type(v) is str:  # what the page sends: the quick path, on every keystroke
            out[k] = v
            continue
        if not isinstance(k, str) or not isinstance(v, str | int | float | bool) or isinstance(v, bool):
            raise InputError("fields", "表单内容应为“字段名 → 文本”。")
        out[k] = str(v)
    return out


def _links(value: object) -> dict[str, str]:
    if not isinstance(value, Mapping):
        return {}
    return {k: v for k, v in value.items() if isinstance(k, str) and isinstance(v, str)}


def compute(
    name: str,
    fields: Mapping[str, str],
    datasets: Datasets,
    *,
    links: Mapping[str, str] | None = None,
    base_url: str = "",
) -> JSON:
    """Validate the form fields, run the tool `name`, render the result (also used at build time)."""
    tool = tool_named(name)
    own = tool.data(datasets)
    checked = tool.read_form(fields, own)
    if checked.data is None:
        count = len(checked.errors)
        return {"ok": False, "errors": checked.errors, "message": f"有 {count} 处输入需要修改，见各输入框下方的提示。"}
    result = tool.run(checked.data, own)
    html = tool.render_result(result, own, checked.values, links or {})
    state = encode_values(tool, checked.values, own)
    url = f"{base_url.split('#', 1)[0]}#{state}" if base_url and state else ""
    return {
        "ok": True,
        "html": html,
        "summary": tool.summary(result),
        "state": state,
        "url": url,
        "values": checked.values,
    }


def _compute(request: Mapping[str, object]) -> JSON:
    base_url = request.get("base_url", "")
    return compute(
        str(request.get("action")),
        _fields(request.get("fields")),
        datasets_in_use(),
        links=_links(request.get("links")),
        base_url=base_url if isinstance(base_url, str) else "",
    )


def _encode(request: Mapping[str, object]) -> JSON:
    tool = tool_named(request.get("calculator"))
    state = encode(tool, _fields(request.get("fields")), tool.data(datasets_in_use()))
    if state is None:
        return {"ok": False, "message": "输入有误，无法生成链接。"}
    return {"ok": True, "state": state}


def _decode(request: Mapping[str, object]) -> JSON:
    tool = tool_named(request.get("calculator"))
    decoded = decode(tool, request.get("state"), tool.data(datasets_in_use()))
    if decoded.fields is None:
        return {"ok": False, "message": decoded.message}
    return {"ok": True, "fields": decoded.fields}


def _qr(request: Mapping[str, object]) -> JSON:
    from calculator._qr import MAX_QR_TEXT, qr_data_uri  # noqa: PLC0415 - needs segno

    text = request.get("text")
    if not isinstance(text, str) or not text or len(text) > MAX_QR_TEXT:
        return {"ok": False, "message": "无法为这段文字生成二维码。"}
    return {"ok": True, "data_uri": qr_data_uri(text)}


def _configure(request: Mapping[str, object]) -> JSON:
    texts = {key: request.get(key) for key in ("profile_toml", "fees_toml", "checklist_toml")}
    for key, value in texts.items():
        if value is not None and not isinstance(value, str):
            return {"ok": False, "message": f"{key} 应为文本。"}
    given = {key: value for key, value in texts.items() if isinstance(value, str)}
    rules = configure(
        given.get("profile_toml"), fees_toml=given.get("fees_toml"), checklist_toml=given.get("checklist_toml")
    )
    # None: the packaged file, read when first needed.
    fees_id = _fees_state["fees"].id if "fees" in _fees_state else None
    checklist_id = _checklist_state["checklist"].id if "checklist" in _checklist_state else None
    return {"ok": True, "profile": rules.id, "fees": fees_id, "checklist": checklist_id}


_ACTIONS: dict[str, Callable[[Mapping[str, object]], JSON]] = {
    "encode": _encode,
    "decode": _decode,
    "qr": _qr,
    "configure": _configure,
}


def _dispatch(request: Mapping[str, object]) -> JSON:
    action = request.get("action")
    if not isinstance(action, str):
        return {"ok": False, "message": "未知的请求。"}
    if action in TOOLS:
        return _compute(request)
    handler = _ACTIONS.get(action)
    return handler(request) if handler else {"ok": False, "message": "未知的请求。"}


def handle(request_json: str) -> str:
    """Answer one JSON request with a JSON string; never raises."""
    try:
        if not isinstance(request_json, str) or len(request_json) > MAX_REQUEST:
            return _dumps({"ok": False, "message": "请求无效。"})
        try:
            request = json.loads(request_json)
        except (ValueError, RecursionError):
            return _dumps({"ok": False, "message": "请求不是有效的 JSON。"})
        if not isinstance(request, dict):
            return _dumps({"ok": False, "message": "请求无效。"})
        return _dumps(_dispatch(request))
    except InputError as err:
        return _dumps({"ok": False, "message": err.message, "errors": {err.field: err.message}})
    except ProfileError as err:
        return _dumps({"ok": False, "message": str(err)})
    except Exception as exc:  # the page must keep working whatever happens here
        return _dumps({"ok": False, "message": f"计算程序出错：{type(exc).__name__}。请刷新页面后重试。"})


def _dumps(data: JSON) -> str:
    return json.dumps(data, ensure_ascii=False)
