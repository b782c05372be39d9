"""Precompressed siblings (hooks/precompress.py): smaller files beside the originals, cached by content and quality."""

from __future__ import annotations

import gzip
from pathlib import Path

import brotli
import pytest

from hooks.precompress import BEST, MIN_SIZE, precompress

# Text that compresses, long enough to be worth a sibling, varied enough for the qualities to differ.
PAGE = "".join(f"<p>第 {n} 段：售后服务认证的评价指标 {n * n % 97}</p>\n" for n in range(400)).encode()


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    root.mkdir()
    (root / "index.html").write_bytes(PAGE)
    (root / "tiny.css").write_bytes(b"a{}" * 10)  # below MIN_SIZE: no sibling
    (root / "photo.png").write_bytes(bytes(range(256)) * 8)  # not a compressible type
    return root


@pytest.mark.parametrize("quality", [BEST, 5, 0])
def test_siblings_decode_to_the_original(site: Path, tmp_path: Path, quality: int) -> None:
    files, raw, br = precompress(site, tmp_path / "cache", quality)
    assert (files, raw) == (1, len(PAGE))
    assert brotli.decompress((site / "index.html.br").read_bytes()) == PAGE
    assert gzip.decompress((site / "index.html.gz").read_bytes()) == PAGE
    assert br == (site / "index.html.br").stat().st_size < len(PAGE)
    assert len(b"a{}" * 10) < MIN_SIZE
    assert sorted(p.name for p in site.iterdir()) == [
        "index.html",
        "index.html.br",
        "index.html.gz",
        "photo.png",
        "tiny.css",
    ]


def test_the_cache_keeps_each_quality_apart(site: Path, tmp_path: Path) -> None:
    """A build at a lower quality never hands its output to a build at the best quality."""
    cache = tmp_path / "cache"
    precompress(site, cache, 1)
    fast = (site / "index.html.br").read_bytes()
    precompress(site, cache, BEST)
    best = (site / "index.html.br").read_bytes()
    assert len(best) < len(fast)
    assert best == brotli.compress(PAGE, quality=BEST)
    suffixes = sorted(p.name.split(".", 1)[1] for p in cache.iterdir())
    assert suffixes == ["br", "br1", "gz"]
    assert not list(cache.glob("*.tmp"))


def test_a_cached_result_is_reused(site: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    precompress(site, cache, BEST)
    entry = next(cache.glob("*.br"))
    entry.write_bytes(b"from the cache")
    precompress(site, cache, BEST)
    assert (site / "index.html.br").read_bytes() == b"from the cache"
