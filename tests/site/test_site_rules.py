"""Everything the rules profile decides follows the profile, on every page and in the calculators.

The site is built a second time with a deploying body's profile (thresholds 72/82/92/97,
weights 45/30/25, 管理师 ratio 20 %, 不合格 at 4 special deductions, official indicator points,
one indicator renamed and one dropped); the built site must show the new figures and words and
none of the old ones: pages, forms, worked results, the printed report's parts, and the results the
browser computes from the profile the site ships.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from calculator import Profile, default_profile
from calculator._claims import load_claims
from calculator._fee_schedule_reader import default_fee_schedule
from calculator._profile_reader import parse_profile_bytes
from calculator._tool import Datasets
from calculator._tools import TOOLS
from calculator._web import compute
from harness.site import ROOT
from macros.claims import CLAIMS_FILE
from tests.built_pages import calculator_config
from tests.profile_variants import DROPPED, OFFICIAL_NAME, RENAMED
from tests.site.sitecheck import CONTENT_PAGES, html_files, page_file, parse, read_page

pytestmark = pytest.mark.build

# Computed worked examples, and the labels of the sources (which quote what each source says).
_NOT_PROSE = re.compile(
    r'<div class="admonition example worked">.*?</div>|<ul class="source-list">.*?</ul>|<a href="[^"]*#src-[^"]*">[^<]*</a>',
    re.DOTALL,
)
_CITATIONS = re.compile(r'<ul class="source-list">.*?</ul>|<a href="[^"]*#src-[^"]*">[^<]*</a>', re.DOTALL)


def _prose(site: Path, url_path: str) -> str:
    """The page's article text without the computed worked examples and the source labels."""
    html = page_file(site, url_path).read_text(encoding="utf-8")
    return parse(_NOT_PROSE.sub("", html)).article


# (page, text with the default profile, text with the modified profile)
EXPECTED = [
    ("scoring/", "70 分及以上，低于 80 分", "72 分及以上，低于 82 分"),
    ("scoring/", "95 分及以上", "97 分及以上"),
    ("scoring/", "特别扣分项达到 5 项及以上", "特别扣分项达到 4 项及以上"),
    ("scoring/", "售后服务体系 40 + 商品服务 35 + 顾客服务 25", "售后服务体系 45 + 商品服务 30 + 顾客服务 25"),
    ("scoring/", "所以 94.99 这样的分数", "所以 96.99 这样的分数"),
    ("scoring/", "距四星级（90 分）", "距四星级（92 分）"),
    ("", "40/35/25", "45/30/25"),
    ("", "70 分 达标级起点", "72 分 达标级起点"),
    ("indicators/", "5.1 售后服务体系 40 分", "5.1 售后服务体系 45 分"),
    ("indicators/", "技术支持 商品服务 · 示意分值 6", "技术支持 商品服务 · 分值 10"),
    ("calculator/score/", "详细计分（15 项二级指标逐项评价）", "详细计分（14 项二级指标逐项评价）"),
    ("scope-benefits/", "商品信息、技术支持、配送", "技术支持、配送、维修、质量保证、废旧商品回收利用"),
    ("managers/", "服务管理人员总数的 10% 配置售后服务管理师", "服务管理人员总数的 20% 配置售后服务管理师"),
    ("managers/", "15% × 10% = 1.5%", "15% × 20% = 3%"),
    ("managers/", "31 × 10% = 3.1 人", "31 × 20% = 6.2 人"),
    ("faq/", "70 分以上为达标级，80 分以上为三星级", "72 分以上为达标级，82 分以上为三星级"),
    ("faq/", "特别扣分项达到 5 项", "特别扣分项达到 4 项"),
    ("glossary/", "累计 5 项即不合格", "累计 4 项即不合格"),
    ("sources/", "达标级的分数线（达到即可，含本数）： 70 分", "达标级的分数线（达到即可，含本数）： 72 分"),
    (
        "sources/",
        "售后服务管理师按服务管理人员总数配置的比例： 10%",
        "售后服务管理师按服务管理人员总数配置的比例： 20%",
    ),
    ("complaints/", "累计达到 5 项即判不合格", "累计达到 4 项即判不合格"),
]


@pytest.mark.parametrize(("url_path", "old", "new"), EXPECTED)
def test_text_follows_the_profile(site: Path, modified_site: Path, url_path: str, old: str, new: str) -> None:
    assert old in read_page(site, url_path).article, f"default build: {old!r} not on {url_path or '/'}"
    changed = read_page(modified_site, url_path).article
    assert new in changed, f"modified build: {new!r} not on {url_path or '/'}"
    assert old not in changed, f"modified build still shows {old!r} on {url_path or '/'}"


# Figures of the default profile that no sentence may show once the profile changes them.
OLD_FIGURES = [
    r"(?<![\d.])70 ?分",
    r"(?<![\d.])80 ?分",
    r"(?<![\d.])90 ?分",
    r"(?<![\d.])95 ?分",
    r"(?<![\d.])40 ?分",
    r"(?<![\d.])35 ?分",
    r"40/35/25",
    r"(?<![\d.])10 ?%",
    r"(?<![\d.])5 ?项(?!：)",  # the 5-item gate; "5 项：…" counts the indicators of a category
]


@pytest.mark.parametrize("url_path", CONTENT_PAGES)
def test_no_old_figure_left_anywhere(modified_site: Path, url_path: str) -> None:
    text = _prose(modified_site, url_path)
    left = [m.group(0) for pattern in OLD_FIGURES for m in re.finditer(pattern, text)]
    assert left == [], f"{url_path or '/'} still shows {left}"


def test_the_old_figures_were_there_in_the_default_build(site: Path) -> None:
    """The check above is meaningful: the default build does show these figures."""
    text = " ".join(_prose(site, p) for p in CONTENT_PAGES)
    for pattern in OLD_FIGURES:
        assert re.search(pattern, text), pattern


def test_worked_examples_are_recomputed(site: Path, modified_site: Path) -> None:
    default = read_page(site, "scoring/").article
    modified = read_page(modified_site, "scoring/").article
    # Typical example: 45-2 + 30-5 + 25-5 = 88, -2 +1 = 87 -> 三星级 (82 ≤ 87 < 92).
    assert "售后服务体系 43 + 商品服务 25 + 顾客服务 20 = 88 分" in modified
    assert "售后服务体系 38 + 商品服务 30 + 顾客服务 20 = 88 分" in default
    # Boundary example sits exactly on the four-star threshold of each profile.
    assert "= 92 分（满分 100 分）" in modified
    assert "= 90 分（满分 100 分）" in default
    # Gate example uses fail_at special deductions.
    assert "特别扣分项共 4 项，达到 4 项即判不合格" in modified


def test_no_standard_figure_is_typed_in_the_markdown() -> None:
    """Weights, thresholds, the ratio and the fail-at count appear in the Markdown only through macros."""
    typed = re.compile(r"(?<![\d.\-–])(70|80|90|95|40|35|25) ?分(?!钟)|40/35/25|(?<![\d.])10 ?%|(?<![\d.\-–])5 ?项")
    offenders = []
    for md in sorted((ROOT / "docs").rglob("*.md")):
        if "calculator" in md.relative_to(ROOT / "docs").parts:
            continue
        for number, line in enumerate(md.read_text(encoding="utf-8").splitlines(), start=1):
            offenders += [f"{md.relative_to(ROOT)}:{number}: {m.group(0)}" for m in typed.finditer(line)]
    assert offenders == [], "\n".join(offenders)


# Words of the default profile that no page, form, result or printed part may show once a
# deploying body's profile changes them: the illustrative notices, the renamed and the dropped
# indicator, the old count and the default profile's name.
STALE_WORDS = ["示意", RENAMED[1], DROPPED[1], "15 项", "默认规则"]


def _built_html(site: Path) -> dict[str, str]:
    """Every HTML file of a build without its citations of sources (they quote what a source says)."""
    return {f.relative_to(site).as_posix(): _CITATIONS.sub("", f.read_text(encoding="utf-8")) for f in html_files(site)}


def _shipped_profile(site: Path) -> Profile:
    """The rules profile the built site hands to the browser's worker (the packaged default when it names none)."""
    page = page_file(site, "calculator/score/")
    url = calculator_config(page)["profile"]
    if url is None:
        return default_profile()
    file = (page.parent / url).resolve()
    return parse_profile_bytes(file.read_bytes(), file.name)


def _results(site: Path) -> dict[str, str]:
    """What the browser shows once Python is ready: results the built pages do not hold yet.

    A detailed self-score (a partial, an excluded and a failing indicator, special deductions past
    the gate, the bonus) and a staffing result with every optional check, computed by the engine
    from the profile the site ships, as the worker computes them.
    """
    profile = _shipped_profile(site)
    first, last = profile.indicators[0].id, profile.indicators[-1].id
    detailed = {"mode": "detailed", "bonus": "1"} | {f"indicators.{i.id}.status": "conform" for i in profile.indicators}
    detailed |= {f"indicators.{first}.status": "partial", f"indicators.{first}.samples": "4"}
    detailed |= {f"indicators.{first}.nonconforming": "1", f"indicators.{last}.status": "nonconform"}
    detailed |= {"indicators.delivery.status": "na"}
    detailed |= {f"special_deductions.{k.id}": "2" for k in profile.special_deductions.kinds}
    staffing = {"head_office": "7", "branches": "9", "total_staff": "480", "current_managers": "1"}
    shown = {}
    for name, fields in (("score", detailed), ("staffing", staffing)):
        out = compute(name, fields, Datasets(profile))
        assert out["ok"], out
        shown[f"{name} result"] = out["html"] + out["summary"] + TOOLS[name].disclaimer(profile)
    return shown


def test_no_stale_word_anywhere_after_the_profile_changes(site: Path, modified_site: Path) -> None:
    """Pages, forms, the printed report's parts (all in the built HTML) and the results the worker shows."""
    default = " ".join([*_built_html(site).values(), *_results(site).values()])
    for word in STALE_WORDS:
        assert word in default, f"the check is empty: the default build does not show {word!r}"
    shown = _built_html(modified_site) | _results(modified_site)
    stale = {(where, word) for where, html in shown.items() for word in STALE_WORDS if word in html}
    assert stale == set(), sorted(stale)


def test_the_results_check_reads_the_profile_the_site_ships(site: Path, modified_site: Path) -> None:
    assert _shipped_profile(site) == default_profile()
    modified = _shipped_profile(modified_site)
    assert modified.name == OFFICIAL_NAME
    assert not modified.illustrative_points
    assert [g.threshold.value for g in modified.grades] == [72, 82, 92, 97]
    assert DROPPED[0] not in {i.id for i in modified.indicators}


def test_the_calculators_follow_the_profile(modified_site: Path) -> None:
    score = read_page(modified_site, "calculator/score/").text
    assert RENAMED[2] in score
    assert "某认证机构规则（依据标准正式文本）" in score  # the printed report names the rules it used
    staffing = read_page(modified_site, "calculator/staffing/").text
    assert "× 20% =" in staffing


# A price, a number of man-days or a headcount band typed as text.
_TYPED_FEE = re.compile(r"(?<![\w.])\d[\d,.]*\s*(?:万?元|个?人日|人·日)|(?<![\w.])\d+\s*[–-]\s*\d+\s*人一档")


def test_no_fee_or_man_day_figure_is_typed_in_the_markdown() -> None:
    """Prices, man-days and headcount bands appear in the Markdown only through macros (macros/fees.py)."""
    typed = _TYPED_FEE
    offenders = []
    for md in sorted((ROOT / "docs").rglob("*.md")):
        for number, line in enumerate(md.read_text(encoding="utf-8").splitlines(), start=1):
            offenders += [f"{md.relative_to(ROOT)}:{number}: {m.group(0)}" for m in typed.finditer(line)]
    assert offenders == [], "\n".join(offenders)


_NUMERALS = {1: "一", 2: "两", 3: "三", 4: "四", 5: "五", 6: "六", 9: "九", 10: "十", 12: "十二"}


def _duration_patterns() -> list[re.Pattern[str]]:
    """How a duration of the plan's timeline would be typed: "3 个月", "1–3 个月", "六个月", "3 年", "三年"."""
    timeline = default_fee_schedule().timeline
    values = {name: getattr(timeline, name).value for name in timeline.__dataclass_fields__}
    patterns = []
    for unit, suffix in (("个月", "_months_"), ("年", "_years_")):
        numbers = sorted({v for name, v in values.items() if suffix in f"{name}_"})
        digits = "|".join(map(str, numbers))
        words = "|".join(_NUMERALS[n] for n in numbers if n in _NUMERALS)
        patterns.append(re.compile(rf"(?<![\d.\-–])(?:{digits})\s*(?:[–-]\s*(?:{digits})\s*)?{unit}"))
        # "每三年" is the standard's own requirement (re-evaluation at least every three years), not the schedule's.
        patterns.append(re.compile(rf"(?<![一二三四五六七八九十两每\d])(?:{words}){unit}"))
    return patterns


def test_no_duration_of_the_plan_timeline_is_typed_in_the_markdown() -> None:
    """Running time before applying, months to the certificate, validity: only through macros (``fees_timeline``).

    The same durations drive the time plan; a deploying body's own schedule changes them everywhere.
    """
    patterns = _duration_patterns()
    offenders = []
    for md in sorted((ROOT / "docs").rglob("*.md")):
        for number, line in enumerate(md.read_text(encoding="utf-8").splitlines(), start=1):
            for pattern in patterns:
                offenders += [f"{md.relative_to(ROOT)}:{number}: {m.group(0)}" for m in pattern.finditer(line)]
    assert offenders == [], "\n".join(offenders)


def test_the_claims_file_states_no_figure_of_the_fee_schedule() -> None:
    """A statement about fees or durations in macros/claims.toml leaves the figures to the schedule's own claims.

    Its figures are the ``schedule.*`` claims (calculator/_fee_schedule_claims.py): typed in a claim's
    text, a deploying body's schedule would change the page and leave the sources page stating the old one.
    """
    patterns = [_TYPED_FEE, *_duration_patterns()]
    offenders = [
        f"{claim.id}: {m.group(0)}"
        for claim in load_claims(CLAIMS_FILE).claims
        for pattern in patterns
        for m in pattern.finditer(f"{claim.text} {claim.note}")
    ]
    assert offenders == [], "\n".join(offenders)


@pytest.mark.parametrize(
    ("typed", "caught"),
    [
        ("一般需要 **1–3 个月**", True),
        ("至少运行 3 个月", True),
        ("准备六个月的记录", True),
        ("证书有效期三年", True),
        ("<strong>3 年</strong>", True),
        ("约 9–10 个月，前后可浮动 1–2 个月", False),
        ("至少每三年重新评价一次", False),
        ("2025 年版本", False),
        ("{{ fees_timeline.validity_years }} 年", False),
    ],
)
def test_what_counts_as_a_typed_duration(typed: str, caught: bool) -> None:
    assert any(p.search(typed) for p in _duration_patterns()) is caught
