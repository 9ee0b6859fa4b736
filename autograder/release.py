"""`autograder release`: regenerate release/ from source/ for every assignment."""

from __future__ import annotations

from pathlib import Path

from autograder.coursedir import assignment_ids, require_assignment, working_directory
from autograder.nbgrader_api import check_step, course_api


def regenerate(root: Path, assignments: list[str] | None = None) -> list[str]:
    """Run nbgrader's generate_assignment for each assignment; returns the ones generated."""
    chosen = assignments or [a for a in assignment_ids(root)
                             if any((root / "source" / a).glob("*.ipynb"))]
    for assignment in chosen:
        require_assignment(root, assignment)
    with working_directory(root):
        api = course_api(root)
        for assignment in chosen:
            check_step(api.generate_assignment(assignment), f"generate_assignment {assignment}")
    return chosen
