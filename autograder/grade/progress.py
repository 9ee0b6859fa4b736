"""Progress of a grading run: a bar on a terminal, one plain line per submission elsewhere."""

from __future__ import annotations

import os
import sys
from typing import Protocol, TextIO

from autograder.grade.results import SubmissionResult


class Progress(Protocol):
    def started(self, total: int) -> None: ...
    def advanced(self, result: SubmissionResult) -> None: ...
    def finished(self) -> None: ...


class PlainLines:
    """One line per submission, for CI logs and files."""

    def __init__(self, stream: TextIO) -> None:
        self.stream, self.total, self.done = stream, 0, 0

    def started(self, total: int) -> None:
        self.total, self.done = total, 0

    def advanced(self, result: SubmissionResult) -> None:
        self.done += 1
        print(f"  [{self.done}/{self.total}] {result.student}: {result.status} "
              f"{result.score:g}/{result.max_score:g}", file=self.stream, flush=True)

    def finished(self) -> None:
        pass


class Bar:
    """A tqdm bar counting submissions, with failures (ungradable, held for review) counted."""

    def __init__(self, stream: TextIO) -> None:
        self.stream, self.bar, self.failures = stream, None, 0

    def started(self, total: int) -> None:
        from tqdm import tqdm

        self.bar = tqdm(total=total, unit="submission", file=self.stream, dynamic_ncols=True,
                        desc="grading")
        self.failures = 0

    def advanced(self, result: SubmissionResult) -> None:
        if result.status != "graded":
            self.failures += 1
        if self.bar is not None:
            self.bar.set_postfix_str(f"{result.student}: {result.status}, "
                                     f"failures {self.failures}", refresh=False)
            self.bar.update(1)

    def finished(self) -> None:
        if self.bar is not None:
            self.bar.close()


def progress_for(stream: TextIO = sys.stderr) -> Progress:
    """A bar when a person watches a terminal; plain lines in CI or when output is redirected."""
    if stream.isatty() and not os.environ.get("CI") and os.environ.get("TERM") != "dumb":
        return Bar(stream)
    return PlainLines(sys.stdout if stream is sys.stderr else stream)
