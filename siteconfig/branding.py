"""The publishing organization, read and validated from ``extra.organization`` in mkdocs.yml (the one place for branding)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from siteconfig.settings import SettingsError, extra

__all__ = ["BrandingError", "Organization", "is_external", "organization"]

KEYS = ("name", "short_name", "address", "phones", "email", "cta")
CTA_KEYS = ("text", "link")
_EXTERNAL = ("tel:", "mailto:", "http://", "https://", "//")


@dataclass(frozen=True)
class Organization:
    """The publishing organization as ``extra.organization`` gives it, validated."""

    name: str
    short_name: str
    address: str
    phones: tuple[str, ...]
    email: str
    cta_text: str
    cta_link: str  # a page of this site (site-relative, e.g. "contact/") or a tel:/mailto:/http(s): link


class BrandingError(SettingsError):
    """``extra.organization`` cannot be used; the message (Chinese) names the key."""


def _text(data: Mapping[str, Any], key: str, where: str, *, required: bool = False) -> str:
    value = data.get(key)
    if value is None:
        value = ""
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise BrandingError(f"{where}.{key} 应为文本")
    text = str(value).strip()
    if required and not text:
        raise BrandingError(f"{where}.{key} 不能为空")
    return text


def _known(data: Mapping[str, Any], keys: tuple[str, ...], where: str) -> None:
    """Unknown keys stop the build: a misspelt or unsupported one would otherwise vanish silently."""
    unknown = [str(key) for key in data if key not in keys]
    if unknown:
        raise BrandingError(f"{where} 中的 {'、'.join(unknown)} 不是可用的设置；可用的键：{'、'.join(keys)}")


def _phones(value: object) -> tuple[str, ...]:
    items = [value] if isinstance(value, str | int) and not isinstance(value, bool) else value
    if items is None:
        return ()
    if not isinstance(items, list):
        raise BrandingError("extra.organization.phones 应为电话号码列表")
    phones = []
    for item in items:
        if not isinstance(item, str | int) or isinstance(item, bool):
            raise BrandingError("extra.organization.phones 中的每一项应为一个电话号码（文本）")
        if str(item).strip():
            phones.append(str(item).strip())
    return tuple(phones)


def organization(config: Mapping[str, Any]) -> Organization:
    """Validate ``extra.organization``; a missing or malformed entry stops the build with a clear message."""
    data = extra(config).get("organization")
    if not isinstance(data, Mapping):
        raise BrandingError("mkdocs.yml 缺少 extra.organization（发布机构的名称、地址、电话和联系方式）")
    where = "extra.organization"
    _known(data, KEYS, where)
    cta = data.get("cta") or {}
    if not isinstance(cta, Mapping):
        raise BrandingError(f"{where}.cta 应包含 text 和 link")
    _known(cta, CTA_KEYS, f"{where}.cta")
    name = _text(data, "name", where, required=True)
    return Organization(
        name=name,
        short_name=_text(data, "short_name", where) or name,
        address=_text(data, "address", where),
        phones=_phones(data.get("phones")),
        email=_text(data, "email", where),
        cta_text=_text(cta, "text", f"{where}.cta", required=True),
        cta_link=_text(cta, "link", f"{where}.cta", required=True),
    )


def is_external(link: str) -> bool:
    """A link that leaves this site (a phone number, an e-mail address, another site)."""
    return link.startswith(_EXTERNAL)
