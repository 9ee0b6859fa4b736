"""Grade one submission in a private scratch course; return its grades and graded files.

A worker gets everything as bytes — the course's nbgrader configuration, the assignment's
source folder, a gradebook holding only the assignment's definition, and the student's files —
so it runs the same in a local process or on a Dask worker on another machine, which shares
no disk with the coordinator. Only the coordinator writes the course's gradebook.
"""

from __future__ import annotations

import contextlib
import copy
import datetime
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from nbgrader.api import Gradebook
from traitlets.config import Config

from autograder.coursedir import working_directory
from autograder.errors import SandboxUnavailableError
from autograder.grade.pipeline import autograde_config
from autograder.integrity import verdicts
from autograder.nbgrader_api import api_from_config, last_error_line
from autograder.sandbox import SandboxedKernelManager, describe_sandbox, is_sandboxed
from autograder.sandbox.warm import warm_kernels

Files = tuple[tuple[str, bytes], ...]  # relative path, content

# nbgrader changes the process's working directory while it grades: one grading per process
# at a time, even on a Dask worker started with several threads.
_ONE_AT_A_TIME = threading.Lock()


@dataclass(frozen=True)
class AssignmentInputs:
    """What every submission of one assignment is graded with (sent to each worker once)."""

    assignment: str
    config: Config  # the course's nbgrader_config.py, as the coordinator loaded it
    source: Files  # source/<assignment>/
    gradebook: bytes  # a SQLite gradebook with the assignment's definition only


@dataclass(frozen=True)
class Submission:
    student: str
    files: Files  # submitted/<student>/<assignment>/
    extension_seconds: float = 0.0  # the student's extension of the due date, from the gradebook


@dataclass(frozen=True)
class CellGrade:
    notebook: str
    cell: str
    auto_score: float | None
    needs_manual_grade: bool


@dataclass(frozen=True)
class WorkerResult:
    student: str
    success: bool
    error: str = ""
    timestamp: str | None = None
    grades: tuple[CellGrade, ...] = ()
    comments: tuple[tuple[str, str, str | None], ...] = ()  # notebook, cell, auto comment
    penalties: tuple[tuple[str, float], ...] = ()  # notebook, late penalty
    canary_problems: tuple[str, ...] = field(default_factory=tuple)
    graded_files: Files = ()  # autograded/<student>/<assignment>/
    sandbox: str = ""  # how this worker ran kernels (see autograder.sandbox.describe_sandbox)


def read_files(folder: Path) -> Files:
    return tuple((str(p.relative_to(folder)), p.read_bytes())
                 for p in sorted(folder.rglob("*")) if p.is_file())


def write_files(folder: Path, files: Files) -> None:
    for name, content in files:
        path = folder / name
        if not path.resolve().is_relative_to(folder.resolve()):
            raise ValueError(f"refusing to write outside {folder}: {name}")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


def grade_submission(inputs: AssignmentInputs, submission: Submission) -> WorkerResult:
    """Autograde one submission with nbgrader and our pipeline in a throwaway course."""
    assignment, student = inputs.assignment, submission.student
    try:  # this machine's sandbox, which may differ from the coordinator's
        sandbox = describe_sandbox(inputs.config.SandboxedKernelManager.get("sandbox", "auto"))
    except SandboxUnavailableError as error:
        return WorkerResult(student, False, f"{type(error).__name__}: {error}")
    with _ONE_AT_A_TIME, tempfile.TemporaryDirectory(prefix="ag-job-") as scratch:
        course = Path(scratch)
        write_files(course / "source" / assignment, inputs.source)
        write_files(course / "submitted" / student / assignment, submission.files)
        book_path = course / "gradebook.db"
        book_path.write_bytes(inputs.gradebook)
        if submission.extension_seconds:
            record_extension(book_path, assignment, student, submission.extension_seconds)
        config = copy.deepcopy(inputs.config)
        config.merge(autograde_config())
        config.merge(Config({"CourseDirectory": {"root": str(course),
                                                 "db_url": f"sqlite:///{book_path}"}}))
        graded_root = course / "autograded" / student  # the sandbox of every kernel below
        with working_directory(course), pre_started(config, sandbox, graded_root):
            api = api_from_config(config)
            verdicts.take(assignment, student)  # nothing left over from an earlier attempt
            outcome = api.autograde(assignment, student)
            canaries = verdicts.take(assignment, student)
        if not outcome.get("success"):
            return WorkerResult(student, False, last_error_line(outcome), sandbox=sandbox)
        problems = tuple(f"{name}: {problem}" for name, verdict in canaries.items()
                         for problem in verdict.problems)
        graded = read_files(course / "autograded" / student / assignment)
        return read_back(book_path, assignment, student, problems, graded, sandbox)


def record_extension(book_path: Path, assignment: str, student: str, seconds: float) -> None:
    """nbgrader's autograde keeps a submission's extension when it records the timestamp, so
    AssignLatePenalties counts lateness from the extended due date, as on the coordinator."""
    with Gradebook(f"sqlite:///{book_path}") as book:
        book.update_or_create_student(student)
        book.update_or_create_submission(assignment, student,
                                         extension=datetime.timedelta(seconds=seconds))


def pre_started(config: Config, sandbox: str,
                root: Path) -> contextlib.AbstractContextManager[object]:
    """Kernels forked from one zygote per submission, when sandboxed and not switched off."""
    settings = SandboxedKernelManager(config=config)
    if not is_sandboxed(sandbox) or not settings.warm_start:
        return contextlib.nullcontext()
    return warm_kernels(root, list(settings.warm_imports))


def read_back(book_path: Path, assignment: str, student: str, problems: tuple[str, ...],
              graded_files: Files, sandbox: str) -> WorkerResult:
    with Gradebook(f"sqlite:///{book_path}") as book:
        submission = book.find_submission(assignment, student)
        grades, comments, penalties = [], [], []
        for notebook in submission.notebooks:
            penalties.append((notebook.name, float(notebook.late_submission_penalty or 0.0)))
            grades += [CellGrade(notebook.name, g.name, g.auto_score, bool(g.needs_manual_grade))
                       for g in notebook.grades]
            comments += [(notebook.name, c.name, c.auto_comment) for c in notebook.comments]
        timestamp = submission.timestamp.isoformat() if submission.timestamp else None
    return WorkerResult(student, True, "", timestamp, tuple(grades), tuple(comments),
                        tuple(penalties), problems, graded_files, sandbox)


def replace_folder(folder: Path, files: Files) -> None:
    """Put a worker's graded files where nbgrader's own autograde would have left them."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    write_files(folder, files)
