"""Make complexity visible: count the operations an algorithm performs, never the seconds."""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar, overload

T = TypeVar("T")


class BudgetExceeded(RuntimeError):
    """Raised by an OpCounter that passed its limit: the algorithm does far too much work."""


class OpCounter:
    """Counts operations; with a `limit`, raises BudgetExceeded once the count passes it."""

    def __init__(self, limit: int | None = None) -> None:
        self.count = 0
        self.limit = limit

    def tick(self, amount: int = 1) -> None:
        self.count += amount
        if self.limit is not None and self.count > self.limit:
            raise BudgetExceeded(f"more than {self.limit:,} counted operations")

    def reset(self) -> None:
        self.count = 0

    def __repr__(self) -> str:
        return f"OpCounter(count={self.count}, limit={self.limit})"


class Counted:
    """A key that counts every hash and comparison made on it (equal to Counted(same value)).

    Dicts and sets call `__hash__` (and `__eq__` on a match); lists call `__eq__` item by item;
    sorting and heaps call `__lt__`. Counting them shows how much work a data structure does.
    """

    __slots__ = ("counter", "value")

    def __init__(self, value: Any, counter: OpCounter) -> None:
        self.value = value
        self.counter = counter

    def __hash__(self) -> int:
        self.counter.tick()
        return hash(self.value)

    def __eq__(self, other: object) -> bool:
        self.counter.tick()
        return isinstance(other, Counted) and self.value == other.value

    def __lt__(self, other: Counted) -> bool:
        self.counter.tick()
        return self.value < other.value

    def __le__(self, other: Counted) -> bool:
        self.counter.tick()
        return self.value <= other.value

    def __gt__(self, other: Counted) -> bool:
        self.counter.tick()
        return self.value > other.value

    def __ge__(self, other: Counted) -> bool:
        self.counter.tick()
        return self.value >= other.value

    def __repr__(self) -> str:
        return f"Counted({self.value!r})"


def counted(values: Iterable[Any], counter: OpCounter) -> list[Counted]:
    """Each value wrapped in a fresh Counted sharing `counter`."""
    return [Counted(value, counter) for value in values]


class CountingSequence(Sequence[T]):
    """A read-only list that counts the items read from it (`reads`): by index, slice or loop."""

    def __init__(self, items: Sequence[T]) -> None:
        self._items = list(items)
        self.reads = 0

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> list[T]: ...
    def __getitem__(self, index: int | slice) -> T | list[T]:
        if isinstance(index, slice):
            chunk = self._items[index]
            self.reads += len(chunk)
            return chunk
        item = self._items[index]
        self.reads += 1
        return item

    def __iter__(self) -> Iterator[T]:
        for item in self._items:
            self.reads += 1
            yield item

    def __repr__(self) -> str:
        return f"CountingSequence({len(self._items)} items, reads={self.reads})"


def count_ops(run: Callable[[OpCounter], object], limit: int | None = None) -> int:
    """How many operations `run(counter)` counts (BudgetExceeded past `limit`)."""
    counter = OpCounter(limit)
    run(counter)
    return counter.count


def growth_ratio(run: Callable[[int, OpCounter], object], n: int, factor: int = 16,
                 max_ratio: float | None = None) -> float:
    """ops(factor * n) / ops(n) for `run(size, counter)`: ~1 constant, ~factor linear,
    ~factor**2 quadratic. With `max_ratio`, the big run stops (BudgetExceeded) past that ratio.
    """
    small = count_ops(lambda counter: run(n, counter))
    if small == 0:
        raise ValueError(f"run({n}, counter) counted no operations: nothing to compare")
    limit = None if max_ratio is None else int(small * max_ratio) + 1
    big = count_ops(lambda counter: run(factor * n, counter), limit)
    return big / small


def peak_memory(call: Callable[[], T]) -> tuple[T, int]:
    """(call(), the peak bytes allocated while it ran above what was allocated before)."""
    started = not tracemalloc.is_tracing()
    if started:
        tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        before, _ = tracemalloc.get_traced_memory()
        result = call()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        if started:
            tracemalloc.stop()
    return result, max(0, peak - before)
