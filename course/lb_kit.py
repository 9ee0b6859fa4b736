"""Simulated backends for load balancing: latency, health probes, seeded requests and keys."""

from __future__ import annotations

import heapq
import random
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Backend:
    """One upstream server as the load balancer sees it.

    `latency_ms` is how long a request of work 1 holds a connection open; `outages` are
    [start, end) seconds during which every health probe fails; outside them a probe fails
    with probability `flake_rate` (deterministically, from `seed`, the name and the second).
    """

    name: str
    weight: int = 1
    latency_ms: int = 20
    outages: tuple[tuple[int, int], ...] = ()
    flake_rate: float = 0.0
    seed: int = 0

    def __post_init__(self) -> None:
        if self.weight < 1 or self.latency_ms < 1 or not 0.0 <= self.flake_rate <= 1.0:
            raise ValueError(f"{self.name}: need weight >= 1, latency_ms >= 1 and "
                             "0 <= flake_rate <= 1")

    def down_at(self, second: int) -> bool:
        """True while the backend is inside one of its outages (the ground truth)."""
        return any(start <= second < end for start, end in self.outages)

    def probe(self, second: int) -> bool:
        """The health check sent at `second`: True when it succeeds."""
        if self.down_at(second):
            return False
        if self.flake_rate == 0.0:
            return True
        return random.Random(f"{self.seed}:{self.name}:{second}").random() >= self.flake_rate


def probe_rounds(backends: Sequence[Backend], seconds: int) -> list[dict[str, bool]]:
    """One health-check round per second: [{name: probe succeeded}, ...] for 0 .. seconds-1."""
    return [{b.name: b.probe(t) for b in backends} for t in range(seconds)]


@dataclass(frozen=True)
class Request:
    """One request: when it arrives (ms from the start) and how much work it is (1 = typical)."""

    id: int
    arrival_ms: int
    work: int


def request_stream(n: int, rate_per_s: float = 500.0, seed: int = 7) -> list[Request]:
    """`n` requests with Poisson arrivals at `rate_per_s`; work is 1 mostly, up to 4 rarely."""
    if n < 0 or rate_per_s <= 0:
        raise ValueError("need n >= 0 and rate_per_s > 0")
    rng = random.Random(seed)
    clock, stream = 0.0, []
    for i in range(n):
        clock += rng.expovariate(rate_per_s / 1000.0)
        stream.append(Request(i, int(clock), rng.choice((1, 1, 1, 1, 1, 2, 2, 3, 4))))
    return stream


@dataclass
class Replay:
    """What happened when a request stream was replayed through a balancer."""

    picks: list[str] = field(default_factory=list)  # the backend of each request, in order
    served: Counter[str] = field(default_factory=Counter)  # requests per backend
    peak_active: Counter[str] = field(default_factory=Counter)  # most open connections at once

    def share(self, name: str) -> float:
        """The fraction of all requests that `name` served."""
        return self.served[name] / len(self.picks) if self.picks else 0.0


def replay(requests: Iterable[Request], backends: Sequence[Backend],
           acquire: Callable[[], str], release: Callable[[str], None]) -> Replay:
    """Send each request to `acquire()`'s choice; call `release(name)` when it completes.

    A request to backend b completes `b.latency_ms * request.work` ms after it arrives.
    Completions due at or before an arrival are released first, earliest first.
    """
    by_name = {b.name: b for b in backends}
    in_flight: list[tuple[int, int, str]] = []  # (finishes at ms, request id, backend)
    active: Counter[str] = Counter()
    result = Replay()
    for request in requests:
        while in_flight and in_flight[0][0] <= request.arrival_ms:
            _, _, done = heapq.heappop(in_flight)
            active[done] -= 1
            release(done)
        name = acquire()
        if name not in by_name:
            raise ValueError(f"acquire() returned {name!r}, not one of {sorted(by_name)}")
        finish = request.arrival_ms + by_name[name].latency_ms * request.work
        heapq.heappush(in_flight, (finish, request.id, name))
        active[name] += 1
        result.picks.append(name)
        result.served[name] += 1
        result.peak_active[name] = max(result.peak_active[name], active[name])
    while in_flight:
        _, _, done = heapq.heappop(in_flight)
        release(done)
    return result


def sample_keys(n: int, seed: int = 1) -> list[str]:
    """`n` distinct cache keys such as 'user:48213907', the same for everyone."""
    rng = random.Random(seed)
    keys: dict[str, None] = {}
    while len(keys) < n:
        keys[f"user:{rng.randrange(10**8)}"] = None
    return list(keys)


def modulo_lookup(nodes: Sequence[str]) -> Callable[[str], str]:
    """Classic `hash(key) % len(nodes)` placement (with a stable CRC-32), for comparison."""
    frozen = tuple(nodes)
    if not frozen:
        raise ValueError("need at least one node")
    return lambda key: frozen[zlib.crc32(key.encode("utf-8")) % len(frozen)]


def loads(lookup: Callable[[str], str], keys: Iterable[str]) -> Counter[str]:
    """How many of `keys` each node owns under `lookup`."""
    return Counter(lookup(key) for key in keys)


def imbalance(counts: Counter[str], nodes: Iterable[str]) -> float:
    """max/min keys per node over `nodes` (a node owning nothing makes it infinite)."""
    per_node = [counts.get(node, 0) for node in nodes]
    return float("inf") if min(per_node) == 0 else max(per_node) / min(per_node)
