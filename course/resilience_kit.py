"""Instrumented fakes for the async-resilience notebook: a scripted service, sleep, heartbeat."""

from __future__ import annotations

import asyncio
import hashlib
import random
import threading
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

from course.checks import CheckFailure

HANG = "<hang>"  # a scripted outcome: the call never answers on its own (only a cancel ends it)
HASH_ITERATIONS = 40_000  # PBKDF2 rounds of slow_hash: ~10 ms of CPU per password


class TransientError(Exception):
    """A failure worth retrying: a 503, a reset connection, a leader election in progress."""


class PermanentError(Exception):
    """A failure that retrying cannot fix: a 400, a 404, a declined card."""


class CircuitOpenError(Exception):
    """Raised by a circuit breaker that refuses a call without making it."""


class FakeService:
    """A stand-in for a remote dependency, instrumented.

    `await service(key)` yields to the event loop `steps` times (as a network call would, so
    concurrent calls overlap) and answers `respond(key)`. `script` gives, per key, the outcome
    of its 1st, 2nd, ... call: `HANG` (wait until cancelled), an exception (raised) or a value
    (returned); calls past the end of a key's script answer normally. Setting `fail_with` to an
    exception makes every call raise it. The service records the keys called (`calls`), the
    calls running now (`in_flight`), the most at once (`max_in_flight`) and cancellations.
    """

    def __init__(self, respond: Callable[[Any], Any] | Mapping[Any, Any] | None = None, *,
                 script: Mapping[Any, Sequence[Any]] | None = None,
                 steps: int | Mapping[Any, int] = 3,
                 fail_with: BaseException | None = None) -> None:
        if respond is None:
            self._respond: Callable[[Any], Any] = lambda key: f"ok:{key}"
        elif isinstance(respond, Mapping):
            self._respond = dict(respond).__getitem__
        else:
            self._respond = respond
        self._script = {key: list(outcomes) for key, outcomes in (script or {}).items()}
        self._steps = steps
        self.fail_with = fail_with
        self.calls: list[Any] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.cancelled = 0

    def attempts(self, key: Any = None) -> int:
        """How many times `key` has been called."""
        return Counter(self.calls)[key]

    def _outcome(self, key: Any, attempt: int) -> Any:
        if self.fail_with is not None:
            return self.fail_with
        outcomes = self._script.get(key, [])
        return outcomes[attempt - 1] if attempt <= len(outcomes) else self._respond(key)

    async def __call__(self, key: Any = None) -> Any:
        self.calls.append(key)
        outcome = self._outcome(key, self.attempts(key))
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            steps = self._steps if isinstance(self._steps, int) else self._steps.get(key, 3)
            for _ in range(steps):
                await asyncio.sleep(0)
            if isinstance(outcome, str) and outcome == HANG:
                await asyncio.Event().wait()
            if isinstance(outcome, BaseException) or (
                    isinstance(outcome, type) and issubclass(outcome, BaseException)):
                raise outcome
            return outcome
        except asyncio.CancelledError:
            self.cancelled += 1
            raise
        finally:
            self.in_flight -= 1

    def __repr__(self) -> str:
        return (f"FakeService(calls={len(self.calls)}, in_flight={self.in_flight}, "
                f"max_in_flight={self.max_in_flight}, cancelled={self.cancelled})")


class FakeSleep:
    """An async sleep that records the delays asked for and returns at once (one loop turn)."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)
        await asyncio.sleep(0)

    def __repr__(self) -> str:
        return f"FakeSleep(delays={self.delays})"


def jitter_rng(seed: int = 2026) -> random.Random:
    """A seeded random generator: the same jitter on every run, for everyone."""
    return random.Random(seed)


async def outcome(awaitable: Awaitable[Any]) -> tuple[str, Any]:
    """('ok', value) when `awaitable` returns, ('raised', 'ErrorName') when it raises."""
    try:
        return ("ok", await awaitable)
    except Exception as error:
        return ("raised", type(error).__name__)


async def must_finish(awaitable: Awaitable[Any], seconds: float, what: str) -> Any:
    """Await `awaitable`, but fail the check instead of hanging when it runs past `seconds`."""
    task = asyncio.ensure_future(awaitable)
    done, _ = await asyncio.wait({task}, timeout=seconds)
    if not done:
        task.cancel()
        await asyncio.wait({task}, timeout=1.0)
        raise CheckFailure(f"{what} did not return within {seconds} s")
    return task.result()


def slow_hash(password: str, salt: bytes) -> str:
    """PBKDF2-SHA256 of `password` as hex: CPU-bound, and it releases the GIL while it works."""
    return hashlib.pbkdf2_hmac("sha256", password.encode(), salt, HASH_ITERATIONS).hex()


class Heartbeat:
    """A coroutine that ticks every `interval` seconds while the event loop is free to run it.

    `async with Heartbeat() as beat:` starts it; `beat.ticks` counts the ticks so far.
    `beat.watch(fn)` wraps a function so each of its calls records, in `beat.windows`, how many
    ticks happened while it ran (0: the event loop may have been blocked for the whole call),
    and counts in `beat.on_loop_thread` the calls that ran on the event loop's own thread.
    """

    def __init__(self, interval: float = 0.001) -> None:
        self.interval = interval
        self.ticks = 0
        self.windows: list[int] = []
        self.on_loop_thread = 0
        self._loop_thread: int | None = None
        self._task: asyncio.Task | None = None
        self._lock = threading.Lock()

    async def _beat(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            self.ticks += 1

    async def __aenter__(self) -> Heartbeat:
        self._loop_thread = threading.get_ident()
        self._task = asyncio.ensure_future(self._beat())
        await asyncio.sleep(0)  # the heartbeat is running before the work starts
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.wait({self._task})

    def watch(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        def watched(*args: Any) -> Any:
            before = self.ticks
            try:
                return fn(*args)
            finally:
                with self._lock:
                    self.windows.append(self.ticks - before)
                    self.on_loop_thread += threading.get_ident() == self._loop_thread
        return watched

    def __repr__(self) -> str:
        return (f"Heartbeat(ticks={self.ticks}, windows={self.windows}, "
                f"on_loop_thread={self.on_loop_thread})")


def one_shot(items: Iterable[Any]) -> Iterator[Any]:
    """A one-shot generator over `items`, as a database cursor or a file yields rows."""
    yield from items
