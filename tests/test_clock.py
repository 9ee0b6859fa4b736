"""course.clock: the wall clock, and a manual clock that only moves forward when told to."""

from __future__ import annotations

import datetime
import threading
import time

import pytest

from course.clock import ManualClock, SystemClock

START_2026 = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC).timestamp()


def test_system_clock_follows_time_time():
    before = time.time()
    now = SystemClock().now()
    after = time.time()
    assert type(now) is float
    assert before <= now <= after


def test_system_clock_moves_with_real_time():
    clock = SystemClock()
    first = clock.now()
    time.sleep(0.02)
    assert clock.now() - first >= 0.015


def test_manual_clock_starts_at_2026_01_01_utc_by_default():
    assert ManualClock().now() == START_2026 == 1_767_225_600.0


def test_manual_clock_start_is_stored_as_float():
    clock = ManualClock(100)
    assert clock.now() == 100.0
    assert type(clock.now()) is float


def test_manual_clock_does_not_move_by_itself():
    clock = ManualClock(50.0)
    time.sleep(0.01)
    assert clock.now() == 50.0


def test_advance_moves_forward_and_returns_the_new_time():
    clock = ManualClock(1000.0)
    assert clock.advance(2.5) == 1002.5
    assert clock.advance(0.5) == 1003.0
    assert clock.now() == 1003.0


def test_advance_by_zero_is_allowed():
    clock = ManualClock(10.0)
    assert clock.advance(0) == 10.0


def test_advance_backwards_raises_and_leaves_the_clock_unchanged():
    clock = ManualClock(1000.0)
    with pytest.raises(ValueError, match="backwards"):
        clock.advance(-0.001)
    assert clock.now() == 1000.0


def test_set_moves_to_a_later_timestamp():
    clock = ManualClock(1000.0)
    clock.set(1234)
    assert clock.now() == 1234.0
    assert type(clock.now()) is float


def test_set_to_the_current_time_is_allowed():
    clock = ManualClock(1000.0)
    clock.set(1000.0)
    assert clock.now() == 1000.0


def test_set_backwards_raises_and_leaves_the_clock_unchanged():
    clock = ManualClock(1000.0)
    clock.advance(10)
    with pytest.raises(ValueError, match="backwards"):
        clock.set(1005.0)
    with pytest.raises(ValueError, match="backwards"):
        clock.set(1009.999)
    assert clock.now() == 1010.0


def test_repr_shows_the_current_time():
    clock = ManualClock(5.0)
    clock.advance(1)
    assert repr(clock) == "ManualClock(now=6.0)"
    assert repr(SystemClock()) == "SystemClock()"


class YieldingSecond(float):
    """1.0 that gives up the GIL in the middle of `now += seconds`, to widen any race window."""

    def __radd__(self, other):
        time.sleep(0)
        return float(other) + float(self)


def test_concurrent_advances_from_many_threads_all_count():
    n_threads, per_thread = 8, 400
    clock = ManualClock(0.0)
    barrier = threading.Barrier(n_threads)
    returned: list[list[float]] = [[] for _ in range(n_threads)]
    step = YieldingSecond(1.0)

    def worker(index: int) -> None:
        barrier.wait()
        for _ in range(per_thread):
            returned[index].append(clock.advance(step))

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n_threads)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    total = n_threads * per_thread
    assert clock.now() == float(total)
    assert type(clock.now()) is float
    # Each advance saw a distinct moment: no two threads read the same "now" mid-update.
    seen = sorted(t for values in returned for t in values)
    assert seen == [float(i) for i in range(1, total + 1)]
