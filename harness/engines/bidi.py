"""A minimal WebDriver BiDi client: Firefox speaks the protocol itself, so no geckodriver is needed.

Firefox is started with ``--remote-debugging-port``; it prints the WebSocket address it listens on,
and a ``session.new`` over ``ws://…/session`` gives the session. Commands are JSON messages with
an id; answers carry the same id, events none (they are kept for whoever asked to subscribe).
Only what the engine tests use is here: the protocol itself is at w3c.github.io/webdriver-bidi.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import threading
from dataclasses import dataclass, field
from typing import Any

import websocket  # websocket-client, a dependency of selenium


class BidiError(RuntimeError):
    """An error answer from the browser: its error code and message."""


@dataclass
class _Waiter:
    event: threading.Event = field(default_factory=threading.Event)
    answer: dict[str, Any] | None = None


class BidiConnection:
    """One WebSocket to the browser; commands are sent from any thread and wait for their answer."""

    def __init__(self, url: str, timeout: float = 30.0) -> None:
        self._ws = websocket.create_connection(url, timeout=timeout, suppress_origin=True)
        self._ws.settimeout(None)
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._waiting: dict[int, _Waiter] = {}
        self.events: list[dict[str, Any]] = []
        self._closed = False
        self._reader = threading.Thread(target=self._read, name="bidi-reader", daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while not self._closed:
            try:
                text = self._ws.recv()
            except (websocket.WebSocketException, OSError):
                break
            if not text:
                continue
            message = json.loads(text)
            if "id" in message and message["id"] is not None:
                with self._lock:
                    waiter = self._waiting.pop(int(message["id"]), None)
                if waiter:
                    waiter.answer = message
                    waiter.event.set()
            elif message.get("type") == "event":
                self.events.append(message)
        self._closed = True
        with self._lock:
            waiters = list(self._waiting.values())
            self._waiting.clear()
        for waiter in waiters:
            waiter.event.set()  # answer None: the connection is gone

    def send(self, method: str, params: dict[str, Any] | None = None, timeout: float = 120.0) -> dict[str, Any]:
        """Send a command and return its result; raises BidiError on an error answer."""
        command_id = next(self._ids)
        waiter = _Waiter()
        with self._lock:
            if self._closed:
                raise BidiError(f"{method}: the connection to the browser is closed")
            self._waiting[command_id] = waiter
        self._ws.send(json.dumps({"id": command_id, "method": method, "params": params or {}}))
        if not waiter.event.wait(timeout):
            with self._lock:
                self._waiting.pop(command_id, None)
            raise BidiError(f"{method}: no answer within {timeout:.0f} s")
        answer = waiter.answer
        if answer is None:
            raise BidiError(f"{method}: the connection to the browser closed")
        if answer.get("type") == "error":
            raise BidiError(f"{method}: {answer.get('error')}: {answer.get('message')}")
        result: dict[str, Any] = answer.get("result") or {}
        return result

    def close(self) -> None:
        self._closed = True
        with contextlib.suppress(websocket.WebSocketException, OSError):
            self._ws.close()
