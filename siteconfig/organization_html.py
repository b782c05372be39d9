"""The one renderer of the publishing organization's blocks: footer, call to action, contact card, print header.

Every block is made from the validated `Organization` and the same contact lines (address, phones,
e-mail, in this order), so a field shows the same way everywhere; only the wrapper differs with the
place. Every text is escaped: ``extra.organization`` is outside text. Links to pages of this site
arrive already resolved (``cta_href``), because the theme and the macros each know the current page.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from siteconfig.branding import Organization, is_external

__all__ = ["contact_card", "cta_box", "cta_href", "footer", "print_header"]


def cta_href(org: Organization, relative: Callable[[str], str]) -> str:
    """The call to action's link as seen from the current page (`relative` resolves a page of this site)."""
    return org.cta_link if is_external(org.cta_link) else relative(org.cta_link)


def _tel(phone: str) -> str:
    digits = "".join(ch for ch in phone if ch.isdigit() or ch == "+")
    return f'<a class="org-phone" href="tel:{escape(digits)}">{escape(phone)}</a>'


def _mailto(email: str) -> str:
    return f'<a href="mailto:{escape(email)}">{escape(email)}</a>'


def _contact(org: Organization, *, links: bool, phone_sep: str) -> list[tuple[str, str]]:
    """The contact lines in display order, as (label, HTML value); `links` makes phones and e-mail clickable."""
    lines: list[tuple[str, str]] = []
    if org.address:
        lines.append(("地址", escape(org.address)))
    if org.phones:
        lines.append(("电话", phone_sep.join(_tel(p) if links else escape(p) for p in org.phones)))
    if org.email:
        lines.append(("邮箱", _mailto(org.email) if links else escape(org.email)))
    return lines


def footer(org: Organization, href: str, year: int) -> str:
    """The organization's part of every page's footer (overrides/partials/copyright.html adds the note)."""
    items = [
        # The phone numbers have always stood one space after the colon in the footer.
        f'<span class="org-footer__item">{label}：{" " if label == "电话" else ""}{value}</span>'
        for label, value in _contact(org, links=True, phone_sep=" / ")
    ]
    items.append(
        f'<span class="org-footer__item"><a class="org-footer__cta" href="{escape(href)}">{escape(org.cta_text)} →</a></span>'
    )
    # Line breaks between the items: read as separate words without the footer's flex layout too
    # (reader modes, copied text, a stylesheet that failed to load).
    lines = "\n".join(items)
    return (
        f'<div class="md-copyright__highlight org-footer__name">© {year} {escape(org.name)}</div>\n'
        f'<div class="org-footer__contact">{lines}</div>'
    )


def cta_box(org: Organization, href: str, lead: str = "", *, landmark: str = "") -> str:
    """A call to action: the organization, one button and the phone numbers.

    With `landmark` (its accessible name) it is the <aside> under a content page, else a box inside the text.
    One line of HTML: Markdown would read an indented line inside the text as code.
    """
    lead_html = f'<p class="org-cta__lead">{escape(lead)}</p>' if lead else ""
    phones = " ".join(_tel(p) for p in org.phones)
    body = (
        f'{lead_html}<p class="org-cta__org">{escape(org.name)}</p>'
        f'<p class="org-cta__actions"><a class="md-button md-button--primary" href="{escape(href)}">{escape(org.cta_text)}</a>'
        f'<span class="org-cta__phones">{phones}</span></p>'
    )
    if landmark:
        return f'<aside class="org-cta org-cta--page" aria-label="{escape(landmark)}">{body}</aside>'
    return f'<div class="org-cta">{body}</div>'


def contact_card(org: Organization) -> str:
    """The full contact block of the contact page."""
    rows = [f'<p class="org-card__name">{escape(org.name)}</p>']
    rows += [
        f'<p><span class="org-card__key">{label}</span>{value}</p>'
        for label, value in _contact(org, links=True, phone_sep=" ")
    ]
    return f'<div class="org-card">{"".join(rows)}</div>'


def print_header(org: Organization) -> str:
    """The organization at the top of a printed calculator report (plain text: paper has no links)."""
    lines = "".join(f"<span>{label}：{value}</span>" for label, value in _contact(org, links=False, phone_sep="、"))
    return (
        f'<div class="gbt-print__org"><p class="gbt-print__org-name">{escape(org.name)}</p>'
        f'<p class="gbt-print__org-lines">{lines}</p></div>'
    )
