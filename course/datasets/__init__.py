"""Deterministic synthetic datasets (seeded), big enough that a wrong query shows it.

One module per domain, imported by the notebooks that use it: `catalogue` (products, skewed
traffic), `shop` (customers, orders and lines in DuckDB), `customers` (the ORM shop), `profiles`
(sessions, users, posts, JSON order documents) and `documents` (support articles and questions
with known relevant answers, for vector search).
"""

from course.datasets.catalogue import (
    CATEGORIES,
    Products,
    load_products,
    products,
    zipf_keys,
)

__all__ = ["CATEGORIES", "Products", "load_products", "products", "zipf_keys"]
