"""A private X server (Xvfb) for WebKitGTK's MiniBrowser, checked before each use and restarted when dead.

WebKitWebDriver does not fail when MiniBrowser cannot open its display: it waits for the browser
for good. So the display is checked with a real X11 handshake before a session starts, and a
display that does not answer is replaced by a new server.
"""

from __future__ import annotations

import os
import socket
import struct
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

XVFB = Path("/usr/bin/Xvfb")
X11_SOCKETS = Path("/tmp/.X11-unix")  # noqa: S108 -- the X server's fixed socket directory
# A connection setup request: little-endian, protocol 11.0, no authorization (Xvfb has none here).
X11_SETUP = struct.pack("<cxHHHHxx", b"l", 11, 0, 0, 0)
HANDSHAKE_TIMEOUT_S = 10.0


class VirtualDisplay:
    """One Xvfb server; `name` is its DISPLAY value (":N", the first free number)."""

    def __init__(self, log: Path | None = None) -> None:
        if not XVFB.exists():
            raise FileNotFoundError(f"{XVFB} not found: apt-get install -y xvfb")
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None
        self.name = ""
        self.start()

    def start(self) -> None:
        read, write = os.pipe()
        stderr = self.log.open("ab") if self.log else subprocess.DEVNULL
        try:
            self.process = subprocess.Popen(
                # -noreset: by default the server resets when its last client leaves, and a client
                # connecting during the reset (MiniBrowser right after our handshake) is refused.
                [str(XVFB), "-displayfd", str(write), "-screen", "0", "1280x1024x24", "-nolisten", "tcp", "-noreset"],
                pass_fds=(write,),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
            )
        finally:
            os.close(write)
            if self.log:
                stderr.close()  # type: ignore[union-attr]
        with os.fdopen(read) as displayfd:
            number = displayfd.readline().strip()
        if not number:
            self.stop()
            raise RuntimeError(f"Xvfb did not start{self._log_tail()}")
        self.name = f":{number}"

    def answers(self) -> bool:
        """True when the server is running and completes an X11 connection setup."""
        if self.process is None or self.process.poll() is not None:
            return False
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
                conn.settimeout(HANDSHAKE_TIMEOUT_S)
                conn.connect(str(X11_SOCKETS / f"X{self.name[1:]}"))
                conn.sendall(X11_SETUP)
                return conn.recv(1) == b"\x01"  # 1: Success (0 Failed, 2 Authenticate)
        except OSError:
            return False

    def ensure(self) -> str:
        """The DISPLAY value of a server that answers, restarting the server if it does not."""
        if not self.answers():
            self.stop()
            self.start()
            if not self.answers():
                raise RuntimeError(f"Xvfb {self.name} started but does not answer an X11 connection{self._log_tail()}")
        return self.name

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def _log_tail(self) -> str:
        if self.log is None or not self.log.exists():
            return ""
        return ":\n" + self.log.read_text("utf-8", "replace")[-2000:]


@contextmanager
def xvfb_display(log: Path | None = None) -> Iterator[VirtualDisplay]:
    """A private X server for the duration of the block."""
    display = VirtualDisplay(log)
    try:
        yield display
    finally:
        display.stop()
