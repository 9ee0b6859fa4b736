"""What the canary check found, per notebook, kept in the grader's memory (never on disk)."""

from __future__ import annotations

import threading
from dataclasses import dataclass

_LOCK = threading.Lock()
_VERDICTS: dict[tuple[str, str, str], Verdict] = {}


@dataclass(frozen=True)
class Verdict:
    problems: tuple[str, ...]
    canaries_checked: int


def record(assignment: str, student: str, notebook: str, problems: list[str],
           checked: int) -> None:
    with _LOCK:
        _VERDICTS[(assignment, student, notebook)] = Verdict(tuple(problems), checked)


def take(assignment: str, student: str) -> dict[str, Verdict]:
    """The verdicts of one submission, by notebook, removed from memory."""
    with _LOCK:
        keys = [k for k in _VERDICTS if k[:2] == (assignment, student)]
        return {k[2]: _VERDICTS.pop(k) for k in keys}
