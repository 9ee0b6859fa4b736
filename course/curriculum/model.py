"""The shapes of the curriculum: pillars, notebooks and assignments."""

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
