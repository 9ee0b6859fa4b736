"""What a cohort report reads: every student's score on every graded cell, and what to review."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from nbgrader.api import Gradebook
from sqlalchemy import text

from autograder.coursedir import assignment_ids, gradebook_url, require_assignment
from autograder.errors import GradebookError
from autograder.grade.results import ledger_path
from autograder.pillars import GradedCell, graded_cells
from autograder.tally import Tally, tally
from autograder.tally.query import GRADE_SCORE, cell_ids

# One row per student and graded cell, scored as the tally scores it.
_SCORES = text(f"""
    SELECT sa.student_id, g.cell_id, {GRADE_SCORE}, g.needs_manual_grade
    FROM grade g
    JOIN submitted_notebook sn ON g.notebook_id = sn.id
    JOIN submitted_assignment sa ON sn.assignment_id = sa.id
""")


@dataclass(frozen=True)
class Flag:
    """A submission the instructor should look at before trusting its score."""

    assignment: str
    student: str
    kind: str  # "needs review", "ungradable" or "unsandboxed"
    reason: str


@dataclass(frozen=True)
class Cohort:
    assignments: tuple[str, ...]
    cells: tuple[GradedCell, ...]
    students: tuple[str, ...]
    scores: np.ndarray  # students x cells, points earned; NaN where nothing was submitted
    tally: Tally
    flags: tuple[Flag, ...]


_SUBMITTED = text("""
    SELECT DISTINCT a.name FROM submitted_assignment sa JOIN assignment a
    ON sa.assignment_id = a.id
""")


def submitted_assignments(root: Path) -> list[str]:
    """The assignments of source/ that anyone has submitted (all of them if none was)."""
    url, known = gradebook_url(root), assignment_ids(root)
    if url is None:
        return known
    try:
        with Gradebook(url) as book:
            names = {name for (name,) in book.db.execute(_SUBMITTED)}
    except Exception as error:
        raise GradebookError(f"cannot read the gradebook at {url}: {error}") from error
    return [a for a in known if a in names] or known


def read_cohort(root: Path, assignments: list[str] | None = None) -> Cohort:
    """The chosen assignments (default: every one submitted so far, so a cohort half-way
    through the course is not measured against stages nobody has reached yet)."""
    chosen = list(dict.fromkeys(assignments)) if assignments else submitted_assignments(root)
    for assignment in chosen:
        require_assignment(root, assignment)
    cells = [c for a in chosen for c in graded_cells(root, a)]
    totals = tally(root, chosen)
    students = tuple(s.student for s in totals.students)
    scores = np.full((len(students), len(cells)), np.nan)
    review: set[tuple[str, str]] = set()
    url = gradebook_url(root)
    if url is not None and students:
        row_of = {s: i for i, s in enumerate(students)}
        try:
            with Gradebook(url) as book:
                ids = cell_ids(book, cells)
                column_of = {ids[(c.assignment, c.notebook, c.grade_id)]: j
                             for j, c in enumerate(cells) if (c.assignment, c.notebook,
                                                              c.grade_id) in ids}
                for student, cell_id, score, needs_review in book.db.execute(_SCORES):
                    j = column_of.get(cell_id)
                    if j is None or student not in row_of:
                        continue  # a cell of another assignment
                    scores[row_of[student], j] = min(float(score or 0.0), cells[j].points)
                    if needs_review:
                        review.add((cells[j].assignment, student))
        except Exception as error:
            raise GradebookError(f"cannot read the gradebook at {url}: {error}") from error
    flags = ledger_flags(root, chosen, review)
    return Cohort(tuple(chosen), tuple(cells), students, scores, totals, flags)


def ledger_flags(root: Path, assignments: list[str],
                 review: set[tuple[str, str]]) -> tuple[Flag, ...]:
    """Needs-review, ungradable and unsandboxed submissions, from each grading run's ledger
    (reports/<assignment>/grading.json) and the gradebook's needs-manual-grade cells."""
    flags: dict[tuple[str, str, str], Flag] = {}
    for assignment in assignments:
        path = ledger_path(root, assignment)
        entries = json.loads(path.read_text()).get("results", []) if path.exists() else []
        for entry in entries:
            student, status = entry.get("student", "?"), entry.get("status", "")
            if status in ("needs-review", "ungradable"):
                kind = status.replace("-", " ")
                flags[(assignment, student, kind)] = Flag(assignment, student, kind,
                                                          entry.get("reason", ""))
            if status != "ungradable" and not entry.get("sandboxed", True):
                flags[(assignment, student, "unsandboxed")] = Flag(
                    assignment, student, "unsandboxed",
                    "graded without the sandbox: a hostile notebook could have changed its score")
    for assignment, student in sorted(review):
        flags.setdefault((assignment, student, "needs review"), Flag(
            assignment, student, "needs review", "a cell needs a manual grade in the gradebook"))
    order = {"needs review": 0, "ungradable": 1, "unsandboxed": 2}
    return tuple(sorted(flags.values(), key=lambda f: (order[f.kind], f.assignment, f.student)))
