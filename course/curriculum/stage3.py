"""Stage 3 — Databases & caching: its notebooks and what each one teaches."""

from course.curriculum.model import Notebook

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

NOTEBOOKS: tuple[Notebook, ...] = (
    SQL_ANALYTICS,
    ORM_SQLALCHEMY,
    NOSQL_MODELLING,
    CACHING_WITH_REDIS,
    VECTOR_SEARCH,
)
