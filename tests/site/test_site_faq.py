"""The FAQ answers each of the 18 questions of the source article, and 4 on audit day, bodies and after the certificate, and links to the full section."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.site.sitecheck import page_file, parse, resolve_internal

pytestmark = pytest.mark.build

# Words each answer must contain: the topic of the article's question.
TOPICS: dict[int, tuple[str, ...]] = {
    1: ("GB/T 27922", "商品售后服务评价体系"),
    2: ("送货", "安装", "维修"),
    3: ("招投标", "星级标志"),
    4: ("产品认证", "管理体系认证", "服务认证"),
    5: ("售后服务管理师", "服务管理人员"),
    6: ("培训",),
    7: ("监督审核", "再认证"),
    8: ("独立法人", "专项资金"),
    9: ("投诉", "调解"),
    10: ("一级指标", "二级指标"),
    11: ("达标级", "五星级", "不合格"),
    12: ("法律", "服务制度", "行业"),
    13: ("申请", "文件审核", "现场审核"),
    14: ("个月",),
    15: ("人日", "年金"),
    16: ("第一阶段", "第二阶段"),
    17: ("cx.cnca.cn", "证书编号"),
    18: ("认证范围", "有效期"),
    19: ("首次会议", "末次会议", "不符合项", "整改"),
    20: ("认证机构名录", "认证规则", "年金", "达标级"),
    21: ("公正性", "包过", "七星级"),
    22: ("认证标志", "变更", "监督审核", "撤销"),
}


def _sections(html: str) -> dict[int, str]:
    """The HTML of each question, from its h2 to the next h2."""
    starts = [(int(m.group(1)), m.start()) for m in re.finditer(r'<h2 id="q(\d\d)"', html)]
    ends = [s for _, s in starts[1:]] + [html.find("</article>")]
    return {n: html[s:e] for (n, s), e in zip(starts, ends, strict=True)}


QUESTIONS = len(TOPICS)


def test_faq_has_every_numbered_question(site: Path) -> None:
    html = page_file(site, "faq/").read_text(encoding="utf-8")
    assert sorted(_sections(html)) == list(range(1, QUESTIONS + 1))


@pytest.mark.parametrize("number", range(1, QUESTIONS + 1))
def test_each_question_is_answered_and_links_to_its_section(site: Path, number: int) -> None:
    faq = page_file(site, "faq/")
    section = _sections(faq.read_text(encoding="utf-8"))[number]
    parsed = parse(section)
    question, _, answer = parsed.text.partition("？")
    assert question, f"q{number:02d}: no question"
    assert len(answer) > 40, f"q{number:02d}: answer too short: {answer!r}"
    for word in TOPICS[number]:
        assert word in parsed.text, f"q{number:02d}: answer does not mention {word!r}"
    deep_links = []
    for href in parsed.links:
        target = resolve_internal(site, faq, href)
        if target and target[1] and target[0] != faq and "sources" not in href:
            deep_links.append(target)
    assert deep_links, f"q{number:02d}: no link to the full section"
    for file, fragment in deep_links:
        assert file.is_file(), f"q{number:02d}: {file} missing"
        assert f'id="{fragment}"' in file.read_text(encoding="utf-8"), f"q{number:02d}: #{fragment} missing in {file}"
