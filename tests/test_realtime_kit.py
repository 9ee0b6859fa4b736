"""course.realtime_kit: WebSocket conversations that never hang, raw vectors, a slow service."""

from __future__ import annotations

import asyncio
import time
import warnings

import numpy as np
import pytest
from fastapi import FastAPI, WebSocket

from course import realtime_kit
from course.embeddings import DIM, embed
from course.realtime_kit import (
    INTERNAL_ERROR,
    SlowInventory,
    converse,
    next_message,
    raw_embeddings,
)

with warnings.catch_warnings():  # Starlette warns at import that it prefers httpx2 to httpx
    warnings.filterwarnings("ignore", message=r"Using `httpx` with `starlette\.testclient`")
    from fastapi.testclient import TestClient


def echo_app() -> FastAPI:
    """/echo replies {"echo": text}, closes 1008 on 'bad', crashes on 'boom', ignores 'mute'."""
    app = FastAPI()

    @app.websocket("/echo")
    async def echo(websocket: WebSocket) -> None:
        await websocket.accept()
        while True:  # a client leaving raises WebSocketDisconnect here, uncaught on purpose
            text = await websocket.receive_text()
            if text == "bad":
                await websocket.close(code=1008)
                return
            if text == "boom":
                raise RuntimeError("a bug in the handler")
            if text == "plain":
                await websocket.send_text("not json")
            elif text != "mute":
                await websocket.send_json({"echo": text})

    @app.websocket("/refuse")
    async def refuse(websocket: WebSocket) -> None:
        await websocket.close(code=1008)

    @app.websocket("/crash")
    async def crash(websocket: WebSocket) -> None:
        raise RuntimeError("crashes before accepting")

    return app


@pytest.fixture(scope="module")
def client():
    with TestClient(echo_app()) as test_client:
        yield test_client


def test_converse_sends_dicts_as_json_and_returns_one_parsed_reply_per_message(client):
    assert converse(client, "/echo", ["a", {"n": 1}]) == [{"echo": "a"}, {"echo": '{"n": 1}'}]


def test_converse_stops_at_a_close_and_reports_its_code(client):
    assert converse(client, "/echo", ["a", "bad", "never sent"]) == [{"echo": "a"}, 1008]


def test_converse_reports_a_connection_closed_before_accept_by_its_code(client):
    assert converse(client, "/refuse", ["a"]) == [1008]


def test_converse_reports_a_crashing_handler_as_internal_error(client):
    assert converse(client, "/echo", ["a", "boom", "c"]) == [{"echo": "a"}, INTERNAL_ERROR]
    assert converse(client, "/crash", ["a"]) == [INTERNAL_ERROR]


def test_converse_gives_up_on_a_missing_reply_after_the_timeout(client):
    started = time.perf_counter()
    assert converse(client, "/echo", ["mute", "a"], timeout=0.2) == ["no reply"]
    assert time.perf_counter() - started < 3


def test_converse_ignores_the_disconnect_a_waiting_handler_raises_when_the_client_leaves(client):
    assert converse(client, "/echo", ["a"]) == [{"echo": "a"}]
    assert converse(client, "/echo", []) == []


def test_next_message_returns_text_that_is_not_json_as_a_string(client):
    with client.websocket_connect("/echo") as session:
        session.send_text("plain")
        assert next_message(session) == "not json"
        session.send_text("bad")
        assert next_message(session) == 1008


def test_next_message_raises_timeout_error_instead_of_waiting_forever(client):
    with client.websocket_connect("/echo") as session:
        session.send_text("mute")
        with pytest.raises(TimeoutError):
            next_message(session, timeout=0.1)
        session.send_text("bad")  # the server closes, so leaving raises nothing


def test_raw_embeddings_point_where_embed_points_with_a_length_of_words_over_ten():
    texts = ["refund for a damaged kettle arrived broken", "password"]
    vectors = raw_embeddings(texts)
    assert vectors.shape == (2, DIM) and vectors.dtype == np.float32
    lengths = np.linalg.norm(vectors, axis=1)
    np.testing.assert_allclose(lengths, [0.5, 0.1], rtol=1e-5)  # "for" and "a" are stop words
    np.testing.assert_allclose(vectors[0] / lengths[0], embed(texts[0]), atol=1e-6)


def test_raw_embeddings_of_no_texts_is_an_empty_matrix():
    assert raw_embeddings([]).shape == (0, DIM)


async def _fetch_all(inventory: SlowInventory, skus: list[str]) -> list[int]:
    return list(await asyncio.gather(*(inventory.get_stock(sku) for sku in skus)))


def test_slow_inventory_counts_the_most_calls_in_flight_at_once():
    stock = {"a": 1, "b": 2, "c": 3}
    together = SlowInventory(stock)
    assert asyncio.run(_fetch_all(together, ["a", "b", "c"])) == [1, 2, 3]
    assert (together.max_in_flight, together.in_flight, together.calls) == (3, 0, ["a", "b", "c"])

    one_by_one = SlowInventory(stock)

    async def sequential() -> list[int]:
        return [await one_by_one.get_stock(sku) for sku in ("a", "b", "c")]

    assert asyncio.run(sequential()) == [1, 2, 3]
    assert one_by_one.max_in_flight == 1


def test_slow_inventory_steps_decide_which_call_finishes_first():
    inventory = SlowInventory({"a": 1, "b": 2}, steps={"a": 5, "b": 0})
    finished: list[str] = []

    async def fetch(sku: str) -> None:
        await inventory.get_stock(sku)
        finished.append(sku)

    async def main() -> None:
        await asyncio.gather(fetch("a"), fetch("b"))

    asyncio.run(main())
    assert finished == ["b", "a"]


def test_slow_inventory_slow_sku_outlasts_a_timeout_and_is_cancelled_cleanly():
    inventory = SlowInventory({"a": 1}, slow={"a"})
    started = time.perf_counter()
    with pytest.raises(TimeoutError):
        asyncio.run(asyncio.wait_for(inventory.get_stock("a"), 0.05))
    assert time.perf_counter() - started < realtime_kit.SLOW_SECONDS
    assert (inventory.in_flight, inventory.cancelled, inventory.max_in_flight) == (0, 1, 1)


def test_slow_inventory_raises_key_error_for_an_unknown_sku():
    inventory = SlowInventory({"a": 1})
    with pytest.raises(KeyError):
        asyncio.run(inventory.get_stock("zz"))
    assert inventory.in_flight == 0
