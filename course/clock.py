"""A controllable clock: the code's notion of "now", deterministic in tests and exercises.

Exercises take a clock instead of calling time.time(), so the values they write (timestamps,
sorted-set scores, ARGV given to Lua) are the same on fakeredis and on a real server. Expiry
inside the server is never driven by this clock: it is tested with short real TTLs.
"""

from __future__ import annotations

import threading
import time
from typing import Protocol


class Clock(Protocol):
    def now(self) -> float:
        """Seconds since the Unix epoch."""
        ...


class SystemClock:
    """The wall clock."""

    def now(self) -> float:
        return time.time()

    def __repr__(self) -> str:
        return "SystemClock()"


class ManualClock:
    """A clock that moves only when told to; safe to share between threads."""

    def __init__(self, start: float = 1_767_225_600.0) -> None:  # 2026-01-01T00:00:00Z
        self._now = float(start)
        self._lock = threading.Lock()

    def now(self) -> float:
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> float:
        if seconds < 0:
            raise ValueError(f"a clock cannot go backwards (advance by {seconds})")
        with self._lock:
            self._now += seconds
            return self._now

    def set(self, timestamp: float) -> None:
        with self._lock:
            if timestamp < self._now:
                raise ValueError(f"a clock cannot go backwards ({timestamp} < {self._now})")
            self._now = float(timestamp)

    def __repr__(self) -> str:
        return f"ManualClock(now={self._now})"
