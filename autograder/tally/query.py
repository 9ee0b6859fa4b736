"""Read every grade of the chosen assignments in one query and add them up per pillar."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from nbgrader.api import (
    Assignment,
    BaseCell,
    Grade,
    Gradebook,
    Notebook,
    Student,
    SubmittedAssignment,
    SubmittedNotebook,
)
from sqlalchemy import select

from autograder.coursedir import assignment_ids, load_config, require_assignment
from autograder.errors import GradebookError
from autograder.pillars import GradedCell, graded_cells
from autograder.tally.model import ZERO, Score, StudentTally, Tally
from course.curriculum import PILLAR_IDS

CellKey = tuple[str, str, str]  # assignment, notebook, grade_id


def tally(root: Path, assignments: list[str] | None = None) -> Tally:
    """Scores per student, pillar and assignment; max scores come from source/, not students."""
    chosen = list(dict.fromkeys(assignments)) if assignments else assignment_ids(root)
    for assignment in chosen:
        require_assignment(root, assignment)
    cells: dict[CellKey, GradedCell] = {
        (c.assignment, c.notebook, c.grade_id): c for a in chosen for c in graded_cells(root, a)}
    students, scores = read_gradebook(root, chosen)
    return Tally(PILLAR_IDS, tuple(chosen),
                 tuple(student_tally(s, chosen, cells, scores.get(s, {})) for s in students))


def read_gradebook(root: Path, assignments: list[str]) -> tuple[list[str], dict]:
    """All student ids, and {student: {cell key: score}} for the assignments' grades."""
    config = load_config(root)
    db_url = config.CourseDirectory.get("db_url") or f"sqlite:///{root / 'gradebook.db'}"
    if db_url.startswith("sqlite:///") and not Path(db_url.removeprefix("sqlite:///")).exists():
        return [], {}  # nothing graded yet: an empty tally, not a new empty gradebook file
    statement = (
        select(Student.id, Assignment.name, Notebook.name, BaseCell.name, Grade.score)
        .select_from(Grade)
        .join(SubmittedNotebook, Grade.notebook_id == SubmittedNotebook.id)
        .join(SubmittedAssignment, SubmittedNotebook.assignment_id == SubmittedAssignment.id)
        .join(Student, SubmittedAssignment.student_id == Student.id)
        .join(BaseCell, Grade.cell_id == BaseCell.id)
        .join(Notebook, BaseCell.notebook_id == Notebook.id)
        .join(Assignment, Notebook.assignment_id == Assignment.id)
        .where(Assignment.name.in_(assignments))
    )
    scores: dict[str, dict[CellKey, float]] = defaultdict(dict)
    try:
        with Gradebook(db_url) as book:
            students = list(book.db.scalars(select(Student.id).order_by(Student.id)))
            for student, assignment, notebook, cell, score in book.db.execute(statement):
                scores[student][(assignment, notebook, cell)] = float(score or 0.0)
    except Exception as error:
        raise GradebookError(f"cannot read the gradebook at {db_url}: {error}") from error
    return students, scores


def student_tally(student: str, assignments: list[str], cells: dict[CellKey, GradedCell],
                  scores: dict[CellKey, float]) -> StudentTally:
    pillars = dict.fromkeys(PILLAR_IDS, ZERO)
    per_assignment = dict.fromkeys(assignments, ZERO)
    total = ZERO
    for key, cell in cells.items():
        earned = Score(min(scores.get(key, 0.0), cell.points), cell.points)
        for pillar in cell.pillars:  # a cell counts fully in each of its pillars ...
            pillars[pillar] += earned
        per_assignment[cell.assignment] += earned
        total += earned  # ... and once in the total
    return StudentTally(student, pillars, per_assignment, total)
