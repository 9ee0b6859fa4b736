"""Build a class of fixture submissions in a scratch course and read back its cell scores."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook

from autograder.coursedir import working_directory
from autograder.demo.loop import copy_course
from autograder.nbgrader_api import check_step, course_api
from autograder.submissions import Fixture, fill, load_fixture, solution_answers

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"


@dataclass(frozen=True)
class NotebookRef:
    assignment: str
    notebook: str  # file stem

    @property
    def source(self) -> Path:
        return ROOT / "source" / self.assignment / f"{self.notebook}.ipynb"

    @property
    def fixtures(self) -> Path:
        return FIXTURES / self.assignment / self.notebook


def notebooks() -> list[NotebookRef]:
    """Every source notebook; COURSE_ONLY=<stem>[,<stem>] narrows it while writing one."""
    only = {s for s in os.environ.get("COURSE_ONLY", "").split(",") if s}
    return [NotebookRef(p.parent.name, p.stem) for p in sorted(ROOT.glob("source/*/*.ipynb"))
            if not only or p.stem in only]


def wrong_fixtures(ref: NotebookRef) -> list[Fixture]:
    return [load_fixture(p) for p in sorted(ref.fixtures.glob("wrong-*.py"))]


def alternative_fixture(ref: NotebookRef) -> Fixture | None:
    path = ref.fixtures / "alternative.py"
    return load_fixture(path) if path.exists() else None


def graded_test_cells(ref: NotebookRef) -> list[str]:
    notebook = nbformat.read(ref.source, as_version=4)
    return [c.metadata.nbgrader.grade_id for c in notebook.cells
            if c.metadata.get("nbgrader", {}).get("grade") and c.cell_type == "code"]


def class_of(assignment: str) -> dict[str, dict[str, dict[str, str] | None]]:
    """{student: {notebook: answers}}: the solution, a blank (None: the release untouched),
    a differently written correct solution, and one student per wrong fixture (who submits
    only the fixture's notebook)."""
    refs = [r for r in notebooks() if r.assignment == assignment]
    solutions = {r.notebook: solution_answers(nbformat.read(r.source, as_version=4))
                 for r in refs}
    students: dict[str, dict[str, dict[str, str] | None]] = {
        "solution": dict(solutions),
        "blank": dict.fromkeys(solutions),
        "alternative": {r.notebook: {**solutions[r.notebook],
                                     **(alt.answers if (alt := alternative_fixture(r)) else {})}
                        for r in refs},
    }
    for ref in refs:
        for fixture in wrong_fixtures(ref):
            # only the notebook under test: grading the others again would prove nothing
            students[f"{ref.notebook}.{fixture.name}"] = {
                ref.notebook: {**solutions[ref.notebook], **fixture.answers}}
    return students


def build_course(scratch: Path, assignments: list[str]) -> None:
    """A scratch copy of the course with each assignment generated (gradebook + release)."""
    copy_course(ROOT, scratch)
    with working_directory(scratch):
        api = course_api(scratch)
        for assignment in assignments:
            check_step(api.generate_assignment(assignment), f"generate {assignment}")


def write_submission(scratch: Path, assignment: str, student: str,
                     answers: dict[str, dict[str, str] | None]) -> None:
    folder = scratch / "submitted" / student / assignment
    folder.mkdir(parents=True, exist_ok=True)
    for notebook, notebook_answers in answers.items():
        released = nbformat.read(scratch / "release" / assignment / f"{notebook}.ipynb", 4)
        filled = fill(released, notebook_answers) if notebook_answers else released
        nbformat.write(filled, folder / f"{notebook}.ipynb")


def cell_scores(scratch: Path, assignment: str) -> dict[str, dict[tuple[str, str], float]]:
    """{student: {(notebook, grade_id): score}} for every autograded submission."""
    scores: dict[str, dict[tuple[str, str], float]] = {}
    with Gradebook(f"sqlite:///{scratch / 'gradebook.db'}") as book:
        for submission in book.find_assignment(assignment).submissions:
            per_cell = scores.setdefault(submission.student.id, {})
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    per_cell[(notebook.name, grade.name)] = float(grade.score or 0.0)
    return scores
