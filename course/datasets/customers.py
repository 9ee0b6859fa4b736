"""Seeded customers, products, orders and order lines as plain rows (for the ORM notebook)."""

from __future__ import annotations

import random
from dataclasses import dataclass

COUNTRIES: tuple[str, ...] = ("DE", "ES", "FR", "NL", "PL")
STATUSES: tuple[str, ...] = ("paid", "cancelled")
_FIRST = ("Ada", "Bruno", "Chiara", "Dmitri", "Elif", "Femi", "Greta", "Hugo", "Ines", "Jonas")
_LAST = ("Almeida", "Berger", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia", "Horvat")
_ADJECTIVES = ("Walnut", "Linen", "Copper", "Stoneware", "Oak", "Wool", "Glass", "Cork")
_NOUNS = ("Desk Tidy", "Lamp", "Mug", "Throw", "Planter", "Shelf", "Carafe", "Coaster Set")

Row = dict[str, int | str]


@dataclass(frozen=True)
class ShopRows:
    """The rows of four tables, each a list of dicts keyed by column name; ids start at 1."""

    customers: list[Row]    # id, email, name, country
    products: list[Row]     # id, sku, name, price_cents, stock
    orders: list[Row]       # id, customer_id, status, total_cents
    order_lines: list[Row]  # id, order_id, product_id, quantity, unit_price_cents

    def customers_in(self, country: str) -> list[Row]:
        """The customers of one country, ordered by email."""
        return sorted((c for c in self.customers if c["country"] == country),
                      key=lambda c: str(c["email"]))

    def orders_of(self, customer_id: int) -> list[Row]:
        """The orders of one customer, ordered by id."""
        return [o for o in self.orders if o["customer_id"] == customer_id]


def has_no_orders(customer_id: int) -> bool:
    """Customers 7, 17, 27, ... never ordered; they all live in ES (see `shop_rows`)."""
    return customer_id % 10 == 7


def shop_rows(n_customers: int = 40, n_products: int = 25, seed: int = 2026) -> ShopRows:
    """A small shop; the same arguments always give the same rows.

    Customer `i` lives in COUNTRIES[(i - 1) % 5]; those with `has_no_orders(i)` have no orders
    (so ES has order-less customers and the other countries have none). Every other customer
    has 1-4 orders of 1-3 distinct products; about one order in five is cancelled. An order's
    total is the sum of quantity x unit price of its lines, and unit prices are the products'
    prices.
    """
    if n_customers < 0 or n_products < 3:
        raise ValueError("need n_customers >= 0 and n_products >= 3")
    rng = random.Random(seed)
    customers: list[Row] = []
    for i in range(1, n_customers + 1):
        first, last = rng.choice(_FIRST), rng.choice(_LAST)
        customers.append({"id": i, "email": f"{first}.{last}.{i:03d}@example.com".lower(),
                          "name": f"{first} {last}", "country": COUNTRIES[(i - 1) % 5]})
    products: list[Row] = [
        {"id": i, "sku": f"SKU-{i:04d}", "name": f"{rng.choice(_ADJECTIVES)} {rng.choice(_NOUNS)}",
         "price_cents": rng.randrange(499, 12_000), "stock": rng.randrange(20, 200)}
        for i in range(1, n_products + 1)
    ]
    orders: list[Row] = []
    lines: list[Row] = []
    for customer in customers:
        customer_id = int(customer["id"])
        if has_no_orders(customer_id):
            continue
        for _ in range(rng.randint(1, 4)):
            order_id = len(orders) + 1
            total = 0
            for product in rng.sample(products, rng.randint(1, 3)):
                quantity, price = rng.randint(1, 3), int(product["price_cents"])
                lines.append({"id": len(lines) + 1, "order_id": order_id,
                              "product_id": product["id"], "quantity": quantity,
                              "unit_price_cents": price})
                total += quantity * price
            status = STATUSES[1] if rng.random() < 0.2 else STATUSES[0]
            orders.append({"id": order_id, "customer_id": customer_id, "status": status,
                           "total_cents": total})
    return ShopRows(customers, products, orders, lines)
