"""Rate limiters replayed over seeded traffic: allowed vs rejected requests over time."""

from __future__ import annotations

import math
import random
from collections import deque
from dataclasses import dataclass
from typing import Protocol

import ipywidgets as widgets

LIMITERS = ("token bucket", "sliding log", "fixed window")
PATTERNS = ("steady", "bursty", "boundary")


class Limiter(Protocol):
    def allow(self, now: float) -> bool:
        """True if a request arriving at `now` (seconds, never decreasing) is let through."""
        ...


class TokenBucket:
    """`capacity` tokens, refilled continuously at `refill_per_s`; a request takes one."""

    def __init__(self, capacity: float, refill_per_s: float) -> None:
        if capacity <= 0 or refill_per_s <= 0:
            raise ValueError("need capacity > 0 and refill_per_s > 0")
        self.capacity, self.refill_per_s = float(capacity), float(refill_per_s)
        self.tokens = float(capacity)
        self.last: float | None = None

    def allow(self, now: float) -> bool:
        if self.last is not None:
            self.tokens = min(self.capacity, self.tokens + (now - self.last) * self.refill_per_s)
        self.last = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


class SlidingLog:
    """At most `limit` allowed requests in any window (now - window_s, now]."""

    def __init__(self, limit: int, window_s: float) -> None:
        if limit < 0 or window_s <= 0:
            raise ValueError("need limit >= 0 and window_s > 0")
        self.limit, self.window_s = limit, window_s
        self.log: deque[float] = deque()

    def allow(self, now: float) -> bool:
        while self.log and self.log[0] <= now - self.window_s:
            self.log.popleft()
        if len(self.log) < self.limit:
            self.log.append(now)
            return True
        return False


class FixedWindow:
    """At most `limit` requests per calendar window [k * window_s, (k + 1) * window_s)."""

    def __init__(self, limit: int, window_s: float) -> None:
        if limit < 0 or window_s <= 0:
            raise ValueError("need limit >= 0 and window_s > 0")
        self.limit, self.window_s = limit, window_s
        self.window, self.count = -1, 0

    def allow(self, now: float) -> bool:
        window = int(now // self.window_s)
        if window != self.window:
            self.window, self.count = window, 0
        if self.count < self.limit:
            self.count += 1
            return True
        return False


def make_limiter(kind: str, limit: int, window_s: float) -> Limiter:
    """One of LIMITERS allowing `limit` requests per `window_s` (a bucket of `limit` tokens)."""
    if kind == "token bucket":
        return TokenBucket(limit, limit / window_s)
    if kind == "sliding log":
        return SlidingLog(limit, window_s)
    if kind == "fixed window":
        return FixedWindow(limit, window_s)
    raise ValueError(f"unknown limiter {kind!r}; choose one of {LIMITERS}")


def arrivals(pattern: str, duration_s: float = 180.0, seed: int = 7) -> list[float]:
    """Sorted request times in [0, duration_s) for one of PATTERNS, the same for a given seed.

    steady: Poisson at 2 requests/s. bursty: 1/s plus 80 requests within 2 s every 60 s from
    t = 25. boundary: 0.5/s plus 90 requests in the 2 s before and 90 in the 2 s after each
    minute boundary, the traffic that lets a fixed window pass twice its limit.
    """
    if pattern not in PATTERNS:
        raise ValueError(f"unknown traffic pattern {pattern!r}; choose one of {PATTERNS}")
    rng = random.Random(seed)
    base = {"steady": 2.0, "bursty": 1.0, "boundary": 0.5}[pattern]
    times: list[float] = []
    t = rng.expovariate(base)
    while t < duration_s:
        times.append(t)
        t += rng.expovariate(base)
    if pattern == "bursty":
        for start in range(25, int(duration_s), 60):
            times += [start + rng.uniform(0, 2) for _ in range(80)]
    elif pattern == "boundary":
        for edge in range(60, int(duration_s), 60):
            times += [edge - rng.uniform(0, 2) for _ in range(90)]
            times += [edge + rng.uniform(0, 2) for _ in range(90)]
    return sorted(x for x in times if 0 <= x < duration_s)


def simulate(limiter: Limiter, times: list[float]) -> list[bool]:
    """The limiter's decision for each request, in order."""
    return [limiter.allow(now) for now in times]


@dataclass(frozen=True)
class Timeline:
    bin_s: float
    allowed: tuple[int, ...]  # allowed requests per bin
    rejected: tuple[int, ...]


def timeline(times: list[float], decisions: list[bool], duration_s: float,
             bin_s: float = 5.0) -> Timeline:
    """Allowed and rejected requests counted in bins of `bin_s` seconds over [0, duration_s)."""
    if len(times) != len(decisions):
        raise ValueError("one decision per request")
    bins = math.ceil(duration_s / bin_s)
    allowed, rejected = [0] * bins, [0] * bins
    for now, ok in zip(times, decisions, strict=True):
        index = min(int(now // bin_s), bins - 1)
        (allowed if ok else rejected)[index] += 1
    return Timeline(bin_s, tuple(allowed), tuple(rejected))


def busiest_window(times: list[float], decisions: list[bool], window_s: float) -> int:
    """The most allowed requests inside any window (t - window_s, t]: the load a backend sees."""
    passed = sorted(t for t, ok in zip(times, decisions, strict=True) if ok)
    best, first = 0, 0
    for last, now in enumerate(passed):
        while passed[first] <= now - window_s:
            first += 1
        best = max(best, last - first + 1)
    return best


def svg(tl: Timeline, width: int = 540, height: int = 160) -> str:
    """Stacked bars: allowed (green) under rejected (red), one bar per bin."""
    bins = len(tl.allowed)
    peak = max([a + r for a, r in zip(tl.allowed, tl.rejected, strict=True)] + [1])
    bar = width / max(bins, 1)
    parts = [f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}'>"]
    for i, (ok, no) in enumerate(zip(tl.allowed, tl.rejected, strict=True)):
        x, h_ok, h_no = i * bar, height * ok / peak, height * no / peak
        parts.append(f"<rect x='{x:.1f}' y='{height - h_ok:.1f}' width='{bar - 1:.1f}' "
                     f"height='{h_ok:.1f}' fill='#2a7'><title>{ok} allowed</title></rect>")
        parts.append(f"<rect x='{x:.1f}' y='{height - h_ok - h_no:.1f}' width='{bar - 1:.1f}' "
                     f"height='{h_no:.1f}' fill='#d33'><title>{no} rejected</title></rect>")
    parts.append("</svg>")
    return "".join(parts)


def describe(kind: str, pattern: str, limit: int, window_s: float = 60.0,
             duration_s: float = 180.0, bin_s: float = 5.0) -> str:
    """The widget's read-out as HTML: the chart, the totals and the busiest window."""
    times = arrivals(pattern, duration_s)
    decisions = simulate(make_limiter(kind, limit, window_s), times)
    tl = timeline(times, decisions, duration_s, bin_s)
    busiest = busiest_window(times, decisions, window_s)
    return (
        f"<div style='font-family:monospace'>{svg(tl)}<br>"
        f"{kind} · {pattern} traffic · limit {limit} per {window_s:g} s · bars of {bin_s:g} s"
        f"<br><b>{sum(tl.allowed)}</b> allowed · <b>{sum(tl.rejected)}</b> rejected of "
        f"{len(times)} requests · busiest {window_s:g} s: <b>{busiest}</b> allowed</div>"
    )


def rate_limit_plot() -> widgets.VBox:
    """Pick a limiter, a traffic pattern and a limit; the chart redraws as they change."""
    kind = widgets.Dropdown(options=LIMITERS, value="fixed window", description="limiter")
    pattern = widgets.Dropdown(options=PATTERNS, value="boundary", description="traffic")
    limit = widgets.IntSlider(value=100, min=10, max=200, step=10, description="limit / 60 s")
    readout = widgets.HTML()

    def update(_change: object = None) -> None:
        readout.value = describe(kind.value, pattern.value, limit.value)

    for control in (kind, pattern, limit):
        control.observe(update, names="value")
    update()
    return widgets.VBox([kind, pattern, limit, readout])
