"""The one deterministic zip writer (hooks/zipwriter.py): same entries, same bytes, whatever the clock."""

from __future__ import annotations

import io
import time
import zipfile

import pytest

from hooks.zipwriter import ZIP_DATE, write_zip

ENTRIES = [("b/x.py", b"print(1)\n" * 50), ("a.txt", b"a"), ("b/", b"")]


@pytest.mark.parametrize("deflate", [False, True])
def test_the_same_entries_give_the_same_bytes(deflate: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    first = write_zip(ENTRIES, deflate=deflate)
    monkeypatch.setattr(time, "time", lambda: 2_000_000_000.0)
    assert write_zip(iter(ENTRIES), deflate=deflate) == first


@pytest.mark.parametrize(("deflate", "method"), [(False, zipfile.ZIP_STORED), (True, zipfile.ZIP_DEFLATED)])
def test_entries_keep_their_order_date_mode_and_content(deflate: bool, method: int) -> None:
    with zipfile.ZipFile(io.BytesIO(write_zip(ENTRIES, deflate=deflate))) as zf:
        infos = zf.infolist()
        assert [i.filename for i in infos] == [name for name, _ in ENTRIES]
        assert {i.date_time for i in infos} == {ZIP_DATE}
        assert {i.external_attr >> 16 for i in infos} == {0o644}
        assert {i.compress_type for i in infos} == {method}
        assert [zf.read(name) for name, _ in ENTRIES] == [data for _, data in ENTRIES]
