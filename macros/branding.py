"""The publishing organization, read from ``extra.organization`` in mkdocs.yml (the one place for branding)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from html import escape
from typing import Any

__all__ = ["Organization", "contact_card", "cta_box", "organization"]


@dataclass(frozen=True)
class Organization:
    name: str
    short_name: str
    address: str
    phones: tuple[str, ...]
    email: str
    cta_text: str
    cta_link: str


class BrandingError(ValueError):
    pass


def _text(data: Mapping[str, Any], key: str, required: bool = True) -> str:
    value = data.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, (str, int)):
        raise BrandingError(f"extra.organization.{key} 应为文本")
    text = str(value).strip()
    if required and not text:
        raise BrandingError(f"extra.organization.{key} 不能为空")
    return text


def organization(config: Mapping[str, Any]) -> Organization:
    """Validate ``extra.organization``; a missing or malformed entry stops the build with a clear message."""
    extra = config.get("extra") or {}
    data = extra.get("organization")
    if not isinstance(data, Mapping):
        raise BrandingError("mkdocs.yml 缺少 extra.organization（发布机构的名称、地址、电话和联系方式）")
    phones_raw = data.get("phones") or []
    if isinstance(phones_raw, (str, int)):
        phones_raw = [phones_raw]
    if not isinstance(phones_raw, list):
        raise BrandingError("extra.organization.phones 应为电话号码列表")
    phones = tuple(str(p).strip() for p in phones_raw if str(p).strip())
    cta = data.get("cta") or {}
    if not isinstance(cta, Mapping):
        raise BrandingError("extra.organization.cta 应包含 text 和 link")
    name = _text(data, "name")
    return Organization(
        name=name,
        short_name=_text(data, "short_name", required=False) or name,
        address=_text(data, "address", required=False),
        phones=phones,
        email=_text(data, "email", required=False),
        cta_text=_text(cta, "text"),
        cta_link=_text(cta, "link"),
    )


def is_external(link: str) -> bool:
    return link.startswith(("tel:", "mailto:", "http://", "https://", "//"))


def _tel(phone: str) -> str:
    digits = "".join(ch for ch in phone if ch.isdigit() or ch == "+")
    return f'<a class="org-phone" href="tel:{escape(digits)}">{escape(phone)}</a>'


def contact_card(org: Organization) -> str:
    """The full contact block of the contact page."""
    rows = [f'<p class="org-card__name">{escape(org.name)}</p>']
    if org.address:
        rows.append(f'<p><span class="org-card__key">地址</span>{escape(org.address)}</p>')
    if org.phones:
        rows.append(f'<p><span class="org-card__key">电话</span>{" ".join(_tel(p) for p in org.phones)}</p>')
    if org.email:
        rows.append(
            f'<p><span class="org-card__key">邮箱</span><a href="mailto:{escape(org.email)}">{escape(org.email)}</a></p>'
        )
    return f'<div class="org-card">{"".join(rows)}</div>'


def cta_box(org: Organization, href: str, lead: str = "") -> str:
    """A call to action: the organization, one button and the phone numbers."""
    phones = " ".join(_tel(p) for p in org.phones)
    lead_html = f'<p class="org-cta__lead">{escape(lead)}</p>' if lead else ""
    return (
        f'<div class="org-cta">{lead_html}<p class="org-cta__org">{escape(org.name)}</p>'
        f'<p class="org-cta__actions"><a class="md-button md-button--primary" href="{escape(href)}">{escape(org.cta_text)}</a>'
        f'<span class="org-cta__phones">{phones}</span></p></div>'
    )
