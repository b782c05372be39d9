"""A calculator page's block, built at build time: status, form, worked example, sharing, print header and footer.

`render_tool_page` is what the build calls for a page that holds a tool: the tool's form filled
with its example, the example's result rendered exactly as the worker renders a live one, all in
the shell the browser script drives. The publishing organization's block for the printed header
comes rendered from the build (the one renderer of the branding).
"""

from __future__ import annotations

from collections.abc import Mapping

from calculator._datafile import ProfileError
from calculator._html import e
from calculator._tool import AnyTool, Datasets
from calculator._tools import tool_named
from calculator._web import compute

__all__ = ["render_calculator", "render_tool_page", "unavailable"]

BLANK_IMAGE = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"

# Shown instead of the load status when scripts are off (the worked example below stays readable).
NOSCRIPT = (
    "这个计算器需要浏览器启用 JavaScript（并支持 WebAssembly，新版 Chrome、Edge、Firefox、Safari 和微信内置浏览器都支持）"
    "才能按你的输入计算。当前浏览器没有启用 JavaScript：下方表单中的数值和结果只是示例；本站其他页面不受影响，可以正常阅读。"
)


def render_tool_page(
    name: str,
    datasets: Datasets,
    *,
    links: Mapping[str, str],
    organization_html: str = "",
    config_json: str = "",
) -> str:
    """The block of a page that holds the tool `name`; ValueError when its worked example is invalid.

    A tool whose own data file does not fit the rules profile in use (the checklist, under a profile
    with other indicators) is not shown at all: the page says why in its place, and the command line
    and the worker refuse it with the same message, so no stale items are ever shown.
    """
    tool = tool_named(name)
    try:
        data = tool.data(datasets)
    except ProfileError as exc:
        return unavailable(tool, str(exc))
    values = tool.example(data)
    example = compute(name, values, datasets, links=links)
    if not example["ok"]:
        raise ValueError(f"the worked example of {name} is invalid: {example['errors']}")
    return render_calculator(
        tool,
        data,
        form_html=tool.render_form(data, values),
        result_html=example["html"],
        organization_html=organization_html,
        config_json=config_json,
        summary=example["summary"],
    )


def unavailable(tool: AnyTool, reason: str) -> str:
    """What a page shows instead of a tool whose data does not fit the rules profile in use."""
    return (
        f'<div class="gbt-calc gbt-calc--unavailable" role="alert"><p class="gbt-noscript">'
        f"“{e(tool.short_title)}”暂不可用：它的数据与本站使用的规则文件不一致。{e(reason)}</p></div>"
    )


def render_calculator(
    tool: AnyTool,
    data: object,
    *,
    form_html: str,
    result_html: str,
    organization_html: str = "",
    config_json: str = "",
    summary: str = "",
) -> str:
    """The whole calculator block of a page around a form and a result (both HTML); `data` is the tool's own."""
    # An attribute, not a <script type="application/json">: Material's instant navigation re-creates
    # the scripts of a new page and would run that JSON as JavaScript.
    config = f' data-gbt-config="{e(config_json)}"' if config_json else ""
    return (
        f'<div class="gbt-calc" data-gbt-calc="{e(tool.name)}"{config}>'
        '<header class="gbt-print gbt-print__header">'
        f"{organization_html}"
        f'<div class="gbt-print__meta"><p class="gbt-print__title">{e(tool.title)}报告</p>'
        "<p>日期：<span data-gbt-date></span></p></div></header>"
        f'<noscript><p class="gbt-noscript">{e(NOSCRIPT)}</p></noscript>'
        f"{_status()}"
        '<div class="gbt-calc__grid">'
        '<section class="gbt-calc__form" aria-labelledby="gbt-form-title">'
        f'<h2 id="gbt-form-title">填写</h2>{form_html}'
        f'<p class="gbt-mini" aria-hidden="true" data-gbt-mini>{e(summary)}</p></section>'
        '<section class="gbt-calc__result" aria-labelledby="gbt-result-title">'
        '<h2 id="gbt-result-title">结果</h2>'
        '<p class="gbt-visually-hidden" aria-live="polite" data-gbt-live></p>'
        '<p class="gbt-note" data-gbt-note data-kind="example">示例：这是按表单中预填数值算出的结果。'
        "计算程序就绪后，会按你的输入即时重新计算。</p>"
        f'<div class="gbt-result-region" data-gbt-result>{result_html}</div>'
        f"{_share(tool.name)}</section></div>"
        f'<footer class="gbt-print gbt-print__footer"><p>{e(tool.disclaimer(data))}</p></footer>'
        "</div>"
    )


def _status() -> str:
    """The load status the browser script updates: a line of text, a progress bar, a retry button."""
    return (
        '<div class="gbt-status" data-gbt-status data-stage="idle">'
        '<p class="gbt-status__text" role="status" data-gbt-status-text>计算程序将在页面打开后自动载入。</p>'
        '<div class="gbt-status__bar" aria-hidden="true"><div class="gbt-status__fill" data-gbt-status-fill></div></div>'
        '<button type="button" class="md-button gbt-status__retry" data-gbt-action="retry" hidden>重试</button>'
        "</div>"
    )


def _share(name: str) -> str:
    """Sharing, saving and printing: the link of the current inputs, its QR code, print and clear."""
    return (
        '<section class="gbt-share" aria-labelledby="gbt-share-title">'
        '<h3 id="gbt-share-title">分享、保存与打印</h3>'
        f'<label class="gbt-label" for="gbt-share-url-{e(name)}">当前输入的链接</label>'
        '<div class="gbt-share__row">'
        f'<input id="gbt-share-url-{e(name)}" class="gbt-share__url" type="text" readonly data-gbt-share-url '
        'value="" placeholder="计算程序就绪后生成">'
        '<button type="button" class="md-button md-button--primary" data-gbt-action="copy">复制链接</button></div>'
        '<p class="gbt-share__msg" role="status" data-gbt-share-msg></p>'
        # A blank 1×1 image until the worker draws the code: an <img> must have a src.
        f'<figure class="gbt-qr"><img data-gbt-qr src="{BLANK_IMAGE}" alt="当前输入的链接二维码" width="132" height="132" '
        "hidden>"
        "<figcaption>扫码打开同样的输入</figcaption></figure>"
        '<div class="gbt-share__actions">'
        '<button type="button" class="md-button" data-gbt-action="print">打印报告</button>'
        '<button type="button" class="md-button" data-gbt-action="clear">清除已保存的输入</button></div>'
        '<p class="gbt-help">输入只保存在你自己的浏览器里（本地存储），计算也在浏览器里完成，不会发送到任何服务器。</p>'
        '<p class="gbt-help gbt-storage" data-gbt-storage hidden></p>'
        "</section>"
    )
