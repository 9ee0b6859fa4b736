"""course.complexity: counted keys, counting sequences, growth ratios and peak memory."""

from __future__ import annotations

import bisect
import heapq
from collections import OrderedDict

import pytest

from course.complexity import (
    BudgetExceeded,
    Counted,
    CountingSequence,
    OpCounter,
    count_ops,
    counted,
    growth_ratio,
    peak_memory,
)


def test_counted_keys_count_each_hash_and_comparison():
    counter = OpCounter()
    a, b = Counted(1, counter), Counted(2, counter)
    hash(a)
    assert counter.count == 1
    assert (a == b) is False
    assert (a < b) is True
    assert (a <= b) is True
    assert (a > b) is False
    assert (a >= b) is False
    assert counter.count == 6


def test_counted_keys_with_equal_values_are_equal_and_hash_alike():
    counter = OpCounter()
    assert Counted("x", counter) == Counted("x", counter)
    assert hash(Counted("x", counter)) == hash(Counted("x", counter))
    assert Counted("x", counter) != "x"  # only another Counted is equal
    assert {Counted("x", counter): 1}[Counted("x", counter)] == 1


def test_list_membership_counts_grow_with_the_list_but_set_membership_does_not():
    counter = OpCounter()
    keys = counted(range(1_000), counter)
    probe = Counted(999, counter)
    probe in keys  # noqa: B015 - the comparisons are the point
    assert counter.count >= 999
    lookup = set(keys)
    counter.reset()
    probe in lookup  # noqa: B015
    assert counter.count <= 3


def test_counter_raises_past_its_limit():
    counter = OpCounter(limit=5)
    for _ in range(5):
        counter.tick()
    with pytest.raises(BudgetExceeded):
        counter.tick()


def test_counter_without_limit_never_raises():
    counter = OpCounter()
    counter.tick(10**9)
    assert counter.count == 10**9


def test_counting_sequence_counts_index_slice_and_iteration_reads():
    seq = CountingSequence(list("abcdefgh"))
    assert seq[0] == "a"
    assert seq[2:5] == ["c", "d", "e"]
    assert type(seq[2:5]) is list
    assert list(seq) == list("abcdefgh")
    assert seq.reads == 1 + 3 + 3 + 8
    assert len(seq) == 8


def test_counting_sequence_works_with_bisect_and_shows_logarithmic_reads():
    seq = CountingSequence(range(0, 200_000, 2))
    assert bisect.bisect_left(seq, 777) == 389
    assert seq.reads <= 18


def test_counting_sequence_copies_its_items():
    items = [1, 2, 3]
    seq = CountingSequence(items)
    items.append(4)
    assert len(seq) == 3


def test_count_ops_returns_what_the_run_counted():
    assert count_ops(lambda counter: counter.tick(7)) == 7


def test_growth_ratio_tells_constant_linear_and_quadratic_apart():
    def constant(n, counter):
        counter.tick(3)

    def linear(n, counter):
        counter.tick(2 * n)

    def quadratic(n, counter):
        counter.tick(n * n)

    assert growth_ratio(constant, 10) == 1.0
    assert growth_ratio(linear, 10) == 16.0
    assert growth_ratio(quadratic, 10) == 256.0
    assert growth_ratio(linear, 10, factor=4) == 4.0


def test_growth_ratio_stops_a_run_past_max_ratio():
    calls = []

    def quadratic(n, counter):
        calls.append(n)
        for _ in range(n * n):
            counter.tick()

    with pytest.raises(BudgetExceeded):
        growth_ratio(quadratic, 20, max_ratio=40)
    assert calls == [20, 320]


def test_growth_ratio_refuses_a_run_that_counts_nothing():
    with pytest.raises(ValueError, match="counted no operations"):
        growth_ratio(lambda n, counter: None, 10)


def test_growth_ratio_of_real_structures_dict_vs_list_lookups():
    def list_lookups(n, counter):
        keys = counted(range(n), counter)
        for probe in counted(range(0, n, max(1, n // 10)), counter):
            probe in keys  # noqa: B015

    def dict_lookups(n, counter):
        table = OrderedDict.fromkeys(counted(range(n), counter))
        counter.reset()
        for probe in counted(range(10), counter):
            probe in table  # noqa: B015

    assert growth_ratio(list_lookups, 100) > 8
    assert growth_ratio(dict_lookups, 100) == 1.0


def test_peak_memory_sees_a_list_and_not_a_running_heap():
    def keep_all():
        return sorted(range(100_000))

    def keep_ten():
        return heapq.nlargest(10, iter(range(100_000)))

    result, big = peak_memory(keep_all)
    assert len(result) == 100_000
    assert big > 800_000
    result, small = peak_memory(keep_ten)
    assert result == list(range(99_999, 99_989, -1))
    assert small < 10_000
