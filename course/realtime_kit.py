"""Helpers for the real-time and search notebook: WebSocket talk, raw vectors, a slow service."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterable
from typing import Any

import numpy as np
from starlette.websockets import WebSocketDisconnect

from course.embeddings import DIM, embed, words

TIMEOUT = 1.0  # seconds: a test waits this long for a WebSocket message, then gives up
INTERNAL_ERROR = 1011  # the close code a server sends when its handler crashes (RFC 6455)
SLOW_SECONDS = 2.0  # how long a slow item of SlowInventory takes: longer than a page can wait


def next_message(session: Any, timeout: float = TIMEOUT) -> Any:
    """The next message a TestClient WebSocket session receives: parsed JSON for text, the close
    code (an int) for a close, and INTERNAL_ERROR when the server's handler crashed.

    Raises TimeoutError when nothing arrives within `timeout` seconds, where
    `session.receive_json()` would wait forever. (The wait runs `session.receive()` in a daemon
    thread: only the session's public API is used.)
    """
    box: list[tuple[str, Any]] = []

    def receive() -> None:
        try:
            box.append(("message", session.receive()))
        except BaseException as error:  # the handler raised, so the app closed its streams
            box.append(("crash", error))

    reader = threading.Thread(target=receive, name="next_message", daemon=True)
    reader.start()
    reader.join(timeout)
    if not box:
        raise TimeoutError(f"no WebSocket message within {timeout} s")
    kind, message = box[0]
    if kind == "crash":
        return INTERNAL_ERROR
    if message["type"] == "websocket.close":
        return int(message.get("code", 1000))
    text = message.get("text")
    if text is None:
        text = message["bytes"].decode("utf-8")
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text


def converse(client: Any, path: str, messages: Iterable[Any], timeout: float = TIMEOUT) -> list:
    """Connect to the WebSocket at `path`, send each message (a str as is, anything else as
    JSON) and wait for one reply to it; return the replies.

    A reply is parsed JSON, or the close code (an int) when the server closes the connection,
    which ends the conversation; a crash of the handler counts as INTERNAL_ERROR (1011), as a
    real server would send, and no reply within `timeout` seconds as the string 'no reply'.
    """
    replies: list[Any] = []
    phase = "connecting"
    try:
        with client.websocket_connect(path) as session:
            phase = "talking"
            for message in messages:
                session.send_text(message if isinstance(message, str) else json.dumps(message))
                try:
                    reply = next_message(session, timeout)
                except TimeoutError:
                    reply = "no reply"
                replies.append(reply)
                if reply == "no reply" or isinstance(reply, int):
                    break
            phase = "leaving"
    except WebSocketDisconnect as refused:
        if phase == "connecting":  # closed before it accepted the connection
            replies.append(int(refused.code))
    except Exception:
        if phase == "connecting":  # the handler crashed before it accepted
            replies.append(INTERNAL_ERROR)
    # Whatever the handler does once the client has left (even raising) the client never sees.
    return replies


def raw_embeddings(texts: Iterable[str]) -> np.ndarray:
    """Vectors as an embedding model that does not normalise returns them: float32 rows of shape
    (n, DIM) pointing where `embed` points, with a length that grows with the number of words
    (a text of 10 words has length 1.0, one of 20 words length 2.0)."""
    rows = [embed(text) * np.float32(max(len(words(text)), 1) / 10) for text in texts]
    return np.vstack(rows).astype(np.float32) if rows else np.zeros((0, DIM), dtype=np.float32)


class SlowInventory:
    """A stand-in for a remote inventory service, instrumented.

    `await get_stock(sku)` yields to the event loop `steps` times (as a network call would), so
    concurrent calls overlap; a sku listed in `slow` takes SLOW_SECONDS instead. It records every
    call (`calls`), the calls running right now (`in_flight`) and the most at once
    (`max_in_flight`), and how many calls were cancelled (`cancelled`).
    """

    def __init__(self, stock: dict[str, int], *, slow: Iterable[str] = (),
                 steps: dict[str, int] | None = None, default_steps: int = 3) -> None:
        self._stock = dict(stock)
        self.slow = frozenset(slow)
        self._steps = dict(steps or {})
        self._default_steps = default_steps
        self.calls: list[str] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.cancelled = 0

    async def get_stock(self, sku: str) -> int:
        """Units in stock of `sku`; KeyError for a sku the service does not know."""
        self.calls.append(sku)
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            if sku in self.slow:
                await asyncio.sleep(SLOW_SECONDS)
            for _ in range(self._steps.get(sku, self._default_steps)):
                await asyncio.sleep(0)
            return self._stock[sku]
        except asyncio.CancelledError:
            self.cancelled += 1
            raise
        finally:
            self.in_flight -= 1

    def __repr__(self) -> str:
        return (f"SlowInventory({len(self._stock)} skus, slow={sorted(self.slow)}, "
                f"calls={len(self.calls)}, max_in_flight={self.max_in_flight})")
