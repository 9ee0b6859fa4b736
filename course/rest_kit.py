"""The REST notebook's kit: DuckDB tables, seeded products, API models, a fake price service."""

from __future__ import annotations

import asyncio
import base64
import json
import threading
from collections.abc import Sequence
from typing import Any

import duckdb
from pydantic import BaseModel, Field

from course import backends
from course.datasets.catalogue import products as catalogue_products

PRODUCT_FIELDS: tuple[str, ...] = ("id", "sku", "name", "category", "price_cents", "stock")
PRODUCT_COLUMNS = ", ".join(PRODUCT_FIELDS)  # for SELECT lists: "id, sku, name, ..."
ORDER_FIELDS: tuple[str, ...] = ("id", "product_id", "quantity", "total_cents")


class Product(BaseModel):
    """One product as the API returns it."""

    id: int
    sku: str
    name: str
    category: str
    price_cents: int
    stock: int


class NewOrder(BaseModel):
    """The body of POST /orders."""

    product_id: int
    quantity: int = Field(ge=1, le=100)


class Order(BaseModel):
    """One order as the API returns it."""

    id: int
    product_id: int
    quantity: int
    total_cents: int


class Problem(BaseModel):
    """An error body: FastAPI's HTTPException answers {"detail": "..."}."""

    detail: str


def create_tables(db: duckdb.DuckDBPyConnection) -> None:
    """(Re)create products, orders and idempotency_keys; ids come from sequences, from 1."""
    for statement in (
        "DROP TABLE IF EXISTS idempotency_keys",
        "DROP TABLE IF EXISTS orders",
        "DROP TABLE IF EXISTS products",
        "DROP SEQUENCE IF EXISTS product_id_seq",
        "DROP SEQUENCE IF EXISTS order_id_seq",
        "CREATE SEQUENCE product_id_seq START 1",
        "CREATE SEQUENCE order_id_seq START 1",
        """CREATE TABLE products (
            id INTEGER PRIMARY KEY DEFAULT nextval('product_id_seq'),
            sku VARCHAR NOT NULL UNIQUE, name VARCHAR NOT NULL, category VARCHAR NOT NULL,
            price_cents INTEGER NOT NULL CHECK (price_cents > 0),
            stock INTEGER NOT NULL CHECK (stock >= 0))""",
        """CREATE TABLE orders (
            id INTEGER PRIMARY KEY DEFAULT nextval('order_id_seq'),
            product_id INTEGER NOT NULL, quantity INTEGER NOT NULL CHECK (quantity > 0),
            total_cents INTEGER NOT NULL)""",
        """CREATE TABLE idempotency_keys (
            key VARCHAR PRIMARY KEY, fingerprint VARCHAR NOT NULL,
            status_code INTEGER NOT NULL, body VARCHAR NOT NULL)""",
    ):
        db.execute(statement)


def shop_db(n_products: int = 60, seed: int = 2026) -> duckdb.DuckDBPyConnection:
    """A fresh in-memory DuckDB with the tables and `n_products` seeded products (ids 1..n)."""
    db = backends.duckdb_connection()
    create_tables(db)
    catalogue = catalogue_products(n_products, seed)
    if n_products:  # one statement for every row, then move the id sequence past them
        db.execute(
            """INSERT INTO products (id, sku, name, category, price_cents, stock)
               SELECT UNNEST($id), UNNEST($sku), UNNEST($name), UNNEST($category),
                      UNNEST($price), UNNEST($stock)""",
            {"id": catalogue.id, "sku": [f"SKU-{i:05d}" for i in catalogue.id],
             "name": catalogue.name, "category": catalogue.category,
             "price": catalogue.price_cents, "stock": catalogue.stock},
        )
        db.execute("SELECT count(nextval('product_id_seq')) FROM range(?)",
                   [n_products]).fetchall()
    return db


def query(db: duckdb.DuckDBPyConnection, sql: str,
          params: Sequence[Any] | dict[str, Any] = ()) -> list[dict[str, Any]]:
    """Run one parameterised statement; every result row as a dict keyed by column name."""
    result = db.execute(sql, params)
    if result.description is None:
        return []
    columns = [column[0] for column in result.description]
    return [dict(zip(columns, row, strict=True)) for row in result.fetchall()]


def encode_cursor(position: dict[str, Any]) -> str:
    """An opaque, URL-safe cursor holding a JSON-able position, e.g. {"before": 36}."""
    return base64.urlsafe_b64encode(json.dumps(position, sort_keys=True).encode()).decode()


def decode_cursor(cursor: str) -> dict[str, Any]:
    """The position inside a cursor made by encode_cursor; ValueError for any other text."""
    try:  # base64, UTF-8 and JSON errors are all ValueErrors
        position = json.loads(base64.urlsafe_b64decode(cursor.encode("ascii")))
    except ValueError:
        raise ValueError(f"not a cursor: {cursor!r}") from None
    if not isinstance(position, dict):
        raise ValueError(f"not a cursor: {cursor!r}")
    return position


def insert_product(db: duckdb.DuckDBPyConnection, sku: str, name: str, category: str,
                   price_cents: int, stock: int = 0) -> dict[str, Any]:
    """Insert one product and return its row. A taken SKU raises duckdb.ConstraintException."""
    return query(db, f"""INSERT INTO products (sku, name, category, price_cents, stock)
                         VALUES (?, ?, ?, ?, ?) RETURNING {PRODUCT_COLUMNS}""",
                 [sku, name, category, price_cents, stock])[0]


def get_product(db: duckdb.DuckDBPyConnection, product_id: int) -> dict[str, Any] | None:
    """The product's row as a dict with the keys of PRODUCT_FIELDS, or None."""
    rows = query(db, f"SELECT {PRODUCT_COLUMNS} FROM products WHERE id = ?", [product_id])
    return rows[0] if rows else None


def set_price(db: duckdb.DuckDBPyConnection, product_id: int, price_cents: int) -> None:
    """Change one product's price (another service's write, as far as the API knows)."""
    db.execute("UPDATE products SET price_cents = ? WHERE id = ?", [price_cents, product_id])


def delete_product(db: duckdb.DuckDBPyConnection, product_id: int) -> None:
    """Remove one product."""
    db.execute("DELETE FROM products WHERE id = ?", [product_id])


def insert_order(db: duckdb.DuckDBPyConnection, product_id: int, quantity: int) -> dict[str, Any]:
    """Create an order at the product's current price and return its row (the keys of
    ORDER_FIELDS). LookupError when there is no such product."""
    product = get_product(db, product_id)
    if product is None:
        raise LookupError(f"no product {product_id}")
    return query(db, """INSERT INTO orders (product_id, quantity, total_cents) VALUES (?, ?, ?)
                        RETURNING id, product_id, quantity, total_cents""",
                 [product_id, quantity, product["price_cents"] * quantity])[0]


def count(db: duckdb.DuckDBPyConnection, table: str) -> int:
    """How many rows `table` has (one of products, orders, idempotency_keys)."""
    if table not in ("products", "orders", "idempotency_keys"):
        raise ValueError(f"unknown table {table!r}")
    return int(db.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0])


class PriceService:
    """A slow remote pricing service (a fake): `await quote(id)` takes `delay` seconds.

    It records every call and the most calls it ever had in flight at once, so a test can
    tell calls made one after another (max_in_flight 1) from calls made concurrently.
    """

    def __init__(self, prices: dict[int, int], delay: float = 0.01) -> None:
        self._prices = dict(prices)
        self.delay = delay
        self.calls: list[int] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Lock()

    async def quote(self, product_id: int) -> int:
        """Today's price of the product in cents; LookupError for an unknown product."""
        with self._lock:
            self.calls.append(product_id)
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            await asyncio.sleep(self.delay)
            if product_id not in self._prices:
                raise LookupError(f"no price for product {product_id}")
            return self._prices[product_id]
        finally:
            with self._lock:
                self.in_flight -= 1

    def __repr__(self) -> str:
        return (f"PriceService({len(self._prices)} prices, calls={len(self.calls)}, "
                f"max_in_flight={self.max_in_flight})")
