"""Seeded user profiles, sessions, blog posts and order documents with nested JSON."""

from __future__ import annotations

import datetime
import json
import random
from typing import Any

import duckdb

from course.datasets.catalogue import CATEGORIES

COUNTRY_OF: dict[str, str] = {
    "Amsterdam": "NL", "Berlin": "DE", "Lisbon": "PT", "Lyon": "FR",
    "Madrid": "ES", "Milan": "IT", "Paris": "FR", "Warsaw": "PL",
}
CITIES: tuple[str, ...] = tuple(COUNTRY_OF)
TIERS: tuple[str, ...] = ("free", "plus", "pro")
DIGITAL_CATEGORIES: tuple[str, ...] = ("ebooks", "software")
STATUSES: tuple[str, ...] = ("paid", "shipped", "cancelled", "refunded")
DELIVERY_METHODS: tuple[str, ...] = ("standard", "express", "pickup")

_STATUS_WEIGHTS = (55, 30, 10, 5)
_METHOD_WEIGHTS = (70, 20, 10)
_FIRST = ("Ada", "Bruno", "Chloe", "Dmitri", "Elena", "Farid", "Greta", "Hugo",
          "Ines", "Jonas", "Kasia", "Luca", "Maya", "Nils", "Olga", "Pablo")
_LAST = ("Novak", "Rossi", "Schmidt", "Silva", "Dubois", "Kowalski", "Jansen", "Garcia",
         "Moreau", "Bianchi", "Weber", "Costa")
_TOPICS = ("caching", "queues", "indexes", "schemas", "retries", "sharding", "pagination",
           "timeouts")
_EPOCH = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)

Document = dict[str, Any]


def users(n: int = 1_000, seed: int = 2026) -> list[dict[str, int | str]]:
    """`n` user profiles with ids 1..n: id, name, email (unique), city (one of CITIES), tier."""
    rng = random.Random(seed)
    people: list[dict[str, int | str]] = []
    for user_id in range(1, n + 1):
        first, last = rng.choice(_FIRST), rng.choice(_LAST)
        people.append({
            "id": user_id,
            "name": f"{first} {last}",
            "email": f"{first}.{last}.{user_id}@example.com".lower(),
            "city": rng.choice(CITIES),
            "tier": rng.choice(TIERS),
        })
    return people


def sessions(n: int = 40, n_users: int = 1_000, seed: int = 2026) -> list[dict[str, int | str]]:
    """`n` web sessions: a unique 16-hex-digit session_id, the user_id, and how many pages
    (`views`, 1..12) the visitor opens."""
    rng = random.Random(seed + 2)
    ids: set[str] = set()
    result: list[dict[str, int | str]] = []
    while len(result) < n:
        session_id = f"{rng.getrandbits(64):016x}"
        if session_id in ids:
            continue
        ids.add(session_id)
        result.append({"session_id": session_id, "user_id": rng.randint(1, n_users),
                       "views": rng.randint(1, 12)})
    return result


def posts(n: int = 1_000, n_authors: int = 100, seed: int = 2026) -> list[dict[str, int | str]]:
    """`n` blog posts with ids 1..n; author k (1..n_authors) writes with weight 1/k, so a few
    authors write most posts and some write none."""
    rng = random.Random(seed + 3)
    authors = range(1, n_authors + 1)
    weights = [1 / k for k in authors]
    return [{"id": post_id,
             "author_id": rng.choices(authors, weights)[0],
             "title": f"Notes on {rng.choice(_TOPICS)} #{post_id}"}
            for post_id in range(1, n + 1)]


def order_documents(n: int = 5_000, n_users: int = 1_000, seed: int = 2026) -> list[Document]:
    """`n` order documents (order_id 1..n) as a document store holds them, schema drift included.

    Orders 1 .. 2n/5 use schema version 1 (`"v": 1`): `shipping` has no `method` (every parcel
    went standard) and a digital order has `"shipping": null`. Later orders (`"v": 2`) carry
    `shipping.method` (one of DELIVERY_METHODS) and omit `shipping` for digital orders. Digital
    orders hold only DIGITAL_CATEGORIES items; every order has 1-4 items with an int `qty`.
    """
    people = users(n_users, seed)
    rng = random.Random(seed + 1)
    last_v1 = n * 2 // 5
    documents: list[Document] = []
    for order_id in range(1, n + 1):
        version = 1 if order_id <= last_v1 else 2
        customer = rng.choice(people)
        digital = rng.random() < 0.15
        placed = _EPOCH + datetime.timedelta(seconds=order_id * 517)
        doc: Document = {
            "v": version,
            "order_id": order_id,
            "status": rng.choices(STATUSES, _STATUS_WEIGHTS)[0],
            "placed_at": placed.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "customer": {"id": customer["id"], "email": customer["email"],
                         "address": _address(str(customer["city"]))},
        }
        if not digital:
            city = str(customer["city"]) if rng.random() < 0.8 else rng.choice(CITIES)
            shipping: Document = {"address": _address(city)}
            if version == 2:
                shipping = {"method": rng.choices(DELIVERY_METHODS, _METHOD_WEIGHTS)[0],
                            **shipping}
            doc["shipping"] = shipping
        elif version == 1:
            doc["shipping"] = None
        categories = DIGITAL_CATEGORIES if digital else CATEGORIES
        doc["items"] = [_item(rng, rng.choice(categories))
                        for _ in range(rng.choice((1, 1, 2, 2, 3, 4)))]
        if version == 2 and rng.random() < 0.2:
            doc["coupon"] = {"code": "WELCOME10", "percent": 10}
        documents.append(doc)
    return documents


def _address(city: str) -> Document:
    return {"city": city, "country": COUNTRY_OF[city]}


def _item(rng: random.Random, category: str) -> Document:
    return {"sku": f"{category[:3].upper()}-{rng.randrange(1, 500):04d}", "category": category,
            "qty": rng.choice((1, 1, 1, 2, 2, 3, 5)), "price_cents": rng.randrange(199, 20_000)}


def load_orders(con: duckdb.DuckDBPyConnection, documents: list[Document] | None = None,
                table: str = "orders") -> list[Document]:
    """Create `table` (id INTEGER PRIMARY KEY, doc JSON) holding one row per document, keyed by
    its `order_id`; `documents` defaults to `order_documents()`. Returns the documents."""
    docs = order_documents() if documents is None else documents
    con.execute(f"CREATE OR REPLACE TABLE {table} (id INTEGER PRIMARY KEY, doc JSON NOT NULL)")
    if docs:
        con.execute(
            f"INSERT INTO {table} SELECT UNNEST($id), UNNEST($doc)::JSON",
            {"id": [d["order_id"] for d in docs], "doc": [json.dumps(d) for d in docs]},
        )
    return docs
