"""A small wallet API (FastAPI) in a correct version and in variants with one change each."""

# No `from __future__ import annotations`: FastAPI reads a route's body model from its annotation.

import asyncio
import contextlib
import threading
from collections.abc import Callable, Iterator
from typing import Any

import httpx
from fastapi import FastAPI, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

TIMEOUT = 5.0  # seconds: no request waits longer for the app
CURRENCY = "EUR"
FEES_ACCOUNT = "acc_fees"
# (id, owner, the deposits (+) and withdrawals (-) that made its balance), in this order
SEED: tuple[tuple[str, str, tuple[int, ...]], ...] = (
    ("acc_ada", "Ada Lovelace", (5_000, 2_500, -1_200, 3_000, 1_700, 1_000)),
    ("acc_ben", "Ben Okafor", (4_000, 599)),
    ("acc_cleo", "Cleo Silva", (805,)),
    ("acc_dan", "Dan Kim", ()),
    (FEES_ACCOUNT, "ShopFast fees", ()),
)
ACCOUNT_IDS: tuple[str, ...] = tuple(account_id for account_id, _, _ in SEED)

CHANGES: dict[str, str] = {  # what make_app(*changes) can do to the correct app
    "missing-field": "GET /v1/accounts/{account_id} leaves out `currency`",
    "string-cents": "GET /v1/accounts sends `balance_cents` as a string",
    "error-shape": "errors say {'error': ...} instead of the documented {'detail': ...}",
    "created-200": "POST /v1/transfers answers 200 instead of 201",
    "additive": "responses carry extra fields that v1 clients ignore",
    "fee-rounding": "the sender pays the fee rounded half up, acc_fees gets it rounded down",
    "self-transfer": "a transfer to the same account is accepted (and credits a stale balance)",
    "fee-before-check": "the fee is taken before the funds check, and lost when it fails",
    "page-off-by-one": "the last page of transactions still offers a next_offset",
    "v2-transfers": "adds POST /v2/transfers (the amount as a money object); v1 unchanged",
    "v2-shared-model": "adds POST /v2/transfers and moves /v1/transfers onto its body model",
    "v1-renamed-field": "v1 accounts call `balance_cents` `balance`",
}


class Account(BaseModel):
    id: str
    owner: str
    currency: str
    balance_cents: int


class TransferIn(BaseModel):
    from_account: str
    to_account: str
    amount_cents: int = Field(gt=0)


class Money(BaseModel):
    amount: str = Field(pattern=r"^[0-9]+\.[0-9]{2}$")
    currency: str


class TransferInV2(BaseModel):
    from_account: str
    to_account: str
    amount: Money


class Transfer(BaseModel):
    id: str
    from_account: str
    to_account: str
    amount_cents: int
    fee_cents: int


class Transaction(BaseModel):
    id: str
    amount_cents: int
    description: str


class TransactionPage(BaseModel):
    items: list[Transaction]
    next_offset: int | None


class Error(BaseModel):
    detail: str


def fee_of(amount_cents: int) -> int:
    """The transfer fee: 1.5 % of the amount, rounded half up to a whole cent."""
    return (amount_cents * 15 + 500) // 1000


class Ledger:
    """The app's in-memory state; `reset()` puts back the seeded accounts and transactions."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.owners = {account_id: owner for account_id, owner, _ in SEED}
        self.balances = {account_id: sum(moves) for account_id, _, moves in SEED}
        self.transactions: dict[str, list[dict[str, Any]]] = {a: [] for a in ACCOUNT_IDS}
        self.transfers = self._transactions = 0
        for account_id, _, moves in SEED:
            for cents in moves:
                self.record(account_id, cents, "deposit" if cents > 0 else "withdrawal")

    def record(self, account_id: str, cents: int, description: str) -> None:
        self._transactions += 1
        entry = {"id": f"tx_{self._transactions:04d}", "amount_cents": cents}
        self.transactions[account_id].append({**entry, "description": description})

    def account(self, account_id: str) -> dict[str, Any] | None:
        """{'id', 'owner', 'currency', 'balance_cents'} of one account, or None."""
        if account_id not in self.balances:
            return None
        return {"id": account_id, "owner": self.owners[account_id], "currency": CURRENCY,
                "balance_cents": self.balances[account_id]}


ERRORS = {404: {"model": Error, "description": "No such account"}}
TRANSFER_ERRORS = {**ERRORS, 400: {"model": Error, "description": "Same account"},
                   409: {"model": Error, "description": "Insufficient funds"}}


def make_app(*changes: str) -> FastAPI:
    """The wallet API; with `changes` (keys of CHANGES), a variant with those changes made."""
    unknown = sorted(set(changes) - set(CHANGES))
    if unknown:
        raise ValueError(f"unknown changes {unknown}; choose from {sorted(CHANGES)}")
    on = set(changes).__contains__
    app = FastAPI(title="ShopFast Wallet", version="1.4.0")
    ledger = app.state.ledger = Ledger()

    def error(status: int, message: str) -> JSONResponse:
        return JSONResponse({"error" if on("error-shape") else "detail": message}, status)

    def account_body(account_id: str) -> dict[str, Any]:
        body: dict[str, Any] = ledger.account(account_id) or {}
        if on("v1-renamed-field"):
            body["balance"] = body.pop("balance_cents")
        if on("additive"):
            body["status"] = "active"
        return body

    @app.get("/v1/accounts", response_model=list[Account])
    async def list_accounts() -> JSONResponse:
        bodies = [account_body(account_id) for account_id in ACCOUNT_IDS]
        if on("string-cents"):
            bodies = [{**b, "balance_cents": str(b["balance_cents"])} for b in bodies]
        return JSONResponse(bodies)

    @app.get("/v1/accounts/{account_id}", response_model=Account, responses=ERRORS)
    async def get_account(account_id: str) -> JSONResponse:
        if ledger.account(account_id) is None:
            return error(404, f"account {account_id} not found")
        body = account_body(account_id)
        if on("missing-field"):
            del body["currency"]
        return JSONResponse(body)

    @app.get("/v1/accounts/{account_id}/transactions", response_model=TransactionPage,
             responses=ERRORS)
    async def list_transactions(account_id: str, offset: int = Query(0, ge=0),
                                limit: int = Query(10, ge=1, le=100)) -> JSONResponse:
        if account_id not in ledger.transactions:
            return error(404, f"account {account_id} not found")
        every = ledger.transactions[account_id]
        end = offset + limit
        more = end <= len(every) if on("page-off-by-one") else end < len(every)
        items = [dict(t, currency=CURRENCY) if on("additive") else dict(t)
                 for t in every[offset:end]]
        body: dict[str, Any] = {"items": items, "next_offset": end if more else None}
        if on("additive"):
            body["total"] = len(every)
        return JSONResponse(body)

    def transfer(source: str, target: str, amount: int) -> JSONResponse:
        for account_id in (source, target):
            if ledger.account(account_id) is None:
                return error(404, f"account {account_id} not found")
        if source == target and not on("self-transfer"):
            return error(400, "cannot transfer to the same account")
        fee, owed = fee_of(amount), amount + fee_of(amount)
        if on("fee-before-check"):
            ledger.balances[source] -= fee
            owed = amount
        source_balance, target_balance = ledger.balances[source], ledger.balances[target]
        if source_balance < owed:
            return error(409, "insufficient funds")
        ledger.balances[source] = source_balance - owed
        ledger.balances[target] = target_balance + amount  # a stale read when source == target
        ledger.balances[FEES_ACCOUNT] += amount * 15 // 1000 if on("fee-rounding") else fee
        ledger.transfers += 1
        transfer_id = f"tr_{ledger.transfers:04d}"
        ledger.record(source, -amount, f"{transfer_id} to {target}")
        ledger.record(source, -fee, f"{transfer_id} fee")
        ledger.record(target, amount, f"{transfer_id} from {source}")
        ledger.record(FEES_ACCOUNT, fee, f"{transfer_id} fee")
        body = {"id": transfer_id, "from_account": source, "to_account": target,
                "amount_cents": amount, "fee_cents": fee}
        return JSONResponse(body, 200 if on("created-200") else 201)

    def cents_of(body: TransferIn | TransferInV2) -> int:
        if isinstance(body, TransferIn):
            return body.amount_cents
        return int(body.amount.amount.replace(".", ""))

    # v2-shared-model: v1 now expects the v2 body, and every recorded v1 client gets a 422
    v1_body = TransferInV2 if on("v2-shared-model") else TransferIn

    @app.post("/v1/transfers", status_code=201, response_model=Transfer,
              responses=TRANSFER_ERRORS)
    async def create_transfer(body: v1_body) -> JSONResponse:
        return transfer(body.from_account, body.to_account, cents_of(body))

    if on("v2-transfers") or on("v2-shared-model"):
        @app.post("/v2/transfers", status_code=201, response_model=Transfer,
                  responses=TRANSFER_ERRORS)
        async def create_transfer_v2(body: TransferInV2) -> JSONResponse:  # EUR only, so far
            return transfer(body.from_account, body.to_account, cents_of(body))

    return app


class _LoopTransport(httpx.BaseTransport):
    """Runs each request through httpx's ASGITransport on one event loop in a helper thread:
    a single hand-over per request, where TestClient makes several."""

    def __init__(self, app: FastAPI) -> None:
        self._asgi = httpx.ASGITransport(app=app)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        async def exchange() -> httpx.Response:
            response = await self._asgi.handle_async_request(request)
            return httpx.Response(response.status_code, headers=response.headers,
                                  content=await response.aread())

        request.stream = httpx.ByteStream(request.read())
        return asyncio.run_coroutine_threadsafe(exchange(), self._loop).result(TIMEOUT)

    def close(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(TIMEOUT)
        self._loop.close()


def in_process_client(app: FastAPI) -> httpx.Client:
    """An httpx.Client wired to `app` in-process (like TestClient, lighter per request)."""
    return httpx.Client(transport=_LoopTransport(app), base_url="http://testserver",
                        timeout=TIMEOUT)


@contextlib.contextmanager
def serve(*changes: str) -> Iterator[Callable[[], httpx.Client]]:
    """Yield `fresh_client`: each call resets the app to its seeded state and returns a client."""
    app = make_app(*changes)
    with in_process_client(app) as client:
        def fresh_client() -> httpx.Client:
            app.state.ledger.reset()
            return client

        yield fresh_client


def _transfer(source: str, target: str, cents: int) -> dict[str, Any]:
    return {"from_account": source, "to_account": target, "amount_cents": cents}


V1_TRAFFIC: tuple[tuple[str, str, dict[str, Any] | None], ...] = (  # (method, path, JSON body)
    ("GET", "/v1/accounts", None),
    ("GET", "/v1/accounts/acc_ben", None),
    ("GET", "/v1/accounts/acc_nobody", None),
    ("POST", "/v1/transfers", _transfer("acc_ada", "acc_ben", 2_500)),
    ("GET", "/v1/accounts/acc_ben", None),
    ("GET", "/v1/accounts/acc_fees", None),
    ("GET", "/v1/accounts/acc_ada/transactions?offset=0&limit=3", None),
    ("POST", "/v1/transfers", _transfer("acc_cleo", "acc_dan", 50_000)),
    ("GET", "/v1/accounts/acc_cleo", None),
)


def record_traffic(app: FastAPI, traffic: tuple = V1_TRAFFIC) -> list[dict[str, Any]]:
    """Replay `traffic` in order; each exchange as {'method', 'path', 'json', 'status', 'body'}."""
    exchanges = []
    with in_process_client(app) as client:
        for method, path, body in traffic:
            response = client.request(method, path, json=body)
            exchanges.append({"method": method, "path": path, "json": body,
                              "status": response.status_code, "body": response.json()})
    return exchanges
