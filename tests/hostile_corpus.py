"""The hostile and broken submissions of tests/fixtures/hostile, built into notebooks."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import nbformat

from autograder.submissions import fill, load_fixture, solution_answers
from classroom import FIXTURES, ROOT

ASSIGNMENT, NOTEBOOK = "03-databases-caching", "04-caching-with-redis"
SOURCE = ROOT / "source" / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
HONEST_MARK = re.compile(r"^# <honest>$", re.M)


@dataclass(frozen=True)
class Hostile:
    name: str
    earns_at_most: float
    expect: str | None  # graded / needs-review / ungradable, when the kind decides it
    build: Callable[[nbformat.NotebookNode], nbformat.NotebookNode | str]


def honest() -> dict[str, str]:
    return solution_answers(nbformat.read(SOURCE, as_version=4))


def from_file(path: Path) -> Hostile:
    fixture = load_fixture(path)
    header = {k.strip(): v.strip() for k, _, v in (n.partition(":") for n in fixture.notes)
              if k.strip() in {"honest", "earns at most", "expect"}}
    solutions = honest()
    chosen = header.get("honest", "none")
    answers = dict(solutions) if chosen == "all" else \
        {c: solutions[c] for c in chosen.split() if c in solutions}
    for cell, code in fixture.answers.items():
        answers[cell] = HONEST_MARK.sub(lambda _, cell=cell: solutions[cell], code)
    return Hostile(path.stem, float(header["earns at most"]), header.get("expect"),
                   lambda release: fill(release, answers))


def _test_cell(notebook: nbformat.NotebookNode, grade_id: str) -> nbformat.NotebookNode:
    return next(c for c in notebook.cells
                if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id)


def _without(grade_id: str, answers: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in answers.items() if k != grade_id}


def corrupt_json(release):
    return nbformat.writes(fill(release, honest()))[:5000]


def deleted_test_cell(release):
    notebook = fill(release, honest())
    notebook.cells.remove(_test_cell(notebook, "part1-tests"))
    return notebook


def edited_test_cell(release):
    notebook = fill(release, _without("part2-get-product", honest()))
    _test_cell(notebook, "part2-tests").source = 'print("Part 2: visible tests passed")'
    return notebook


def retyped_test_cell(release):
    notebook = fill(release, _without("part3-update-price", honest()))
    cell = _test_cell(notebook, "part3-tests")
    cell.cell_type = "markdown"
    for key in ("outputs", "execution_count"):
        cell.pop(key, None)
    return notebook


def changed_points(release):
    notebook = fill(release, honest())
    _test_cell(notebook, "part1-tests").metadata.nbgrader.points = 100
    return notebook


STRUCTURAL = [
    Hostile("corrupt-json", 0, "ungradable", corrupt_json),
    Hostile("deleted-test-cell", 15, "graded", deleted_test_cell),
    Hostile("edited-test-cell", 12, None, edited_test_cell),
    Hostile("retyped-test-cell", 13, None, retyped_test_cell),
    Hostile("changed-points", 15, "graded", changed_points),
]


def corpus() -> list[Hostile]:
    files = sorted((FIXTURES / "hostile").glob("*.py"))
    return [from_file(p) for p in files] + STRUCTURAL
