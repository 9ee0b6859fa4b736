"""A late-submission penalty for nbgrader: a share of the notebook's score per day late."""

from __future__ import annotations

import datetime
import math
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.plugins import LateSubmissionPlugin
from traitlets import Float

from autograder.coursedir import gradebook_url, require_assignment
from autograder.errors import (
    BadValueError,
    GradebookError,
    MissingStudentError,
    UnknownAssignmentError,
)

DAY = 86_400.0


class PercentPerDayLate(LateSubmissionPlugin):
    """Takes `percent_per_day` of a notebook's score for every started day past the due date
    (after any extension), up to `max_percent`. nbgrader's AssignLatePenalties calls it per
    notebook and stores the points off in the gradebook; the tally and report subtract them."""

    percent_per_day = Float(10.0, help="Share of the score taken for each started day late, "
                            "in percent.").tag(config=True)
    max_percent = Float(50.0, help="The most a late submission can lose, in percent of its "
                        "score (100 makes a very late submission score 0).").tag(config=True)

    def late_submission_penalty(self, student_id: str, score: float,
                                total_seconds_late: float) -> float | None:
        if total_seconds_late <= 0:
            return None
        days = math.ceil(total_seconds_late / DAY)
        share = min(self.max_percent, self.percent_per_day * days) / 100.0
        return round(score * share, 4)


def grant_extension(root: Path, assignment: str, student: str, hours: float) -> str:
    """Record `student`'s extension of `assignment` in the gradebook, where nbgrader's
    AssignLatePenalties reads it at the next grading; returns what was done, in words."""
    require_assignment(root, assignment)
    if hours < 0:
        raise BadValueError(f"an extension cannot be negative ({hours:g} hours)")
    url = gradebook_url(root)
    if url is None:
        raise GradebookError("no gradebook yet: run `autograder release` or nbgrader's "
                             "generate_assignment first")
    with Gradebook(url) as book:
        try:
            book.find_student(student)
        except MissingEntry:
            raise MissingStudentError(
                f"no student {student!r} in the gradebook: add them with "
                f"`nbgrader db student add {student}`") from None
        try:
            due = book.find_assignment(assignment).duedate
        except MissingEntry:
            raise UnknownAssignmentError(
                f"{assignment} is not in the gradebook yet: generate it first") from None
        book.update_or_create_submission(
            assignment, student, extension=datetime.timedelta(hours=hours) if hours else None)
    until = f", until {due + datetime.timedelta(hours=hours):%Y-%m-%d %H:%M} UTC" \
        if due and hours else ""
    return (f"{student} has {hours:g} more hours for {assignment}{until}; regrade with "
            f"`autograder grade {assignment} --regrade` to apply it to graded work")
