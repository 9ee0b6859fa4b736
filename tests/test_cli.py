"""The instructors' CLI: bad input ends with a named error and a non-zero exit, no traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import tiny_course
from course.curriculum import PILLAR_IDS


def autograder(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "autograder", *args], cwd=cwd, text=True,
                          capture_output=True, timeout=300,
                          env={**os.environ, "PYTHONWARNINGS": "ignore"})


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    return tiny_course.make(tmp_path_factory.mktemp("cli"))


def assert_named_error(result: subprocess.CompletedProcess[str], name: str) -> None:
    assert result.returncode == 2, result.stderr
    assert f"autograder: error: {name}:" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_grading_an_unknown_assignment_names_it_and_exits_2(course):
    result = autograder("grade", "99-nope", cwd=course)
    assert_named_error(result, "UnknownAssignmentError")
    assert "99-nope" in result.stderr and tiny_course.ASSIGNMENT in result.stderr


def test_grading_a_student_without_a_submission_names_the_student(course):
    result = autograder("grade", tiny_course.ASSIGNMENT, "--student", "nobody", cwd=course)
    assert_named_error(result, "MissingStudentError")
    assert "nobody" in result.stderr


def test_running_outside_a_course_directory_says_where_to_run_it(tmp_path):
    assert_named_error(autograder("tally", cwd=tmp_path), "NotACourseError")


def test_tallying_an_unknown_assignment_is_a_named_error(course):
    assert_named_error(autograder("tally", "99-nope", cwd=course), "UnknownAssignmentError")


def test_a_source_cell_without_a_pillar_tag_stops_the_tally(tmp_path):
    root = tiny_course.make(tmp_path / "untagged", generate=False)
    tiny_course.write_notebook(root / "source" / tiny_course.ASSIGNMENT / "extra.ipynb",
                               {"lonely": (1, [])})
    result = autograder("tally", cwd=root)
    assert_named_error(result, "SourceNotebookError")
    assert "lonely" in result.stderr


def test_grading_with_no_submissions_accounts_for_nothing_and_exits_0(course):
    result = autograder("grade", tiny_course.ASSIGNMENT, cwd=course)
    assert result.returncode == 0, result.stderr
    assert "0 submission(s)" in result.stdout


def test_tally_writes_json_with_all_four_pillars_to_a_file(course, tmp_path):
    output = tmp_path / "tally.json"
    result = autograder("tally", "--format", "json", "--output", str(output), cwd=course)
    assert result.returncode == 0, result.stderr
    assert json.loads(output.read_text())["pillars"] == list(PILLAR_IDS)


def test_a_corrupt_submission_is_graded_as_ungradable_and_the_run_exits_0(tmp_path):
    root = tiny_course.make(tmp_path / "corrupt")
    folder = root / "submitted" / "mallory" / tiny_course.ASSIGNMENT
    folder.mkdir(parents=True)
    (folder / f"{tiny_course.NOTEBOOK}.ipynb").write_text('{"cells": [')
    result = autograder("grade", tiny_course.ASSIGNMENT, cwd=root)
    assert result.returncode == 0, result.stderr
    assert "mallory" in result.stdout and "ungradable" in result.stdout
    tally = json.loads(autograder("tally", "--format", "json", cwd=root).stdout)
    assert [s["student"] for s in tally["students"]] == ["mallory"]
    assert tally["students"][0]["total"] == {"score": 0.0, "max_score": 6.0}
