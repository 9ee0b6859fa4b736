"""course.datasets.shop: seeded customers, orders and order items, and hand-made test shops."""

from __future__ import annotations

import datetime
from collections import Counter

import duckdb
import pytest

from course.backends import duckdb_connection
from course.datasets.catalogue import products
from course.datasets.shop import (
    CLOSED_DAYS,
    STATUSES,
    YEAR,
    Shop,
    build_shop,
    generate,
    load_shop,
)

DAY = datetime.date(YEAR, 6, 1)


@pytest.fixture
def con():
    connection = duckdb_connection()
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def default_shop():
    """The shop every student loads (default sizes), with its connection."""
    connection = duckdb_connection()
    yield connection, load_shop(connection)
    connection.close()


# --- generate() ----------------------------------------------------------------------------


def test_same_seed_gives_identical_shops():
    catalogue = products(300, seed=4)
    assert generate(catalogue, 1_000, 200, seed=4) == generate(catalogue, 1_000, 200, seed=4)


def test_another_seed_gives_other_orders():
    catalogue = products(300, seed=4)
    first = generate(catalogue, 1_000, 200, seed=4)
    second = generate(catalogue, 1_000, 200, seed=5)
    assert first.orders != second.orders
    assert first.items != second.items


def test_order_ids_are_1_to_n_in_date_order():
    orders = generate(products(100), 3_000, 300).orders
    assert [order.id for order in orders] == list(range(1, 3_001))
    days = [order.ordered_on for order in orders]
    assert days == sorted(days)


def test_every_order_total_is_the_sum_of_its_lines():
    shop = generate(products(200), 2_000, 100)
    lines = Counter()
    for item in shop.items:
        lines[item.order_id] += item.quantity * item.unit_price_cents
    assert {order.id: order.total_cents for order in shop.orders} == dict(lines)


def test_each_order_has_1_to_4_lines_numbered_from_1():
    shop = generate(products(200), 2_000, 100)
    numbers: dict[int, list[int]] = {}
    for item in shop.items:
        numbers.setdefault(item.order_id, []).append(item.line_no)
    assert set(numbers) == {order.id for order in shop.orders}
    assert all(found == list(range(1, len(found) + 1)) and 1 <= len(found) <= 4
               for found in numbers.values())


def test_unit_price_is_the_catalogue_price_or_a_10_or_20_percent_promotion():
    catalogue = products(200)
    items = generate(catalogue, 3_000, 100).items
    ratios = {item.unit_price_cents * 100 // catalogue.price_cents[item.product_id - 1]
              for item in items}
    assert ratios <= {100, 99, 90, 89, 80, 79}  # integer cents round down
    promoted = sum(1 for i in items if i.unit_price_cents < catalogue.price_cents[i.product_id - 1])
    assert 0.10 < promoted / len(items) < 0.20


def test_statuses_are_mostly_paid_and_all_four_appear():
    counts = Counter(order.status for order in generate(products(100), 10_000, 500).orders)
    assert set(counts) == set(STATUSES)
    assert 0.75 < counts["paid"] / 10_000 < 0.85


def test_orders_reference_existing_customers_and_products():
    catalogue = products(150)
    shop = generate(catalogue, 2_000, 80)
    assert {order.customer_id for order in shop.orders} <= {c.id for c in shop.customers}
    assert {item.product_id for item in shop.items} <= set(catalogue.id)


def test_no_order_on_a_closed_day_and_some_on_every_open_day_of_the_year():
    days = {order.ordered_on for order in generate(products(100), 20_000, 500).orders}
    year = {datetime.date(YEAR, 1, 1) + datetime.timedelta(days=k) for k in range(365)}
    assert days == year - CLOSED_DAYS


def test_some_customers_order_far_more_often_than_others():
    counts = Counter(order.customer_id for order in generate(products(100), 20_000, 1_000).orders)
    assert max(counts.values()) > 3 * (20_000 / 1_000)


# --- load_shop() ---------------------------------------------------------------------------


def test_default_shop_has_the_sizes_the_notebook_announces(default_shop):
    connection, shop = default_shop
    counts = {table: connection.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
              for table in ("products", "customers", "orders", "order_items")}
    assert counts == {"products": 2_000, "customers": 5_000, "orders": 40_000,
                      "order_items": len(shop.items)}
    assert 60_000 < len(shop.items) < 90_000


def test_default_shop_has_ties_among_each_categorys_best_sellers(default_shop):
    """Part 2 of the notebook relies on real ties: rank() and row_number() must differ."""
    connection, _ = default_shop
    differ = connection.execute("""
        WITH units AS (
            SELECT p.category, i.product_id, sum(i.quantity) AS units
            FROM order_items i JOIN orders o ON o.id = i.order_id
            JOIN products p ON p.id = i.product_id
            WHERE o.status = 'paid' GROUP BY ALL)
        SELECT count(*) FILTER (WHERE r <= 3) <> count(*) FILTER (WHERE rn <= 3)
        FROM (SELECT rank() OVER w AS r, row_number() OVER w AS rn FROM units
              WINDOW w AS (PARTITION BY category ORDER BY units DESC))""").fetchall()
    assert differ == [(True,)]


def test_loaded_rows_equal_the_python_rows(con):
    shop = load_shop(con, n_orders=1_500, n_products=120, n_customers=90, seed=3)
    assert con.execute("SELECT * FROM orders ORDER BY id").fetchall() == shop.orders
    assert con.execute(
        "SELECT * FROM order_items ORDER BY order_id, line_no").fetchall() == shop.items
    assert con.execute("SELECT * FROM customers ORDER BY id").fetchall() == shop.customers
    assert con.execute("SELECT count(*) FROM products").fetchall() == [(120,)]


def test_loaded_types_are_dates_and_ints(con):
    load_shop(con, n_orders=50, n_products=20, n_customers=10)
    row = con.execute("SELECT ordered_on, total_cents, id FROM orders LIMIT 1").fetchall()[0]
    assert [type(value) for value in row] == [datetime.date, int, int]


def test_new_orders_continue_the_ids_and_default_to_pending(con):
    load_shop(con, n_orders=300, n_products=20, n_customers=10)
    inserted = con.execute("INSERT INTO orders (customer_id, ordered_on, total_cents) "
                           "VALUES (1, ?, 0) RETURNING id, status", [DAY]).fetchall()
    assert inserted == [(301, "pending")]


def test_constraints_reject_an_unknown_status_a_zero_quantity_and_negative_stock(con):
    load_shop(con, n_orders=30, n_products=10, n_customers=5)
    with pytest.raises(duckdb.ConstraintException, match="status"):
        con.execute("INSERT INTO orders VALUES (99, 1, ?, 'lost', 0, NULL)", [DAY])
    with pytest.raises(duckdb.ConstraintException, match="quantity"):
        con.execute("INSERT INTO order_items VALUES (1, 9, 1, 0, 100)")
    with pytest.raises(duckdb.ConstraintException, match="stock"):
        con.execute("UPDATE products SET stock = -1 WHERE id = 1")


def test_load_shop_twice_replaces_the_tables(con):
    load_shop(con, n_orders=200, n_products=20, n_customers=10)
    load_shop(con, n_orders=50, n_products=20, n_customers=10)
    assert con.execute("SELECT count(*) FROM orders").fetchall() == [(50,)]


# --- build_shop() --------------------------------------------------------------------------


def test_build_shop_sells_at_the_product_price_and_totals_each_order(con):
    shop = build_shop(con, products=[(1, "books", 1_000), (5, "toys", 250)],
                      orders=[(1, 7, DAY, "paid"), (2, 8, DAY, "cancelled")],
                      items=[(1, 1, 2), (1, 5, 1), (2, 5, 4)], stock=9)
    assert isinstance(shop, Shop)
    assert con.execute("SELECT id, customer_id, ordered_on, status, total_cents FROM orders "
                       "ORDER BY id").fetchall() == [(1, 7, DAY, "paid", 2_250),
                                                     (2, 8, DAY, "cancelled", 1_000)]
    assert con.execute("SELECT * FROM order_items ORDER BY order_id, line_no").fetchall() == [
        (1, 1, 1, 2, 1_000), (1, 2, 5, 1, 250), (2, 1, 5, 4, 250)]
    assert con.execute("SELECT id, category, price_cents, stock FROM products "
                       "ORDER BY id").fetchall() == [(1, "books", 1_000, 9), (5, "toys", 250, 9)]
    assert con.execute("SELECT id FROM customers ORDER BY id").fetchall() == [(7,), (8,)]


def test_build_shop_next_order_id_follows_the_largest(con):
    build_shop(con, products=[(1, "books", 100)], orders=[(4, 1, DAY, "paid")], items=[(4, 1, 1)])
    assert con.execute("SELECT nextval('order_id_seq')").fetchall() == [(5,)]


def test_build_shop_without_orders_makes_empty_tables(con):
    shop = build_shop(con, products=[], orders=[], items=[])
    assert (shop.orders, shop.items, shop.customers, len(shop.products)) == ([], [], [], 0)
    for table in ("products", "customers", "orders", "order_items"):
        assert con.execute(f"SELECT count(*) FROM {table}").fetchall() == [(0,)]
