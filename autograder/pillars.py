"""Which pillars each graded cell belongs to, read from the `pillar:<id>` tags in source/.

The gradebook stores no cell tags, and a student's copy can be edited, so the instructor's
source notebooks are the only authority.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import nbformat

from autograder.coursedir import source_notebooks
from autograder.errors import SourceNotebookError
from course.curriculum import PILLAR_IDS

TAG_PREFIX = "pillar:"


@dataclass(frozen=True)
class GradedCell:
    assignment: str
    notebook: str
    grade_id: str
    points: float
    pillars: tuple[str, ...]


def graded_cells(root: Path, assignment: str) -> list[GradedCell]:
    """Every graded cell of `assignment`, in notebook order, with its pillars."""
    cells: list[GradedCell] = []
    for path in source_notebooks(root, assignment):
        try:
            notebook = nbformat.read(path, as_version=4)
        except Exception as error:
            raise SourceNotebookError(f"cannot read {path}: {error}") from error
        for cell in notebook.cells:
            meta = cell.get("metadata", {}).get("nbgrader", {})
            if not meta.get("grade"):
                continue
            pillars = pillars_of(cell.get("metadata", {}).get("tags", []))
            where = f"{path.relative_to(root)} cell {meta.get('grade_id')!r}"
            if not pillars:
                raise SourceNotebookError(f"{where} is graded but has no 'pillar:<id>' tag")
            unknown = [p for p in pillars if p not in PILLAR_IDS]
            if unknown:
                raise SourceNotebookError(
                    f"{where} has unknown pillar(s) {unknown}; pillars: {', '.join(PILLAR_IDS)}")
            cells.append(GradedCell(assignment, path.stem, meta["grade_id"],
                                    float(meta.get("points", 0)), pillars))
    return cells


def pillars_of(tags: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(t[len(TAG_PREFIX):] for t in tags if t.startswith(TAG_PREFIX)))
