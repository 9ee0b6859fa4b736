"""course.cloud_kit: moto's lab, Lambda-shaped events, invoke, the counted runtime, the harness."""

from __future__ import annotations

import decimal
import json
import os
import urllib.parse

import pytest

from course import cloud_kit


@pytest.fixture(scope="module")
def lab():
    saved = dict(os.environ)
    started = cloud_kit.start_lab()
    yield started
    started.stop()
    os.environ.clear()
    os.environ.update(saved)


@pytest.fixture
def fresh(lab):
    lab.reset()
    return lab


def test_fake_credentials_replace_a_real_profile_and_pin_the_region(monkeypatch):
    monkeypatch.setenv("AWS_PROFILE", "production")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAREALKEY")
    cloud_kit.fake_credentials()
    assert "AWS_PROFILE" not in os.environ
    assert os.environ["AWS_ACCESS_KEY_ID"] == "testing"
    assert os.environ["AWS_DEFAULT_REGION"] == cloud_kit.REGION


def test_lab_clients_talk_to_the_mock_in_the_fixed_region(fresh):
    assert fresh.session.region_name == cloud_kit.REGION
    assert fresh.s3.list_buckets()["Buckets"][0]["Name"] == cloud_kit.UPLOADS_BUCKET


def test_upload_event_encodes_the_key_as_s3_does_and_describes_the_object(fresh):
    event = fresh.upload("incoming/day 1/café+x.csv", "a,b\n")
    obj = event["Records"][0]["s3"]["object"]
    assert obj["key"] == "incoming/day+1/caf%C3%A9%2Bx.csv"
    assert urllib.parse.unquote_plus(obj["key"]) == "incoming/day 1/café+x.csv"
    assert obj["size"] == 4
    assert event["Records"][0]["eventName"] == "ObjectCreated:Put"
    body = fresh.s3.get_object(Bucket=cloud_kit.UPLOADS_BUCKET, Key="incoming/day 1/café+x.csv")
    assert body["Body"].read() == b"a,b\n"


def test_reset_empties_bucket_queue_and_tables_and_reseeds_prices(fresh):
    fresh.upload("incoming/x.csv", "a\n")
    fresh.send(["one", "two"])
    fresh.table(cloud_kit.STATE_TABLE).put_item(Item={"pk": "ORDER#1"})
    fresh.table(cloud_kit.PRICES_TABLE).put_item(Item={"pk": "MUG-03", "price_cents": 1})
    fresh.reset()
    assert "Contents" not in fresh.s3.list_objects_v2(Bucket=cloud_kit.UPLOADS_BUCKET)
    assert fresh.queue_depth() == 0
    assert fresh.table(cloud_kit.STATE_TABLE).scan()["Count"] == 0
    mug = fresh.table(cloud_kit.PRICES_TABLE).get_item(Key={"pk": "MUG-03"})["Item"]
    assert mug["price_cents"] == cloud_kit.PRICES["MUG-03"]


def test_a_received_batch_is_redelivered_until_its_messages_are_completed(fresh):
    fresh.send(["a", "b", "c"])
    first = fresh.receive_event()
    again = fresh.receive_event()
    assert [r["body"] for r in first["Records"]] == ["a", "b", "c"]
    assert [r["messageId"] for r in again["Records"]] == [r["messageId"] for r in first["Records"]]
    assert {r["attributes"]["ApproximateReceiveCount"] for r in again["Records"]} == {"2"}
    failed = again["Records"][1]["messageId"]
    fresh.complete(again, {"batchItemFailures": [{"itemIdentifier": failed}]})
    assert [r["messageId"] for r in fresh.receive_event()["Records"]] == [failed]


def test_sqs_records_have_lambdas_fields_and_fresh_ids_unless_given():
    one, two = cloud_kit.sqs_record("x"), cloud_kit.sqs_record("x")
    assert one["messageId"] != two["messageId"]
    assert cloud_kit.sqs_record("x", message_id="m-1", receive_count=3)["attributes"][
        "ApproximateReceiveCount"] == "3"
    assert {"messageId", "receiptHandle", "body", "attributes", "eventSourceARN"} <= set(one)
    assert one["eventSource"] == "aws:sqs"


def test_invoke_passes_event_and_context_and_round_trips_the_result_as_json():
    seen = {}

    def handler(event, context):
        seen["event"], seen["context"] = event, context
        return {"items": (1, 2)}

    event = {"a": [1]}
    assert cloud_kit.invoke(handler, event) == {"items": [1, 2]}
    assert seen["event"] == event and seen["event"] is not event
    assert seen["context"].get_remaining_time_in_millis() > 0


def test_invoke_rejects_a_result_lambda_could_not_marshal():
    with pytest.raises(TypeError):
        cloud_kit.invoke(lambda e, c: {"price": decimal.Decimal("1.5")}, {})


def test_runtime_counts_every_client_resource_and_config_load(fresh):
    runtime = cloud_kit.Runtime(fresh)
    runtime.client("dynamodb")
    runtime.resource("dynamodb")
    config = runtime.load_config()
    config["currency"] = "changed"
    assert runtime.load_config()["currency"] == "EUR"
    assert runtime.inits == {"client": 1, "resource": 1, "config": 2}
    assert runtime.total_inits == 4


def test_gateway_records_charges_rejects_bad_amounts_and_flaky_orders_fail_once():
    gateway = cloud_kit.FakeGateway()
    gateway.flaky.add("ORD-2")
    assert gateway.charge("ORD-1", 100) == "ch_000001"
    with pytest.raises(ValueError):
        gateway.charge("ORD-3", -1)
    with pytest.raises(cloud_kit.GatewayError):
        gateway.charge("ORD-2", 5)
    gateway.charge("ORD-2", 5)
    assert gateway.charges == [("ORD-1", 100), ("ORD-2", 5)]


def test_interleave_runs_the_competitor_once_between_a_read_and_the_next_write(fresh):
    table, other = fresh.table(cloud_kit.STATE_TABLE), fresh.other_table(cloud_kit.STATE_TABLE)
    table.put_item(Item={"pk": "STOCK#A", "stock": 5})

    def competitor():
        other.update_item(Key={"pk": "STOCK#A"}, UpdateExpression="SET stock = stock - :one",
                          ExpressionAttributeValues={":one": 1})
        return "ran"

    with cloud_kit.interleave_after_read(table, competitor) as ran:
        seen = table.get_item(Key={"pk": "STOCK#A"})["Item"]["stock"]
        table.get_item(Key={"pk": "STOCK#A"})
    assert (seen, ran) == (5, ["ran"])
    assert table.get_item(Key={"pk": "STOCK#A"})["Item"]["stock"] == 4  # hook removed on exit


def test_interleave_never_runs_the_competitor_without_a_read(fresh):
    table = fresh.table(cloud_kit.STATE_TABLE)
    with cloud_kit.interleave_after_read(table, lambda: "ran") as ran:
        table.put_item(Item={"pk": "ORDER#1"})
    assert ran == []


def test_random_orders_csv_is_seeded_and_uses_catalogue_prices():
    text = cloud_kit.random_orders_csv(3, 20)
    assert text == cloud_kit.random_orders_csv(3, 20) != cloud_kit.random_orders_csv(4, 20)
    header, *rows = [line.split(",") for line in text.splitlines()]
    assert header == ["order_id", "sku", "quantity", "unit_price_cents"] and len(rows) == 20
    assert all(int(price) == cloud_kit.PRICES[sku] for _, sku, _, price in rows)
    assert json.dumps(rows)  # plain strings
