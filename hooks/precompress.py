"""Brotli (.br) and gzip (.gz) siblings of every compressible file in the built site (the gbt27922/precompress plugin).

Servers that support precompressed files (nginx `brotli_static`/`gzip_static`,
object storage with Content-Encoding metadata, scripts/devserver.py) then send
the small file without compressing on every request. Brotli at quality 11 (the default) is
slow for the 9.6 MB wasm (about 50 s), so results are cached by content hash and quality (the
plugin's ``cache`` option); the test command builds at a lower quality (``brotli_quality``), as
the files decode to the same bytes and no test measures their size.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import shutil
import threading
from collections.abc import Callable
from pathlib import Path

import brotli

# Files below this size gain nothing worth a second request path.
MIN_SIZE = 1024
# .zip: the calculator's runtime zips store their entries uncompressed for brotli to do better.
TEXT = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt", ".map", ".toml", ".py"}
COMPRESSIBLE = TEXT | {".wasm", ".zip"}


BEST = 11  # brotli's highest quality: what a deployment ships


def _cached(cache: Path, data: bytes, kind: str, make: Callable[[bytes], bytes]) -> bytes:
    key = hashlib.sha256(data).hexdigest()
    path = cache / f"{key}{kind}"
    if path.exists():
        return path.read_bytes()
    out = make(data)
    cache.mkdir(parents=True, exist_ok=True)
    # A name of its own: two builds at once (a test run, `mkdocs serve`) never write the same file.
    tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.write_bytes(out)
    tmp.replace(path)
    return out


def _brotli(quality: int) -> Callable[[bytes], bytes]:
    return lambda data: bytes(brotli.compress(data, quality=quality))


def _gzip(data: bytes) -> bytes:
    # mtime=0 keeps the output byte-identical between builds.
    return gzip.compress(data, compresslevel=9, mtime=0)


def precompress(root: Path, cache: Path, brotli_quality: int = BEST) -> tuple[int, int, int]:
    """Write .br/.gz siblings where they are smaller; returns (files, raw bytes, brotli bytes)."""
    files = raw_total = br_total = 0
    # (sibling's suffix, cache entry's suffix, compressor): the cache keeps each quality apart.
    br_kind = ".br" if brotli_quality == BEST else f".br{brotli_quality}"
    steps = ((".br", br_kind, _brotli(brotli_quality)), (".gz", ".gz", _gzip))
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.suffix not in COMPRESSIBLE:
            continue
        data = path.read_bytes()
        if len(data) < MIN_SIZE:
            continue
        for suffix, kind, make in steps:
            packed = _cached(cache, data, kind, make)
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
