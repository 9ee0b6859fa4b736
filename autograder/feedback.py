"""`autograder feedback`: nbgrader's feedback, without hidden tests or their tracebacks."""

from __future__ import annotations

from pathlib import Path

from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import GetGrades
from traitlets.config import Config

from autograder.coursedir import require_assignment, working_directory
from autograder.nbgrader_api import check_step, course_api
from autograder.pillars import graded_cells
from autograder.preprocessors import HideHiddenTests, PillarSummary


def feedback_config(root: Path, assignment: str) -> Config:
    """nbgrader's feedback steps, with hidden tests removed first and the per-pillar summary
    added once GetGrades has put each cell's score on it."""
    config = Config()
    config.GenerateFeedback.preprocessors = [HideHiddenTests, GetGrades, PillarSummary,
                                             CSSHTMLHeaderPreprocessor]
    pillars: dict[str, dict[str, list[str]]] = {}
    for cell in graded_cells(root, assignment):
        pillars.setdefault(cell.notebook, {})[cell.grade_id] = list(cell.pillars)
    config.PillarSummary.pillars = pillars
    return config


def generate_feedback(root: Path, assignment: str) -> Path:
    """HTML feedback for every autograded submission; returns the feedback folder."""
    require_assignment(root, assignment)
    with working_directory(root):
        api = course_api(root, feedback_config(root, assignment))
        check_step(api.generate_feedback(assignment), f"generate_feedback {assignment}")
    return root / "feedback"
