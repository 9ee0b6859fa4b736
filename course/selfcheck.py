"""A student's self-check: run notebooks with nbval and report each exercise's visible tests."""

from __future__ import annotations

import contextlib
import io
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pytest

from course.curriculum import PILLAR_IDS
from course.hints import exercise_key

ANSI = re.compile(r"\x1b\[[0-9;]*m")
PART = re.compile(r"Part (\d+)")


@dataclass(frozen=True)
class Exercise:
    notebook: str
    grade_id: str
    part: str
    points: float
    pillars: tuple[str, ...]
    passed: bool
    problem: str = ""

    @property
    def hint_call(self) -> str:
        """What to type in the notebook for this exercise's next hint, e.g. 'hint("part2")'."""
        return f'hint("{exercise_key(self.grade_id)}")'


@dataclass
class CheckResult:
    exercises: list[Exercise] = field(default_factory=list)
    other_failures: list[str] = field(default_factory=list)  # setup or helper cells

    @property
    def ok(self) -> bool:
        return bool(self.exercises) and all(e.passed for e in self.exercises) \
            and not self.other_failures

    def progress(self) -> dict[str, tuple[float, float]]:
        """Points whose visible tests pass, and points in all, per pillar (curriculum order)."""
        totals = {p: (0.0, 0.0) for p in PILLAR_IDS}
        for exercise in self.exercises:
            for pillar in exercise.pillars:
                done, possible = totals.get(pillar, (0.0, 0.0))
                totals[pillar] = (done + exercise.points * exercise.passed,
                                  possible + exercise.points)
        return totals

    def next_exercise(self) -> Exercise | None:
        return next((e for e in self.exercises if not e.passed), None)

    def to_dict(self) -> dict[str, Any]:
        """The result as JSON-ready data: what `python -m course check --json` prints."""
        upcoming = self.next_exercise()
        return {"ok": self.ok, "exercises": [asdict(e) for e in self.exercises],
                "other_failures": list(self.other_failures),
                "progress": {p: list(v) for p, v in self.progress().items()},
                "next": asdict(upcoming) if upcoming else None}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CheckResult:
        exercises = [Exercise(**{**e, "pillars": tuple(e["pillars"])})
                     for e in data.get("exercises", [])]
        return cls(exercises, list(data.get("other_failures", [])))

    def report(self) -> str:
        lines = []
        for notebook in dict.fromkeys(e.notebook for e in self.exercises):
            lines.append(notebook)
            for e in (e for e in self.exercises if e.notebook == notebook):
                mark = "pass" if e.passed else "FAIL"
                detail = f" — {e.problem}" if e.problem else ""
                lines.append(f"  [{mark}] {e.part:<8} {e.points:g} pts  "
                             f"{', '.join(e.pillars)}{detail}")
        lines.extend(f"  [FAIL] {failure}" for failure in self.other_failures)
        progress = " · ".join(f"{p} {d:g}/{t:g}" for p, (d, t) in self.progress().items())
        lines.append(f"Visible tests passing, by pillar: {progress}")
        upcoming = self.next_exercise()
        if not self.exercises:
            lines.append("No graded exercises found: is this a course notebook?")
        elif upcoming is None and not self.other_failures:
            lines.append("All visible tests pass. Hidden tests run when your work is graded.")
        elif upcoming is not None:
            lines.append(f"Next: {upcoming.part} of {upcoming.notebook} ({upcoming.grade_id}); "
                         f"stuck? run {upcoming.hint_call} in the notebook")
        return "\n".join(lines)


class _Collector:
    """A pytest plugin that turns nbval's per-cell results into exercises."""

    def __init__(self) -> None:
        self.result = CheckResult()

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item: Any, call: pytest.CallInfo) -> Any:
        outcome = yield
        report = outcome.get_result()
        if report.when != "call" or not hasattr(item, "cell"):
            return
        meta = item.cell.get("metadata", {})
        problem = _problem(call.excinfo) if report.failed else ""
        notebook = Path(str(item.fspath)).stem
        grading = meta.get("nbgrader", {})
        if grading.get("grade") and item.cell.get("cell_type") == "code":
            first_line = item.cell.source.strip().splitlines()[0] if item.cell.source else ""
            part = PART.search(first_line)
            self.result.exercises.append(Exercise(
                notebook, grading.get("grade_id", "?"),
                f"Part {part[1]}" if part else grading.get("grade_id", "?"),
                float(grading.get("points", 0)),
                tuple(t.removeprefix("pillar:") for t in meta.get("tags", [])
                      if t.startswith("pillar:")),
                not report.failed, problem))
        elif report.failed:
            self.result.other_failures.append(
                f"{notebook} cell {grading.get('grade_id', item.name)}: {problem}")


def _problem(excinfo: pytest.ExceptionInfo | None) -> str:
    if excinfo is None:
        return ""
    text = ANSI.sub("", str(getattr(excinfo.value, "inner_traceback", "") or excinfo.value))
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    last = lines[-1] if lines else excinfo.typename
    if last.startswith("NotImplementedError"):
        return "not solved yet (replace `raise NotImplementedError()` with your code)"
    return last[:200]


def check(notebooks: list[Path], cell_timeout: int = 120) -> CheckResult:
    """Run each notebook top to bottom in a fresh kernel (nbval, lax) and collect results."""
    missing = [str(p) for p in notebooks if not p.is_file()]
    if missing:
        raise FileNotFoundError(f"no such notebook: {', '.join(missing)}")
    collector = _Collector()
    # The project's own pytest options (addopts) are for its test suite, not for a student's run.
    # pytest's own report goes to a buffer: the student reads ours.
    with contextlib.redirect_stdout(io.StringIO()) as pytest_output:
        status = pytest.main(["--nbval-lax", f"--nbval-cell-timeout={cell_timeout}",
                              "-o", "addopts=", "-p", "no:cacheprovider",
                              *map(str, notebooks)], plugins=[collector])
    if status in (pytest.ExitCode.INTERNAL_ERROR, pytest.ExitCode.USAGE_ERROR):
        raise RuntimeError(f"pytest could not run the notebooks (exit status {int(status)}):\n"
                           f"{pytest_output.getvalue()[-2000:]}")
    return collector.result
