"""The one deterministic zip writer of the build: wheels, the app zip and the runtime zips (it also runs inside Pyodide).

Standard library only, and nothing of the build imported: hooks/pyodide_job.mjs copies this file
into Pyodide next to hooks/runtime_zip.py.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable

__all__ = ["ZIP_DATE", "write_zip"]

# The earliest date a zip entry can carry: no build time leaks into the bytes.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def write_zip(entries: Iterable[tuple[str, bytes]], *, deflate: bool = False) -> bytes:
    """A zip of `entries`, in the order given, with one fixed date and mode: the same input gives the same bytes.

    Entries are STORED unless `deflate`: the server's brotli/gzip then sees the plain text and
    bytecode (a deflated zip barely shrinks again). Wheels are deflated, as installers expect.
    """
    method = zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as zf:
        for name, data in entries:
            info = zipfile.ZipInfo(name, ZIP_DATE)
            info.external_attr = 0o644 << 16
            info.compress_type = method
            zf.writestr(info, data)
    return buffer.getvalue()
