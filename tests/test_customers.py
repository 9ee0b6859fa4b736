"""course.datasets.customers: seeded shop rows that keep their promises to the ORM notebook."""

from __future__ import annotations

import sqlite3
from collections import Counter

import pytest

from course.datasets.customers import COUNTRIES, STATUSES, ShopRows, has_no_orders, shop_rows


@pytest.fixture(scope="module")
def rows() -> ShopRows:
    return shop_rows()


def test_same_seed_gives_identical_rows():
    assert shop_rows(30, 10, seed=5) == shop_rows(30, 10, seed=5)


def test_another_seed_gives_other_rows():
    first, second = shop_rows(30, 10, seed=5), shop_rows(30, 10, seed=6)
    assert first.products != second.products
    assert first.orders != second.orders


def test_default_shop_has_40_customers_and_25_products(rows):
    assert len(rows.customers) == 40
    assert len(rows.products) == 25


@pytest.mark.parametrize("table", ["customers", "products", "orders", "order_lines"])
def test_ids_are_1_to_n_in_order(rows, table):
    ids = [row["id"] for row in getattr(rows, table)]
    assert ids == list(range(1, len(ids) + 1))


def test_emails_and_skus_are_unique(rows):
    assert len({c["email"] for c in rows.customers}) == len(rows.customers)
    assert len({p["sku"] for p in rows.products}) == len(rows.products)


def test_customers_are_spread_round_robin_over_the_countries(rows):
    assert [c["country"] for c in rows.customers[:5]] == list(COUNTRIES)
    assert Counter(c["country"] for c in rows.customers) == dict.fromkeys(COUNTRIES, 8)


def test_exactly_the_customers_marked_as_order_less_have_no_orders(rows):
    without = {c["id"] for c in rows.customers if not rows.orders_of(int(c["id"]))}
    assert without == {i for i in range(1, 41) if has_no_orders(i)}
    assert without == {7, 17, 27, 37}


def test_order_less_customers_all_live_in_es(rows):
    without = [c for c in rows.customers if not rows.orders_of(int(c["id"]))]
    assert {c["country"] for c in without} == {"ES"}


def test_every_country_has_paid_and_cancelled_orders(rows):
    country = {c["id"]: c["country"] for c in rows.customers}
    seen = {(country[o["customer_id"]], o["status"]) for o in rows.orders}
    assert seen == {(c, s) for c in COUNTRIES for s in STATUSES}


def test_order_total_is_the_sum_of_its_lines(rows):
    totals = Counter()
    for line in rows.order_lines:
        totals[line["order_id"]] += int(line["quantity"]) * int(line["unit_price_cents"])
    assert {o["id"]: o["total_cents"] for o in rows.orders} == dict(totals)


def test_each_order_has_1_to_3_lines_of_distinct_products(rows):
    products_per_order: dict[int | str, list[int | str]] = {}
    for line in rows.order_lines:
        products_per_order.setdefault(line["order_id"], []).append(line["product_id"])
        assert 1 <= int(line["quantity"]) <= 3
    assert set(products_per_order) == {o["id"] for o in rows.orders}
    for products in products_per_order.values():
        assert 1 <= len(products) <= 3
        assert len(set(products)) == len(products)


def test_unit_prices_are_the_products_prices(rows):
    price = {p["id"]: p["price_cents"] for p in rows.products}
    assert all(line["unit_price_cents"] == price[line["product_id"]] for line in rows.order_lines)


def test_money_and_stock_are_positive_ints(rows):
    for product in rows.products:
        assert type(product["price_cents"]) is int and product["price_cents"] >= 499
        assert type(product["stock"]) is int and 20 <= product["stock"] < 200


def test_customers_in_gives_one_country_sorted_by_email(rows):
    nl = rows.customers_in("NL")
    assert [c["country"] for c in nl] == ["NL"] * 8
    assert [c["email"] for c in nl] == sorted(c["email"] for c in nl)
    assert rows.customers_in("IS") == []


def test_orders_of_gives_that_customers_orders_by_id(rows):
    orders = rows.orders_of(1)
    assert orders and all(o["customer_id"] == 1 for o in orders)
    assert [o["id"] for o in orders] == sorted(o["id"] for o in orders)
    assert rows.orders_of(7) == []


def test_rows_load_into_sqlite_with_foreign_keys_and_unique_keys_enforced(rows):
    db = sqlite3.connect(":memory:")
    db.execute("PRAGMA foreign_keys = ON")
    db.executescript("""
        CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE,
                                name TEXT NOT NULL, country TEXT NOT NULL);
        CREATE TABLE products (id INTEGER PRIMARY KEY, sku TEXT NOT NULL UNIQUE,
                               name TEXT NOT NULL, price_cents INTEGER NOT NULL,
                               stock INTEGER NOT NULL);
        CREATE TABLE orders (id INTEGER PRIMARY KEY,
                             customer_id INTEGER NOT NULL REFERENCES customers(id),
                             status TEXT NOT NULL, total_cents INTEGER NOT NULL);
        CREATE TABLE order_lines (id INTEGER PRIMARY KEY,
                                  order_id INTEGER NOT NULL REFERENCES orders(id),
                                  product_id INTEGER NOT NULL REFERENCES products(id),
                                  quantity INTEGER NOT NULL, unit_price_cents INTEGER NOT NULL);
    """)
    for table in ("customers", "products", "orders", "order_lines"):
        table_rows = getattr(rows, table)
        columns = list(table_rows[0])
        db.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            [tuple(row[c] for c in columns) for row in table_rows])
    counts = [db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("customers", "products", "orders", "order_lines")]
    assert counts == [40, 25, len(rows.orders), len(rows.order_lines)]


@pytest.mark.parametrize(("n_customers", "n_products"), [(-1, 10), (10, 2)])
def test_impossible_sizes_are_refused(n_customers, n_products):
    with pytest.raises(ValueError, match="need n_customers"):
        shop_rows(n_customers, n_products)


def test_an_empty_shop_has_products_but_no_orders():
    empty = shop_rows(0, 3)
    assert (empty.customers, empty.orders, empty.order_lines) == ([], [], [])
    assert len(empty.products) == 3
