"""Tally speed: one query over a synthetic gradebook against a loop over nbgrader's API."""

from __future__ import annotations

import random
import shutil
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import nbformat
from nbgrader.api import (
    Grade,
    Gradebook,
    GradeCell,
    Student,
    SubmittedAssignment,
    SubmittedNotebook,
)

from autograder.coursedir import CONFIG_FILE
from autograder.nbgrader_api import put_interpreter_on_path
from autograder.tally import tally
from course.curriculum import PILLAR_IDS

ROOT = Path(__file__).resolve().parent.parent
ASSIGNMENT, NOTEBOOK = "01-bench", "cells"


ScoreOf = Callable[[random.Random, int, int], float]  # (rng, student, cell) -> points of 2


def build(scratch: Path, students: int, cells: int, seed: int = 1,
          score_of: ScoreOf | None = None) -> None:
    """A course whose source has `cells` tagged test cells, and a gradebook with every
    student graded on every cell (bulk-inserted: the API would take minutes). Scores are
    uniform at random unless `score_of` says otherwise."""
    if scratch.exists():
        shutil.rmtree(scratch)
    (scratch / "source" / ASSIGNMENT).mkdir(parents=True)
    shutil.copy2(ROOT / CONFIG_FILE, scratch / CONFIG_FILE)
    notebook = nbformat.v4.new_notebook()
    for i in range(cells):
        cell = nbformat.v4.new_code_cell("pass")
        cell.metadata = {"tags": [f"pillar:{PILLAR_IDS[i % 4]}"], "nbgrader": {
            "grade": True, "grade_id": f"c{i}", "locked": True, "points": 2,
            "schema_version": 3, "solution": False, "task": False}}
        notebook.cells.append(cell)
    nbformat.write(notebook, scratch / "source" / ASSIGNMENT / f"{NOTEBOOK}.ipynb")
    rng = random.Random(seed)
    put_interpreter_on_path()  # nbgrader runs `alembic` from PATH to create a gradebook
    with Gradebook(f"sqlite:///{scratch / 'gradebook.db'}") as book:
        book.add_assignment(ASSIGNMENT)
        book.add_notebook(NOTEBOOK, ASSIGNMENT)
        for i in range(cells):
            book.add_grade_cell(f"c{i}", NOTEBOOK, ASSIGNMENT, max_score=2, cell_type="code")
        assignment_id = book.find_assignment(ASSIGNMENT).id
        notebook_id = book.find_notebook(NOTEBOOK, ASSIGNMENT).id
        cell_ids = [c.id for c in book.db.query(GradeCell).order_by(GradeCell.name)]
        rows: dict[type, list[dict]] = {Student: [], SubmittedAssignment: [],
                                        SubmittedNotebook: [], Grade: []}
        for s in range(students):
            student, submission, submitted = f"s{s:05d}", uuid.uuid4().hex, uuid.uuid4().hex
            rows[Student].append({"id": student})
            rows[SubmittedAssignment].append({"id": submission, "assignment_id": assignment_id,
                                              "student_id": student})
            rows[SubmittedNotebook].append({"id": submitted, "assignment_id": submission,
                                            "notebook_id": notebook_id, "flagged": False})
            rows[Grade].extend({"id": uuid.uuid4().hex, "notebook_id": submitted,
                                "cell_id": cell,
                                "auto_score": float(score_of(rng, s, c) if score_of
                                                    else rng.choice((0, 1, 2))),
                                "needs_manual_grade": False} for c, cell in enumerate(cell_ids))
        for model, values in rows.items():
            book.db.execute(model.__table__.insert(), values)
        book.db.commit()


def api_loop(scratch: Path, sample: int) -> tuple[float, dict[str, dict[str, float]]]:
    """What a script on nbgrader's public API does: per student, per notebook, per grade.
    Returns its time and each student's points per pillar (to check the tally against)."""
    pillars = {f"c{i}": PILLAR_IDS[i % 4] for i in range(10_000)}
    totals: dict[str, dict[str, float]] = {}
    started = time.perf_counter()
    with Gradebook(f"sqlite:///{scratch / 'gradebook.db'}") as book:
        for student in [s.id for s in book.students][:sample]:
            earned = totals.setdefault(student, dict.fromkeys(PILLAR_IDS, 0.0))
            submission = book.find_submission(ASSIGNMENT, student)
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    earned[pillars[grade.name]] += grade.score
    return time.perf_counter() - started, totals


def run(students: int = 10_000, cells: int = 50, sample: int = 500) -> dict[str, float]:
    scratch = ROOT / ".scratch" / "bench-tally"
    started = time.perf_counter()
    build(scratch, students, cells)
    built = time.perf_counter() - started
    started = time.perf_counter()
    result = tally(scratch)
    ours = time.perf_counter() - started
    assert len(result.students) == students
    loop_seconds, checked = api_loop(scratch, sample)
    looped = len(checked)
    loop_full = loop_seconds * students / looped
    by_student = {s.student: s for s in result.students}
    assert all(by_student[s].pillars[p].score == v for s, e in checked.items()
               for p, v in e.items()), "the tally disagrees with nbgrader's API"
    print(f"tally: {students} students x {cells} cells (gradebook built in {built:.1f} s)")
    print(f"  autograder tally:        {ours:.2f} s")
    print(f"  nbgrader API loop:       {loop_seconds:.2f} s for {looped} students, "
          f"~{loop_full:.1f} s for all {students} (extrapolated)")
    print(f"  ratio:                   {loop_full / ours:.1f}x "
          f"(targets: under 2 s, at least 20x)")
    return {"tally_seconds": ours, "api_loop_seconds": loop_full}


if __name__ == "__main__":
    run()
