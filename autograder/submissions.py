"""Build submissions from answers: the solution, fixtures, or a mix, written into a notebook.

A fixture file holds the code a (simulated) student wrote, one section per solution cell:

    # targets: part2-tests          <- the test cell this fixture is meant to fail (optional)
    # Why: caches without a TTL.    <- free comments, kept for people
    # %% part2-get-product          <- the grade_id of the solution cell it replaces
    def get_product(...): ...
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

SOLUTION_MARKERS = re.compile(r"^\s*### (BEGIN|END) SOLUTION\s*$")
SECTION = re.compile(r"^# %% (?P<grade_id>[\w.-]+)\s*$")
TARGETS = re.compile(r"^# targets: (?P<grade_id>[\w.-]+)\s*$")


@dataclass(frozen=True)
class Fixture:
    name: str
    answers: dict[str, str]
    targets: str | None = None  # the test cell's grade_id that this answer must fail
    notes: list[str] = field(default_factory=list)


def solution_cells(notebook: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [c for c in notebook.cells
            if c.cell_type == "code" and c.get("metadata", {}).get("nbgrader", {}).get("solution")]


def solution_answers(source: nbformat.NotebookNode) -> dict[str, str]:
    """What a student who wrote the instructor's solution has in each solution cell."""
    return {
        cell.metadata["nbgrader"]["grade_id"]: "\n".join(
            line for line in cell.source.splitlines() if not SOLUTION_MARKERS.match(line))
        for cell in solution_cells(source)
    }


def load_fixture(path: Path) -> Fixture:
    answers: dict[str, str] = {}
    targets, notes, current = None, [], None
    for line in path.read_text().splitlines():
        if match := SECTION.match(line):
            current = match["grade_id"]
            answers[current] = ""
        elif current is not None:
            answers[current] += line + "\n"
        elif match := TARGETS.match(line):
            targets = match["grade_id"]
        else:
            notes.append(line.lstrip("# "))
    if not answers:
        raise ValueError(f"{path}: no '# %% <grade_id>' section")
    return Fixture(path.stem, {k: v.strip("\n") for k, v in answers.items()}, targets, notes)


def fill(release: nbformat.NotebookNode, answers: dict[str, str]) -> nbformat.NotebookNode:
    """A copy of the student's `release` notebook with `answers` written into solution cells."""
    filled = nbformat.from_dict(release)
    by_id = {c.metadata["nbgrader"]["grade_id"]: c for c in solution_cells(filled)}
    unknown = sorted(set(answers) - set(by_id))
    if unknown:
        raise ValueError(f"answers for cells the notebook does not have: {unknown}")
    for grade_id, code in answers.items():
        by_id[grade_id].source = code
    return filled
