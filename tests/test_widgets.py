"""course.widgets.cache_simulator: the LRU+TTL simulation, its read-out, and the widget."""

from __future__ import annotations

import itertools
import re

import ipywidgets as widgets
import pytest

from course.datasets import zipf_keys
from course.widgets import CacheSimulation, cache_simulator, simulate_cache
from course.widgets.cache_simulator import describe

NO_EXPIRY = 1e12  # a TTL longer than any simulated run


def small(capacity, ttl_s, skew, **kwargs):
    kwargs.setdefault("n_requests", 5_000)
    kwargs.setdefault("n_keys", 1_000)
    return simulate_cache(capacity, ttl_s, skew, **kwargs)


# --- simulate_cache ------------------------------------------------------------------------


@pytest.mark.parametrize(("capacity", "ttl_s", "skew"),
                         [(0, 10, 1.0), (50, 1, 0.5), (500, 10, 1.0), (5_000, 3, 1.5)])
def test_hits_plus_misses_equals_requests(capacity, ttl_s, skew):
    result = simulate_cache(capacity, ttl_s, skew, n_requests=8_000)
    assert result.requests == 8_000
    assert result.hits + result.misses == result.requests
    assert result.expirations <= result.misses
    assert result.evictions <= result.misses


def test_hit_ratio_is_hits_over_requests():
    result = small(100, 10, 1.0)
    assert result.hits > 0
    assert result.hit_ratio == result.hits / result.requests


def test_no_requests_gives_a_hit_ratio_of_zero():
    result = simulate_cache(100, 10, 1.0, n_requests=0)
    assert result == CacheSimulation(0, 0, 0, 0, 0)
    assert result.hit_ratio == 0.0


@pytest.mark.parametrize(("capacity", "ttl_s"), [(0, 10.0), (0, NO_EXPIRY), (500, 0), (500, 0.0)])
def test_zero_capacity_or_zero_ttl_never_hits(capacity, ttl_s):
    result = small(capacity, ttl_s, 1.2)
    assert result.hits == 0
    assert result.hit_ratio == 0.0
    assert result.misses == result.requests
    assert result.evictions == 0


def test_more_capacity_never_lowers_the_hit_ratio_for_plain_lru():
    ratios = [small(capacity, NO_EXPIRY, 1.0).hit_ratio
              for capacity in (0, 1, 10, 50, 100, 300, 1_000, 2_000)]
    assert ratios == sorted(ratios)
    assert ratios[0] < ratios[-1]


def test_more_capacity_never_lowers_the_hit_ratio_with_the_default_ttl():
    ratios = [simulate_cache(capacity, 10.0, 1.0).hit_ratio
              for capacity in (0, 50, 500, 2_000, 5_000)]
    assert ratios == sorted(ratios)
    assert ratios[0] < ratios[-1]


def test_higher_skew_raises_the_hit_ratio():
    ratios = [small(100, 30.0, skew).hit_ratio for skew in (0.0, 0.5, 1.0, 1.5, 2.0)]
    assert ratios == sorted(ratios)
    assert ratios[-1] - ratios[0] > 0.5


def test_a_cache_holding_every_key_only_misses_each_key_once():
    keys = zipf_keys(5_000, 200, 1.0)
    result = simulate_cache(200, NO_EXPIRY, 1.0, n_requests=5_000, n_keys=200)
    assert result.misses == len(set(keys))
    assert result.evictions == 0
    assert result.expirations == 0


def test_capacity_one_hits_only_on_a_repeated_key():
    keys = zipf_keys(3_000, 5, 1.0)
    repeats = sum(1 for previous, key in itertools.pairwise(keys) if previous == key)
    result = simulate_cache(1, NO_EXPIRY, 1.0, n_requests=3_000, n_keys=5)
    assert result.hits == repeats
    assert result.evictions == result.misses - 1  # every miss but the first pushes a key out


def test_eviction_is_least_recently_used_not_first_in():
    keys = zipf_keys(4_000, 20, 1.0)
    recent: list[int] = []  # most recently used last; a plain-list LRU as the oracle
    hits = evictions = 0
    for key in keys:
        if key in recent:
            hits += 1
            recent.remove(key)
        elif len(recent) == 4:
            recent.pop(0)
            evictions += 1
        recent.append(key)
    result = simulate_cache(4, NO_EXPIRY, 1.0, n_requests=4_000, n_keys=20)
    assert (result.hits, result.evictions) == (hits, evictions)


def test_ttl_expirations_are_counted_exactly():
    # One key, one request per second, TTL 2.5 s: miss at t=0, hits at 1 and 2, then the entry
    # (expiring at 2.5) has expired at t=3, and so on: misses at 0, 3, 6.
    result = simulate_cache(10, 2.5, 0.0, n_requests=7, n_keys=1, requests_per_s=1.0)
    assert result == CacheSimulation(requests=7, hits=4, misses=3, expirations=2, evictions=0)


def test_an_entry_is_expired_at_exactly_its_ttl():
    # TTL 2 s: the entry stored at t=0 is gone at t=2 (expiry is "expires_at > now").
    result = simulate_cache(10, 2.0, 0.0, n_requests=6, n_keys=1, requests_per_s=1.0)
    assert (result.hits, result.misses, result.expirations) == (3, 3, 2)


def test_short_ttl_with_a_large_cache_turns_misses_into_expirations():
    result = simulate_cache(5_000, 1.0, 1.0)
    assert result.evictions == 0
    assert result.expirations > 0
    long_ttl = simulate_cache(5_000, NO_EXPIRY, 1.0)
    assert long_ttl.expirations == 0
    assert long_ttl.hit_ratio > result.hit_ratio


def test_simulation_is_deterministic():
    assert simulate_cache(300, 10, 1.1) == simulate_cache(300, 10, 1.1)


def test_seed_changes_the_traffic():
    assert small(100, 10, 1.0, seed=1) != small(100, 10, 1.0, seed=2)


def test_faster_traffic_means_more_hits_for_the_same_ttl():
    slow = small(1_000, 5.0, 1.0, requests_per_s=10.0)
    fast = small(1_000, 5.0, 1.0, requests_per_s=1_000.0)
    assert fast.hit_ratio > slow.hit_ratio


@pytest.mark.parametrize(
    ("capacity", "ttl_s", "skew", "kwargs"),
    [(-1, 10, 1.0, {}), (10, -0.5, 1.0, {}), (10, 10, 1.0, {"requests_per_s": 0}),
     (10, 10, 1.0, {"requests_per_s": -5.0}), (10, 10, -1.0, {}), (10, 10, 1.0, {"n_keys": 0})],
)
def test_invalid_arguments_raise_value_error(capacity, ttl_s, skew, kwargs):
    with pytest.raises(ValueError):
        simulate_cache(capacity, ttl_s, skew, **kwargs)


# --- describe ------------------------------------------------------------------------------


def test_describe_shows_the_percentage_and_the_counts():
    result = CacheSimulation(requests=2_000, hits=1_234, misses=766, expirations=12, evictions=5)
    html = describe(result)
    assert "61.7%" in html
    assert "1234 hits" in html
    assert "766 misses" in html
    assert "(12 expired)" in html
    assert "5 evictions" in html
    assert "of 2000 requests" in html


def test_describe_bar_width_follows_the_hit_ratio():
    assert "width:150px" in describe(CacheSimulation(10, 5, 5, 0, 0))
    assert "width:0px" in describe(CacheSimulation(10, 0, 10, 0, 0))
    assert "width:300px'><div" in describe(CacheSimulation(10, 10, 0, 0, 0))


def test_describe_of_zero_requests_says_zero_percent():
    assert "0.0%" in describe(CacheSimulation(0, 0, 0, 0, 0))


# --- cache_simulator widget ----------------------------------------------------------------


def readout_percent(html: str) -> float:
    match = re.search(r"hit ratio <b>([0-9.]+)%</b>", html)
    assert match, html
    return float(match.group(1))


@pytest.fixture
def simulator():
    return cache_simulator(n_requests=3_000, n_keys=500)


def test_cache_simulator_is_a_vbox_of_three_sliders_and_a_readout(simulator):
    assert isinstance(simulator, widgets.VBox)
    capacity, ttl, skew, readout = simulator.children
    assert isinstance(capacity, widgets.IntSlider)
    assert isinstance(ttl, widgets.FloatSlider)
    assert isinstance(skew, widgets.FloatSlider)
    assert isinstance(readout, widgets.HTML)
    assert capacity.max == 500  # bounded by n_keys


def test_readout_starts_filled_with_the_default_simulation(simulator):
    capacity, ttl, skew, readout = simulator.children
    expected = simulate_cache(capacity.value, ttl.value, skew.value, n_requests=3_000, n_keys=500)
    assert readout.value == describe(expected)


def test_readout_changes_when_capacity_moves_to_zero(simulator):
    capacity, _, _, readout = simulator.children
    assert readout_percent(readout.value) > 0
    capacity.value = 0
    assert readout_percent(readout.value) == 0.0


def test_readout_changes_when_ttl_moves_to_zero(simulator):
    _, ttl, _, readout = simulator.children
    assert readout_percent(readout.value) > 0
    ttl.value = 0.0
    assert readout_percent(readout.value) == 0.0


def test_readout_tracks_skew(simulator):
    capacity, ttl, skew, readout = simulator.children
    skew.value = 0.0
    flat = readout_percent(readout.value)
    skew.value = 2.0
    steep = readout_percent(readout.value)
    assert steep > flat
    expected = simulate_cache(capacity.value, ttl.value, 2.0, n_requests=3_000, n_keys=500)
    assert readout.value == describe(expected)
