"""Unit tests for course.streams_kit: seeded data, the handler double and the crashing client."""

from __future__ import annotations

import json

import fakeredis
import pytest

from course.streams_kit import (
    Crash,
    Handler,
    crashing_client,
    event_of,
    message_fields,
    order_event,
    order_events,
    sample_orders,
)


@pytest.fixture
def r() -> fakeredis.FakeRedis:
    return fakeredis.FakeRedis(server=fakeredis.FakeServer(), decode_responses=True)


def test_order_events_are_seeded_and_number_each_customers_events_from_one():
    events = order_events(50, customers=4, seed=3)
    assert events == order_events(50, customers=4, seed=3)
    assert events != order_events(50, customers=4, seed=4)
    assert len({e["event_id"] for e in events}) == 50
    for customer in {e["customer"] for e in events}:
        seqs = [e["seq"] for e in events if e["customer"] == customer]
        assert seqs == list(range(1, len(seqs) + 1))


def test_message_fields_key_by_customer_and_round_trip_through_event_of():
    event = order_events(1)[0]
    fields = message_fields(event)
    assert fields["key"] == event["customer"]
    assert json.loads(fields["value"]) == event
    assert event_of(fields) == event


def test_sample_orders_are_seeded_and_order_event_derives_a_stable_id():
    orders = sample_orders(5)
    assert orders == sample_orders(5)
    assert all(1 <= o["qty"] <= 3 and o["amount_cents"] > 0 for o in orders)
    event = order_event(orders[0])
    assert event["event_id"] == f"evt-{orders[0]['order_id']}"
    assert event["type"] == "order_placed" and event["sku"] == orders[0]["sku"]


def test_handler_crashes_on_the_given_call_and_records_only_successes():
    events = order_events(4)
    handler = Handler(crash_at_call=3)
    handler(events[0])
    handler(events[1])
    with pytest.raises(Crash):
        handler(events[2])
    handler(events[3])
    assert handler.handled == [events[0]["event_id"], events[1]["event_id"], events[3]["event_id"]]


def test_handler_fails_an_event_the_given_number_of_times_then_succeeds():
    event = order_events(1)[0]
    handler = Handler(failures={event["event_id"]: 2})
    for _ in range(2):
        with pytest.raises(Crash):
            handler(event)
    handler(event)
    assert handler.calls[event["event_id"]] == 3
    assert handler.handled == [event["event_id"]]


def test_crashing_client_before_a_round_trip_never_sends_it(r):
    client = crashing_client(r, before=2)
    assert client.set("a", "1") is True
    with pytest.raises(Crash):
        client.set("b", "1")
    assert r.get("a") == "1" and r.get("b") is None


def test_crashing_client_after_a_round_trip_runs_it_but_loses_the_reply(r):
    client = crashing_client(r, after=1)
    with pytest.raises(Crash):
        client.incr("n")
    assert r.get("n") == "1"


def test_crashing_client_counts_a_pipeline_as_one_round_trip(r):
    client = crashing_client(r, before=2)
    with client.pipeline() as pipe:
        pipe.incr("n")
        pipe.incr("n")
        pipe.execute()
    assert r.get("n") == "2"
    with pytest.raises(Crash):
        client.incr("n")


def test_crashing_client_without_a_crash_point_behaves_like_the_client(r):
    client = crashing_client(r)
    client.xadd("s", {"k": "v"})
    assert [fields for _, fields in r.xrange("s")] == [{"k": "v"}]
