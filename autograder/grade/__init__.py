"""`autograder grade`: grade every submission of an assignment and account for each one."""

from autograder.grade.results import GradeReport, SubmissionResult
from autograder.grade.run import grade_assignment

__all__ = ["GradeReport", "SubmissionResult", "grade_assignment"]
