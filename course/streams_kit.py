"""Seeded order events and fault injection for the event-driven streams notebook."""

from __future__ import annotations

import json
import random
import threading
from collections import Counter
from typing import Any

import redis

SKUS: tuple[str, ...] = ("kettle", "toaster", "blender", "grinder", "mixer")


class Crash(Exception):
    """The process died here: raised by fault-injecting clients and handlers."""


def order_events(n: int = 200, customers: int = 12, seed: int = 7) -> list[dict[str, Any]]:
    """`n` seeded order events; `seq` counts each customer's events from 1, in time order."""
    rng = random.Random(seed)
    per_customer: Counter[str] = Counter()
    events = []
    for i in range(1, n + 1):
        customer = f"cust-{rng.randrange(customers):03d}"
        per_customer[customer] += 1
        events.append({
            "event_id": f"evt-{seed}-{i:05d}",
            "type": "order_placed",
            "customer": customer,
            "seq": per_customer[customer],
            "amount_cents": rng.randrange(100, 20_000),
        })
    return events


def message_fields(event: dict[str, Any]) -> dict[str, str]:
    """A stream entry for an event, Kafka-style: the partition key and the JSON value."""
    return {"key": str(event["customer"]), "value": json.dumps(event, sort_keys=True)}


def event_of(fields: dict[str, str]) -> dict[str, Any]:
    """The event carried by a stream entry's fields (the inverse of message_fields)."""
    return json.loads(fields["value"])


def sample_orders(n: int = 20, seed: int = 11) -> list[dict[str, Any]]:
    """`n` seeded orders, each for 1-3 units of one SKU."""
    rng = random.Random(seed)
    orders = []
    for i in range(1, n + 1):
        qty = rng.randint(1, 3)
        orders.append({
            "order_id": f"ord-{seed}-{i:04d}",
            "customer": f"cust-{rng.randrange(12):03d}",
            "sku": rng.choice(SKUS),
            "qty": qty,
            "amount_cents": qty * rng.randrange(500, 9_000),
        })
    return orders


def order_event(order: dict[str, Any]) -> dict[str, Any]:
    """The OrderPlaced event of an order; its id is derived from the order id."""
    return {"event_id": f"evt-{order['order_id']}", "type": "order_placed", **order}


class Handler:
    """A message handler that records what it processed and fails on demand.

    `crash_at_call=n` raises Crash on the n-th call (a consumer dying mid-batch);
    `failures={event_id: k}` raises Crash on the first k calls for that event (a poison
    message when k is large). `handled` lists event ids handled successfully, in order.
    """

    def __init__(self, crash_at_call: int | None = None,
                 failures: dict[str, int] | None = None) -> None:
        self.crash_at_call = crash_at_call
        self.failures = dict(failures or {})
        self.calls: Counter[str] = Counter()
        self.handled: list[str] = []
        self._lock = threading.Lock()

    def __call__(self, event: dict[str, Any]) -> None:
        with self._lock:
            event_id = str(event["event_id"])
            self.calls[event_id] += 1
            if self.crash_at_call is not None and sum(self.calls.values()) == self.crash_at_call:
                raise Crash(f"consumer crashed while handling {event_id}")
            if self.calls[event_id] <= self.failures.get(event_id, 0):
                raise Crash(f"handler failed on {event_id}")
            self.handled.append(event_id)


class _Budget:
    """Counts round trips shared by every connection of one crashing client."""

    def __init__(self, before: int | None, after: int | None) -> None:
        self.before, self.after, self.sent = before, after, 0
        self.lock = threading.Lock()

    def on_send(self) -> bool:
        """Count one round trip; raise before it when due; True when its reply must crash."""
        with self.lock:
            if self.before is not None and self.sent + 1 >= self.before:
                raise Crash(f"crashed before round trip {self.sent + 1}")
            self.sent += 1
            return self.after is not None and self.sent == self.after


def crashing_client(r: redis.Redis, *, before: int | None = None,
                    after: int | None = None) -> redis.Redis:
    """A client of the same server as `r` whose process "dies" at one point, raising Crash.

    `before=k`: the k-th round trip (and every later one) is never sent.
    `after=k`: the k-th round trip reaches the server and runs; the reply is never read.
    A pipeline or a MULTI/EXEC block is one round trip; the connection handshake is not counted.
    """
    budget = _Budget(before, after)
    pool = r.connection_pool
    base = pool.connection_class

    class CrashingConnection(base):  # type: ignore[misc, valid-type]
        _handshake = 0  # > 0 while connecting: the client's own handshake is not counted
        _crash_on_reply = False

        def connect(self, *args: Any, **kwargs: Any) -> Any:
            self._handshake += 1
            try:
                return super().connect(*args, **kwargs)
            finally:
                self._handshake -= 1

        def connect_check_health(self, *args: Any, **kwargs: Any) -> Any:
            self._handshake += 1
            try:
                return super().connect_check_health(*args, **kwargs)
            finally:
                self._handshake -= 1

        def send_packed_command(self, command: Any, check_health: bool = True) -> None:
            if not self._handshake:
                self._crash_on_reply = budget.on_send()
            super().send_packed_command(command, check_health)

        def read_response(self, *args: Any, **kwargs: Any) -> Any:
            response = super().read_response(*args, **kwargs)
            if self._crash_on_reply and not self._handshake:
                self._crash_on_reply = False
                raise Crash("crashed before reading the reply")
            return response

    new_pool = redis.ConnectionPool(connection_class=CrashingConnection,
                                    **pool.connection_kwargs)
    return redis.Redis(connection_pool=new_pool)
