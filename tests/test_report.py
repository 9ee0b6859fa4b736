"""The cohort report: right item analysis, flags on top, offline HTML, 1 000 students fast."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time

import numpy as np
import pytest

from autograder.pillars import GradedCell
from autograder.report import analyse, read_cohort, write_report
from classroom import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import report_bench
import tally_bench


def cells(*points: float, assignment: str = "a1") -> tuple[GradedCell, ...]:
    return tuple(GradedCell(assignment, "nb", f"c{i}", p, ("foundations",))
                 for i, p in enumerate(points))


def test_discrimination_is_the_point_biserial_of_passing_against_the_rest_of_the_assignment():
    scores = np.array([[2, 1, 0, 3], [2, 2, 1, 3], [0, 0, 0, 1], [2, 2, 2, 3], [0, 1, 0, 0.0]])
    stats = analyse(cells(2, 2, 2, 3), scores)
    passed = [1.0, 1.0, 0.0, 1.0, 0.0]
    rest = [1 + 0 + 3, 2 + 1 + 3, 0 + 0 + 1, 2 + 2 + 3, 1 + 0 + 0.0]
    assert stats[0].discrimination == pytest.approx(statistics.correlation(passed, rest))
    assert stats[0].pass_rate == pytest.approx(0.6)
    assert stats[0].mean_score == pytest.approx(1.2)
    assert stats[0].attempts == 5


def test_a_cell_everyone_passes_is_too_easy_and_has_no_discrimination():
    scores = np.array([[2, 1], [2, 0], [2, 2], [2, 1.0]])
    easy = analyse(cells(2, 2), scores)[0]
    assert easy.discrimination is None and easy.verdict == "too easy?"


def test_a_cell_the_weaker_students_pass_more_often_is_flagged_as_broken():
    strong = [[0, 3, 3, 3]] * 4
    weak = [[1, 0, 0, 1]] * 4
    item = analyse(cells(1, 3, 3, 3), np.array(strong + weak, dtype=float))[0]
    assert item.discrimination is not None and item.discrimination < 0
    assert item.verdict.startswith("broken")


def test_students_who_did_not_submit_an_assignment_do_not_count_in_its_items():
    scores = np.array([[1, np.nan], [0, np.nan], [1, 1.0]])
    first, second = analyse((*cells(1), *cells(1, assignment="a2")), scores)
    assert (first.attempts, second.attempts) == (3, 1)
    assert second.pass_rate == 1.0


@pytest.fixture(scope="module")
def big_class(tmp_path_factory):
    scratch = tmp_path_factory.mktemp("report") / "course"
    tally_bench.build(scratch, students=1_000, cells=50, score_of=report_bench.ability)
    return scratch


def test_a_report_on_1000_students_is_written_in_under_10_seconds(big_class):
    started = time.perf_counter()
    path = write_report(big_class)
    seconds = time.perf_counter() - started
    print(f"\nreport on 1 000 students x 50 cells: {seconds:.2f} s, {path.stat().st_size:,} bytes")
    assert seconds < 10
    html = path.read_text()
    assert html.count("<tr><td class=\"name\">s0") == 1_000
    for section in ("Look at these first", "per pillar", "Progress per stage", "Item analysis",
                    "pillar profile"):
        assert section in html
    assert html.count("<svg") == 3  # pillar histograms, stage bands, item map


def test_the_report_opens_offline(big_class):
    html = write_report(big_class).read_text()
    assert "<script" not in html and "<link" not in html
    assert "src=\"http" not in html and "url(http" not in html and "@import" not in html


def test_items_of_a_real_class_separate_strong_students_from_weak(big_class):
    items = analyse(read_cohort(big_class).cells, read_cohort(big_class).scores)
    assert all(i.discrimination is not None and i.discrimination > 0.2 for i in items)


def test_held_and_unsandboxed_submissions_are_listed_before_anything_else(big_class, tmp_path):
    ledger = big_class / "reports" / tally_bench.ASSIGNMENT / "grading.json"
    ledger.parent.mkdir(parents=True, exist_ok=True)
    ledger.write_text(json.dumps({"results": [
        {"student": "s00007", "status": "needs-review", "reason": "tampering suspected: canary",
         "sandboxed": True},
        {"student": "s00008", "status": "graded", "reason": "", "sandboxed": False},
        {"student": "s00009", "status": "graded", "reason": "", "sandboxed": True}]}))
    try:
        html = write_report(big_class, output=tmp_path).read_text()
    finally:
        ledger.unlink()
    top = html[: html.index("Where the cohort stands")]
    assert "s00007" in top and "tampering suspected: canary" in top
    assert "s00008" in top and "unsandboxed" in top and "s00009" not in top


def test_the_cli_writes_the_report_where_asked_and_names_an_unknown_assignment(big_class,
                                                                               tmp_path):
    run = [sys.executable, "-m", "autograder", "--course-dir", str(big_class), "report"]
    done = subprocess.run([*run, "--output", str(tmp_path)], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"report written to {tmp_path / 'report.html'}"
    bad = subprocess.run([*run, "no-such"], capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "UnknownAssignmentError" in bad.stderr
    assert "Traceback" not in bad.stderr
