"""The simulated students of the demo, and the answers each one writes."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import nbformat

from autograder.submissions import load_fixture, solution_answers, solution_cells

Answers = dict[str, str]
# (the instructor's source notebook, that notebook's folder of fixtures) -> answers by grade_id
AnswerWriter = Callable[[nbformat.NotebookNode, Path], Answers]


@dataclass(frozen=True)
class SimulatedStudent:
    id: str
    role: str
    answers: AnswerWriter
    hours_late: float = 0.0  # past each assignment's due date
    extension_hours: float = 0.0  # granted by the instructor for each assignment


def full(source: nbformat.NotebookNode, fixtures: Path) -> Answers:
    return solution_answers(source)


def blank(source: nbformat.NotebookNode, fixtures: Path) -> Answers:
    return {}


def partial(source: nbformat.NotebookNode, fixtures: Path) -> Answers:
    """The solution to the first half of the exercises; the rest left as released."""
    answers = solution_answers(source)
    order = [c.metadata.nbgrader.grade_id for c in solution_cells(source)]
    return {k: answers[k] for k in order[: math.ceil(len(order) / 2)]}


def visible_only(source: nbformat.NotebookNode, fixtures: Path) -> Answers:
    """Every exercise answered with its plausible wrong fixture: passes visible tests only."""
    answers = solution_answers(source)
    for path in sorted(fixtures.glob("wrong-*.py")):
        answers.update(load_fixture(path).answers)
    return answers


SIMULATED_STUDENTS: tuple[SimulatedStudent, ...] = (
    SimulatedStudent("ada-full", "writes every solution", full),
    SimulatedStudent("ben-blank", "submits the release untouched", blank),
    SimulatedStudent("cleo-partial", "solves the first half, hands in 30 h late", partial,
                     hours_late=30.0),
    SimulatedStudent("dev-visible-only", "passes the visible tests only, 40 h late with a "
                     "48 h extension", visible_only, hours_late=40.0, extension_hours=48.0),
)
