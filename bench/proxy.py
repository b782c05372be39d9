"""A byte-counting TCP relay in front of the site's server, on 127.0.0.1.

The browser talks to the relay and the relay to the real server (the project's dev server or
nginx), so every byte the browser receives is counted whatever served it, the service worker's
fetches and the dedicated worker's included. Counting bytes on the wire (headers + encoded body)
is what "bytes transferred" means; a response served from a browser cache costs nothing here.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager


class CountingProxy:
    def __init__(self, backend_port: int, port: int) -> None:
        self.backend_port = backend_port
        self.port = port
        self.down = 0  # bytes server → browser
        self.up = 0  # bytes browser → server
        self.last_activity = time.monotonic()
        self._loop = asyncio.new_event_loop()
        self._server: asyncio.Server | None = None
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True, name="bench-proxy")

    def reset(self) -> None:
        self.down = 0
        self.up = 0
        self.last_activity = time.monotonic()

    def wait_idle(self, quiet: float = 1.5, timeout: float = 120.0) -> None:
        """Return once no byte has moved for `quiet` seconds (or after `timeout`)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if time.monotonic() - self.last_activity >= quiet:
                return
            time.sleep(0.1)

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, *, downstream: bool) -> None:
        try:
            while data := await reader.read(65536):
                if downstream:
                    self.down += len(data)
                else:
                    self.up += len(data)
                self.last_activity = time.monotonic()
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            with contextlib.suppress(Exception):
                writer.close()

    async def _handle(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        try:
            server_r, server_w = await asyncio.open_connection("127.0.0.1", self.backend_port)
        except OSError:
            client_w.close()
            return
        await asyncio.gather(
            self._pipe(client_r, server_w, downstream=False),
            self._pipe(server_r, client_w, downstream=True),
        )

    async def _start(self) -> None:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", self.port)

    def start(self) -> None:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(10)

    def stop(self) -> None:
        async def close() -> None:
            if self._server is not None:
                self._server.close()

        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(close(), self._loop).result(5)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)


@contextmanager
def counting_proxy(backend_port: int, port: int) -> Iterator[CountingProxy]:
    proxy = CountingProxy(backend_port, port)
    proxy.start()
    try:
        yield proxy
    finally:
        proxy.stop()
