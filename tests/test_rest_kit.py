"""course.rest_kit: the REST notebook's DuckDB tables, seeded products, models and fake service."""

from __future__ import annotations

import asyncio
import string

import duckdb
import pydantic
import pytest

from course.datasets.catalogue import products
from course.rest_kit import (
    PRODUCT_FIELDS,
    NewOrder,
    PriceService,
    count,
    create_tables,
    decode_cursor,
    delete_product,
    encode_cursor,
    get_product,
    insert_order,
    insert_product,
    query,
    set_price,
    shop_db,
)


def test_shop_db_seeds_the_catalogue_products_with_ids_1_to_n_and_a_sku_each():
    db = shop_db(n_products=30, seed=5)
    catalogue = products(30, seed=5)
    assert count(db, "products") == 30
    for product_id in (1, 17, 30):
        i = product_id - 1
        assert get_product(db, product_id) == {
            "id": product_id, "sku": f"SKU-{product_id:05d}", "name": catalogue.name[i],
            "category": catalogue.category[i], "price_cents": catalogue.price_cents[i],
            "stock": catalogue.stock[i],
        }
    assert count(db, "orders") == 0 and count(db, "idempotency_keys") == 0


def test_each_shop_db_is_a_separate_database():
    first, second = shop_db(n_products=3), shop_db(n_products=3)
    delete_product(first, 1)
    assert get_product(first, 1) is None
    assert get_product(second, 1) is not None


def test_a_new_product_takes_the_id_after_the_seeded_ones():
    assert insert_product(shop_db(n_products=60), "NEW", "Lamp", "office", 100)["id"] == 61
    assert insert_product(shop_db(n_products=0), "NEW", "Lamp", "office", 100)["id"] == 1


def test_insert_product_returns_the_row_with_stock_0_by_default():
    db = shop_db(n_products=2)
    row = insert_product(db, "KET-1", "Kettle", "kitchen", 2_999)
    assert row == {"id": 3, "sku": "KET-1", "name": "Kettle", "category": "kitchen",
                   "price_cents": 2_999, "stock": 0}
    assert tuple(row) == PRODUCT_FIELDS
    assert get_product(db, 3) == row


@pytest.mark.parametrize(("sku", "price_cents", "stock"),
                         [("SKU-00001", 100, 0), ("NEW", 0, 0), ("NEW", -5, 0), ("NEW", 100, -1)])
def test_insert_product_refuses_a_taken_sku_a_non_positive_price_and_negative_stock(
        sku, price_cents, stock):
    db = shop_db(n_products=2)
    with pytest.raises(duckdb.ConstraintException):
        insert_product(db, sku, "Thing", "toys", price_cents, stock)
    assert count(db, "products") == 2


def test_get_product_of_a_missing_id_is_none():
    assert get_product(shop_db(n_products=2), 3) is None


def test_query_returns_rows_as_dicts_with_positional_or_named_parameters():
    db = shop_db(n_products=5)
    assert query(db, "SELECT id, sku FROM products WHERE id > ? ORDER BY id", [3]) == [
        {"id": 4, "sku": "SKU-00004"}, {"id": 5, "sku": "SKU-00005"}]
    assert query(db, "SELECT id FROM products WHERE id = $id", {"id": 2}) == [{"id": 2}]


def test_query_of_a_statement_without_rows_returns_an_empty_list():
    db = shop_db(n_products=5)
    assert query(db, "CREATE TABLE scratch (x INTEGER)") == []
    assert query(db, "SELECT id FROM products WHERE id > 99") == []


def test_set_price_changes_only_that_product():
    db = shop_db(n_products=5)
    before = get_product(db, 3)
    set_price(db, 2, 777)
    assert get_product(db, 2)["price_cents"] == 777
    assert get_product(db, 3) == before


def test_delete_product_removes_only_that_product():
    db = shop_db(n_products=5)
    delete_product(db, 4)
    assert [row["id"] for row in query(db, "SELECT id FROM products ORDER BY id")] == [1, 2, 3, 5]


def test_insert_order_charges_the_current_price_times_the_quantity():
    db = shop_db(n_products=5)
    set_price(db, 2, 250)
    assert insert_order(db, 2, 3) == {"id": 1, "product_id": 2, "quantity": 3, "total_cents": 750}
    assert insert_order(db, 2, 1)["id"] == 2
    assert count(db, "orders") == 2


def test_insert_order_of_an_unknown_product_raises_lookup_error_and_creates_nothing():
    db = shop_db(n_products=5)
    with pytest.raises(LookupError):
        insert_order(db, 6, 1)
    assert count(db, "orders") == 0


def test_create_tables_empties_every_table_and_restarts_the_ids():
    db = shop_db(n_products=5)
    insert_order(db, 1, 1)
    create_tables(db)
    assert [count(db, t) for t in ("products", "orders", "idempotency_keys")] == [0, 0, 0]
    assert insert_product(db, "A", "B", "C", 1)["id"] == 1


def test_count_refuses_a_table_it_does_not_know():
    with pytest.raises(ValueError):
        count(shop_db(n_products=1), "products; DROP TABLE orders")


@pytest.mark.parametrize("quantity", [0, 101, -1])
def test_new_order_refuses_a_quantity_outside_1_to_100(quantity):
    with pytest.raises(pydantic.ValidationError):
        NewOrder(product_id=1, quantity=quantity)


def test_price_service_sees_concurrent_calls_in_flight_at_once():
    service = PriceService({1: 100, 2: 200, 3: 300}, delay=0.001)

    async def together():
        return await asyncio.gather(*(service.quote(i) for i in (3, 1, 2)))

    assert asyncio.run(together()) == [300, 100, 200]
    assert service.max_in_flight == 3
    assert service.calls == [3, 1, 2] and service.in_flight == 0


def test_price_service_sees_one_call_at_a_time_when_awaited_in_a_loop():
    service = PriceService({1: 100, 2: 200}, delay=0.001)

    async def one_by_one():
        return [await service.quote(i) for i in (1, 2, 1)]

    assert asyncio.run(one_by_one()) == [100, 200, 100]
    assert service.max_in_flight == 1
    assert len(service.calls) == 3


def test_price_service_raises_lookup_error_for_an_unknown_product_and_ends_the_call():
    service = PriceService({1: 100}, delay=0.0)
    with pytest.raises(LookupError):
        asyncio.run(service.quote(2))
    assert service.in_flight == 0 and service.calls == [2]


def test_a_cursor_decodes_to_the_position_it_was_made_from_and_is_url_safe():
    for position in ({"before": 36}, {"before": 2**40, "at": "2026-01-01T00:00:00"}, {}):
        cursor = encode_cursor(position)
        assert decode_cursor(cursor) == position
        assert set(cursor) <= set(string.ascii_letters + string.digits + "-_=")


@pytest.mark.parametrize("text", ["", "zzzz", "!!not-a-cursor!!", "é", "MQ==", "WzFd"])
def test_decode_cursor_raises_value_error_for_text_it_did_not_make(text):
    with pytest.raises(ValueError):  # "MQ==" is the JSON 1 and "WzFd" the JSON [1]: not objects
        decode_cursor(text)
