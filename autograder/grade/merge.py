"""The coordinator's side: write what a worker graded into the course's gradebook."""

from __future__ import annotations

import datetime

from nbgrader.api import Gradebook

from autograder.grade.worker import WorkerResult


def merge(book: Gradebook, assignment: str, result: WorkerResult, *, hold: bool) -> None:
    """Record `result` as nbgrader's own autograde would have; with `hold`, every cell scores 0
    and needs a manual grade (tampering suspected)."""
    timestamp = datetime.datetime.fromisoformat(result.timestamp) if result.timestamp else None
    book.update_or_create_student(result.student)
    book.update_or_create_submission(assignment, result.student,
                                     **({"timestamp": timestamp} if timestamp else {}))
    for grade in result.grades:
        row = book.find_grade(grade.cell, grade.notebook, assignment, result.student)
        row.auto_score = 0.0 if hold else grade.auto_score
        row.needs_manual_grade = True if hold else grade.needs_manual_grade
    for notebook, cell, comment in result.comments:
        book.find_comment(cell, notebook, assignment, result.student).auto_comment = comment
    for notebook, penalty in result.penalties:
        book.find_submission_notebook(notebook, assignment, result.student) \
            .late_submission_penalty = penalty
    book.db.commit()
