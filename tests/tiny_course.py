"""A tiny course with known pillars and points, for tally, pillar and CLI tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat

from autograder.coursedir import CONFIG_FILE, working_directory
from autograder.nbgrader_api import check_step, course_api

ROOT = Path(__file__).resolve().parent.parent
ASSIGNMENT = "01-tiny"
NOTEBOOK = "cells"
# grade_id -> (points, pillar tags)
CELLS = {
    "crud": (2, ["pillar:foundations"]),
    "cache": (3, ["pillar:foundations", "pillar:high-concurrency"]),
    "embed": (1, ["pillar:ai-integration"]),
}


def graded_cell(grade_id: str, points: int, tags: list[str]) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(f"assert True  # {grade_id}")
    cell.id = grade_id
    cell.metadata = {"tags": tags, "nbgrader": {
        "grade": True, "grade_id": grade_id, "locked": True, "points": points,
        "schema_version": 3, "solution": False, "task": False}}
    return cell


def write_notebook(path: Path, cells: dict[str, tuple[int, list[str]]]) -> None:
    notebook = nbformat.v4.new_notebook()
    notebook.metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                        "language": "python"}}
    notebook.cells = [graded_cell(g, p, t) for g, (p, t) in cells.items()]
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)


def make(root: Path, generate: bool = True) -> Path:
    """A course at `root`: our nbgrader_config.py and header, one assignment, one notebook."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / CONFIG_FILE, root / CONFIG_FILE)
    write_notebook(root / "source" / ASSIGNMENT / f"{NOTEBOOK}.ipynb", CELLS)
    shutil.copy2(ROOT / "source" / "header.ipynb", root / "source" / "header.ipynb")
    if generate:
        with working_directory(root):
            check_step(course_api(root).generate_assignment(ASSIGNMENT), "generate tiny")
    return root


def submit_release(root: Path, student: str) -> Path:
    """`student` hands in the generated release of the tiny notebook untouched."""
    folder = root / "submitted" / student / ASSIGNMENT
    folder.mkdir(parents=True)
    release = root / "release" / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
    (folder / release.name).write_text(release.read_text())
    return folder
