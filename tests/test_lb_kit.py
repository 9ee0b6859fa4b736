"""course.lb_kit: seeded requests and keys, probes with outages, the replay loop, key placement."""

from __future__ import annotations

import itertools
import subprocess
import sys
from collections import Counter

import pytest

from course.lb_kit import (
    Backend,
    Request,
    imbalance,
    loads,
    modulo_lookup,
    probe_rounds,
    replay,
    request_stream,
    sample_keys,
)


def test_request_stream_is_seeded_and_ordered():
    stream = request_stream(500, rate_per_s=200, seed=3)
    assert stream == request_stream(500, rate_per_s=200, seed=3)
    assert stream != request_stream(500, rate_per_s=200, seed=4)
    assert [r.id for r in stream] == list(range(500))
    assert all(a.arrival_ms <= b.arrival_ms for a, b in itertools.pairwise(stream))
    assert {r.work for r in stream} <= {1, 2, 3, 4}


def test_request_stream_arrives_at_roughly_the_asked_rate():
    stream = request_stream(5_000, rate_per_s=500)
    assert 9_000 <= stream[-1].arrival_ms <= 11_000  # 5 000 requests at 500/s is about 10 s


@pytest.mark.parametrize(("n", "rate"), [(-1, 10.0), (10, 0.0), (10, -3.0)])
def test_request_stream_rejects_bad_arguments(n, rate):
    with pytest.raises(ValueError):
        request_stream(n, rate_per_s=rate)


def test_backend_rejects_zero_weight_latency_or_bad_flake_rate():
    for bad in ({"weight": 0}, {"latency_ms": 0}, {"flake_rate": 1.5}):
        with pytest.raises(ValueError):
            Backend("x", **bad)


def test_probe_fails_exactly_inside_outages_without_flakes():
    backend = Backend("a", outages=((10, 20), (30, 31)))
    failed = [t for t in range(40) if not backend.probe(t)]
    assert failed == [*range(10, 20), 30]
    assert [t for t in range(40) if backend.down_at(t)] == failed


def test_flaky_probes_fail_at_about_the_flake_rate_and_are_deterministic():
    backend = Backend("b", flake_rate=0.3, seed=5)
    outcomes = [backend.probe(t) for t in range(2_000)]
    assert 0.25 < outcomes.count(False) / 2_000 < 0.35
    assert outcomes == [Backend("b", flake_rate=0.3, seed=5).probe(t) for t in range(2_000)]
    assert outcomes != [Backend("b", flake_rate=0.3, seed=6).probe(t) for t in range(2_000)]


def test_flaky_probes_are_the_same_in_another_process():
    code = ("from course.lb_kit import Backend;"
            "print(''.join('1' if Backend('b', flake_rate=0.3, seed=5).probe(t) else '0'"
            " for t in range(200)))")
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True, env={"PYTHONHASHSEED": "123", "PATH": ""}, cwd=".")
    backend = Backend("b", flake_rate=0.3, seed=5)
    here = "".join("1" if backend.probe(t) else "0" for t in range(200))
    assert other.stdout.strip() == here


def test_probe_rounds_has_one_dict_per_second():
    rounds = probe_rounds([Backend("a"), Backend("b", outages=((1, 2),))], 3)
    assert rounds == [{"a": True, "b": True}, {"a": True, "b": False}, {"a": True, "b": True}]


def test_replay_releases_each_request_after_its_latency():
    backends = [Backend("a", latency_ms=10)]
    requests = [Request(0, 0, 1), Request(1, 5, 1), Request(2, 10, 2), Request(3, 12, 1)]
    events = []
    result = replay(requests, backends, lambda: events.append("acquire") or "a",
                    lambda name: events.append(f"release {name}"))
    # request 0 finishes at 10: released before request 2 arrives at 10, not before request 1;
    # request 1 finishes at 15, after request 3 arrives at 12: released only at the end.
    assert events == ["acquire", "acquire", "release a", "acquire", "acquire",
                      "release a", "release a", "release a"]
    assert result.picks == ["a"] * 4
    assert result.served == Counter(a=4)
    assert result.peak_active["a"] == 3
    assert result.share("a") == 1.0


def test_replay_releases_every_request_by_the_end():
    active = Counter()
    names = itertools.cycle("abc")

    def acquire():
        name = next(names)
        active[name] += 1
        return name

    def release(name):
        active[name] -= 1

    backends = [Backend(n, latency_ms=30) for n in "abc"]
    result = replay(request_stream(300), backends, acquire, release)
    assert set(active.values()) == {0}
    assert result.served == Counter(a=100, b=100, c=100)


def test_replay_rejects_an_unknown_backend():
    with pytest.raises(ValueError, match="nope"):
        replay([Request(0, 0, 1)], [Backend("a")], lambda: "nope", lambda name: None)


def test_sample_keys_are_distinct_seeded_and_look_like_user_keys():
    keys = sample_keys(1_000)
    assert len(set(keys)) == 1_000
    assert keys == sample_keys(1_000) != sample_keys(1_000, seed=2)
    assert all(k.startswith("user:") for k in keys)


def test_modulo_lookup_moves_most_keys_when_a_node_joins():
    keys = sample_keys(5_000)
    before, after = modulo_lookup(["a", "b", "c", "d"]), modulo_lookup(["a", "b", "c", "d", "e"])
    moved = sum(before(k) != after(k) for k in keys) / len(keys)
    assert 0.7 < moved < 0.9
    assert imbalance(loads(before, keys), "abcd") < 1.2


def test_modulo_lookup_needs_a_node():
    with pytest.raises(ValueError):
        modulo_lookup([])


def test_imbalance_is_max_over_min_and_infinite_for_an_idle_node():
    assert imbalance(Counter(a=30, b=10), ["a", "b"]) == 3.0
    assert imbalance(Counter(a=30), ["a", "b"]) == float("inf")
