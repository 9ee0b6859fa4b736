"""The curriculum as data: pillars, stages, assignments, notebooks and learning objectives."""

from __future__ import annotations

from course.curriculum import stage1, stage2, stage3, stage4
from course.curriculum.model import Assignment, Notebook, Pillar

__all__ = ["ASSIGNMENTS", "PILLARS", "PILLAR_IDS", "Assignment", "Notebook", "Pillar",
           "UnknownAssignmentError", "assignment", "pillar"]

PILLARS: tuple[Pillar, ...] = (
    Pillar("foundations", "Foundations", "The CRUD/HTTP baseline every service stands on."),
    Pillar("cloud-native", "Cloud-native", "Containers, orchestration, serverless, configuration."),
    Pillar("ai-integration", "AI integration", "Embeddings, vector search, RAG pipelines."),
    Pillar("high-concurrency", "High concurrency", "Caching, rate limiting, queues, async."),
)
PILLAR_IDS: tuple[str, ...] = tuple(p.id for p in PILLARS)


ASSIGNMENTS: tuple[Assignment, ...] = (
    Assignment(
        "01-fundamentals", 1, "Fundamentals",
        ("HTTP/HTTPS", "DNS", "TCP/IP", "Data structures & algorithms for servers",
         "Linux/Bash", "Git"),
        notebooks=stage1.NOTEBOOKS,
    ),
    Assignment(
        "02-apis", 2, "APIs & frameworks",
        ("REST", "GraphQL", "gRPC", "API testing"),
        notebooks=stage2.NOTEBOOKS,
    ),
    Assignment(
        "03-databases-caching", 3, "Databases & caching",
        ("SQL", "ORM", "NoSQL modelling", "Redis caching", "Vector search"),
        notebooks=stage3.NOTEBOOKS,
    ),
    Assignment(
        "04-architecture-cloud", 4, "Architecture, cloud & MLOps",
        ("Load balancing", "Rate limiting", "Async concurrency", "Kafka-style queues",
         "Docker/Kubernetes", "Serverless", "RAG pipelines"),
        notebooks=stage4.NOTEBOOKS,
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
