"""course.graphql_kit: seeded shop rows and a back-end that counts its calls (GraphQL notebook)."""

from __future__ import annotations

import itertools

import pytest

from course.graphql_kit import (
    COUNTRIES,
    N_CUSTOMERS,
    NO_ORDERS_EVERY,
    PRODUCTS,
    STATUSES,
    NotFound,
    OutOfStockError,
    ShopBackend,
    seed_shop,
)


def test_same_seed_gives_identical_rows():
    assert seed_shop(5) == seed_shop(5)
    assert ShopBackend(5).orders_of(3) == seed_shop(5).orders_of(3)


def test_another_seed_gives_other_rows():
    assert seed_shop(5).customers != seed_shop(6).customers
    assert seed_shop(5).orders != seed_shop(6).orders


def test_customers_have_ids_1_to_n_known_countries_and_names():
    customers = seed_shop().customers
    assert [c.id for c in customers] == list(range(1, N_CUSTOMERS + 1))
    assert {c.country for c in customers} == set(COUNTRIES)
    assert all(len(c.name.split()) == 2 for c in customers)


def test_every_seventh_customer_has_no_orders_and_the_others_one_to_four():
    shop = seed_shop()
    for customer in shop.customers:
        count = len(shop.orders_of(customer.id))
        if customer.id % NO_ORDERS_EVERY == 0:
            assert count == 0, customer
        else:
            assert 1 <= count <= 4, customer


def test_order_ids_are_1_to_n_and_interleave_between_customers():
    orders = seed_shop().orders
    assert [o.id for o in orders] == list(range(1, len(orders) + 1))
    same_customer = sum(a.customer_id == b.customer_id for a, b in itertools.pairwise(orders))
    assert same_customer < len(orders) // 4  # shuffled, not grouped by customer


def test_order_totals_are_quantity_times_price_and_statuses_known():
    prices = {p.id: p.price_cents for p in PRODUCTS}
    for order in seed_shop().orders:
        assert order.total_cents == order.quantity * prices[order.product_id]
        assert order.status in STATUSES


def test_rows_the_notebook_relies_on():
    shop = seed_shop()
    assert all(shop.orders_of(i) for i in range(1, 7))  # the visible batching test: 1-5 ordered
    stock = {p.id: p.stock for p in PRODUCTS}
    assert (stock[1], stock[3], stock[5]) == (40, 2, 0)
    assert PRODUCTS[3].price_cents == 2_499
    assert len([c for c in shop.customers if c.country == "SE"]) >= 4
    assert max(o.id for o in shop.orders) == len(shop.orders)


def test_customers_sorts_by_id_filters_by_country_then_limits():
    backend = ShopBackend()
    assert [c.id for c in backend.customers()] == list(range(1, 11))
    swedes = [c for c in seed_shop().customers if c.country == "SE"]
    assert backend.customers(country="SE", limit=3) == swedes[:3]
    assert backend.customers(country="SE", limit=1_000) == swedes
    assert backend.customers(limit=0) == []
    assert backend.customers(country="US") == []


def test_lookups_return_none_for_unknown_ids():
    backend = ShopBackend()
    assert backend.customer(9_999) is None
    assert backend.product(99) is None
    assert backend.customer(1) == seed_shop().customers[0]


def test_every_public_call_is_counted_by_method_and_reset_empties_the_counter():
    backend = ShopBackend()
    backend.customers(limit=3)
    backend.orders_of(1)
    backend.orders_of(2)
    backend.customer(1)
    backend.product(1)
    backend.orders_of_many([1, 2])
    assert dict(backend.calls) == {"customers": 1, "orders_of": 2, "customer": 1, "product": 1,
                                   "orders_of_many": 1}
    assert backend.total_calls == 6
    backend.reset_calls()
    assert dict(backend.calls) == {} and backend.total_calls == 0


def test_orders_of_many_is_one_call_sorted_by_customer_then_id():
    backend = ShopBackend()
    rows = backend.orders_of_many([9, 2, 7, 500, 5])
    expected = [o for cid in (2, 5, 9) for o in seed_shop().orders_of(cid)]
    assert rows == expected
    ids_of_2 = [o.id for o in rows if o.customer_id == 2]
    assert ids_of_2 == sorted(ids_of_2) and len(ids_of_2) == len(seed_shop().orders_of(2))
    assert dict(backend.calls) == {"orders_of_many": 1}


def test_place_order_takes_stock_and_stores_a_pending_order():
    backend = ShopBackend()
    order = backend.place_order(3, 1, 4)
    assert order.id == len(seed_shop().orders) + 1
    assert (order.customer_id, order.product_id, order.quantity) == (3, 1, 4)
    assert order.total_cents == 4 * PRODUCTS[0].price_cents and order.status == "pending"
    assert backend.product(1).stock == PRODUCTS[0].stock - 4
    assert backend.orders_of(3)[-1] == order
    assert backend.place_order(3, 1, 1).id == order.id + 1


@pytest.mark.parametrize(("customer_id", "product_id", "table"),
                         [(9_999, 1, "customers"), (1, 99, "products")])
def test_place_order_raises_not_found_with_an_sql_message(customer_id, product_id, table):
    backend = ShopBackend()
    with pytest.raises(NotFound) as raised:
        backend.place_order(customer_id, product_id, 1)
    assert raised.value.table == table
    assert str(raised.value).startswith(f"SELECT * FROM {table}")
    assert len(backend.orders_of(customer_id)) == len(seed_shop().orders_of(customer_id))


def test_place_order_out_of_stock_reports_what_is_left_and_writes_nothing():
    backend = ShopBackend()
    with pytest.raises(OutOfStockError) as raised:
        backend.place_order(1, 3, 5)
    assert (raised.value.product_id, raised.value.requested, raised.value.available) == (3, 5, 2)
    assert backend.product(3).stock == 2
    assert backend.orders_of(1) == seed_shop().orders_of(1)


def test_place_order_trusts_its_caller_with_the_quantity():
    backend = ShopBackend()
    backend.place_order(1, 1, -3)  # the storage layer does not validate: the API must
    assert backend.product(1).stock == PRODUCTS[0].stock + 3


def test_backends_are_independent_of_each_other_and_of_the_seed():
    first, second = ShopBackend(), ShopBackend()
    first.place_order(2, 4, 1)
    assert len(second.orders_of(2)) == len(seed_shop().orders_of(2))
    assert second.product(4).stock == PRODUCTS[3].stock
    assert len(ShopBackend().orders_of(2)) == len(seed_shop().orders_of(2))
    assert "0 calls" in repr(ShopBackend())
