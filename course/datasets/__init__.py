"""Deterministic synthetic datasets (seeded), big enough that a wrong query shows it.

One module per domain; everything a notebook needs is importable from `course.datasets`.
"""

from course.datasets.catalogue import (
    CATEGORIES,
    Products,
    load_products,
    products,
    zipf_keys,
)

__all__ = ["CATEGORIES", "Products", "load_products", "products", "zipf_keys"]
