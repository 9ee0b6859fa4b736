"""Grade what is in submitted/ with nbgrader's autograde, one student at a time."""

from __future__ import annotations

import hashlib
import multiprocessing
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from functools import partial
from pathlib import Path

import nbformat
from nbgrader.api import MissingEntry
from nbgrader.apps import NbGraderAPI
from traitlets.config import Config

from autograder.coursedir import load_config, require_assignment, working_directory
from autograder.errors import GradebookError, MissingStudentError, SandboxUnavailableError
from autograder.grade.merge import merge
from autograder.grade.results import GradeReport, Ledger, SubmissionResult, ledger_path
from autograder.grade.worker import WorkerResult, grade_submission
from autograder.integrity.scan import scan_notebook
from autograder.nbgrader_api import check_step, course_api, gradebook
from autograder.sandbox import sandbox_status

SCRATCH_RELEASE = ".scratch/release"  # where grading regenerates a student version, if it must


def grade_assignment(root: Path, assignment: str, students: Iterable[str] | None = None,
                     *, force: bool = False, jobs: int = 1,
                     progress: Callable[[str], None] | None = None) -> GradeReport:
    """Autograde every submission of `assignment` (or only `students`); record each outcome.

    Up to `jobs` submissions are graded at once, each in its own worker process with a fresh
    kernel; only this process writes the gradebook. A submission nbgrader cannot grade (a
    corrupt notebook, a kernel that dies at start) is recorded as ungradable with the reason;
    one that tampers with grading is held for review with 0. Submissions already graded from
    the same files are kept unless `force`.
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
    previous_results = dict(ledger.results)  # to say what a regrade changed
    results: dict[str, SubmissionResult] = {}
    skipped, todo = [], []
    for student in submitted:
        fingerprint = fingerprint_of(root / "submitted" / student / assignment)
        previous = ledger.results.get(student)
        if not force and previous is not None and previous.fingerprint == fingerprint:
            skipped.append(student)
            results[student] = previous
        else:
            todo.append((student, fingerprint))
    with working_directory(root):
        api = course_api(root)
        ensure_in_gradebook(root, api, assignment)
        coordinator = Coordinator(root, api, assignment, ledger, sandbox.startswith("bubblewrap"))
        for done, result in enumerate(coordinator.run(todo, jobs), start=1):
            results[result.student] = result
            if progress:
                progress(f"  [{done}/{len(todo)}] {result.student}: {result.status} "
                         f"{result.score:g}/{result.max_score:g}")
    ordered = tuple(results[s] for s in submitted)
    changes = tuple(
        (s, before.score, results[s].score) for s in submitted
        if (before := previous_results.get(s)) is not None and s not in skipped
        and (before.score, before.status) != (results[s].score, results[s].status))
    return GradeReport(assignment, ordered, sandbox, tuple(skipped), changes)


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


class Coordinator:
    """Hands submissions to workers and records each result, in this process only."""

    def __init__(self, root: Path, api: NbGraderAPI, assignment: str, ledger: Ledger,
                 sandboxed: bool) -> None:
        self.root, self.api, self.assignment = root, api, assignment
        self.ledger, self.sandboxed = ledger, sandboxed

    def run(self, todo: list[tuple[str, str]], jobs: int) -> Iterator[SubmissionResult]:
        with tempfile.TemporaryDirectory(prefix="ag-snapshot-") as scratch:
            snapshot = Path(scratch) / "gradebook.db"
            shutil.copy2(gradebook_file(self.api), snapshot)  # what every worker starts from
            ready, fingerprints, findings = [], {}, {}
            for student, fingerprint in todo:
                notebooks, broken = read_notebooks(
                    self.root / "submitted" / student / self.assignment)
                fingerprints[student] = fingerprint
                if broken:
                    yield self.finish(self.ungradable(student, fingerprint, "; ".join(broken)))
                    continue
                findings[student] = [str(f) for name, nb in notebooks.items()
                                     for f in scan_notebook(name, nb)]
                ready.append(student)
            for outcome in self.execute(ready, snapshot, jobs):
                yield self.finish(self.record(outcome, fingerprints[outcome.student],
                                              findings[outcome.student]))

    def execute(self, students: list[str], snapshot: Path, jobs: int) -> Iterator[WorkerResult]:
        if jobs <= 1 or len(students) <= 1:
            for student in students:
                yield grade_submission(self.root, self.assignment, student, snapshot)
            return
        context = multiprocessing.get_context("spawn")  # a clean interpreter per worker
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            futures = {pool.submit(grade_submission, self.root, self.assignment, s, snapshot): s
                       for s in students}
            for future in as_completed(futures):
                try:
                    yield future.result()
                except Exception as error:  # a worker that died is one ungradable submission
                    yield WorkerResult(futures[future], False, f"worker failed: {error}")

    def record(self, outcome: WorkerResult, fingerprint: str,
               findings: list[str]) -> SubmissionResult:
        if not outcome.success:
            return self.ungradable(outcome.student, fingerprint, outcome.error)
        tampering = [*findings, *outcome.canary_problems]
        book = gradebook(self.api)
        try:
            merge(book, self.assignment, outcome, hold=bool(tampering))
            submission = book.find_submission(self.assignment, outcome.student)
            score, max_score = float(submission.score), float(submission.max_score)
            review = bool(submission.needs_manual_grade)
        except Exception as error:
            raise GradebookError(f"could not record {outcome.student}'s grades: {error}") \
                from error
        finally:
            book.close()
        result = partial(SubmissionResult, outcome.student, fingerprint=fingerprint,
                         sandboxed=self.sandboxed)
        if tampering:
            return result("needs-review", 0.0, max_score,
                          "tampering suspected, scored 0 until reviewed: " + "; ".join(tampering))
        if review:
            return result("needs-review", score, max_score,
                          "some cells need a manual grade in formgrader")
        return result("graded", score, max_score)

    def ungradable(self, student: str, fingerprint: str, reason: str) -> SubmissionResult:
        max_score = record_student(self.api, self.assignment, student)
        return SubmissionResult(student, "ungradable", 0.0, max_score, reason, fingerprint,
                                self.sandboxed)

    def finish(self, result: SubmissionResult) -> SubmissionResult:
        try:
            self.ledger.record(self.assignment, result)
        except OSError as error:
            raise GradebookError(f"could not record {result.student}'s grade: {error}") \
                from error
        return result


def gradebook_file(api: NbGraderAPI) -> Path:
    url = api.coursedir.db_url
    if not url.startswith("sqlite:///"):
        raise GradebookError(f"grading needs a SQLite gradebook for now, not {url}")
    return Path(url.removeprefix("sqlite:///"))


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



