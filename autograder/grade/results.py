"""Typed results of a grading run, its ledger file and its printed summary."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

Status = Literal["graded", "needs-review", "ungradable"]


@dataclass(frozen=True)
class SubmissionResult:
    student: str
    status: Status
    score: float
    max_score: float
    reason: str = ""


@dataclass(frozen=True)
class GradeReport:
    assignment: str
    results: tuple[SubmissionResult, ...]

    def count(self, status: Status) -> int:
        return sum(r.status == status for r in self.results)

    def summary(self) -> str:
        width = max([len("student"), *(len(r.student) for r in self.results)])
        lines = [f"{self.assignment}: {len(self.results)} submission(s) — "
                 f"{self.count('graded')} graded, {self.count('needs-review')} need review, "
                 f"{self.count('ungradable')} ungradable",
                 f"  {'student':<{width}}  {'status':<12}  {'score':>11}  reason"]
        for r in self.results:
            score = f"{r.score:g} / {r.max_score:g}"
            lines.append(f"  {r.student:<{width}}  {r.status:<12}  {score:>11}  {r.reason}")
        return "\n".join(lines)

    def write_ledger(self, path: Path) -> None:
        """Record every submission's outcome; written to a temp file first, then renamed."""
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(
            {"assignment": self.assignment, "results": [asdict(r) for r in self.results]},
            indent=2) + "\n")
        os.replace(temporary, path)


def ledger_path(root: Path, assignment: str) -> Path:
    return root / "reports" / assignment / "grading.json"
