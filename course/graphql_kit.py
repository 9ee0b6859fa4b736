"""ShopFast's GraphQL back-end: seeded customers, orders, products; a store that counts calls."""

from __future__ import annotations

import functools
import random
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace

COUNTRIES: tuple[str, ...] = ("DE", "ES", "FR", "GB", "NL", "SE")
STATUSES: tuple[str, ...] = ("paid", "shipped", "delivered", "refunded")
N_CUSTOMERS = 120
NO_ORDERS_EVERY = 7  # customers 7, 14, 21, ... signed up and never ordered
_FIRST = ("Ada", "Ben", "Chloé", "Dev", "Emil", "Farah", "Gus", "Hana", "Ivo", "Jun", "Kim", "Lea")
_LAST = ("Novak", "Okafor", "Park", "Quinn", "Rossi", "Silva", "Tanaka", "Ueda", "Vogel", "Weiss")


@dataclass(frozen=True)
class CustomerRow:
    id: int
    name: str
    country: str


@dataclass(frozen=True)
class OrderRow:
    id: int
    customer_id: int
    product_id: int
    quantity: int
    total_cents: int  # quantity * the product's price_cents
    status: str


@dataclass(frozen=True)
class ProductRow:
    id: int
    name: str
    price_cents: int
    stock: int


PRODUCTS: tuple[ProductRow, ...] = (
    ProductRow(1, "Smart Kettle", 3_999, 40),
    ProductRow(2, "Espresso Grinder", 12_900, 15),
    ProductRow(3, "Noise-cancelling Headphones", 19_900, 2),
    ProductRow(4, "USB-C Charger", 2_499, 120),
    ProductRow(5, "Standing Desk", 34_900, 0),
    ProductRow(6, "Mechanical Keyboard", 8_900, 25),
    ProductRow(7, "Desk Lamp", 4_500, 60),
    ProductRow(8, "Webcam", 6_999, 8),
)


class NotFound(LookupError):
    """A customer or product id with no row: the store's own, internal-looking message."""

    def __init__(self, table: str, row_id: object) -> None:
        super().__init__(f"SELECT * FROM {table} WHERE id = {row_id!r}: 0 rows")
        self.table, self.row_id = table, row_id


class OutOfStockError(Exception):
    """Fewer items in stock than the quantity ordered; nothing was written."""

    def __init__(self, product_id: int, requested: int, available: int) -> None:
        super().__init__(f"product {product_id}: {requested} requested, {available} in stock")
        self.product_id, self.requested, self.available = product_id, requested, available


@dataclass(frozen=True)
class Seed:
    """The rows every new ShopBackend starts with, for tests to compute expected answers."""

    customers: tuple[CustomerRow, ...]
    orders: tuple[OrderRow, ...]
    products: tuple[ProductRow, ...]

    def customer(self, customer_id: int) -> CustomerRow | None:
        return next((c for c in self.customers if c.id == customer_id), None)

    def orders_of(self, customer_id: int) -> list[OrderRow]:
        return [o for o in self.orders if o.customer_id == customer_id]


@functools.cache
def seed_shop(seed: int = 2026) -> Seed:
    """120 customers (every 7th without orders), their orders (ids interleaved), 8 products."""
    rng = random.Random(seed)
    customers = tuple(
        CustomerRow(i, f"{rng.choice(_FIRST)} {rng.choice(_LAST)}", rng.choice(COUNTRIES))
        for i in range(1, N_CUSTOMERS + 1))
    placed = [(c.id, rng.choice(PRODUCTS), rng.randint(1, 3))
              for c in customers if c.id % NO_ORDERS_EVERY
              for _ in range(rng.randint(1, 4))]
    rng.shuffle(placed)  # order ids follow time, not customers
    orders = tuple(
        OrderRow(i, customer_id, product.id, quantity, quantity * product.price_cents,
                 rng.choice(STATUSES))
        for i, (customer_id, product, quantity) in enumerate(placed, start=1))
    return Seed(customers, orders, PRODUCTS)


class ShopBackend:
    """An in-memory shop standing in for a database: every public method counts one call.

    `calls` maps a method's name to how many times it ran (`reset_calls()` empties it). Like
    an SQL UPDATE, `place_order` trusts its caller: it does not check that quantity > 0.
    """

    def __init__(self, seed: int = 2026) -> None:
        data = seed_shop(seed)
        self._customers = {c.id: c for c in data.customers}
        self._orders: list[OrderRow] = list(data.orders)
        self._products = {p.id: p for p in data.products}
        self.calls: Counter[str] = Counter()

    def reset_calls(self) -> None:
        self.calls.clear()

    @property
    def total_calls(self) -> int:
        return sum(self.calls.values())

    def customer(self, customer_id: int) -> CustomerRow | None:
        """One customer by id, or None (SELECT ... WHERE id = ?)."""
        self.calls["customer"] += 1
        return self._customers.get(customer_id)

    def customers(self, country: str | None = None, limit: int = 10) -> list[CustomerRow]:
        """The first `limit` customers by id, of one country if given."""
        self.calls["customers"] += 1
        rows = [c for c in self._customers.values() if country is None or c.country == country]
        return sorted(rows, key=lambda c: c.id)[:max(limit, 0)]

    def orders_of(self, customer_id: int) -> list[OrderRow]:
        """One customer's orders by id (SELECT ... WHERE customer_id = ?)."""
        self.calls["orders_of"] += 1
        return [o for o in self._orders if o.customer_id == customer_id]

    def orders_of_many(self, customer_ids: Iterable[int]) -> list[OrderRow]:
        """The orders of many customers in one call, sorted by (customer_id, id), like
        SELECT ... WHERE customer_id IN (...) ORDER BY customer_id, id. Customers without
        orders (or that do not exist) simply have no rows."""
        self.calls["orders_of_many"] += 1
        wanted = set(customer_ids)
        return sorted((o for o in self._orders if o.customer_id in wanted),
                      key=lambda o: (o.customer_id, o.id))

    def product(self, product_id: int) -> ProductRow | None:
        """One product (with its current stock) by id, or None."""
        self.calls["product"] += 1
        return self._products.get(product_id)

    def place_order(self, customer_id: int, product_id: int, quantity: int) -> OrderRow:
        """Take `quantity` from stock and store a pending order, atomically.

        Raises NotFound for an unknown customer or product, OutOfStockError (writing nothing)
        when the stock is smaller than `quantity`.
        """
        self.calls["place_order"] += 1
        if customer_id not in self._customers:
            raise NotFound("customers", customer_id)
        if product_id not in self._products:
            raise NotFound("products", product_id)
        product = self._products[product_id]
        if product.stock < quantity:
            raise OutOfStockError(product_id, quantity, product.stock)
        self._products[product_id] = replace(product, stock=product.stock - quantity)
        order = OrderRow(max((o.id for o in self._orders), default=0) + 1, customer_id,
                         product_id, quantity, quantity * product.price_cents, "pending")
        self._orders.append(order)
        return order

    def __repr__(self) -> str:
        return (f"ShopBackend({len(self._customers)} customers, {len(self._orders)} orders, "
                f"{len(self._products)} products; {self.total_calls} calls)")
