"""course.datasets.profiles: seeded users, sessions, posts and order documents (schema drift)."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from course.backends import duckdb_connection
from course.datasets.catalogue import CATEGORIES
from course.datasets.profiles import (
    CITIES,
    COUNTRY_OF,
    DELIVERY_METHODS,
    DIGITAL_CATEGORIES,
    STATUSES,
    TIERS,
    load_orders,
    order_documents,
    posts,
    sessions,
    users,
)


@pytest.fixture(scope="module")
def documents() -> list[dict]:
    return order_documents()


# --- users() -------------------------------------------------------------------------------


def test_same_seed_gives_identical_users_and_another_seed_other_users():
    assert users(200, seed=5) == users(200, seed=5)
    assert users(200, seed=5) != users(200, seed=6)


def test_users_have_ids_1_to_n_and_exactly_five_fields():
    people = users(150)
    assert [p["id"] for p in people] == list(range(1, 151))
    assert all(set(p) == {"id", "name", "email", "city", "tier"} for p in people)


def test_user_emails_are_unique_and_cities_and_tiers_come_from_the_constants():
    people = users(1_000)
    assert len({p["email"] for p in people}) == 1_000
    assert {p["city"] for p in people} == set(CITIES)
    assert {p["tier"] for p in people} == set(TIERS)


# --- sessions() and posts() ---------------------------------------------------------------


def test_sessions_are_deterministic_with_unique_hex_ids_and_1_to_12_views():
    visits = sessions(60, n_users=50)
    assert visits == sessions(60, n_users=50)
    assert len({v["session_id"] for v in visits}) == 60
    assert all(len(v["session_id"]) == 16 and int(v["session_id"], 16) >= 0 for v in visits)
    assert all(1 <= v["views"] <= 12 and 1 <= v["user_id"] <= 50 for v in visits)


def test_posts_are_skewed_so_a_rename_costs_very_different_numbers_of_writes():
    blog = posts(1_000, n_authors=100)
    assert [p["id"] for p in blog] == list(range(1, 1_001))
    per_author = Counter(p["author_id"] for p in blog)
    assert set(per_author) <= set(range(1, 101))
    assert per_author.most_common(1)[0][0] == 1  # weight 1/k: author 1 writes the most
    assert per_author[1] > 10 * sorted(per_author.values())[len(per_author) // 2]
    assert len(per_author) < 100  # and some authors write nothing


# --- order_documents() --------------------------------------------------------------------


def test_order_documents_are_deterministic_and_json_serialisable(documents):
    assert order_documents(300) == order_documents(300)
    assert json.loads(json.dumps(documents)) == documents
    assert [d["order_id"] for d in documents] == list(range(1, 5_001))


def test_first_two_fifths_are_schema_v1_and_the_rest_v2(documents):
    assert {d["v"] for d in documents[:2_000]} == {1}
    assert {d["v"] for d in documents[2_000:]} == {2}


def test_v1_parcels_have_no_method_and_v1_digital_orders_have_null_shipping(documents):
    v1 = documents[:2_000]
    assert all("method" not in d["shipping"] for d in v1 if d["shipping"] is not None)
    assert any(d["shipping"] is None for d in v1)
    assert all("shipping" in d for d in v1)


def test_v2_parcels_have_a_method_and_v2_digital_orders_omit_shipping(documents):
    v2 = documents[2_000:]
    assert {d["shipping"]["method"] for d in v2 if "shipping" in d} == set(DELIVERY_METHODS)
    assert any("shipping" not in d for d in v2)
    assert all(d["shipping"] is not None for d in v2 if "shipping" in d)


def test_digital_orders_hold_only_digital_items_and_parcels_only_physical_ones(documents):
    for doc in documents:
        categories = {item["category"] for item in doc["items"]}
        if doc.get("shipping") is None:
            assert categories <= set(DIGITAL_CATEGORIES)
        else:
            assert categories <= set(CATEGORIES)


def test_every_order_has_1_to_4_items_with_int_qty_and_a_known_status(documents):
    assert Counter(len(d["items"]) for d in documents).keys() == {1, 2, 3, 4}
    assert all(type(i["qty"]) is int and i["qty"] >= 1 for d in documents for i in d["items"])
    assert {d["status"] for d in documents} == set(STATUSES)


def test_addresses_name_a_known_city_with_its_country(documents):
    addresses = [d["customer"]["address"] for d in documents]
    addresses += [d["shipping"]["address"] for d in documents if d.get("shipping")]
    assert all(a["country"] == COUNTRY_OF[a["city"]] for a in addresses)


# --- load_orders() ------------------------------------------------------------------------


def test_load_orders_stores_one_json_row_per_document_keyed_by_order_id():
    con = duckdb_connection()
    docs = order_documents(200)
    assert load_orders(con, docs) is docs
    rows = con.execute("SELECT id, doc FROM orders ORDER BY id").fetchall()
    assert [row[0] for row in rows] == list(range(1, 201))
    assert [json.loads(row[1]) for row in rows] == docs
    types = con.execute("SELECT column_type FROM (DESCRIBE orders)").fetchall()
    assert types == [("INTEGER",), ("JSON",)]


def test_load_orders_replaces_the_table_and_accepts_an_empty_list():
    con = duckdb_connection()
    load_orders(con, order_documents(50))
    load_orders(con, [])
    assert con.execute("SELECT count(*) FROM orders").fetchall() == [(0,)]


def test_load_orders_defaults_to_the_5000_seeded_documents_in_the_named_table():
    con = duckdb_connection()
    docs = load_orders(con, table="docs")
    assert len(docs) == 5_000
    assert con.execute("SELECT count(*) FROM docs").fetchall() == [(5_000,)]
