"""End to end: the demo runs the real nbgrader loop for four simulated students."""

from __future__ import annotations

import json

import pytest

from autograder.cli import main
from autograder.demo import SIMULATED_STUDENTS
from course.curriculum import PILLAR_IDS

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("demo") / "course"
    capture = pytest.MonkeyPatch()
    lines: list[str] = []
    capture.setattr("builtins.print", lambda *a, **k: lines.append(" ".join(map(str, a))))
    try:
        exit_code = main(["demo", "--workdir", str(workdir)])
    finally:
        capture.undo()
    return workdir, exit_code, "\n".join(lines)


def tally_json(workdir) -> dict:
    lines: list[str] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("sys.stdout.write", lines.append)
        assert main(["--course-dir", str(workdir), "tally", "--format", "json"]) == 0
    data = json.loads("".join(lines))
    return {s["student"]: s for s in data["students"]} | {"pillars": data["pillars"]}


def test_does_the_demo_print_a_per_pillar_table_and_exit_0(demo):
    _, exit_code, output = demo
    assert exit_code == 0, output
    header = next(line for line in output.splitlines() if line.startswith("student  "))
    assert header.split() == ["student", *PILLAR_IDS, "total"]
    for student in SIMULATED_STUDENTS:
        assert f"student {student.id} ({student.role}): fetched and submitted" in output


def test_did_every_submission_travel_through_the_exchange_and_get_feedback(demo):
    workdir, _, _ = demo
    for student in SIMULATED_STUDENTS:
        submitted = list((workdir / "submitted" / student.id).glob("*/timestamp.txt"))
        assert submitted, f"collect brought nothing back for {student.id}"
        assert list((workdir / "feedback" / student.id).glob("*/*.html"))
    inbound = list((workdir / ".nbgrader" / "exchange").glob("*/inbound/*"))
    assignments = {p.parent.name for p in (workdir / "source").glob("*/*.ipynb")}
    assert len(inbound) == len(SIMULATED_STUDENTS) * len(assignments)


def test_does_the_solution_score_the_maximum_in_every_pillar_and_a_blank_zero(demo):
    workdir, _, _ = demo
    tally = tally_json(workdir)
    assert tally["pillars"] == list(PILLAR_IDS)
    for pillar, score in tally["ada-full"]["pillars"].items():
        assert score["score"] == score["max_score"], pillar
    assert tally["ada-full"]["total"]["max_score"] > 0
    assert tally["ben-blank"]["total"]["score"] == 0


def test_do_partial_and_visible_only_answers_score_less_than_the_solution(demo):
    tally = tally_json(demo[0])
    full = tally["ada-full"]["total"]["score"]
    assert 0 < tally["cleo-partial"]["total"]["score"] < full
    assert tally["dev-visible-only"]["total"]["score"] < full


def test_are_the_per_pillar_scores_of_every_simulated_student_the_golden_ones(demo, golden):
    """Does each stage's demo class score exactly what tests/goldens/demo-tally.csv records?"""
    lines: list[str] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("sys.stdout.write", lines.append)
        assert main(["--course-dir", str(demo[0]), "tally", "--format", "csv"]) == 0
    golden("demo-tally.csv", "".join(lines))
