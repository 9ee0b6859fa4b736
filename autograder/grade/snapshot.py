"""The assignment's definition copied out of the course gradebook into a small SQLite file.

Workers grade against this copy, never against the course's gradebook: it may be SQLite on
the coordinator's disk or a PostgreSQL server they cannot reach, and it holds every other
student's grades, which a worker has no business carrying around.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from nbgrader.api import Gradebook

from autograder.errors import GradebookError


def assignment_snapshot(db_url: str, course_id: str, assignment: str) -> bytes:
    """A SQLite gradebook holding only `assignment` (due date, notebooks, cells), as bytes."""
    with tempfile.TemporaryDirectory(prefix="ag-snapshot-") as scratch:
        path = Path(scratch) / "gradebook.db"
        try:
            with Gradebook(db_url, course_id) as book, \
                    Gradebook(f"sqlite:///{path}", course_id) as copy:
                copy_assignment(book, copy, assignment)
        except Exception as error:
            raise GradebookError(f"cannot read {assignment} from the gradebook at "
                                 f"{db_url}: {type(error).__name__}: {error}") from error
        return path.read_bytes()


def copy_assignment(book: Gradebook, copy: Gradebook, assignment: str) -> None:
    original = book.find_assignment(assignment)
    copy.update_or_create_assignment(assignment, duedate=original.duedate)
    for notebook in original.notebooks:
        copy.update_or_create_notebook(notebook.name, assignment, kernelspec=notebook.kernelspec)
        for cell in notebook.grade_cells:
            copy.update_or_create_grade_cell(cell.name, notebook.name, assignment,
                                             max_score=cell.max_score, cell_type=cell.cell_type)
        for cell in notebook.solution_cells:
            copy.update_or_create_solution_cell(cell.name, notebook.name, assignment)
        for cell in notebook.task_cells:
            copy.update_or_create_task_cell(cell.name, notebook.name, assignment,
                                            max_score=cell.max_score, cell_type=cell.cell_type)
        for cell in notebook.source_cells:
            copy.update_or_create_source_cell(cell.name, notebook.name, assignment,
                                              cell_type=cell.cell_type, locked=cell.locked,
                                              source=cell.source, checksum=cell.checksum)
