"""The wheels the browser installs: the calculator package from the working tree and segno, reproducible, content-hashed."""

from __future__ import annotations

import base64
import hashlib
import importlib.metadata
from dataclasses import dataclass
from pathlib import Path

from mkdocs.exceptions import PluginError

import calculator
from hooks.zipwriter import write_zip

__all__ = ["HASHED", "Artifact", "build_wheel", "calculator_wheel", "hashed", "installed_wheel"]

ROOT = Path(__file__).resolve().parent.parent
# Where content-hashed files go in the site: their URL changes with their bytes, so caches keep them forever.
HASHED = "assets/calculator/_hashed"


@dataclass(frozen=True)
class Artifact:
    """A file the build writes into the site."""

    url: str  # site-relative
    data: bytes


def hashed(stem: str, suffix: str, data: bytes) -> Artifact:
    """`data` under a URL that carries its content hash (``<stem>.<16 hex digits><suffix>``)."""
    digest = hashlib.sha256(data).hexdigest()[:16]
    return Artifact(f"{HASHED}/{stem}.{digest}{suffix}", data)


def _record_hash(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def build_wheel(dist: str, version: str, files: list[tuple[str, bytes]]) -> bytes:
    """A reproducible py3-none-any wheel (fixed timestamps, sorted entries, fresh RECORD)."""
    info = f"{dist}-{version}.dist-info"
    names = {name for name, _ in files}
    extra: list[tuple[str, bytes]] = []
    if f"{info}/METADATA" not in names:
        extra.append((f"{info}/METADATA", f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n".encode()))
    if f"{info}/WHEEL" not in names:
        wheel = "Wheel-Version: 1.0\nGenerator: hooks/wheels.py\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
        extra.append((f"{info}/WHEEL", wheel.encode()))
    entries = sorted(files + extra)
    record = "".join(f"{name},{_record_hash(data)},{len(data)}\n" for name, data in entries)
    record += f"{info}/RECORD,,\n"
    return write_zip([*entries, (f"{info}/RECORD", record.encode())], deflate=True)


def calculator_wheel() -> tuple[str, bytes]:
    """The calculator package from the working tree (sources, py.typed, profiles) as the browser runs it.

    The modules named _page* render forms and pages at build time and are never imported in the
    browser (tests/unit/test_tools.py), so they are left out.
    """
    package = ROOT / "calculator"
    files = []
    for path in sorted(package.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts or path.name.startswith("_page"):
            continue
        if path.suffix in (".py", ".toml") or path.name == "py.typed":
            files.append((path.relative_to(ROOT).as_posix(), path.read_bytes()))
    return f"calculator-{calculator.__version__}", build_wheel("gbt27922_calculator", calculator.__version__, files)


def installed_wheel(dist_name: str) -> tuple[str, bytes]:
    """A wheel rebuilt from an installed pure-Python distribution (for segno)."""
    try:
        dist = importlib.metadata.distribution(dist_name)
    except importlib.metadata.PackageNotFoundError:
        raise PluginError(
            f"calculator: the Python package {dist_name!r} is not installed; it is shipped to the browser "
            f"for QR codes. Install requirements/dev.txt (bash scripts/setup)."
        ) from None
    skip = {"RECORD", "INSTALLER", "REQUESTED", "direct_url.json"}
    files = []
    for f in dist.files or ():
        name = f.as_posix()
        if name.startswith("..") or "__pycache__" in name or name.endswith(".pyc") or f.name in skip:
            continue
        files.append((name, Path(str(dist.locate_file(f))).read_bytes()))
    version = dist.version
    return f"{dist_name}-{version}", build_wheel(dist.metadata["Name"].replace("-", "_"), version, files)
