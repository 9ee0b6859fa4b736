"""course.api_under_test: the wallet API is correct, and each variant changes only what it says."""

from __future__ import annotations

import threading

import httpx
import pytest

from course.api_under_test import (
    ACCOUNT_IDS,
    CHANGES,
    V1_TRAFFIC,
    fee_of,
    in_process_client,
    make_app,
    record_traffic,
    serve,
)


def transfer(client: httpx.Client, source: str, target: str, cents: int) -> httpx.Response:
    return client.post("/v1/transfers",
                       json={"from_account": source, "to_account": target, "amount_cents": cents})


def balances(client: httpx.Client) -> dict[str, int]:
    return {a["id"]: a["balance_cents"] for a in client.get("/v1/accounts").json()}


MIXED_TRANSFERS = [("acc_ada", "acc_ben", 2_500), ("acc_ben", "acc_ben", 100),
                   ("acc_dan", "acc_ada", 500), ("acc_cleo", "acc_dan", 805),
                   ("acc_fees", "acc_cleo", 10), ("acc_ada", "acc_nobody", 5),
                   ("acc_ben", "acc_ada", 0)]


def test_seeded_accounts_have_the_documented_balances():
    with in_process_client(make_app()) as client:
        assert balances(client) == {"acc_ada": 12_000, "acc_ben": 4_599, "acc_cleo": 805,
                                    "acc_dan": 0, "acc_fees": 0}
        assert [a["currency"] for a in client.get("/v1/accounts").json()] == ["EUR"] * 5


def test_fee_is_one_and_a_half_percent_rounded_half_up():
    assert [fee_of(c) for c in (1, 33, 34, 100, 2_500, 20_000)] == [0, 0, 1, 2, 38, 300]


def test_correct_app_conserves_money_and_answers_each_rejection_with_its_status():
    with in_process_client(make_app()) as client:
        statuses = [transfer(client, *t).status_code for t in MIXED_TRANSFERS]
        assert statuses == [201, 400, 409, 409, 201, 404, 422]
        assert sum(balances(client).values()) == 12_000 + 4_599 + 805
        assert balances(client)["acc_fees"] == 38 - 10


@pytest.mark.parametrize(("change", "moves"), [
    ("fee-rounding", ("acc_ada", "acc_ben", 34)),
    ("self-transfer", ("acc_ben", "acc_ben", 100)),
    ("fee-before-check", ("acc_cleo", "acc_dan", 50_000)),
])
def test_each_money_bug_changes_the_total_and_the_correct_app_does_not(change, moves):
    for changes, conserved in (((), True), ((change,), False)):
        with in_process_client(make_app(*changes)) as client:
            before = sum(balances(client).values())
            transfer(client, *moves)
            assert (sum(balances(client).values()) == before) is conserved


def test_last_page_offers_a_next_offset_only_with_the_off_by_one():
    url = "/v1/accounts/acc_ada/transactions?offset=3&limit=3"
    with in_process_client(make_app()) as client:
        page = client.get(url).json()
        assert [t["id"] for t in page["items"]] == ["tx_0004", "tx_0005", "tx_0006"]
        assert page["next_offset"] is None
        assert client.get(url.replace("offset=3", "offset=0")).json()["next_offset"] == 3
    with in_process_client(make_app("page-off-by-one")) as client:
        assert client.get(url).json()["next_offset"] == 6


def test_shape_changes_touch_only_the_endpoint_they_name():
    with in_process_client(make_app("missing-field", "string-cents")) as client:
        assert "currency" not in client.get("/v1/accounts/acc_ben").json()
        assert client.get("/v1/accounts").json()[1]["balance_cents"] == "4599"
        assert client.get("/v1/accounts/acc_ben").json()["balance_cents"] == 4_599
    with in_process_client(make_app("error-shape", "created-200")) as client:
        missing = client.get("/v1/accounts/acc_nobody")
        assert missing.json() == {"error": "account acc_nobody not found"}
        assert transfer(client, "acc_ada", "acc_ben", 100).status_code == 200
    with in_process_client(make_app("v1-renamed-field", "additive")) as client:
        account = client.get("/v1/accounts/acc_ben").json()
        assert account == {"id": "acc_ben", "owner": "Ben Okafor", "currency": "EUR",
                           "balance": 4_599, "status": "active"}
        page = client.get("/v1/accounts/acc_ben/transactions").json()
        assert page["total"] == 2 and page["items"][0]["currency"] == "EUR"


def test_v2_transfers_take_a_money_object_and_only_the_shared_model_breaks_v1():
    money = {"from_account": "acc_ada", "to_account": "acc_ben",
             "amount": {"amount": "25.00", "currency": "EUR"}}
    with in_process_client(make_app("v2-transfers")) as client:
        answer = client.post("/v2/transfers", json=money)
        assert answer.status_code == 201 and answer.json()["fee_cents"] == 38
        assert transfer(client, "acc_ada", "acc_ben", 100).status_code == 201
        bad = dict(money, amount={"amount": "25", "currency": "EUR"})
        assert client.post("/v2/transfers", json=bad).status_code == 422
    with in_process_client(make_app("v2-shared-model")) as client:
        assert transfer(client, "acc_ada", "acc_ben", 100).status_code == 422
        assert client.post("/v1/transfers", json=money).status_code == 201
    assert "/v2/transfers" not in make_app().openapi()["paths"]


def test_openapi_documents_every_status_the_correct_app_sends():
    operation = make_app().openapi()["paths"]["/v1/transfers"]["post"]
    assert sorted(operation["responses"]) == ["201", "400", "404", "409", "422"]


def test_unknown_change_is_refused_with_the_list_of_known_ones():
    with pytest.raises(ValueError, match="fee-rounding"):
        make_app("no-such-change")
    assert all(CHANGES.values())


def test_fresh_client_resets_the_ledger_and_serve_stops_its_loop_thread():
    threads = threading.active_count()
    with serve() as fresh_client:
        client = fresh_client()
        transfer(client, "acc_ada", "acc_ben", 1_000)
        assert balances(client)["acc_ben"] == 5_599
        assert balances(fresh_client())["acc_ben"] == 4_599
        assert len(client.get("/v1/accounts/acc_ada/transactions").json()["items"]) == 6
    assert threading.active_count() == threads


def test_record_traffic_replays_v1_in_order_on_a_fresh_app():
    exchanges = record_traffic(make_app())
    assert [(e["method"], e["path"]) for e in exchanges] == [(m, p) for m, p, _ in V1_TRAFFIC]
    assert [e["status"] for e in exchanges] == [200, 200, 404, 201, 200, 200, 200, 409, 200]
    assert exchanges[4]["body"]["balance_cents"] == 4_599 + 2_500
    assert exchanges == record_traffic(make_app())
    assert ACCOUNT_IDS[-1] == "acc_fees"
