"""Tally: per-pillar sums from the gradebook, with pillars taken from source/ tags."""

from __future__ import annotations

import json

import pytest
from nbgrader.api import Gradebook

import tiny_course
from autograder.errors import UnknownAssignmentError
from autograder.tally import Score, tally
from course.curriculum import PILLAR_IDS

SCORES = {"alice": {"crud": 2, "cache": 3, "embed": 0},
          "bob": {"crud": 1, "cache": 0, "embed": 1}}


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    root = tiny_course.make(tmp_path_factory.mktemp("tiny"))
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as book:
        book.add_student("carol")  # enrolled, never submitted
        for student, cells in SCORES.items():
            book.add_student(student)
            book.add_submission(tiny_course.ASSIGNMENT, student)
            for cell, score in cells.items():
                grade = book.find_grade(cell, tiny_course.NOTEBOOK, tiny_course.ASSIGNMENT,
                                        student)
                grade.auto_score = float(score)
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


def test_csv_has_one_row_per_student_and_a_column_per_pillar_and_assignment(course):
    header, *rows = tally(course).to_csv().splitlines()
    columns = header.split(",")
    assert all(p in columns for p in PILLAR_IDS) and tiny_course.ASSIGNMENT in columns
    assert [r.split(",")[0] for r in rows] == ["alice", "bob", "carol"]


def test_unknown_assignment_is_a_named_error(course):
    with pytest.raises(UnknownAssignmentError, match="no-such"):
        tally(course, ["no-such"])


def test_course_without_a_gradebook_tallies_no_students(tmp_path):
    root = tiny_course.make(tmp_path / "fresh", generate=False)
    result = tally(root)
    assert result.students == () and result.pillars == PILLAR_IDS
    assert not (root / "gradebook.db").exists()
