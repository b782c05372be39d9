"""The publishing organization comes from one place in mkdocs.yml and shows in the footer and on the contact page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.site.building import build, config_with_organization
from tests.site.sitecheck import PAGES, html_files, page_file, parse, read_page

pytestmark = pytest.mark.build

# Where a source is cited by name: the list of sources, the claims tables and links to a source.
_CITED = re.compile(
    r'<ul class="source-list">.*?</ul>|<div class="rules-table rules-table--claims">.*?</div>|<a href="[^"]*#src-[^"]*">[^<]*</a>',
    re.DOTALL,
)

NAME = "山东世通国际认证有限公司"
ADDRESS = "高新区竹园路2号"
PHONES = ("18300287732", "18300287727")
CTA = "咨询售后服务认证"

OTHER_BLOCK = """  organization:
    name: 示例检测认证集团有限公司
    short_name: 示例认证
    address: 示例市示例路 99 号
    phones:
      - "010-12345678"
    email: service@example.org
    cta:
      text: 预约认证顾问
      link: contact/
"""


@pytest.fixture(scope="module")
def rebranded_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("site-rebranded")
    with config_with_organization(OTHER_BLOCK) as config:
        result = build(dest, config=config)
    assert result.returncode == 0, result.stderr[-6000:]
    assert "WARNING" not in result.stderr, result.stderr[-4000:]
    return dest


@pytest.mark.parametrize("url_path", list(PAGES))
def test_default_branding_in_every_footer(site: Path, url_path: str) -> None:
    footer = read_page(site, url_path).footer
    assert NAME in footer
    assert ADDRESS in footer
    for phone in PHONES:
        assert phone in footer
    assert CTA in footer


def test_contact_page_shows_the_organization(site: Path) -> None:
    page = read_page(site, "contact/")
    for text in (NAME, ADDRESS, *PHONES):
        assert text in page.article
    assert any(link == "tel:18300287732" for link in page.links)


def test_content_pages_end_with_the_call_to_action(site: Path) -> None:
    page = read_page(site, "scoring/")
    assert CTA in page.article
    assert NAME in page.article


def test_changing_the_configuration_changes_the_branding(rebranded_site: Path) -> None:
    contact = read_page(rebranded_site, "contact/")
    for text in ("示例检测认证集团有限公司", "示例市示例路 99 号", "010-12345678", "service@example.org"):
        assert text in contact.article, text
    assert "tel:01012345678" in contact.links
    for url_path in PAGES:
        page = read_page(rebranded_site, url_path)
        assert "示例检测认证集团有限公司" in page.footer, url_path
        assert "预约认证顾问" in page.footer, url_path
    for file in html_files(rebranded_site):
        html = _CITED.sub("", file.read_text(encoding="utf-8"))
        for old in (NAME, ADDRESS, *PHONES):
            assert old not in html, f"{file.relative_to(rebranded_site)} still shows {old}"


def test_the_default_organizations_faq_stays_a_named_source_after_rebranding(site: Path, rebranded_site: Path) -> None:
    """The FAQ 山东世通 published is a source like any other: another publisher does not make it vanish."""
    for built, own in ((site, True), (rebranded_site, False)):
        html = page_file(built, "sources/").read_text(encoding="utf-8")
        faq = re.search(r'<li id="src-publisher-faq">(.*?)</li>', html)
        assert faq, "the FAQ is not in the list of sources"
        assert NAME in faq.group(1)
        assert ("（本站的发布机构）" in faq.group(1)) is own
    assert (
        parse((rebranded_site / "index.html").read_text(encoding="utf-8")).meta["author"] == "示例检测认证集团有限公司"
    )
