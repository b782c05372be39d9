"""Brotli (.br) and gzip (.gz) siblings of every compressible file in the built site (the gbt27922/precompress plugin).

Servers that support precompressed files (nginx `brotli_static`/`gzip_static`,
object storage with Content-Encoding metadata, scripts/devserver.py) then send
the small file without compressing on every request. Brotli at quality 11 is
slow for the 9.6 MB wasm, so results are cached by content hash (the plugin's ``cache`` option).
"""

from __future__ import annotations

import gzip
import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path

import brotli

# Files below this size gain nothing worth a second request path.
MIN_SIZE = 1024
# .zip: the calculator's runtime zips store their entries uncompressed for brotli to do better.
TEXT = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt", ".map", ".toml", ".py"}
COMPRESSIBLE = TEXT | {".wasm", ".zip"}


def _cached(cache: Path, data: bytes, suffix: str, make: Callable[[bytes], bytes]) -> bytes:
    key = hashlib.sha256(data).hexdigest()
    path = cache / f"{key}{suffix}"
    if path.exists():
        return path.read_bytes()
    out = make(data)
    cache.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(out)
    tmp.replace(path)
    return out


def _brotli(data: bytes) -> bytes:
    return bytes(brotli.compress(data, quality=11))


def _gzip(data: bytes) -> bytes:
    # mtime=0 keeps the output byte-identical between builds.
    return gzip.compress(data, compresslevel=9, mtime=0)


def precompress(root: Path, cache: Path) -> tuple[int, int, int]:
    """Write .br/.gz siblings where they are smaller; returns (files, raw bytes, brotli bytes)."""
    files = raw_total = br_total = 0
    steps: tuple[tuple[str, Callable[[bytes], bytes]], ...] = ((".br", _brotli), (".gz", _gzip))
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.suffix not in COMPRESSIBLE:
            continue
        data = path.read_bytes()
        if len(data) < MIN_SIZE:
            continue
        for suffix, make in steps:
            packed = _cached(cache, data, suffix, make)
            sibling = path.with_name(path.name + suffix)
            if len(packed) < len(data):
                sibling.write_bytes(packed)
                shutil.copystat(path, sibling)
                if suffix == ".br":
                    br_total += len(packed)
            else:
                sibling.unlink(missing_ok=True)
        files += 1
        raw_total += len(data)
    return files, raw_total, br_total
