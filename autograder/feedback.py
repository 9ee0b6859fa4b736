"""`autograder feedback`: nbgrader's feedback, without hidden tests or their tracebacks."""

from __future__ import annotations

from pathlib import Path

from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import GetGrades
from traitlets.config import Config

from autograder.coursedir import require_assignment, working_directory
from autograder.nbgrader_api import check_step, course_api
from autograder.preprocessors import HideHiddenTests


def feedback_config() -> Config:
    config = Config()
    config.GenerateFeedback.preprocessors = [HideHiddenTests, GetGrades,
                                             CSSHTMLHeaderPreprocessor]
    return config


def generate_feedback(root: Path, assignment: str) -> Path:
    """HTML feedback for every autograded submission; returns the feedback folder."""
    require_assignment(root, assignment)
    with working_directory(root):
        api = course_api(root, feedback_config())
        check_step(api.generate_feedback(assignment), f"generate_feedback {assignment}")
    return root / "feedback"
