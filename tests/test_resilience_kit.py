"""course.resilience_kit: scripted fake services, a recording sleep, seeded jitter, a heartbeat."""

from __future__ import annotations

import asyncio
import threading

import pytest

from course.checks import CheckFailure
from course.resilience_kit import (
    HANG,
    FakeService,
    FakeSleep,
    Heartbeat,
    PermanentError,
    TransientError,
    jitter_rng,
    must_finish,
    one_shot,
    outcome,
    slow_hash,
)


def test_service_answers_by_key_with_a_default_and_a_mapping():
    async def main():
        return await FakeService()("a"), await FakeService({"kettle": 2499})("kettle")

    assert asyncio.run(main()) == ("ok:a", 2499)


def test_script_gives_the_outcome_of_each_attempt_of_a_key_then_answers_normally():
    service = FakeService(script={"k": [TransientError("503"), PermanentError("400"), "early"]})

    async def main():
        return [await outcome(service("k")) for _ in range(4)] + [await outcome(service("j"))]

    assert asyncio.run(main()) == [("raised", "TransientError"), ("raised", "PermanentError"),
                                   ("ok", "early"), ("ok", "ok:k"), ("ok", "ok:j")]
    assert service.attempts("k") == 4 and service.attempts("j") == 1
    assert service.calls == ["k"] * 4 + ["j"]


def test_fail_with_makes_every_call_raise_until_it_is_cleared():
    service = FakeService(fail_with=TransientError("down"))

    async def main():
        first = await outcome(service("x"))
        service.fail_with = None
        return first, await outcome(service("x"))

    assert asyncio.run(main()) == (("raised", "TransientError"), ("ok", "ok:x"))


def test_max_in_flight_counts_overlapping_calls_and_steps_set_who_finishes_first():
    service = FakeService(steps={"slow": 20, "fast": 1})
    finished: list[str] = []

    async def call(key):
        finished.append(await service(key))

    async def main():
        await asyncio.gather(call("slow"), call("fast"), call("other"))

    asyncio.run(main())
    assert service.max_in_flight == 3 and service.in_flight == 0
    assert finished == ["ok:fast", "ok:other", "ok:slow"]


def test_a_hanging_call_waits_until_cancelled_and_is_counted():
    service = FakeService(script={"h": [HANG]})

    async def main():
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(service("h"), 0.05)
        return await service("h")

    assert asyncio.run(main()) == "ok:h"
    assert service.cancelled == 1 and service.in_flight == 0


def test_fake_sleep_records_delays_without_waiting():
    sleep = FakeSleep()

    async def main():
        loop = asyncio.get_running_loop()
        started = loop.time()
        await sleep(100.0)
        await sleep(0.5)
        return loop.time() - started

    assert asyncio.run(main()) < 1.0
    assert sleep.delays == [100.0, 0.5]


def test_jitter_rng_repeats_for_a_seed_and_differs_between_seeds():
    first, again = jitter_rng(7), jitter_rng(7)
    assert [first.uniform(0, 1) for _ in range(3)] == [again.uniform(0, 1) for _ in range(3)]
    assert jitter_rng(7).random() != jitter_rng(8).random()


def test_outcome_reports_a_value_or_the_error_class_name():
    async def boom():
        raise PermanentError("no")

    async def fine():
        return 3

    assert asyncio.run(outcome(fine())) == ("ok", 3)
    assert asyncio.run(outcome(boom())) == ("raised", "PermanentError")


def test_must_finish_returns_in_time_and_fails_a_check_instead_of_hanging():
    async def forever():
        await asyncio.Event().wait()

    async def quick():
        return "done"

    assert asyncio.run(must_finish(quick(), 1.0, "quick")) == "done"
    with pytest.raises(CheckFailure, match=r"forever did not return within 0\.05 s"):
        asyncio.run(must_finish(forever(), 0.05, "forever"))


def test_slow_hash_is_pbkdf2_and_depends_on_password_and_salt():
    assert len(slow_hash("pw", b"salt")) == 64
    assert slow_hash("pw", b"salt") == slow_hash("pw", b"salt")
    assert slow_hash("pw", b"salt") != slow_hash("pw", b"pepper") != slow_hash("pw2", b"pepper")


def test_heartbeat_sees_a_blocked_loop_as_zero_ticks_on_the_loop_thread():
    async def main():
        async with Heartbeat() as beat:
            [beat.watch(slow_hash)(p, b"s") for p in "abc"]
        return beat

    beat = asyncio.run(main())
    assert beat.windows == [0, 0, 0] and beat.on_loop_thread == 3


def test_heartbeat_keeps_ticking_while_a_thread_does_the_work():
    released = threading.Event()

    def work() -> str:  # runs until the heartbeat has ticked, proving the loop ran meanwhile
        released.wait(2.0)
        return "done"

    async def main():
        async with Heartbeat() as beat:
            job = asyncio.ensure_future(asyncio.to_thread(beat.watch(work)))
            while beat.ticks < 3:
                await asyncio.sleep(0.001)
            released.set()
            await job
        return beat

    beat = asyncio.run(main())
    assert beat.on_loop_thread == 0 and beat.windows[0] >= 3


def test_one_shot_can_be_read_only_once():
    rows = one_shot([1, 2])
    assert list(rows) == [1, 2] and list(rows) == []
