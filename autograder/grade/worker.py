"""Grade one submission against a private copy of the gradebook; return what it recorded.

Workers never write the course's gradebook: a SQLite file cannot take concurrent writers, and
a worker on another machine could not reach it. The coordinator merges what they return.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from nbgrader.api import Gradebook
from traitlets.config import Config

from autograder.coursedir import working_directory
from autograder.grade.pipeline import autograde_config
from autograder.integrity import verdicts
from autograder.nbgrader_api import course_api, last_error_line


@dataclass(frozen=True)
class CellGrade:
    notebook: str
    cell: str
    auto_score: float | None
    needs_manual_grade: bool


@dataclass(frozen=True)
class WorkerResult:
    student: str
    success: bool
    error: str = ""
    timestamp: str | None = None
    grades: tuple[CellGrade, ...] = ()
    comments: tuple[tuple[str, str, str | None], ...] = ()  # notebook, cell, auto comment
    penalties: tuple[tuple[str, float], ...] = ()  # notebook, late penalty
    canary_problems: tuple[str, ...] = field(default_factory=tuple)


def grade_submission(root: Path, assignment: str, student: str, snapshot: Path) -> WorkerResult:
    """Autograde `student` with nbgrader into autograded/, recording into a copy of `snapshot`."""
    with tempfile.TemporaryDirectory(prefix="ag-book-") as scratch:
        book_path = Path(scratch) / "gradebook.db"
        shutil.copy2(snapshot, book_path)
        overrides = autograde_config()
        overrides.merge(Config({"CourseDirectory": {"db_url": f"sqlite:///{book_path}"}}))
        with working_directory(root):
            api = course_api(root, overrides)
            verdicts.take(assignment, student)
            outcome = api.autograde(assignment, student)
            canaries = verdicts.take(assignment, student)
        if not outcome.get("success"):
            return WorkerResult(student, False, last_error_line(outcome))
        problems = tuple(f"{name}: {problem}" for name, verdict in canaries.items()
                         for problem in verdict.problems)
        return read_back(book_path, assignment, student, problems)


def read_back(book_path: Path, assignment: str, student: str,
              problems: tuple[str, ...]) -> WorkerResult:
    with Gradebook(f"sqlite:///{book_path}") as book:
        submission = book.find_submission(assignment, student)
        grades, comments, penalties = [], [], []
        for notebook in submission.notebooks:
            penalties.append((notebook.name, float(notebook.late_submission_penalty or 0.0)))
            grades += [CellGrade(notebook.name, g.name, g.auto_score, bool(g.needs_manual_grade))
                       for g in notebook.grades]
            comments += [(notebook.name, c.name, c.auto_comment) for c in notebook.comments]
        timestamp = submission.timestamp.isoformat() if submission.timestamp else None
    return WorkerResult(student, True, "", timestamp, tuple(grades), tuple(comments),
                        tuple(penalties), problems)
