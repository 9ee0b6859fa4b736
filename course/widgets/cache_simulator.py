"""A cache simulator: capacity, TTL and traffic skew in, hit ratio out."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

import ipywidgets as widgets

from course.datasets.catalogue import zipf_keys


@dataclass(frozen=True)
class CacheSimulation:
    requests: int
    hits: int
    misses: int
    expirations: int  # misses on a key that was cached but whose TTL had run out
    evictions: int  # keys pushed out by LRU because the cache was full

    @property
    def hit_ratio(self) -> float:
        return self.hits / self.requests if self.requests else 0.0


def simulate_cache(capacity: int, ttl_s: float, skew: float, *, n_requests: int = 20_000,
                   n_keys: int = 5_000, requests_per_s: float = 200.0,
                   seed: int = 7) -> CacheSimulation:
    """Replay Zipf-skewed traffic through an LRU cache of `capacity` keys with a TTL.

    Request i arrives at i / requests_per_s seconds; a miss loads the key and caches it for
    `ttl_s` seconds, evicting the least recently used key when the cache is full.
    """
    if capacity < 0 or ttl_s < 0 or requests_per_s <= 0:
        raise ValueError("need capacity >= 0, ttl_s >= 0 and requests_per_s > 0")
    cache: OrderedDict[int, float] = OrderedDict()  # key -> expires at
    hits = misses = expirations = evictions = 0
    for i, key in enumerate(zipf_keys(n_requests, n_keys, skew, seed)):
        now = i / requests_per_s
        expires_at = cache.get(key)
        if expires_at is not None and expires_at > now:
            hits += 1
            cache.move_to_end(key)
            continue
        misses += 1
        if expires_at is not None:
            expirations += 1
            del cache[key]
        if capacity == 0 or ttl_s == 0:
            continue
        if len(cache) >= capacity:
            cache.popitem(last=False)
            evictions += 1
        cache[key] = now + ttl_s
    return CacheSimulation(n_requests, hits, misses, expirations, evictions)


def describe(result: CacheSimulation) -> str:
    """The simulator's read-out as HTML: the hit ratio as a bar, then the counts."""
    percent = 100 * result.hit_ratio
    return (
        f"<div style='font-family:monospace'>"
        f"<div style='background:#eee;width:300px'><div style='background:#2a7;"
        f"width:{3 * percent:.0f}px'>&nbsp;</div></div>"
        f"hit ratio <b>{percent:.1f}%</b> · {result.hits} hits · {result.misses} misses "
        f"({result.expirations} expired) · {result.evictions} evictions "
        f"of {result.requests} requests</div>"
    )


def cache_simulator(n_requests: int = 20_000, n_keys: int = 5_000) -> widgets.VBox:
    """Sliders for capacity, TTL and skew; the read-out updates as they move."""
    capacity = widgets.IntSlider(value=500, min=0, max=n_keys, step=50, description="capacity")
    ttl = widgets.FloatSlider(value=10.0, min=0.0, max=120.0, step=1.0, description="TTL (s)")
    skew = widgets.FloatSlider(value=1.0, min=0.0, max=2.0, step=0.1, description="skew")
    readout = widgets.HTML()

    def update(_change: object = None) -> None:
        result = simulate_cache(capacity.value, ttl.value, skew.value,
                                n_requests=n_requests, n_keys=n_keys)
        readout.value = describe(result)

    for slider in (capacity, ttl, skew):
        slider.observe(update, names="value")
    update()
    return widgets.VBox([capacity, ttl, skew, readout])
