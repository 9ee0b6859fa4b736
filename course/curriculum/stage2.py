"""Stage 2 — APIs & frameworks: its notebooks and what each one teaches."""

from course.curriculum.model import Notebook

REST_WITH_FASTAPI = Notebook(
    id="01-rest-with-fastapi",
    title="REST APIs with FastAPI",
    objectives=(
        "Validate input with pydantic and answer with the right status codes",
        "Page through a collection with a cursor that stays correct while rows are inserted",
        "Make a retried POST safe with an idempotency key",
        "Answer conditional GETs with ETags and 304 Not Modified",
        "Treat the OpenAPI schema as the contract clients build against",
        "Call a slow service concurrently, within a bound, from an async endpoint",
    ),
    pillars=("foundations", "high-concurrency"),
)

GRAPHQL_WITH_STRAWBERRY = Notebook(
    id="02-graphql-with-strawberry",
    title="GraphQL with strawberry",
    objectives=(
        "Define a GraphQL schema with types, queries and mutations",
        "Report errors a client can act on",
        "Measure an N+1 problem by counting back-end calls",
        "Fix it by batching with a DataLoader",
        "Limit query depth so one request cannot ask for everything",
    ),
    pillars=("foundations", "high-concurrency"),
)

GRPC_SERVICES = Notebook(
    id="03-grpc-services",
    title="Service-to-service calls with gRPC",
    objectives=(
        "Write a .proto contract with a unary and a server-streaming RPC",
        "Serve and call a unary RPC on 127.0.0.1, failing with the right status code",
        "Stream results from the server and cancel the stream from the client",
        "Set deadlines and retry only the failures that are safe to retry",
    ),
    pillars=("cloud-native", "high-concurrency"),
)

API_TESTING = Notebook(
    id="04-api-testing",
    title="Testing APIs: contracts, properties and versions",
    objectives=(
        "Check every response against the OpenAPI contract with jsonschema",
        "Find edge cases with property-based tests (hypothesis)",
        "Write a regression test that pins a bug down",
        "Ship a v2 endpoint beside v1 and document it in the contract",
        "Prove v1 clients still work by replaying recorded traffic",
    ),
    pillars=("foundations",),
)

REALTIME_AND_SEARCH_APIS = Notebook(
    id="05-realtime-and-search-apis",
    title="Real-time and AI endpoints",
    objectives=(
        "Serve an authenticated WebSocket endpoint and test its close codes with TestClient",
        "Broadcast to many clients with a bounded queue per client (backpressure)",
        "Serve vector search over DuckDB as a validated API endpoint with a response model",
        "Fan out async calls inside an endpoint with bounded concurrency and a per-call timeout",
    ),
    pillars=("high-concurrency", "ai-integration"),
)

NOTEBOOKS: tuple[Notebook, ...] = (
    REST_WITH_FASTAPI,
    GRAPHQL_WITH_STRAWBERRY,
    GRPC_SERVICES,
    API_TESTING,
    REALTIME_AND_SEARCH_APIS,
)
