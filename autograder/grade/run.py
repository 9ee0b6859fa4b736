"""Grade what is in submitted/ with nbgrader's autograde, one student at a time."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import nbformat
from nbgrader.api import MissingEntry
from nbgrader.apps import NbGraderAPI
from traitlets.config import Config

from autograder.coursedir import require_assignment, working_directory
from autograder.errors import GradebookError, MissingStudentError
from autograder.grade.results import GradeReport, SubmissionResult, ledger_path
from autograder.nbgrader_api import check_step, course_api, gradebook, last_error_line

SCRATCH_RELEASE = ".scratch/release"  # where grading regenerates a student version, if it must


def grade_assignment(root: Path, assignment: str,
                     students: Iterable[str] | None = None) -> GradeReport:
    """Autograde every submission of `assignment` (or only `students`); record each outcome.

    A submission nbgrader cannot grade (a corrupt notebook, a kernel that dies) is recorded
    as ungradable with the reason; only a failure to record anything raises.
    """
    require_assignment(root, assignment)
    submitted = submitted_students(root, assignment)
    if students is not None:
        wanted = list(dict.fromkeys(students))
        missing = [s for s in wanted if s not in submitted]
        if missing:
            raise MissingStudentError(
                f"no submission of {assignment} in submitted/ for: {', '.join(missing)} "
                f"(submitted: {', '.join(submitted) or 'nobody'})")
        submitted = wanted
    with working_directory(root):
        api = course_api(root)
        ensure_in_gradebook(root, api, assignment)
        results = tuple(grade_one(root, api, assignment, student) for student in submitted)
    report = GradeReport(assignment, results)
    try:
        report.write_ledger(ledger_path(root, assignment))
    except OSError as error:
        raise GradebookError(f"could not record the grading run: {error}") from error
    return report


def submitted_students(root: Path, assignment: str) -> list[str]:
    folder = root / "submitted"
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if (p / assignment).is_dir())


def ensure_in_gradebook(root: Path, api: NbGraderAPI, assignment: str) -> None:
    """nbgrader grades only assignments in its gradebook; add one from source/ if absent."""
    book = gradebook(api)
    try:
        known = {nb.name for nb in book.find_assignment(assignment).notebooks}
    except MissingEntry:
        known = set()
    finally:
        book.close()
    wanted = {p.stem for p in (root / "source" / assignment).glob("*.ipynb")}
    if wanted <= known:
        return
    overrides = Config()
    overrides.CourseDirectory.release_directory = SCRATCH_RELEASE  # never touch release/
    check_step(course_api(root, overrides).generate_assignment(assignment),
               f"adding {assignment} to the gradebook")


def grade_one(root: Path, api: NbGraderAPI, assignment: str, student: str) -> SubmissionResult:
    broken = unreadable_notebooks(root / "submitted" / student / assignment)
    if broken:
        return record_ungradable(api, assignment, student, "; ".join(broken))
    result = api.autograde(assignment, student)
    if not result.get("success"):
        return record_ungradable(api, assignment, student, last_error_line(result))
    book = gradebook(api)
    try:
        submission = book.find_submission(assignment, student)
        score, max_score = float(submission.score), float(submission.max_score)
        review = bool(submission.needs_manual_grade)
    finally:
        book.close()
    if review:
        return SubmissionResult(student, "needs-review", score, max_score,
                                "some cells need a manual grade in formgrader")
    return SubmissionResult(student, "graded", score, max_score)


def unreadable_notebooks(folder: Path) -> list[str]:
    problems = []
    for path in sorted(folder.glob("*.ipynb")):
        try:
            nbformat.validate(nbformat.read(path, as_version=4))
        except Exception as error:
            problems.append(f"{path.name} is not a valid notebook ({type(error).__name__})")
    return problems


def record_ungradable(api: NbGraderAPI, assignment: str, student: str,
                      reason: str) -> SubmissionResult:
    """Keep the student in the gradebook (so tallies show a 0) and name the reason."""
    book = gradebook(api)
    try:
        book.update_or_create_student(student)
        max_score = float(book.find_assignment(assignment).max_score)
    except Exception as error:
        raise GradebookError(f"could not record {student}'s ungradable submission: {error}") \
            from error
    finally:
        book.close()
    return SubmissionResult(student, "ungradable", 0.0, max_score, reason)
