"""Typed results of a grading run, its ledger file and its printed summary."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields
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
    fingerprint: str = ""  # of the submitted files: the same files are never graded twice
    sandboxed: bool = False
    late_penalty: float = 0.0  # points nbgrader's late-submission plugin took off


@dataclass(frozen=True)
class GradeReport:
    assignment: str
    results: tuple[SubmissionResult, ...]
    sandbox: str  # how kernels ran: "bubblewrap ..." or "UNSANDBOXED: <why>"
    skipped: tuple[str, ...] = ()  # already graded from the same files by an earlier run
    changes: tuple[tuple[str, float, float], ...] = ()  # regraded: student, before, after

    def count(self, status: Status) -> int:
        return sum(r.status == status for r in self.results)

    def summary(self) -> str:
        width = max([len("student"), *(len(r.student) for r in self.results)])
        lines = [f"{self.assignment}: {len(self.results)} submission(s) — "
                 f"{self.count('graded')} graded, {self.count('needs-review')} need review, "
                 f"{self.count('ungradable')} ungradable",
                 f"kernels: {self.sandbox}"]
        if self.skipped:
            lines.append(f"already graded from the same files, kept: {', '.join(self.skipped)}")
        for student, before, after in self.changes:
            lines.append(f"changed by this run: {student} {before:g} -> {after:g}")
        lines.append(f"  {'student':<{width}}  {'status':<12}  {'score':>11}  reason")
        for r in self.results:
            score = f"{r.score:g} / {r.max_score:g}"
            if r.late_penalty:
                score += f" (late -{r.late_penalty:g})"
            lines.append(f"  {r.student:<{width}}  {r.status:<12}  {score:>11}  {r.reason}")
        return "\n".join(lines)


class Ledger:
    """reports/<assignment>/grading.json: every submission's latest outcome, rewritten
    atomically after each one, so a run killed half-way loses nothing it finished."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.results: dict[str, SubmissionResult] = {}
        if path.exists():
            known = {f.name for f in fields(SubmissionResult)}
            for entry in json.loads(path.read_text()).get("results", []):
                result = SubmissionResult(**{k: v for k, v in entry.items() if k in known})
                self.results[result.student] = result

    def record(self, assignment: str, result: SubmissionResult) -> None:
        self.results[result.student] = result
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps(
            {"assignment": assignment,
             "results": [asdict(r) for r in sorted(self.results.values(),
                                                   key=lambda r: r.student)]},
            indent=2) + "\n")
        os.replace(temporary, self.path)


def ledger_path(root: Path, assignment: str) -> Path:
    return root / "reports" / assignment / "grading.json"
