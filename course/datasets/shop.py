"""ShopFast's sales: customers, orders and order items over 2025 (seeded, deterministic)."""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import NamedTuple

import duckdb
import numpy as np

from course.datasets.catalogue import Products, load_products

YEAR = 2025
# Days with no orders at all: New Year's Day, a three-day outage in March, Christmas.
CLOSED_DAYS: frozenset[datetime.date] = frozenset({
    datetime.date(YEAR, 1, 1), datetime.date(YEAR, 3, 10), datetime.date(YEAR, 3, 11),
    datetime.date(YEAR, 3, 12), datetime.date(YEAR, 12, 25),
})
STATUSES: tuple[str, ...] = ("paid", "pending", "cancelled", "refunded")
_STATUS_WEIGHTS = (80, 5, 10, 5)
COUNTRIES: tuple[str, ...] = ("DE", "ES", "FR", "GB", "IT", "NL", "PL", "SE")
_FIRST = ("Ada", "Ben", "Chloé", "Dev", "Emil", "Farah", "Gus", "Hana", "Ivo", "Jun")
_LAST = ("Novak", "Okafor", "Park", "Quinn", "Rossi", "Silva", "Tanaka", "Ueda", "Vogel")
_STREETS = ("Harbour", "Linden", "Market", "Mill", "Orchard", "Station", "Victoria", "Willow")
_CITIES = ("Amsterdam", "Barcelona", "Berlin", "Krakow", "Lyon", "Milan", "Stockholm", "York")


class Customer(NamedTuple):
    id: int
    name: str
    email: str
    country: str
    signed_up_on: datetime.date


class Order(NamedTuple):
    id: int
    customer_id: int
    ordered_on: datetime.date
    status: str
    total_cents: int  # the sum of its items' quantity * unit_price_cents
    shipping_address: str


class Item(NamedTuple):
    order_id: int
    line_no: int  # 1, 2, ... within the order
    product_id: int
    quantity: int
    unit_price_cents: int  # the price paid: the catalogue price, sometimes discounted


@dataclass(frozen=True)
class Shop:
    """Every row loaded into DuckDB, for tests to compute expected answers in Python."""

    products: Products
    customers: list[Customer]
    orders: list[Order]
    items: list[Item]


def create_tables(con: duckdb.DuckDBPyConnection, first_order_id: int = 1) -> None:
    """(Re)create customers, orders and order_items; new orders take ids from order_id_seq."""
    con.execute("DROP TABLE IF EXISTS order_items")
    con.execute("DROP TABLE IF EXISTS orders")
    con.execute("DROP TABLE IF EXISTS customers")
    con.execute("DROP SEQUENCE IF EXISTS order_id_seq")
    con.execute(f"CREATE SEQUENCE order_id_seq START {int(first_order_id)}")
    con.execute("""CREATE TABLE customers (
        id INTEGER PRIMARY KEY, name VARCHAR NOT NULL, email VARCHAR NOT NULL,
        country VARCHAR NOT NULL, signed_up_on DATE NOT NULL)""")
    con.execute("""CREATE TABLE orders (
        id INTEGER PRIMARY KEY DEFAULT nextval('order_id_seq'),
        customer_id INTEGER NOT NULL, ordered_on DATE NOT NULL,
        status VARCHAR NOT NULL DEFAULT 'pending'
            CHECK (status IN ('paid', 'pending', 'cancelled', 'refunded')),
        total_cents INTEGER NOT NULL CHECK (total_cents >= 0), shipping_address VARCHAR)""")
    con.execute("""CREATE TABLE order_items (
        order_id INTEGER NOT NULL, line_no INTEGER NOT NULL, product_id INTEGER NOT NULL,
        quantity INTEGER NOT NULL CHECK (quantity > 0),
        unit_price_cents INTEGER NOT NULL CHECK (unit_price_cents > 0))""")


def _column(values: tuple) -> np.ndarray:
    if values and isinstance(values[0], datetime.date):  # DuckDB reads seconds, not days
        return np.array(values, dtype="datetime64[D]").astype("datetime64[s]")
    if values and isinstance(values[0], int):
        return np.array(values, dtype=np.int64)
    return np.array(values, dtype=object)


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: Sequence[tuple]) -> None:
    """Bulk-insert rows through numpy arrays: far faster than binding lists of Python values."""
    if not rows:
        return
    view = f"_incoming_{table}"
    con.register(view, {f"c{i}": _column(column)
                        for i, column in enumerate(zip(*rows, strict=True))})
    try:
        con.execute(f"INSERT INTO {table} SELECT * FROM {view}")
    finally:
        con.unregister(view)


def insert_rows(con: duckdb.DuckDBPyConnection, shop: Shop) -> None:
    """Insert a Shop's customers, orders and items into tables made by create_tables."""
    _insert(con, "customers", shop.customers)
    _insert(con, "orders", shop.orders)
    _insert(con, "order_items", shop.items)


def generate(products: Products, n_orders: int = 40_000, n_customers: int = 5_000,
             seed: int = 2026) -> Shop:
    """Orders of 2025 (ids in date order) with 1-4 lines each over `products`."""
    rng = random.Random(seed)
    start = datetime.date(YEAR, 1, 1)
    customers = [
        Customer(i, f"{rng.choice(_FIRST)} {rng.choice(_LAST)}", f"customer{i:05d}@example.com",
                 rng.choice(COUNTRIES), start - datetime.timedelta(days=rng.randrange(1, 1_500)))
        for i in range(1, n_customers + 1)
    ]
    addresses = [f"{rng.randrange(1, 300)} {rng.choice(_STREETS)} Street, {rng.choice(_CITIES)}"
                 for _ in customers]
    open_days = [d for d in (start + datetime.timedelta(days=k) for k in range(365))
                 if d not in CLOSED_DAYS]
    day_weights = [1.4 if d.weekday() >= 5 else 1.0 for d in open_days]  # busier weekends
    days = sorted(rng.choices(open_days, day_weights, k=n_orders))
    # A few loyal customers order often; product popularity varies by a factor of ~4.
    customer_weights = list(accumulate(rng.choice((1, 1, 1, 2, 3, 8)) for _ in customers))
    product_weights = list(accumulate(rng.choice((1, 1, 2, 2, 3, 4)) for _ in products.id))
    buyers = rng.choices(range(1, n_customers + 1), cum_weights=customer_weights, k=n_orders)
    statuses = rng.choices(STATUSES, _STATUS_WEIGHTS, k=n_orders)
    n_lines = rng.choices((1, 2, 3, 4), (45, 30, 15, 10), k=n_orders)
    n_items = sum(n_lines)
    chosen = rng.choices(products.id, cum_weights=product_weights, k=n_items)
    quantities = rng.choices((1, 2, 3, 5), (70, 20, 7, 3), k=n_items)
    # 15 % of lines sold in a promotion, 10 % or 20 % off the catalogue price.
    percent = rng.choices((100, 90, 80), (85, 10, 5), k=n_items)
    prices = [products.price_cents[p - 1] * pc // 100
              for p, pc in zip(chosen, percent, strict=True)]
    orders: list[Order] = []
    items: list[Item] = []
    for order_id, (day, buyer, status, lines) in enumerate(
            zip(days, buyers, statuses, n_lines, strict=True), start=1):
        first = len(items)
        items.extend(Item(order_id, k - first + 1, chosen[k], quantities[k], prices[k])
                     for k in range(first, first + lines))
        total = sum(quantities[k] * prices[k] for k in range(first, first + lines))
        orders.append(Order(order_id, buyer, day, status, total, addresses[buyer - 1]))
    return Shop(products, customers, orders, items)


def load_shop(con: duckdb.DuckDBPyConnection, n_orders: int = 40_000, n_products: int = 2_000,
              n_customers: int = 5_000, seed: int = 2026) -> Shop:
    """Create and fill products, customers, orders and order_items; returns every row."""
    products = load_products(con, n=n_products, seed=seed)
    shop = generate(products, n_orders=n_orders, n_customers=n_customers, seed=seed)
    create_tables(con, first_order_id=n_orders + 1)
    insert_rows(con, shop)
    return shop


def build_shop(con: duckdb.DuckDBPyConnection, products: Sequence[tuple[int, str, int]],
               orders: Sequence[tuple[int, int, datetime.date, str]],
               items: Sequence[tuple[int, int, int]], stock: int = 100) -> Shop:
    """A hand-made shop for tests: products (id, category, price_cents) with `stock` each,
    orders (id, customer_id, ordered_on, status), items (order_id, product_id, quantity)
    sold at the product's price. Customers are made up for the ids the orders use."""
    by_id = {product_id: (category, price) for product_id, category, price in products}
    rows = [(i, f"Product {i:05d}", *by_id[i], stock) for i in sorted(by_id)]
    catalogue = Products(*(list(column) for column in zip(*rows, strict=True))) if rows \
        else Products([], [], [], [], [])
    load_products(con, n=0)
    _insert(con, "products", rows)
    lines: dict[int, int] = {}
    item_rows: list[Item] = []
    for order_id, product_id, quantity in items:
        lines[order_id] = lines.get(order_id, 0) + 1
        price = by_id[product_id][1]
        item_rows.append(Item(order_id, lines[order_id], product_id, quantity, price))
    order_rows = [Order(order_id, customer_id, day, status,
                        sum(i.quantity * i.unit_price_cents for i in item_rows
                            if i.order_id == order_id), f"{customer_id} Test Street")
                  for order_id, customer_id, day, status in orders]
    customers = [Customer(c, f"Customer {c}", f"customer{c:05d}@example.com", "NL",
                          datetime.date(YEAR - 1, 1, 1))
                 for c in sorted({o.customer_id for o in order_rows})]
    shop = Shop(catalogue, customers, order_rows, item_rows)
    create_tables(con, first_order_id=max((o.id for o in order_rows), default=0) + 1)
    insert_rows(con, shop)
    return shop
