"""Tally: per-pillar sums from the gradebook, with pillars taken from source/ tags."""

from __future__ import annotations

import csv
import io
import json

import pytest
from nbgrader.api import Gradebook

import tiny_course
from autograder.errors import UnknownAssignmentError
from autograder.tally import Score, tally
from course.curriculum import PILLAR_IDS

SCORES = {"alice": {"crud": 2, "cache": 3, "embed": 0},
          "bob": {"crud": 1, "cache": 0, "embed": 1}}
IDENTITIES = {"alice": {"first_name": "Alice", "last_name": "Liddell",
                        "email": "alice@example.edu", "lms_user_id": "4711"}}


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    root = tiny_course.make(tmp_path_factory.mktemp("tiny"))
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as book:
        book.add_student("carol")  # enrolled, never submitted
        for student, cells in SCORES.items():
            book.add_student(student, **IDENTITIES.get(student, {}))
            book.add_submission(tiny_course.ASSIGNMENT, student)
            for cell, score in cells.items():
                grade = book.find_grade(cell, tiny_course.NOTEBOOK, tiny_course.ASSIGNMENT,
                                        student)
                grade.auto_score = float(score)
            book.db.commit()
        # bob handed in late: nbgrader's AssignLatePenalties took 0.5 points off his notebook
        book.find_submission_notebook(tiny_course.NOTEBOOK, tiny_course.ASSIGNMENT,
                                      "bob").late_submission_penalty = 0.5
        book.db.commit()
    return root


def by_student(result):
    return {s.student: s for s in result.students}


def test_cell_with_two_pillars_counts_fully_in_each_and_once_in_the_total(course):
    alice = by_student(tally(course))["alice"]
    assert alice.pillars["foundations"] == Score(5.0, 5.0)
    assert alice.pillars["high-concurrency"] == Score(3.0, 3.0)
    assert alice.pillars["ai-integration"] == Score(0.0, 1.0)
    assert alice.total == Score(5.0, 6.0)
    assert alice.assignments == {tiny_course.ASSIGNMENT: Score(5.0, 6.0)}


def test_every_pillar_is_listed_in_curriculum_order_even_with_no_cells(course):
    result = tally(course)
    assert result.pillars == PILLAR_IDS
    assert by_student(result)["bob"].pillars["cloud-native"] == Score(0.0, 0.0)


def test_enrolled_student_without_a_submission_scores_zero_of_the_maximum(course):
    carol = by_student(tally(course))["carol"]
    assert carol.total == Score(0.0, 6.0)
    assert carol.pillars["foundations"] == Score(0.0, 5.0)


def test_json_has_the_documented_shape(course):
    data = json.loads(tally(course).to_json())
    assert data["pillars"] == list(PILLAR_IDS)
    bob = next(s for s in data["students"] if s["student"] == "bob")
    assert bob["pillars"]["ai-integration"] == {"score": 1.0, "max_score": 1.0}
    assert bob["assignments"][tiny_course.ASSIGNMENT] == {"score": 2.0, "max_score": 6.0}
    assert bob["total"] == {"score": 2.0, "max_score": 6.0}


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_rendering_matches_the_golden_file(course, golden, fmt):
    golden(f"tally-tiny.{'txt' if fmt == 'table' else fmt}", tally(course).render(fmt))


def test_lms_csv_has_one_row_per_student_and_a_percent_column_per_pillar_and_assignment(course):
    rows = list(csv.DictReader(io.StringIO(tally(course).to_csv())))
    assert [r["SIS User ID"] for r in rows] == ["alice", "bob", "carol"]
    alice, _, carol = rows
    assert (alice["Student"], alice["ID"], alice["SIS Login ID"]) == \
        ("Liddell, Alice", "4711", "alice@example.edu")
    assert alice["foundations (%)"] == "100.0"  # crud 2/2
    assert alice[f"{tiny_course.ASSIGNMENT} (%)"] == "83.3"  # 5 of 6 points
    assert carol["Total (%)"] == "0.0" and carol["Student"] == "carol"
    assert all(f"{p} (%)" in rows[0] for p in PILLAR_IDS)


def test_a_late_penalty_lowers_the_assignment_and_total_but_not_the_pillars(course):
    bob = by_student(tally(course))["bob"]
    assert bob.penalties == {tiny_course.ASSIGNMENT: 0.5}
    assert bob.total == Score(2.0, 6.0)  # what he showed
    assert bob.total_after_penalty == Score(1.5, 6.0)  # what counts
    assert bob.pillars["ai-integration"] == Score(1.0, 1.0)
    row = next(r for r in csv.DictReader(io.StringIO(tally(course).to_csv()))
               if r["SIS User ID"] == "bob")
    assert (row["Late penalty (points)"], row["Total (%)"]) == ("0.5", "25.0")
    assert "late penalty" in tally(course).to_table().splitlines()[0]
    data = json.loads(tally(course).to_json())
    by_id = {s["student"]: s for s in data["students"]}
    assert by_id["bob"]["late_penalty"] == {tiny_course.ASSIGNMENT: 0.5}
    assert by_id["bob"]["total_after_penalty"] == {"score": 1.5, "max_score": 6.0}
    assert by_id["alice"]["late_penalty"] == {tiny_course.ASSIGNMENT: 0.0}


def test_unknown_assignment_is_a_named_error(course):
    with pytest.raises(UnknownAssignmentError, match="no-such"):
        tally(course, ["no-such"])


def test_course_without_a_gradebook_tallies_no_students(tmp_path):
    root = tiny_course.make(tmp_path / "fresh", generate=False)
    result = tally(root)
    assert result.students == () and result.pillars == PILLAR_IDS
    assert not (root / "gradebook.db").exists()
