"""Stage 4 — Architecture, cloud & MLOps: its notebooks and what each one teaches."""

from course.curriculum.model import Notebook

RATE_LIMITING = Notebook(
    id="01-rate-limiting",
    title="Rate limiting on Redis",
    objectives=(
        "Build a token bucket that refills on the clock you pass in",
        "Count requests in a sliding window log with a sorted set",
        "Make check-and-count atomic with a Lua script",
        "Answer 429 with a Retry-After a client can trust",
    ),
    pillars=("high-concurrency",),
)

LOAD_BALANCING = Notebook(
    id="02-load-balancing",
    title="Load balancing and consistent hashing",
    objectives=(
        "Spread requests with round robin, weights and least connections",
        "Eject an unhealthy backend and admit it again",
        "Place keys on a consistent-hash ring with virtual nodes",
        "Measure how many keys move when a node joins",
    ),
    pillars=("high-concurrency",),
)

ASYNC_RESILIENCE = Notebook(
    id="03-async-resilience",
    title="Async concurrency and resilience",
    objectives=(
        "Fan out with bounded concurrency and backpressure",
        "Put a timeout on every call and share one deadline across retries",
        "Retry with exponential backoff and jitter",
        "Open a circuit breaker when a dependency fails",
        "Keep CPU-bound work off the event loop",
    ),
    pillars=("high-concurrency",),
)

EVENT_STREAMS = Notebook(
    id="04-event-driven-streams",
    title="Event-driven architecture, Kafka-style, on Redis Streams",
    objectives=(
        "Key producers to partitions so each key keeps its order",
        "Consume in groups and acknowledge what is done",
        "Reclaim stuck messages and park poison ones in a dead-letter stream",
        "Make a consumer idempotent under redelivery",
        "Publish events reliably with a transactional outbox",
    ),
    pillars=("cloud-native", "high-concurrency"),
)

CONTAINERS_AND_KUBERNETES = Notebook(
    id="05-containers-and-kubernetes",
    title="Containers and orchestration",
    objectives=(
        "Write a small, pinned, multi-stage Dockerfile that runs as non-root",
        "Add a healthcheck and keep the build context small",
        "Write a Deployment with probes, resources and a rolling update",
        "Expose it with a Service and scale it with an HPA",
    ),
    pillars=("cloud-native",),
)

SERVERLESS_AND_CLOUD = Notebook(
    id="06-serverless-and-cloud",
    title="Serverless and cloud services",
    objectives=(
        "Write a Lambda-style handler for S3 and SQS events",
        "Store state in DynamoDB with conditional writes",
        "Stay idempotent when a message is delivered twice",
        "Move work out of the handler to make warm starts cheap",
    ),
    pillars=("cloud-native",),
)

RAG_PIPELINE = Notebook(
    id="07-rag-pipeline",
    title="A RAG pipeline",
    objectives=(
        "Chunk documents so that answers stay inside a chunk",
        "Store chunk embeddings in DuckDB and retrieve the top k within a metadata filter",
        "Evaluate retrieval with recall@k and MRR on a labelled set",
        "Assemble a prompt within a size budget, with citations a stand-in LLM follows",
        "Cache answers in Redis keyed by the normalised question",
    ),
    pillars=("ai-integration",),
)

NOTEBOOKS: tuple[Notebook, ...] = (
    RATE_LIMITING,
    LOAD_BALANCING,
    ASYNC_RESILIENCE,
    EVENT_STREAMS,
    CONTAINERS_AND_KUBERNETES,
    SERVERLESS_AND_CLOUD,
    RAG_PIPELINE,
)
