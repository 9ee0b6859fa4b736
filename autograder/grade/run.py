"""Grade what is in submitted/ with nbgrader's autograde, one student at a time."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import nbformat
from nbgrader.api import MissingEntry
from nbgrader.apps import NbGraderAPI
from traitlets.config import Config

from autograder.coursedir import load_config, require_assignment, working_directory
from autograder.errors import GradebookError, MissingStudentError
from autograder.grade.executors import grade_in_processes, grade_on_dask
from autograder.grade.merge import merge
from autograder.grade.progress import Progress
from autograder.grade.results import GradeReport, Ledger, SubmissionResult, ledger_path
from autograder.grade.snapshot import assignment_snapshot
from autograder.grade.worker import (
    AssignmentInputs,
    Submission,
    WorkerResult,
    read_files,
    replace_folder,
)
from autograder.integrity.scan import scan_notebook
from autograder.nbgrader_api import check_step, course_api, gradebook
from autograder.sandbox import describe_sandbox, is_sandboxed
from autograder.sandbox.describe import SANDBOXED

SCRATCH_RELEASE = ".scratch/release"  # where grading regenerates a student version, if it must


@dataclass(frozen=True)
class Where:
    """Where submissions are graded: `jobs` local processes, or a Dask cluster's scheduler."""

    jobs: int = 1
    scheduler: str | None = None


def grade_assignment(root: Path, assignment: str, students: Iterable[str] | None = None,
                     *, force: bool = False, jobs: int = 1, scheduler: str | None = None,
                     progress: Progress | None = None) -> GradeReport:
    """Autograde every submission of `assignment` (or only `students`); record each outcome.

    Up to `jobs` submissions are graded at once, each in its own worker process with a fresh
    kernel (or, with `scheduler`, as tasks on that Dask cluster); only this process writes the
    gradebook. A submission nbgrader cannot grade (a
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
    mode = load_config(root).SandboxedKernelManager.get("sandbox", "auto")
    # kernels run here unless on a cluster: refuse early if "require" cannot be met here
    sandbox = f"on the Dask cluster at {scheduler}" if scheduler else describe_sandbox(mode)
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
        coordinator = Coordinator(root, api, assignment, ledger)
        if progress:
            progress.started(len(todo))
        try:
            for result in coordinator.run(todo, Where(jobs, scheduler)):
                results[result.student] = result
                if progress:
                    progress.advanced(result)
        finally:
            if progress:
                progress.finished()
    ordered = tuple(results[s] for s in submitted)
    changes = tuple(
        (s, before.score, results[s].score) for s in submitted
        if (before := previous_results.get(s)) is not None and s not in skipped
        and (before.score, before.status) != (results[s].score, results[s].status))
    unsandboxed = sorted({d for d in coordinator.sandboxes if not is_sandboxed(d)})
    if unsandboxed:  # a worker (here or on the cluster) ran kernels without the sandbox
        sandbox = "; ".join(unsandboxed)
    elif scheduler and coordinator.sandboxes:
        sandbox = f"{SANDBOXED}, on the Dask cluster at {scheduler}"
    return GradeReport(assignment, ordered, sandbox, tuple(skipped), changes)


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

    def __init__(self, root: Path, api: NbGraderAPI, assignment: str, ledger: Ledger) -> None:
        self.root, self.api, self.assignment, self.ledger = root, api, assignment, ledger
        self.sandboxes: set[str] = set()  # how the workers said they ran kernels

    def run(self, todo: list[tuple[str, str]], where: Where) -> Iterator[SubmissionResult]:
        ready, fingerprints, findings = [], {}, {}
        for student, fingerprint in todo:
            notebooks, broken = read_notebooks(self.root / "submitted" / student / self.assignment)
            fingerprints[student] = fingerprint
            if broken:
                yield self.finish(self.ungradable(student, fingerprint, "; ".join(broken)))
                continue
            findings[student] = [str(f) for name, nb in notebooks.items()
                                 for f in scan_notebook(name, nb)]
            ready.append(student)
        if not ready:
            return
        for outcome in self.execute(ready, where):
            yield self.finish(self.record(outcome, fingerprints[outcome.student],
                                          findings[outcome.student]))

    def execute(self, students: list[str], where: Where) -> Iterator[WorkerResult]:
        inputs = AssignmentInputs(
            self.assignment, load_config(self.root),
            read_files(self.root / "source" / self.assignment),
            assignment_snapshot(self.api.coursedir.db_url, self.api.coursedir.course_id,
                                self.assignment))
        extensions = self.extensions()
        submissions = [Submission(s, read_files(self.root / "submitted" / s / self.assignment),
                                  extensions.get(s, 0.0)) for s in students]
        if where.scheduler:
            return grade_on_dask(where.scheduler, inputs, submissions)
        return grade_in_processes(inputs, submissions, where.jobs)

    def extensions(self) -> dict[str, float]:
        """{student: seconds} of every extension the instructor granted for this assignment."""
        book = gradebook(self.api)
        try:
            return {s.student.id: s.extension.total_seconds()
                    for s in book.find_assignment(self.assignment).submissions if s.extension}
        finally:
            book.close()

    def record(self, outcome: WorkerResult, fingerprint: str,
               findings: list[str]) -> SubmissionResult:
        graded_folder = self.root / "autograded" / outcome.student / self.assignment
        if outcome.sandbox:
            self.sandboxes.add(outcome.sandbox)
        if not outcome.success:
            if graded_folder.exists():  # as nbgrader does: no graded copy of a failed run
                shutil.rmtree(graded_folder)
            return self.ungradable(outcome.student, fingerprint, outcome.error,
                                   is_sandboxed(outcome.sandbox))
        replace_folder(graded_folder, outcome.graded_files)
        tampering = [*findings, *outcome.canary_problems]
        book = gradebook(self.api)
        try:
            merge(book, self.assignment, outcome, hold=bool(tampering))
            submission = book.find_submission(self.assignment, outcome.student)
            score, max_score = float(submission.score), float(submission.max_score)
            late = 0.0 if tampering else float(submission.late_submission_penalty or 0.0)
            review = bool(submission.needs_manual_grade)
        except Exception as error:
            raise GradebookError(f"could not record {outcome.student}'s grades: {error}") \
                from error
        finally:
            book.close()
        result = partial(SubmissionResult, outcome.student, fingerprint=fingerprint,
                         sandboxed=is_sandboxed(outcome.sandbox), late_penalty=late)
        if tampering:
            return result("needs-review", 0.0, max_score,
                          "tampering suspected, scored 0 until reviewed: " + "; ".join(tampering))
        if review:
            return result("needs-review", score, max_score,
                          "some cells need a manual grade in formgrader")
        return result("graded", score, max_score)

    def ungradable(self, student: str, fingerprint: str, reason: str,
                   sandboxed: bool = False) -> SubmissionResult:
        max_score = record_student(self.api, self.assignment, student)
        return SubmissionResult(student, "ungradable", 0.0, max_score, reason, fingerprint,
                                sandboxed)

    def finish(self, result: SubmissionResult) -> SubmissionResult:
        try:
            self.ledger.record(self.assignment, result)
        except OSError as error:
            raise GradebookError(f"could not record {result.student}'s grade: {error}") \
                from error
        return result


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



