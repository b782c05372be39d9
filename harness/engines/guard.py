"""The off-origin guard for the engines that the tests cannot watch request by request.

Firefox (WebDriver BiDi) and WebKitGTK (classic WebDriver) are both told to use this loopback
address as their HTTP and HTTPS proxy. Loopback addresses bypass a browser's proxy, so the site on
127.0.0.1 is reached directly and anything that reaches the guard was meant for another host —
from a page, a worker or a service worker alike. The guard keeps the request line and refuses it
(403; CONNECT too), so nothing leaves this machine and nothing hangs waiting for a network it
does not have.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field

REFUSAL = b"HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: 25\r\nConnection: close\r\n\r\noff-origin request (test)"


@dataclass
class OffOrigin:
    """The request lines that reached the guard, oldest first."""

    requests: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, line: str) -> None:
        with self.lock:
            self.requests.append(line)

    def take(self) -> list[str]:
        """What arrived since the previous call."""
        with self.lock:
            taken, self.requests = self.requests, []
        return taken


def _serve(conn: socket.socket, seen: OffOrigin) -> None:
    with conn:
        conn.settimeout(5)
        head = b""
        try:
            while b"\r\n" not in head and len(head) < 65536:
                chunk = conn.recv(4096)
                if not chunk:
                    break
                head += chunk
        except OSError:
            pass
        line = head.split(b"\r\n", 1)[0].decode("latin-1").strip()
        if line:
            seen.add(line)
        with suppress(OSError):
            conn.sendall(REFUSAL)


@contextmanager
def off_origin_guard() -> Iterator[tuple[OffOrigin, int]]:
    """A proxy address that records and refuses every request; yields (what it saw, port)."""
    seen = OffOrigin()
    listener = socket.create_server(("127.0.0.1", 0))
    port = int(listener.getsockname()[1])
    stopping = threading.Event()

    def accept() -> None:
        while not stopping.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=_serve, args=(conn, seen), daemon=True).start()

    thread = threading.Thread(target=accept, name="off-origin-guard", daemon=True)
    thread.start()
    try:
        yield seen, port
    finally:
        stopping.set()
        listener.close()
        thread.join(timeout=5)
