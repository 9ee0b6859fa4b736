"""Grade what is in submitted/ with nbgrader's autograde, one student at a time."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

import nbformat
from nbgrader.api import MissingEntry
from nbgrader.apps import NbGraderAPI
from traitlets.config import Config

from autograder.coursedir import load_config, require_assignment, working_directory
from autograder.errors import GradebookError, MissingStudentError, SandboxUnavailableError
from autograder.grade.pipeline import autograde_config
from autograder.grade.results import GradeReport, Ledger, SubmissionResult, ledger_path
from autograder.integrity import verdicts
from autograder.integrity.scan import scan_notebook
from autograder.nbgrader_api import check_step, course_api, gradebook, last_error_line
from autograder.sandbox import sandbox_status

SCRATCH_RELEASE = ".scratch/release"  # where grading regenerates a student version, if it must


def grade_assignment(root: Path, assignment: str, students: Iterable[str] | None = None,
                     *, force: bool = False) -> GradeReport:
    """Autograde every submission of `assignment` (or only `students`); record each outcome.

    A submission nbgrader cannot grade (a corrupt notebook, a kernel that dies) is recorded
    as ungradable with the reason; one that tampers with grading is held for review with 0.
    Submissions already graded from the same files are kept unless `force`.
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
    sandbox = describe_sandbox(root)
    try:
        ledger = Ledger(ledger_path(root, assignment))
    except (OSError, ValueError, TypeError) as error:
        raise GradebookError(f"cannot read the grading ledger: {error}") from error
    results, skipped = [], []
    with working_directory(root):
        api = course_api(root, autograde_config())
        ensure_in_gradebook(root, api, assignment)
        for student in submitted:
            folder = root / "submitted" / student / assignment
            fingerprint = fingerprint_of(folder)
            previous = ledger.results.get(student)
            if not force and previous is not None and previous.fingerprint == fingerprint:
                skipped.append(student)
                results.append(previous)
                continue
            result = grade_one(api, assignment, student, folder, fingerprint,
                               sandbox.startswith("bubblewrap"))
            try:
                ledger.record(assignment, result)
            except OSError as error:
                raise GradebookError(f"could not record {student}'s grade: {error}") from error
            results.append(result)
    return GradeReport(assignment, tuple(results), sandbox, tuple(skipped))


def describe_sandbox(root: Path) -> str:
    mode = load_config(root).SandboxedKernelManager.get("sandbox", "auto")
    status = sandbox_status()
    if mode == "off":
        return "UNSANDBOXED: the sandbox is off in nbgrader_config.py (resource limits only)"
    if not status.sandboxed:
        if mode == "require":
            raise SandboxUnavailableError(f"the sandbox is required and {status.reason}")
        return f"UNSANDBOXED: {status.reason} (resource limits only)"
    return "bubblewrap sandbox (no network, no view of the course, a non-root uid, limits)"


def submitted_students(root: Path, assignment: str) -> list[str]:
    folder = root / "submitted"
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if (p / assignment).is_dir())


def fingerprint_of(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


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


def grade_one(api: NbGraderAPI, assignment: str, student: str, folder: Path,
              fingerprint: str, sandboxed: bool) -> SubmissionResult:
    def result(status, score, max_score, reason=""):
        return SubmissionResult(student, status, score, max_score, reason, fingerprint,
                                sandboxed)

    notebooks, broken = read_notebooks(folder)
    if broken:
        return result("ungradable", 0.0, record_student(api, assignment, student),
                      "; ".join(broken))
    findings = [f for name, nb in notebooks.items() for f in scan_notebook(name, nb)]
    verdicts.take(assignment, student)  # forget anything left by an interrupted run
    outcome = api.autograde(assignment, student)
    canaries = verdicts.take(assignment, student)
    if not outcome.get("success"):
        return result("ungradable", 0.0, record_student(api, assignment, student),
                      last_error_line(outcome))
    tampering = [*map(str, findings),
                 *(f"{name}: {problem}" for name, v in canaries.items() for problem in v.problems)]
    book = gradebook(api)
    try:
        submission = book.find_submission(assignment, student)
        if tampering:
            hold_for_review(book, submission)
        score, max_score = float(submission.score), float(submission.max_score)
        review = bool(submission.needs_manual_grade)
    finally:
        book.close()
    if tampering:
        return result("needs-review", 0.0, max_score,
                      "tampering suspected, scored 0 until reviewed: " + "; ".join(tampering))
    if review:
        return result("needs-review", score, max_score,
                      "some cells need a manual grade in formgrader")
    return result("graded", score, max_score)


def read_notebooks(folder: Path) -> tuple[dict[str, nbformat.NotebookNode], list[str]]:
    notebooks, problems = {}, []
    for path in sorted(folder.glob("*.ipynb")):
        try:
            notebook = nbformat.read(path, as_version=4)
            nbformat.validate(notebook)
            notebooks[path.stem] = notebook
        except Exception as error:
            problems.append(f"{path.name} is not a valid notebook ({type(error).__name__})")
    return notebooks, problems


def hold_for_review(book, submission) -> None:
    """Score 0 and flag every graded cell for a manual grade, so formgrader lists it."""
    for notebook in submission.notebooks:
        for grade in notebook.grades:
            grade.auto_score = 0.0
            grade.needs_manual_grade = True
    book.db.commit()


def record_student(api: NbGraderAPI, assignment: str, student: str) -> float:
    """Keep the student in the gradebook (so tallies show a 0); returns the maximum score."""
    book = gradebook(api)
    try:
        book.update_or_create_student(student)
        return float(book.find_assignment(assignment).max_score)
    except Exception as error:
        raise GradebookError(f"could not record {student}'s ungradable submission: {error}") \
            from error
    finally:
        book.close()



