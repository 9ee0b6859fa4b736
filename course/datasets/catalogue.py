"""The product catalogue and skewed request traffic (seeded, deterministic)."""

from __future__ import annotations

import bisect
import itertools
import random
from dataclasses import dataclass

import duckdb

CATEGORIES: tuple[str, ...] = (
    "books", "games", "garden", "kitchen", "music", "office", "outdoor", "toys",
)
_ADJECTIVES = ("Compact", "Deluxe", "Eco", "Pro", "Smart", "Classic", "Ultra", "Mini")
_NOUNS = ("Lamp", "Kettle", "Backpack", "Headset", "Notebook", "Planter", "Drone", "Puzzle")


@dataclass(frozen=True)
class Products:
    """Column-wise product catalogue: ids are 1..n, prices in integer cents."""

    id: list[int]
    name: list[str]
    category: list[str]
    price_cents: list[int]
    stock: list[int]

    def __len__(self) -> int:
        return len(self.id)

    def row(self, product_id: int) -> dict[str, int | str]:
        """The product with this id as a dict, as `SELECT *` returns it; KeyError if none."""
        if not 1 <= product_id <= len(self.id):
            raise KeyError(f"no product {product_id} (ids are 1..{len(self.id)})")
        i = product_id - 1
        return {"id": self.id[i], "name": self.name[i], "category": self.category[i],
                "price_cents": self.price_cents[i], "stock": self.stock[i]}


def products(n: int = 50_000, seed: int = 2026) -> Products:
    """A catalogue of `n` products; the same `seed` always gives the same rows."""
    rng = random.Random(seed)
    ids = list(range(1, n + 1))
    names = [f"{rng.choice(_ADJECTIVES)} {rng.choice(_NOUNS)} {i:05d}" for i in ids]
    categories = [rng.choice(CATEGORIES) for _ in ids]
    prices = [rng.randrange(199, 50_000) for _ in ids]
    stock = [rng.randrange(0, 500) for _ in ids]
    return Products(ids, names, categories, prices, stock)


def load_products(
    con: duckdb.DuckDBPyConnection, n: int = 50_000, seed: int = 2026, table: str = "products"
) -> Products:
    """Create `table` in DuckDB and fill it with `products(n, seed)`; returns the rows."""
    data = products(n, seed)
    con.execute(
        f"""CREATE OR REPLACE TABLE {table} (
                id INTEGER PRIMARY KEY, name VARCHAR NOT NULL, category VARCHAR NOT NULL,
                price_cents INTEGER NOT NULL CHECK (price_cents > 0),
                stock INTEGER NOT NULL CHECK (stock >= 0))"""
    )
    con.execute(
        f"""INSERT INTO {table}
            SELECT UNNEST($id), UNNEST($name), UNNEST($category), UNNEST($price), UNNEST($stock)""",
        {"id": data.id, "name": data.name, "category": data.category,
         "price": data.price_cents, "stock": data.stock},
    )
    return data


def zipf_keys(n_requests: int, n_keys: int, skew: float, seed: int = 7) -> list[int]:
    """Request keys 1..n_keys where key k is drawn with weight 1 / k**skew (skew 0 = uniform).

    Real traffic is skewed: a few hot products take most requests, which is why caches work.
    """
    if n_keys < 1 or n_requests < 0 or skew < 0:
        raise ValueError("need n_keys >= 1, n_requests >= 0 and skew >= 0")
    rng = random.Random(seed)
    cumulative = list(itertools.accumulate(1.0 / k**skew for k in range(1, n_keys + 1)))
    total = cumulative[-1]
    return [bisect.bisect_left(cumulative, rng.random() * total) + 1 for _ in range(n_requests)]
