"""extra.organization is validated once and rendered by one module, in every place it appears, as text."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from siteconfig import Organization, SettingsError, organization, organization_html
from siteconfig.branding import is_external

DEFAULT: dict[str, Any] = {
    "name": "示例认证有限公司",
    "short_name": "示例认证",
    "address": "示例路 1 号",
    "phones": ["010-1234 5678", "400 800 1234"],
    "email": "a@example.org",
    "cta": {"text": "咨询", "link": "contact/"},
}


def config(**changes: Any) -> dict[str, Any]:
    org = {**DEFAULT, **changes}
    return {"extra": {"organization": {k: v for k, v in org.items() if v is not ...}}}


def test_a_valid_block_becomes_an_organization() -> None:
    assert organization(config()) == Organization(
        name="示例认证有限公司",
        short_name="示例认证",
        address="示例路 1 号",
        phones=("010-1234 5678", "400 800 1234"),
        email="a@example.org",
        cta_text="咨询",
        cta_link="contact/",
    )


def test_optional_fields_may_be_left_out_and_one_phone_may_be_a_string() -> None:
    org = organization(config(short_name=..., address=..., email=..., phones="12345"))
    assert (org.short_name, org.address, org.email, org.phones) == ("示例认证有限公司", "", "", ("12345",))


@pytest.mark.parametrize(
    ("cfg", "message"),
    [
        ({"extra": {}}, "缺少 extra.organization"),
        ({"extra": {"organization": "x"}}, "缺少 extra.organization"),
        ({"extra": []}, "extra 应为键值设置"),
        (config(name=" "), "extra.organization.name 不能为空"),
        (config(name=["a"]), "extra.organization.name 应为文本"),
        (config(name=True), "extra.organization.name 应为文本"),
        (config(phones={"a": 1}), "phones 应为电话号码列表"),
        (config(phones=[["1"]]), "phones 中的每一项"),
        (config(cta="contact/"), "cta 应包含 text 和 link"),
        (config(cta={"text": "咨询"}), "extra.organization.cta.link 不能为空"),
        (config(cta={"text": "咨询", "link": "contact/", "color": "red"}), "extra.organization.cta 中的 color"),
        (config(fax="010"), "extra.organization 中的 fax 不是可用的设置"),
    ],
)
def test_a_bad_block_stops_the_build_naming_the_key(cfg: dict[str, Any], message: str) -> None:
    with pytest.raises(SettingsError, match=re.escape(message)):
        organization(cfg)


@pytest.mark.parametrize(
    ("link", "external"),
    [("contact/", False), ("/contact/", False), ("tel:123", True), ("mailto:a@b", True), ("https://x", True)],
)
def test_only_other_sites_phones_and_mail_are_external(link: str, external: bool) -> None:
    assert is_external(link) is external
    org = organization(config(cta={"text": "咨询", "link": link}))
    assert organization_html.cta_href(org, lambda target: f"../{target}") == (link if external else f"../{link}")


def test_every_block_shows_the_same_contact_lines() -> None:
    org = organization(config())
    footer = organization_html.footer(org, "../contact/", 2026)
    card = organization_html.contact_card(org)
    cta = organization_html.cta_box(org, "../contact/", "想申请？")
    page_cta = organization_html.cta_box(org, "../contact/", "想申请？", landmark="联系认证机构")
    printed = organization_html.print_header(org)
    for html in (footer, card, printed):
        assert html.index("地址") < html.index("电话") < html.index("邮箱")
        assert "示例路 1 号" in html
    for html in (footer, card, cta, page_cta):
        assert 'href="tel:01012345678"' in html
        assert 'href="tel:4008001234"' in html
    assert "© 2026 示例认证有限公司" in footer
    assert '<a class="org-footer__cta" href="../contact/">咨询 →</a>' in footer
    assert page_cta.startswith('<aside class="org-cta org-cta--page" aria-label="联系认证机构">')
    assert cta.startswith('<div class="org-cta"><p class="org-cta__lead">想申请？</p>')
    # Paper has no links: the printed report lists the numbers as text.
    assert "<span>电话：010-1234 5678、400 800 1234</span>" in printed
    assert "<a" not in printed


PAYLOADS = ['<img src=x onerror="alert(1)">', "'><script>alert(1)</script>", '" onclick="x', "&lt;b&gt;"]


class _Markup(HTMLParser):
    ALLOWED = frozenset({"a", "aside", "div", "p", "span"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.ALLOWED:
            self.problems.append(tag)
        for name, value in attrs:
            if name.startswith("on") or (value or "").lower().startswith("javascript:"):
                self.problems.append(f"{tag} {name}")


@given(st.sampled_from(PAYLOADS), st.sampled_from(["name", "address", "email", "phones", "cta_text"]))
def test_markup_in_any_field_is_shown_as_text_in_every_block(payload: str, field: str) -> None:
    changes: dict[str, Any] = {"phones": [payload]} if field == "phones" else {field: payload}
    if field == "cta_text":
        changes = {"cta": {"text": payload, "link": "contact/"}}
    org = organization(config(**changes))
    for html in (
        organization_html.footer(org, "../contact/", 2026),
        organization_html.contact_card(org),
        organization_html.cta_box(org, "../contact/", payload, landmark=payload),
        organization_html.print_header(org),
    ):
        parser = _Markup()
        parser.feed(html)
        assert parser.problems == [], html
