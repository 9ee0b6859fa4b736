"""Late submissions: nbgrader's due dates and extensions, our per-day penalty, end to end."""

from __future__ import annotations

import datetime
import subprocess
import sys

import pytest
from nbgrader.api import Gradebook

import tiny_course
from autograder.grade import grade_assignment
from autograder.late import PercentPerDayLate
from autograder.tally import Score, tally

DUE = datetime.datetime(2027, 1, 15, 17, 0)


@pytest.mark.parametrize(("hours_late", "penalty"), [
    (0, None), (0.5, 0.6), (24, 0.6), (24.01, 1.2), (30 * 24, 3.0)])
def test_ten_percent_per_started_day_up_to_half(hours_late, penalty):
    plugin = PercentPerDayLate()
    assert plugin.late_submission_penalty("s", 6.0, hours_late * 3600) == penalty


def autograder(*args: str, cwd) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "autograder", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """ana on time, ben 30 h late, cal 30 h late with a 48 h extension (given by the CLI)."""
    root = tiny_course.make(tmp_path_factory.mktemp("late") / "course")
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as book:
        book.update_or_create_assignment(tiny_course.ASSIGNMENT, duedate=DUE)
        for student in ("ana", "ben", "cal"):
            book.update_or_create_student(student)
    extended = autograder("extend", tiny_course.ASSIGNMENT, "cal", "--hours", "48", cwd=root)
    for student, hours in (("ana", -1), ("ben", 30), ("cal", 30)):
        folder = tiny_course.submit_release(root, student)
        stamp = DUE + datetime.timedelta(hours=hours)
        (folder / "timestamp.txt").write_text(f"{stamp:%Y-%m-%d %H:%M:%S}.000000 UTC")
    report = grade_assignment(root, tiny_course.ASSIGNMENT, jobs=2)
    return root, report, extended


def test_the_extend_command_says_until_when(graded):
    _, _, extended = graded
    assert extended.returncode == 0, extended.stderr
    assert "cal has 48 more hours for 01-tiny, until 2027-01-17 17:00 UTC" in extended.stdout


def test_a_late_submission_loses_its_penalty_in_the_tally_and_an_extension_protects(graded):
    """Does nbgrader's penalty reach the tally, and does an extension move the due date?"""
    root, _, _ = graded
    result = {s.student: s for s in tally(root).students}
    assert result["ana"].total == Score(6.0, 6.0) and not result["ana"].penalties
    assert result["ben"].penalties == {tiny_course.ASSIGNMENT: pytest.approx(1.2)}  # 2 days
    assert result["ben"].total_after_penalty.score == pytest.approx(4.8)
    assert result["ben"].pillars["foundations"] == Score(5.0, 5.0)  # skills stay as shown
    assert not result["cal"].penalties


def test_the_grading_summary_shows_the_penalty(graded):
    _, report, _ = graded
    by_student = {r.student: r for r in report.results}
    assert by_student["ben"].late_penalty == pytest.approx(1.2)
    assert "late -1.2" in report.summary()


def test_an_extension_for_someone_not_in_the_gradebook_is_a_named_error(graded):
    root, _, _ = graded
    result = autograder("extend", tiny_course.ASSIGNMENT, "zed", "--hours", "5", cwd=root)
    assert result.returncode == 2
    assert "MissingStudentError" in result.stderr and "nbgrader db student add zed" in result.stderr
    negative = autograder("extend", tiny_course.ASSIGNMENT, "cal", "--hours", "-1", cwd=root)
    assert negative.returncode == 2 and "BadValueError" in negative.stderr
