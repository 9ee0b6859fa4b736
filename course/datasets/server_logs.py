"""A web server's access log, request keys and user ids (seeded, deterministic)."""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Iterator
from typing import NamedTuple

from course.datasets.catalogue import zipf_keys

START = datetime.datetime(2026, 1, 1, 9, 0, tzinfo=datetime.UTC)
_START_S = int(START.timestamp())
TIMESTAMP_WIDTH = 24  # '2026-01-01T09:00:00.000Z': fixed width, so text order is time order
# (method, path, weight, median duration in ms)
ENDPOINTS: tuple[tuple[str, str, int, int], ...] = (
    ("GET", "/api/products", 40, 18),
    ("GET", "/api/cart", 15, 12),
    ("GET", "/api/search", 15, 60),
    ("POST", "/api/orders", 8, 90),
    ("POST", "/api/login", 7, 35),
    ("GET", "/healthz", 15, 2),
)
_STATUSES = (200, 200, 200, 200, 200, 200, 200, 200, 304, 404, 500)


class LogRecord(NamedTuple):
    """One request as the access log records it."""

    ts: str  # ISO 8601 UTC with milliseconds, e.g. '2026-01-01T09:00:00.125Z'
    method: str
    path: str
    status: int
    duration_ms: int
    request_id: str  # 'req-0000001', 'req-0000002', ...: grows with time


def timestamp(ms: int) -> str:
    """The timestamp `ms` milliseconds after START: timestamp(1500) -> '...T09:00:01.500Z'."""
    seconds, millis = divmod(ms, 1000)
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(_START_S + seconds)) + f".{millis:03d}Z"


def format_line(record: LogRecord) -> str:
    """'2026-01-01T09:00:00.125Z GET /api/cart 200 12ms req-0000001'."""
    return (f"{record.ts} {record.method} {record.path} {record.status} "
            f"{record.duration_ms}ms {record.request_id}")


def parse_line(line: str) -> LogRecord:
    """The LogRecord that format_line wrote as `line`."""
    ts, method, path, status, duration, request_id = line.split(" ")
    return LogRecord(ts, method, path, int(status), int(duration.removesuffix("ms")), request_id)


def request_stream(n: int, seed: int = 2026) -> Iterator[LogRecord]:
    """`n` requests in time order, generated one at a time (the stream is never held in memory).

    About a quarter arrive in the same millisecond as the one before (timestamps repeat);
    durations are log-normal around each endpoint's median, in whole milliseconds (they tie).
    """
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    rng = random.Random(seed)
    weights = [weight for _, _, weight, _ in ENDPOINTS]
    ms = 0
    for i in range(1, n + 1):
        if rng.random() >= 0.25:
            ms += rng.randrange(1, 30)
        method, path, _, median = rng.choices(ENDPOINTS, weights)[0]
        duration = max(1, int(rng.lognormvariate(0, 0.9) * median))
        yield LogRecord(timestamp(ms), method, path, rng.choice(_STATUSES), duration,
                        f"req-{i:07d}")


def log_lines(n: int = 50_000, seed: int = 2026) -> list[str]:
    """The first `n` requests of request_stream(n, seed) as log lines, sorted by timestamp."""
    return [format_line(record) for record in request_stream(n, seed)]


def request_keys(n_requests: int, n_keys: int, skew: float = 1.0, seed: int = 7) -> list[str]:
    """Skewed cache keys 'session:1' ... 'session:<n_keys>' (Zipf: a few are hot)."""
    return [f"session:{key}" for key in zipf_keys(n_requests, n_keys, skew, seed)]


def usernames(n: int, seed: int = 11) -> list[str]:
    """`n` distinct usernames such as 'kite-yb3k9q', in a seeded random order."""
    rng = random.Random(seed)
    words = ("kite", "otter", "maple", "quartz", "ember", "fjord", "lumen", "pixel")
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
    names: dict[str, None] = {}
    while len(names) < n:
        names[f"{rng.choice(words)}-{''.join(rng.choices(alphabet, k=6))}"] = None
    return list(names)


def user_logs(n: int, seed: int = 5) -> tuple[list[str], list[str]]:
    """Two logs of `n` user ids each (web, mobile), with repeats; about a third of the
    users seen on the web also appear on mobile. Sizes scale with `n`, so does the overlap."""
    rng = random.Random(seed)
    population = max(1, n // 2)
    web = [f"u{rng.randrange(0, population):06d}" for _ in range(n)]
    mobile = [f"u{rng.randrange(population * 2 // 3, population * 5 // 3):06d}"
              for _ in range(n)]
    return web, mobile
