"""The serverless notebook's kit: moto's in-process S3/SQS/DynamoDB, Lambda events, invoke."""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import itertools
import json
import os
import random
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote_plus

import boto3
from moto import mock_aws

REGION = "eu-west-1"
ACCOUNT_ID = "123456789012"
UPLOADS_BUCKET = "shopfast-uploads"
STATE_TABLE = "shopfast-state"
IDEMPOTENCY_TABLE = "shopfast-idempotency"
PRICES_TABLE = "shopfast-prices"
PAYMENTS_QUEUE = "shopfast-payments"
TABLES: tuple[str, ...] = (STATE_TABLE, IDEMPOTENCY_TABLE, PRICES_TABLE)
PRICES: dict[str, int] = {"KETTLE-01": 2_499, "TOASTER-02": 3_999, "MUG-03": 899,
                          "GRINDER-04": 5_450, "TEAPOT-05": 1_999}
CONFIG: dict[str, str] = {"prices_table": PRICES_TABLE, "currency": "EUR"}
_NAMESPACE = uuid.UUID("6f1d2c1e-7a0b-4c55-9a43-0c1d5e2f3a4b")
_ids = itertools.count(1)
_current: CloudLab | None = None


def fake_credentials() -> None:
    """Point boto3 at fake credentials and a fixed region, so nothing can reach a real account."""
    os.environ.pop("AWS_PROFILE", None), os.environ.pop("AWS_ENDPOINT_URL", None)
    os.environ.update(AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing",
                      AWS_SESSION_TOKEN="testing", AWS_DEFAULT_REGION=REGION,
                      AWS_REGION=REGION, AWS_EC2_METADATA_DISABLED="true",
                      AWS_CONFIG_FILE=os.devnull, AWS_SHARED_CREDENTIALS_FILE=os.devnull)


class CloudLab:
    """moto's mock of AWS, in this process: one bucket, one queue and three tables."""

    def __init__(self) -> None:
        fake_credentials()
        self._mock = mock_aws()
        self._mock.start()
        self.session = boto3.session.Session(region_name=REGION)
        self.s3 = self.session.client("s3")
        self.sqs = self.session.client("sqs")
        self.dynamodb = self.session.resource("dynamodb")
        self.other_dynamodb = self.session.resource("dynamodb")  # "another Lambda instance"
        self.s3.create_bucket(Bucket=UPLOADS_BUCKET,
                              CreateBucketConfiguration={"LocationConstraint": REGION})
        self.queue_url = self.sqs.create_queue(QueueName=PAYMENTS_QUEUE)["QueueUrl"]
        self.queue_arn = f"arn:aws:sqs:{REGION}:{ACCOUNT_ID}:{PAYMENTS_QUEUE}"
        for name in TABLES:
            self._create_table(name)
        self._seed_prices()

    def _create_table(self, name: str) -> None:
        self.dynamodb.create_table(
            TableName=name, BillingMode="PAY_PER_REQUEST",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}])

    def _seed_prices(self) -> None:
        with self.table(PRICES_TABLE).batch_writer() as batch:
            for sku, cents in PRICES.items():
                batch.put_item(Item={"pk": sku, "price_cents": cents})

    def table(self, name: str) -> Any:
        """A boto3 Table resource."""
        return self.dynamodb.Table(name)

    def other_table(self, name: str) -> Any:
        """The same table through another client: what a concurrent worker would use."""
        return self.other_dynamodb.Table(name)

    def reset(self) -> None:
        """Empty the bucket, the queue and every table; prices back to PRICES."""
        listed = self.s3.list_objects_v2(Bucket=UPLOADS_BUCKET).get("Contents", [])
        if listed:
            self.s3.delete_objects(Bucket=UPLOADS_BUCKET, Delete={
                "Objects": [{"Key": o["Key"]} for o in listed]})
        while messages := self.sqs.receive_message(  # PurgeQueue is allowed once a minute
                QueueUrl=self.queue_url, MaxNumberOfMessages=10).get("Messages", []):
            self.sqs.delete_message_batch(QueueUrl=self.queue_url, Entries=[
                {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]}
                for i, m in enumerate(messages)])
        for name in TABLES:
            self.dynamodb.meta.client.delete_table(TableName=name)
            self._create_table(name)
        self._seed_prices()

    def upload(self, key: str, body: str | bytes, bucket: str = UPLOADS_BUCKET) -> dict:
        """PUT an object and return the S3 notification event it would trigger."""
        data = body.encode() if isinstance(body, str) else body
        etag = self.s3.put_object(Bucket=bucket, Key=key, Body=data)["ETag"].strip('"')
        return s3_event([s3_record(bucket, key, size=len(data), etag=etag)])

    def send(self, bodies: list[str]) -> None:
        """Send each body to the payments queue."""
        for body in bodies:
            self.sqs.send_message(QueueUrl=self.queue_url, MessageBody=body)

    def receive_event(self, max_messages: int = 10) -> dict:
        """Receive a batch (visible again at once) and shape it as Lambda's SQS event."""
        messages = self.sqs.receive_message(
            QueueUrl=self.queue_url, MaxNumberOfMessages=max_messages, VisibilityTimeout=0,
            MessageSystemAttributeNames=["All"]).get("Messages", [])
        return sqs_event([sqs_record(m["Body"], message_id=m["MessageId"],
                                     receipt_handle=m["ReceiptHandle"],
                                     receive_count=int(m["Attributes"]["ApproximateReceiveCount"]),
                                     queue_arn=self.queue_arn) for m in messages])

    def complete(self, event: dict, response: Any) -> None:
        """Do what Lambda's event source mapping does: delete the messages that succeeded."""
        failed = {f["itemIdentifier"] for f in response["batchItemFailures"]}
        for record in event["Records"]:
            if record["messageId"] not in failed:
                self.sqs.delete_message(QueueUrl=self.queue_url,
                                        ReceiptHandle=record["receiptHandle"])

    def queue_depth(self) -> int:
        return int(self.sqs.get_queue_attributes(QueueUrl=self.queue_url, AttributeNames=[
            "ApproximateNumberOfMessages"])["Attributes"]["ApproximateNumberOfMessages"])

    def stop(self) -> None:
        self._mock.stop()


def start_lab() -> CloudLab:
    """Start the mock (stopping one a previous run of the setup cell started)."""
    global _current
    if _current is not None:
        _current.stop()
    _current = CloudLab()
    return _current


def s3_record(bucket: str, key: str, size: int = 0, etag: str = "",
              event_name: str = "ObjectCreated:Put") -> dict:
    """One record of an S3 notification; like S3, the key is URL-encoded (space -> '+')."""
    sequencer = hashlib.sha1(f"{bucket}/{key}".encode()).hexdigest()[:16].upper()
    return {
        "eventVersion": "2.1", "eventSource": "aws:s3", "awsRegion": REGION,
        "eventTime": "2026-11-23T09:00:00.000Z", "eventName": event_name,
        "userIdentity": {"principalId": "AWS:AIDAEXAMPLE"},
        "requestParameters": {"sourceIPAddress": "127.0.0.1"},
        "responseElements": {"x-amz-request-id": sequencer, "x-amz-id-2": sequencer.lower()},
        "s3": {
            "s3SchemaVersion": "1.0", "configurationId": "orders-uploaded",
            "bucket": {"name": bucket, "ownerIdentity": {"principalId": "AEXAMPLE"},
                       "arn": f"arn:aws:s3:::{bucket}"},
            "object": {"key": quote_plus(key, safe="/"), "size": size, "eTag": etag,
                       "sequencer": sequencer},
        },
    }


def s3_event(records: list[dict]) -> dict:
    return {"Records": records}


sqs_event = s3_event  # an SQS event is {"Records": [...]} too


def sqs_record(body: str, message_id: str | None = None, receive_count: int = 1,
               receipt_handle: str | None = None,
               queue_arn: str = f"arn:aws:sqs:{REGION}:{ACCOUNT_ID}:{PAYMENTS_QUEUE}") -> dict:
    """One record of Lambda's SQS event (a fresh deterministic messageId unless given)."""
    message_id = message_id or str(uuid.uuid5(_NAMESPACE, f"message-{next(_ids)}"))
    return {
        "messageId": message_id,
        "receiptHandle": receipt_handle or f"{message_id}#{receive_count}",
        "body": body,
        "attributes": {"ApproximateReceiveCount": str(receive_count),
                       "SentTimestamp": "1795424400000", "SenderId": "AIDAEXAMPLE",
                       "ApproximateFirstReceiveTimestamp": "1795424400001"},
        "messageAttributes": {},
        "md5OfBody": hashlib.md5(body.encode()).hexdigest(),  # SQS's checksum, not security
        "eventSource": "aws:sqs", "eventSourceARN": queue_arn, "awsRegion": REGION,
    }


@dataclass
class LambdaContext:
    """The attributes and method of Lambda's context object that handlers use."""

    function_name: str = "shopfast-handler"
    function_version: str = "$LATEST"
    memory_limit_in_mb: int = 256
    aws_request_id: str = field(
        default_factory=lambda: str(uuid.uuid5(_NAMESPACE, f"request-{next(_ids)}")))
    log_group_name: str = "/aws/lambda/shopfast-handler"
    log_stream_name: str = "2026/11/23/[$LATEST]0000"
    invoked_function_arn: str = f"arn:aws:lambda:{REGION}:{ACCOUNT_ID}:function:shopfast-handler"

    def get_remaining_time_in_millis(self) -> int:
        return 30_000


def invoke(handler: Callable[[Any, Any], Any], event: Any,
           context: LambdaContext | None = None) -> Any:
    """Call handler(event, context) as Lambda does: event and result cross as JSON, so a result
    with a Decimal or a set raises TypeError (Lambda's "Unable to marshal response")."""
    result = handler(json.loads(json.dumps(event)), context or LambdaContext())
    return json.loads(json.dumps(result))


class Runtime:
    """The expensive parts of a cold start, counted: AWS clients and configuration loads."""

    def __init__(self, lab: CloudLab, config: dict[str, str] | None = None) -> None:
        self._session = lab.session
        self._config = dict(config or CONFIG)
        self.inits: dict[str, int] = {"client": 0, "resource": 0, "config": 0}

    @property
    def total_inits(self) -> int:
        return sum(self.inits.values())

    def client(self, service: str) -> Any:
        self.inits["client"] += 1
        return self._session.client(service)

    def resource(self, service: str) -> Any:
        self.inits["resource"] += 1
        return self._session.resource(service)

    def load_config(self) -> dict[str, str]:
        """The function's configuration (in production: SSM Parameter Store, ~50 ms)."""
        self.inits["config"] += 1
        return dict(self._config)


class GatewayError(Exception):
    """The payment provider failed; retrying later may succeed."""


class FakeGateway:
    """A payment provider that records every charge; `flaky` order ids fail once, then work."""

    def __init__(self) -> None:
        self.charges: list[tuple[str, int]] = []
        self.flaky: set[str] = set()

    def clear(self) -> None:
        self.charges, self.flaky = [], set()

    def charge(self, order_id: str, amount_cents: int) -> str:
        if type(amount_cents) is not int or amount_cents <= 0:
            raise ValueError(f"invalid amount for {order_id}: {amount_cents!r}")
        if order_id in self.flaky:
            self.flaky.discard(order_id)
            raise GatewayError(f"timeout charging {order_id}")
        self.charges.append((order_id, amount_cents))
        return f"ch_{len(self.charges):06d}"


@contextlib.contextmanager
def interleave_after_read(table: Any, competitor: Callable[[], Any]) -> Iterator[list]:
    """Run `competitor()` (another worker) once, right after the first read by `table`'s client;
    yields a list that holds competitor's result once it has run."""
    ran: list = []
    events = table.meta.client.meta.events

    def hook(**_: Any) -> None:
        if not ran:
            ran.append(competitor())

    reads = ("GetItem", "Query", "Scan", "BatchGetItem", "TransactGetItems")
    for read in reads:
        events.register(f"after-call.dynamodb.{read}", hook, unique_id=f"interleave-{read}")
    try:
        yield ran
    finally:
        for read in reads:
            events.unregister(f"after-call.dynamodb.{read}", unique_id=f"interleave-{read}")


def random_orders_csv(seed: int, rows: int) -> str:
    """A seeded CSV of order lines: order_id,sku,quantity,unit_price_cents."""
    rng, out = random.Random(seed), io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["order_id", "sku", "quantity", "unit_price_cents"])
    for sku in (rng.choice(sorted(PRICES)) for _ in range(rows)):
        writer.writerow([f"ORD-{rng.randint(1, rows // 2 + 1):05d}", sku, rng.randint(1, 5),
                         PRICES[sku]])
    return out.getvalue()
