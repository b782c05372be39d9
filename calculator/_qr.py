"""QR codes of share links, drawn by `segno` (pure Python, shipped to the browser as its own wheel).

segno is imported inside the one function that needs it, so the rest of the `calculator`
package keeps to the standard library and imports without it.
"""

from __future__ import annotations

__all__ = ["MAX_QR_TEXT", "qr_data_uri"]

MAX_QR_TEXT = 1000


def qr_data_uri(text: str) -> str:
    """An SVG QR code of `text` as a ``data:image/svg+xml`` URI, for an ``<img src>``."""
    import segno  # noqa: PLC0415 - optional dependency, only where a QR code is drawn

    if len(text) > MAX_QR_TEXT:
        raise ValueError(f"text too long for a QR code ({len(text)} > {MAX_QR_TEXT} characters)")
    qr = segno.make(text, error="m", micro=False)
    return str(qr.svg_data_uri(scale=4, border=2, dark="#000", light="#fff", title="二维码"))
