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

CACHING_WITH_REDIS = Notebook(
    id="04-caching-with-redis",
    title="Caching with Redis in front of DuckDB",
    objectives=(
        "Read a row from the system of record with a parameterised query",
        "Put a cache-aside layer with a TTL in front of the database",
        "Invalidate the cache when the database changes",
        "Protect a cold key from a cache stampede with SET NX PX",
        "Measure the hit ratio over a sliding window of time",
    ),
    pillars=("foundations", "high-concurrency"),
)

ASSIGNMENTS: tuple[Assignment, ...] = (
    Assignment(
        "01-fundamentals", 1, "Fundamentals",
        ("HTTP/HTTPS", "DNS", "TCP/IP", "Data structures & algorithms for servers",
         "Linux/Bash", "Git"),
    ),
    Assignment(
        "02-apis-frameworks", 2, "APIs & frameworks",
        ("REST", "GraphQL", "gRPC", "API testing"),
    ),
    Assignment(
        "03-databases-caching", 3, "Databases & caching",
        ("SQL", "ORM", "NoSQL modelling", "Redis caching", "Vector search"),
        notebooks=(CACHING_WITH_REDIS,),
    ),
    Assignment(
        "04-architecture-cloud-mlops", 4, "Architecture, cloud & MLOps",
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
