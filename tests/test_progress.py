"""Grading progress: plain lines for logs and CI, a bar that counts failures on a terminal."""

from __future__ import annotations

import io

from autograder.grade.progress import Bar, PlainLines, progress_for
from autograder.grade.results import SubmissionResult


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


RESULTS = [SubmissionResult("ada", "graded", 14.0, 14.0),
           SubmissionResult("ben", "ungradable", 0.0, 14.0, "not a notebook"),
           SubmissionResult("cleo", "needs-review", 0.0, 14.0, "tampering suspected")]


def run(progress) -> None:
    progress.started(len(RESULTS))
    for result in RESULTS:
        progress.advanced(result)
    progress.finished()


def test_redirected_output_gets_one_plain_line_per_submission():
    stream = io.StringIO()
    progress = progress_for(stream)
    assert isinstance(progress, PlainLines)
    run(progress)
    assert stream.getvalue().splitlines() == [
        "  [1/3] ada: graded 14/14", "  [2/3] ben: ungradable 0/14",
        "  [3/3] cleo: needs-review 0/14"]


def test_a_terminal_gets_a_bar_unless_ci_is_set(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert isinstance(progress_for(Terminal()), Bar)
    monkeypatch.setenv("CI", "true")
    assert isinstance(progress_for(Terminal()), PlainLines)


def test_the_bar_counts_every_submission_and_each_failure():
    stream = Terminal()
    bar = Bar(stream)
    run(bar)
    assert bar.failures == 2
    final = stream.getvalue().rsplit("\r", 1)[-1]
    assert "3/3" in final and "failures 2" in final
