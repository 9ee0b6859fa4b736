"""`python -m course check`: a student's self-check reports visible tests and what to do next."""

from __future__ import annotations

import subprocess
import sys

import nbformat
import pytest

from autograder.submissions import fill, solution_answers
from classroom import ROOT, notebooks
from course.curriculum import PILLAR_IDS
from course.selfcheck import check

CACHING = next(ref for ref in notebooks() if ref.notebook == "04-caching-with-redis")
RELEASE = ROOT / "release" / CACHING.assignment / f"{CACHING.notebook}.ipynb"


def course_check(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "course", "check", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def first_part_solved(tmp_path_factory):
    """The student's release copy with only Part 1 answered."""
    path = tmp_path_factory.mktemp("student") / RELEASE.name
    answers = solution_answers(nbformat.read(CACHING.source, as_version=4))
    first = next(iter(answers))
    nbformat.write(fill(nbformat.read(RELEASE, as_version=4), {first: answers[first]}), path)
    return path


def test_untouched_release_fails_every_exercise_and_points_to_part_1():
    result = course_check(str(RELEASE))
    assert result.returncode == 1, result.stderr
    assert "[pass]" not in result.stdout
    assert "not solved yet" in result.stdout
    assert f"Next: Part 1 of {CACHING.notebook}" in result.stdout


def test_progress_counts_the_points_of_passing_visible_tests_per_pillar(first_part_solved):
    result = check([first_part_solved], cell_timeout=60)
    assert not result.ok
    assert [e.passed for e in result.exercises][:2] == [True, False]
    progress = result.progress()
    assert list(progress) == list(PILLAR_IDS)
    done, possible = progress["foundations"]
    assert done == result.exercises[0].points and possible > done
    assert result.next_exercise().part == "Part 2"


def test_the_instructor_solution_passes_and_exits_0():
    result = course_check(str(CACHING.source))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "All visible tests pass" in result.stdout
    assert "[FAIL]" not in result.stdout


def test_a_missing_notebook_is_a_named_error_with_exit_2(tmp_path):
    result = course_check(str(tmp_path / "nope.ipynb"))
    assert result.returncode == 2
    assert "no such notebook" in result.stderr and "Traceback" not in result.stderr
