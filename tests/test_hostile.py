"""Hostile and broken submissions, graded in the sandbox beside an honest solution."""

from __future__ import annotations

import json
import re
import shutil

import nbformat
import pytest
from hostile_corpus import ASSIGNMENT, NOTEBOOK, SOURCE, corpus, honest

from autograder.cli import default_jobs
from autograder.coursedir import CONFIG_FILE, working_directory
from autograder.feedback import generate_feedback
from autograder.grade import grade_assignment
from autograder.nbgrader_api import check_step, course_api
from autograder.sandbox import sandbox_status
from autograder.submissions import fill
from classroom import ROOT, cell_scores
from conftest import skip_or_fail

pytestmark = pytest.mark.slow
CORPUS = corpus()
HONEST = "honest-solution"


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    if not sandbox_status().sandboxed:
        skip_or_fail(f"no sandbox here: {sandbox_status().reason}")
    scratch = tmp_path_factory.mktemp("hostile")
    shutil.copy2(ROOT / CONFIG_FILE, scratch / CONFIG_FILE)
    (scratch / "source" / ASSIGNMENT).mkdir(parents=True)
    shutil.copy2(ROOT / "source" / "header.ipynb", scratch / "source" / "header.ipynb")
    shutil.copy2(SOURCE, scratch / "source" / ASSIGNMENT / SOURCE.name)
    with (scratch / CONFIG_FILE).open("a") as config:  # a short timeout keeps the run short
        config.write("\nc.Execute.timeout = 10\nc.SandboxedKernelManager.sandbox = 'require'\n")
    with working_directory(scratch):
        check_step(course_api(scratch).generate_assignment(ASSIGNMENT), "generate")
    release = nbformat.read(scratch / "release" / ASSIGNMENT / SOURCE.name, as_version=4)
    for name, built in [(HONEST, fill(release, honest())),
                        *((h.name, h.build(nbformat.from_dict(release))) for h in CORPUS)]:
        folder = scratch / "submitted" / name / ASSIGNMENT
        folder.mkdir(parents=True)
        text = built if isinstance(built, str) else nbformat.writes(built)
        (folder / SOURCE.name).write_text(text)
    report = grade_assignment(scratch, ASSIGNMENT, jobs=default_jobs())
    print("\n" + report.summary())
    generate_feedback(scratch, ASSIGNMENT)
    return scratch, {r.student: r for r in report.results}, report


def test_the_honest_solution_earns_full_marks_in_the_sandbox(graded):
    _, results, report = graded
    assert report.sandbox.startswith("bubblewrap")
    assert results[HONEST].status == "graded"
    assert results[HONEST].score == results[HONEST].max_score == 15


def test_every_submission_is_accounted_for_and_the_run_finishes(graded):
    scratch, results, _ = graded
    assert set(results) == {p.name for p in (scratch / "submitted").iterdir()}
    assert len(CORPUS) >= 15


@pytest.mark.parametrize("hostile", CORPUS, ids=lambda h: h.name)
def test_no_hostile_submission_earns_more_than_its_honest_answers(graded, hostile):
    result = graded[1][hostile.name]
    assert result.score <= hostile.earns_at_most, result
    if hostile.expect:
        assert result.status == hostile.expect, result


@pytest.mark.parametrize("hostile", [h for h in CORPUS if h.expect == "needs-review"],
                         ids=lambda h: h.name)
def test_tampering_is_held_for_manual_grading_with_zero_and_a_reason(graded, hostile):
    scratch, results, _ = graded
    assert results[hostile.name].reason.startswith("tampering suspected")
    scores = cell_scores(scratch, ASSIGNMENT)[hostile.name]
    assert set(scores.values()) == {0.0}


def test_resource_bombs_cost_only_the_part_they_sit_in(graded):
    scratch, _, _ = graded
    scores = cell_scores(scratch, ASSIGNMENT)
    for name in ("memory-bomb", "huge-file"):
        assert scores[name][(NOTEBOOK, "part3-tests")] == 0.0, name
        assert scores[name][(NOTEBOOK, "part6-tests")] == 3.0, name
    # the bomb's children hold the slot's process limit, so later threads fail too
    assert scores["fork-bomb"][(NOTEBOOK, "part3-tests")] == 0.0
    for name in ("swallow-interrupt", "os-exit"):
        assert scores[name][(NOTEBOOK, "part3-tests")] == 2.0, name
        assert scores[name][(NOTEBOOK, "part5-tests")] == 0.0, name


def test_a_flood_of_output_is_cut_to_a_bounded_copy(graded):
    scratch, results, _ = graded
    graded_copy = scratch / "autograded" / "output-flood" / ASSIGNMENT / SOURCE.name
    assert graded_copy.stat().st_size < 5_000_000
    assert "[output truncated" in graded_copy.read_text()
    assert results["output-flood"].score == 15


def test_nothing_outside_the_sandbox_was_seen_or_changed(graded):
    scratch, _, _ = graded
    for name in ("read-hidden-tests", "write-gradebook", "network-exfiltrate"):
        own = scratch / "autograded" / name / ASSIGNMENT
        printed = "".join(o.get("text", "") for c in nbformat.read(own / SOURCE.name, 4).cells
                          if c.cell_type == "code" for o in c.outputs)
        found = [line for line in printed.splitlines() if line.startswith("FOUND")]
        # its own copy (in the worker's scratch course), nothing else
        assert all(f"/autograded/{name}/{ASSIGNMENT}/" in line for line in found), found
        assert "WROTE" not in printed and "CONNECTED" not in printed, name
    with working_directory(scratch):
        book = course_api(scratch).gradebook
        try:
            assert all(g.manual_score is None for s in book.find_assignment(ASSIGNMENT)
                       .submissions for n in s.notebooks for g in n.grades)
        finally:
            book.close()


def test_feedback_never_shows_hidden_test_source(graded):
    scratch, _, _ = graded
    source = nbformat.read(SOURCE, as_version=4)
    hidden = {line.strip() for c in source.cells for block in
              re.findall(r"### BEGIN HIDDEN TESTS(.*?)### END HIDDEN TESTS", c.source, re.S)
              for line in block.splitlines() if len(line.strip()) > 25}
    pages = list((scratch / "feedback").glob(f"*/{ASSIGNMENT}/*.html"))
    assert len(pages) >= 10
    for page in pages:
        text = page.read_text()
        leaked = [line for line in hidden if line in text]
        assert leaked == [], page


def test_a_second_run_grades_nothing_twice(graded):
    scratch, results, _ = graded
    again = grade_assignment(scratch, ASSIGNMENT)
    assert set(again.skipped) == set(results)
    ledger = json.loads((scratch / "reports" / ASSIGNMENT / "grading.json").read_text())
    assert {r["student"] for r in ledger["results"]} == set(results)


def test_a_run_killed_half_way_grades_only_what_is_missing(graded):
    scratch, results, _ = graded
    ledger_file = scratch / "reports" / ASSIGNMENT / "grading.json"
    ledger = json.loads(ledger_file.read_text())
    ledger["results"] = [r for r in ledger["results"] if r["student"] != HONEST]
    ledger_file.write_text(json.dumps(ledger))  # as if the run died before recording it
    again = grade_assignment(scratch, ASSIGNMENT)
    assert set(again.skipped) == set(results) - {HONEST}
    honest = next(r for r in again.results if r.student == HONEST)
    assert (honest.status, honest.score) == ("graded", 15.0)
