"""course.datasets: seeded product catalogues, loading them into DuckDB, Zipf request keys."""

from __future__ import annotations

from collections import Counter

import duckdb
import pytest

from course.backends import duckdb_connection
from course.datasets import CATEGORIES, Products, load_products, products, zipf_keys

# --- products() ----------------------------------------------------------------------------


def test_same_seed_gives_identical_catalogues():
    assert products(300, seed=11) == products(300, seed=11)


def test_another_seed_gives_another_catalogue():
    first, second = products(300, seed=11), products(300, seed=12)
    assert first.price_cents != second.price_cents
    assert first.name != second.name


def test_catalogue_has_exactly_n_rows():
    assert len(products(0)) == 0
    assert len(products(1)) == 1
    assert len(products(123)) == 123


def test_default_catalogue_has_50000_products():
    catalogue = products()
    assert isinstance(catalogue, Products)
    assert len(catalogue) == 50_000


def test_ids_are_1_to_n_in_order():
    assert products(500).id == list(range(1, 501))


def test_every_column_has_one_value_per_product():
    catalogue = products(400)
    columns = (catalogue.id, catalogue.name, catalogue.category, catalogue.price_cents,
               catalogue.stock)
    assert [len(column) for column in columns] == [400] * 5


def test_prices_are_int_cents_in_range():
    prices = products(5_000).price_cents
    assert all(type(price) is int for price in prices)
    assert min(prices) >= 199
    assert max(prices) < 50_000
    assert len(set(prices)) > 1_000  # spread out, not a constant


def test_stock_is_a_non_negative_int_below_500():
    stock = products(5_000).stock
    assert all(type(s) is int for s in stock)
    assert min(stock) >= 0
    assert max(stock) < 500


def test_categories_come_from_the_fixed_list_and_all_appear():
    categories = products(2_000).category
    assert set(categories) == set(CATEGORIES)


def test_names_are_unique_and_end_with_the_zero_padded_id():
    catalogue = products(1_000)
    assert len(set(catalogue.name)) == 1_000
    for product_id, name in zip(catalogue.id, catalogue.name, strict=True):
        assert name.endswith(f" {product_id:05d}")


def test_row_returns_the_columns_of_one_product():
    catalogue = products(50)
    row = catalogue.row(17)
    assert row == {"id": 17, "name": catalogue.name[16], "category": catalogue.category[16],
                   "price_cents": catalogue.price_cents[16], "stock": catalogue.stock[16]}
    assert catalogue.row(1)["id"] == 1
    assert catalogue.row(50)["id"] == 50


def test_row_of_an_id_past_the_end_raises_key_error_naming_the_range():
    with pytest.raises(KeyError, match=r"1\.\.10"):
        products(10).row(11)


@pytest.mark.parametrize("product_id", [0, -1])
def test_row_of_id_zero_or_negative_raises_instead_of_counting_from_the_end(product_id):
    with pytest.raises(KeyError):
        products(10).row(product_id)


# --- load_products() -----------------------------------------------------------------------


@pytest.fixture
def con():
    connection = duckdb_connection()
    yield connection
    connection.close()


def test_load_products_fills_the_table_with_n_rows(con):
    data = load_products(con, n=2_000, seed=5)
    assert len(data) == 2_000
    assert con.execute("SELECT count(*) FROM products").fetchone() == (2_000,)


def test_loaded_price_sum_equals_the_python_data(con):
    data = load_products(con)  # the full default catalogue
    total, count = con.execute("SELECT sum(price_cents), count(*) FROM products").fetchone()
    assert count == 50_000
    assert total == sum(data.price_cents)


def test_load_products_returns_the_same_rows_as_products(con):
    assert load_products(con, n=300, seed=9) == products(300, seed=9)


def test_loaded_rows_match_the_python_rows_exactly(con):
    data = load_products(con, n=300, seed=3)
    rows = con.execute(
        "SELECT id, name, category, price_cents, stock FROM products ORDER BY id").fetchall()
    assert rows == [tuple(data.row(i).values()) for i in range(1, 301)]


def test_load_products_replaces_an_existing_table(con):
    load_products(con, n=100)
    load_products(con, n=40)
    assert con.execute("SELECT count(*) FROM products").fetchone() == (40,)


def test_load_products_honours_the_table_name(con):
    load_products(con, n=25, table="catalogue")
    assert con.execute("SELECT count(*) FROM catalogue").fetchone() == (25,)
    tables = {name for (name,) in con.execute("SHOW TABLES").fetchall()}
    assert tables == {"catalogue"}


def test_check_constraint_rejects_a_negative_price(con):
    load_products(con, n=10)
    with pytest.raises(duckdb.ConstraintException, match="price_cents"):
        con.execute("INSERT INTO products VALUES (11, 'Bad 00011', 'toys', -1, 5)")
    with pytest.raises(duckdb.ConstraintException, match="price_cents"):
        con.execute("UPDATE products SET price_cents = -500 WHERE id = 3")
    assert con.execute("SELECT count(*), min(price_cents) > 0 FROM products").fetchone() == (
        10, True)


def test_check_constraint_rejects_negative_stock(con):
    load_products(con, n=10)
    with pytest.raises(duckdb.ConstraintException, match="stock"):
        con.execute("INSERT INTO products VALUES (11, 'Bad 00011', 'toys', 100, -1)")


def test_primary_key_rejects_a_duplicate_id(con):
    load_products(con, n=10)
    with pytest.raises(duckdb.ConstraintException):
        con.execute("INSERT INTO products VALUES (3, 'Dup 00003', 'toys', 100, 1)")


def test_columns_are_not_nullable(con):
    load_products(con, n=10)
    with pytest.raises(duckdb.ConstraintException):
        con.execute("INSERT INTO products VALUES (11, NULL, 'toys', 100, 1)")


# --- zipf_keys() ---------------------------------------------------------------------------


def test_zipf_keys_are_deterministic_for_a_seed():
    assert zipf_keys(5_000, 1_000, 1.0, seed=3) == zipf_keys(5_000, 1_000, 1.0, seed=3)


def test_zipf_keys_differ_for_another_seed():
    assert zipf_keys(5_000, 1_000, 1.0, seed=3) != zipf_keys(5_000, 1_000, 1.0, seed=4)


def test_zipf_keys_has_one_key_per_request_and_all_in_range():
    keys = zipf_keys(20_000, 300, 0.8)
    assert len(keys) == 20_000
    assert all(type(k) is int for k in keys)
    assert min(keys) >= 1
    assert max(keys) <= 300


def test_zipf_keys_with_zero_requests_is_empty():
    assert zipf_keys(0, 10, 1.0) == []


def test_zipf_keys_with_one_key_always_returns_it():
    assert zipf_keys(50, 1, 1.5) == [1] * 50


def test_skew_zero_is_roughly_uniform():
    counts = Counter(zipf_keys(100_000, 100, 0.0))
    assert set(counts) == set(range(1, 101))  # every key is requested
    assert all(800 <= count <= 1_200 for count in counts.values())  # expected 1000 each


def test_skew_1_2_puts_most_traffic_on_the_top_1_percent_of_keys():
    n_keys = 10_000
    keys = zipf_keys(100_000, n_keys, 1.2)
    counts = Counter(keys)
    top_1_percent = sum(counts[k] for k in range(1, n_keys // 100 + 1))
    assert top_1_percent / len(keys) > 0.5
    assert counts.most_common(1)[0][0] == 1  # key 1 is the hottest


def test_more_skew_concentrates_more_traffic_on_key_1():
    shares = [Counter(zipf_keys(20_000, 1_000, skew))[1] for skew in (0.0, 0.5, 1.0, 1.5)]
    assert shares == sorted(shares)
    assert shares[0] < shares[-1]


@pytest.mark.parametrize(
    ("n_requests", "n_keys", "skew"),
    [(10, 0, 1.0), (10, -5, 1.0), (-1, 10, 1.0), (10, 10, -0.1)],
)
def test_zipf_keys_rejects_invalid_arguments(n_requests, n_keys, skew):
    with pytest.raises(ValueError, match="n_keys >= 1"):
        zipf_keys(n_requests, n_keys, skew)
