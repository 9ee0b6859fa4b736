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
    assert header.split() == ["student", *PILLAR_IDS, "late", "penalty", "total"]
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


def test_does_the_demo_end_by_writing_the_cohort_report_and_printing_its_path(demo):
    workdir, _, output = demo
    last = output.strip().splitlines()[-1]
    assert last == f"Cohort report (open it in a browser): {workdir / 'reports/cohort/report.html'}"
    html = (workdir / "reports" / "cohort" / "report.html").read_text()
    assert "Item analysis" in html and "ada-full" in html and html.count("<svg") == 3


def test_does_the_late_student_lose_points_and_the_extended_one_not(demo):
    tally = tally_json(demo[0])
    late = tally["cleo-partial"]
    assert all(p > 0 for p in late["late_penalty"].values())
    assert late["total_after_penalty"]["score"] < late["total"]["score"]
    assert not any(tally["dev-visible-only"]["late_penalty"].values())  # 40 h late, 48 h more
    assert not any(tally["ada-full"]["late_penalty"].values())


def test_does_feedback_open_with_the_pillar_scores_and_keep_hidden_tests_hidden(demo):
    """Does a student who fails hidden tests see each one's message and none of its code?"""
    workdir, _, _ = demo
    page = next((workdir / "feedback" / "dev-visible-only").glob("04-*/01-rate-limiting.html"))
    text = page.read_text()
    assert "Your score per pillar" in text and "high-concurrency" in text
    assert "CheckFailure: " in text  # the failed hidden test's message
    assert "hidden tests ran here" in text
    assert "other_worker" not in text and "BEGIN HIDDEN TESTS" not in text
