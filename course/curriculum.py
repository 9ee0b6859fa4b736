"""The curriculum as data: pillars, stages, assignments, notebooks and learning objectives."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Pillar:
    id: str
    title: str
    summary: str


@dataclass(frozen=True)
class Notebook:
    id: str  # the file name without ".ipynb", as nbgrader names it
    title: str
    objectives: tuple[str, ...]
    pillars: tuple[str, ...]


@dataclass(frozen=True)
class Assignment:
    id: str  # the folder under source/ and release/
    stage: int
    title: str
    topics: tuple[str, ...]
    notebooks: tuple[Notebook, ...] = ()


PILLARS: tuple[Pillar, ...] = (
    Pillar("foundations", "Foundations", "The CRUD/HTTP baseline every service stands on."),
    Pillar("cloud-native", "Cloud-native", "Containers, orchestration, serverless, configuration."),
    Pillar("ai-integration", "AI integration", "Embeddings, vector search, RAG pipelines."),
    Pillar("high-concurrency", "High concurrency", "Caching, rate limiting, queues, async."),
)
PILLAR_IDS: tuple[str, ...] = tuple(p.id for p in PILLARS)

HTTP_FROM_THE_WIRE = Notebook(
    id="01-http-from-the-wire",
    title="HTTP from the wire up",
    objectives=(
        "Parse a raw HTTP/1.1 request: request line, repeated and case-insensitive headers",
        "Read a body framed by Content-Length or by chunked transfer encoding",
        "Build a correct response and decide between keep-alive and close",
        "Serve responses from a socket server on 127.0.0.1 and query it with http.client",
        "Choose the status code a client can act on",
        "Verify HTTPS against a test certificate authority and see a hostname mismatch fail",
    ),
    pillars=("foundations", "high-concurrency"),
)

DNS_AND_TCP = Notebook(
    id="02-dns-and-tcp",
    title="DNS and TCP/IP",
    objectives=(
        "Encode a DNS query message as bytes",
        "Decode a DNS response, following name compression pointers",
        "Cache answers for exactly their TTL on a controllable clock",
        "Frame messages over a TCP byte stream with a length prefix",
        "Model the TCP connection state machine from handshake to TIME_WAIT",
    ),
    pillars=("foundations", "high-concurrency"),
)

ALGORITHMS_FOR_SERVERS = Notebook(
    id="03-algorithms-for-servers",
    title="Algorithms and data structures for back-ends",
    objectives=(
        "Build an LRU cache with O(1) get and put",
        "Keep the top k of a stream with a heap",
        "Binary-search sorted logs for a time range",
        "Size a Bloom filter and measure its false-positive rate",
        "Tell linear from quadratic growth by counting operations",
    ),
    pillars=("foundations",),
)

LINUX_AND_THE_SHELL = Notebook(
    id="04-linux-and-the-shell",
    title="Linux and the shell from Python",
    objectives=(
        "Run a shell pipeline safely with subprocess",
        "Answer operational questions from an access log: top endpoints, p95 latency, error rate",
        "Read configuration from the environment the twelve-factor way",
        "Shut a worker down gracefully on SIGTERM without losing in-flight work",
        "Read and set file permissions",
    ),
    pillars=("foundations", "cloud-native"),
)

GIT_FOR_TEAMS = Notebook(
    id="05-git-for-teams",
    title="Git for back-end teams",
    objectives=(
        "Commit exactly the files you mean to, and read a file's history from code",
        "Create a branch and list the commits it has that main does not",
        "Merge a branch and resolve a conflict in code by a three-way rule",
        "Find the commit that broke a test with git bisect run",
        "Read what changed between two commits from git diff --numstat",
    ),
    pillars=("foundations",),
)

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
        "Compile a .proto contract at run time",
        "Serve and call a unary RPC on 127.0.0.1",
        "Stream results from the server",
        "Set deadlines and map failures to gRPC status codes",
    ),
    pillars=("cloud-native",),
)

API_TESTING = Notebook(
    id="04-api-testing",
    title="Testing APIs: contracts, properties and versions",
    objectives=(
        "Check responses against the OpenAPI contract",
        "Find edge cases with property-based tests (hypothesis)",
        "Write a regression test that pins a bug down",
        "Ship a v2 that does not break v1 clients",
    ),
    pillars=("foundations",),
)

REALTIME_AND_SEARCH_APIS = Notebook(
    id="05-realtime-and-search-apis",
    title="Real-time and AI endpoints",
    objectives=(
        "Serve a WebSocket endpoint and test it through TestClient",
        "Broadcast to many clients with per-client backpressure",
        "Serve vector search as an API endpoint",
        "Fan out async calls inside an endpoint with bounded concurrency",
    ),
    pillars=("high-concurrency", "ai-integration"),
)

SQL_ANALYTICS = Notebook(
    id="01-sql-analytics",
    title="SQL analytics on DuckDB",
    objectives=(
        "Join and aggregate orders into a revenue report",
        "Rank rows within groups with window functions (top-N per group)",
        "Compute running totals with a window frame",
        "Read EXPLAIN ANALYZE and shrink a scan with filter push-down and projection",
        "Use a transaction so that a failed write leaves nothing behind",
    ),
    pillars=("foundations",),
)

ORM_SQLALCHEMY = Notebook(
    id="02-orm-sqlalchemy",
    title="ORM with SQLAlchemy 2.x",
    objectives=(
        "Map tables to classes with declarative models and relationships",
        "Read and write through a Session and its unit of work",
        "Detect an N+1 query by counting statements with an event listener",
        "Fix an N+1 query with eager loading",
        "Write an idempotent upsert",
    ),
    pillars=("foundations",),
)

NOSQL_MODELLING = Notebook(
    id="03-nosql-modelling",
    title="NoSQL modelling: key-value and documents",
    objectives=(
        "Model an entity as a Redis hash with field-level updates and a TTL",
        "Query nested JSON documents in DuckDB",
        "Maintain a secondary index in Redis for a query the key cannot answer",
        "Denormalise a read model and count what each write then costs",
    ),
    pillars=("foundations",),
)

CACHING_WITH_REDIS = Notebook(
    id="04-caching-with-redis",
    title="Caching with Redis in front of DuckDB",
    objectives=(
        "Read a row from the system of record with a parameterised query",
        "Put a cache-aside layer with a TTL in front of the database",
        "Invalidate the cache when the database changes",
        "Protect a cold key from a cache stampede with SET NX PX",
        "Measure the hit ratio over a sliding window of time",
        "Rank players on a weekly leaderboard with a sorted set",
    ),
    pillars=("foundations", "high-concurrency"),
)

VECTOR_SEARCH = Notebook(
    id="05-vector-search",
    title="Vector search for AI features",
    objectives=(
        "Turn text into vectors with a local embedder and explain what cosine similarity measures",
        "Store embeddings in DuckDB FLOAT[n] arrays and query the top k with "
        "array_cosine_similarity",
        "Search approximately with IVF partitions and measure recall@k against brute force",
        "Build a semantic cache in Redis that answers near-duplicate questions",
    ),
    pillars=("ai-integration",),
)

ASSIGNMENTS: tuple[Assignment, ...] = (
    Assignment(
        "01-fundamentals", 1, "Fundamentals",
        ("HTTP/HTTPS", "DNS", "TCP/IP", "Data structures & algorithms for servers",
         "Linux/Bash", "Git"),
        notebooks=(HTTP_FROM_THE_WIRE, DNS_AND_TCP, ALGORITHMS_FOR_SERVERS, LINUX_AND_THE_SHELL,
                   GIT_FOR_TEAMS),
    ),
    Assignment(
        "02-apis", 2, "APIs & frameworks",
        ("REST", "GraphQL", "gRPC", "API testing"),
    ),
    Assignment(
        "03-databases-caching", 3, "Databases & caching",
        ("SQL", "ORM", "NoSQL modelling", "Redis caching", "Vector search"),
        notebooks=(SQL_ANALYTICS, ORM_SQLALCHEMY, NOSQL_MODELLING, CACHING_WITH_REDIS,
                   VECTOR_SEARCH),
    ),
    Assignment(
        "04-architecture-cloud", 4, "Architecture, cloud & MLOps",
        ("Load balancing", "Rate limiting", "Async concurrency", "Kafka-style queues",
         "Docker/Kubernetes", "Serverless", "RAG pipelines"),
    ),
    Assignment(
        "05-capstone", 5, "Capstone",
        ("A small service that spans every pillar",),
    ),
)


class UnknownAssignmentError(KeyError):
    """An assignment id that the curriculum does not list."""

    def __str__(self) -> str:
        known = ", ".join(a.id for a in ASSIGNMENTS)
        return f"unknown assignment {self.args[0]!r} (the curriculum lists: {known})"


def assignment(assignment_id: str) -> Assignment:
    for candidate in ASSIGNMENTS:
        if candidate.id == assignment_id:
            return candidate
    raise UnknownAssignmentError(assignment_id)


def pillar(pillar_id: str) -> Pillar:
    for candidate in PILLARS:
        if candidate.id == pillar_id:
            return candidate
    raise KeyError(f"unknown pillar {pillar_id!r} (pillars: {', '.join(PILLAR_IDS)})")
