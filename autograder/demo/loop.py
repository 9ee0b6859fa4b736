"""Run the real nbgrader loop in a git-ignored scratch copy of the course."""

from __future__ import annotations

import datetime
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbgrader.apps import NbGraderAPI
from nbgrader.auth import Authenticator
from nbgrader.coursedir import CourseDirectory
from nbgrader.exchange.default import ExchangeFetchAssignment, ExchangeSubmit
from traitlets.config import Config

from autograder.coursedir import CONFIG_FILE, assignment_ids, load_config, working_directory
from autograder.demo.students import SIMULATED_STUDENTS, SimulatedStudent
from autograder.errors import NbgraderStepError
from autograder.feedback import generate_feedback
from autograder.grade import GradeReport, grade_assignment
from autograder.late import grant_extension
from autograder.nbgrader_api import check_step, course_api, gradebook
from autograder.report import write_report
from autograder.submissions import fill
from autograder.tally import Tally, tally

DEFAULT_WORKDIR = ".scratch/demo"


@dataclass(frozen=True)
class DemoResult:
    workdir: Path
    reports: tuple[GradeReport, ...]
    tally: Tally
    seconds: float
    report: Path  # the cohort report (HTML)

    def invariant_problems(self) -> list[str]:
        """What must hold of any course: full marks for the solution, zero for a blank."""
        by_id = {s.student: s for s in self.tally.students}
        full, blank = by_id["ada-full"], by_id["ben-blank"]
        visible = by_id["dev-visible-only"]
        problems = [f"the full solution scored {full.pillars[p]} in {p}"
                    for p in self.tally.pillars
                    if full.pillars[p].score != full.pillars[p].max_score]
        if blank.total.score != 0:
            problems.append(f"the blank release scored {blank.total}")
        if visible.total.score >= full.total.score and full.total.max_score > 0:
            problems.append(f"visible-only answers scored {visible.total}, as much as the solution")
        return problems


def run_demo(root: Path, workdir: Path | None = None,
             log: Callable[[str], None] | None = None, jobs: int = 1) -> DemoResult:
    """Copy the course to `workdir`, then generate, release, fetch, submit, collect, grade,
    give feedback and tally, as an instructor and four simulated students would."""
    log = log or print
    started = time.perf_counter()
    scratch = (workdir or root / DEFAULT_WORKDIR).resolve()
    assignments = [a for a in assignment_ids(root) if any((root / "source" / a).glob("*.ipynb"))]
    copy_course(root, scratch)
    overrides = Config()
    overrides.Exchange.root = str(scratch / ".nbgrader" / "exchange")
    overrides.Exchange.cache = str(scratch / ".nbgrader" / "cache")
    reports = []
    with working_directory(scratch):
        api = course_api(scratch, overrides)
        book = gradebook(api)
        for student in SIMULATED_STUDENTS:
            book.update_or_create_student(student.id, first_name=student.id.split("-")[0].title(),
                                          last_name="Demo", email=f"{student.id}@example.edu")
        book.close()
        log(f"instructor: added {len(SIMULATED_STUDENTS)} students to {scratch / 'gradebook.db'}")
        for assignment in assignments:
            check_step(api.generate_assignment(assignment), f"generate_assignment {assignment}")
            due = set_due_date(api, assignment)
            check_step(api.release_assignment(assignment), f"release_assignment {assignment}")
            log(f"instructor: generated and released {assignment}, due {due:%Y-%m-%d %H:%M} UTC")
            for student in SIMULATED_STUDENTS:
                work_as_student(root, scratch, overrides, assignment, student)
                log(f"student {student.id} ({student.role}): fetched and submitted {assignment}")
            check_step(api.collect(assignment), f"collect {assignment}")
            hand_in_late(scratch, assignment, due)
            report = grade_assignment(scratch, assignment, jobs=jobs)
            reports.append(report)
            log(report.summary())
            generate_feedback(scratch, assignment)
            log(f"instructor: feedback written to {scratch / 'feedback'}")
        report_path = write_report(scratch, assignments)
        log(f"instructor: cohort report written to {report_path}")
    return DemoResult(scratch, tuple(reports), tally(scratch, assignments),
                      time.perf_counter() - started, report_path)


def set_due_date(api: NbGraderAPI, assignment: str) -> datetime.datetime:
    """A due date a week from now, and the extensions the simulated students were granted
    (through `autograder extend`'s own code, as an instructor would grant them)."""
    due = datetime.datetime.now(datetime.UTC).replace(tzinfo=None, microsecond=0) \
        + datetime.timedelta(days=7)
    book = gradebook(api)
    try:
        book.update_or_create_assignment(assignment, duedate=due)
    finally:
        book.close()
    for student in SIMULATED_STUDENTS:
        if student.extension_hours:
            grant_extension(Path(api.coursedir.root), assignment, student.id,
                            student.extension_hours)
    return due


def hand_in_late(scratch: Path, assignment: str, due: datetime.datetime) -> None:
    """The demo runs in minutes, not days: late students' collected timestamps are moved past
    the due date, where nbgrader reads them when it grades."""
    for student in SIMULATED_STUDENTS:
        if student.hours_late:
            stamp = due + datetime.timedelta(hours=student.hours_late)
            path = scratch / "submitted" / student.id / assignment / "timestamp.txt"
            path.write_text(stamp.strftime("%Y-%m-%d %H:%M:%S.%f UTC"))


def copy_course(root: Path, scratch: Path) -> None:
    if scratch.exists():
        shutil.rmtree(scratch)
    scratch.mkdir(parents=True)
    shutil.copy2(root / CONFIG_FILE, scratch / CONFIG_FILE)
    shutil.copytree(root / "source", scratch / "source",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    load_config(scratch)  # fail now if the copied config cannot load


def work_as_student(root: Path, scratch: Path, overrides: Config, assignment: str,
                    student: SimulatedStudent) -> None:
    """Fetch the release into the student's own folder, write their answers, submit."""
    home = scratch / "students" / student.id
    home.mkdir(parents=True, exist_ok=True)
    config = load_config(scratch)
    config.merge(overrides)
    config.Exchange.cache = str(home / ".cache")  # each student has their own cache
    config.Exchange.assignment_dir = str(home)
    config.CourseDirectory.assignment_id = assignment
    config.CourseDirectory.student_id = student.id
    coursedir = CourseDirectory(config=config)
    authenticator = Authenticator(config=config)
    for step in (ExchangeFetchAssignment, ExchangeSubmit):
        if step is ExchangeSubmit:
            write_answers(root, home / assignment, assignment, student)
        try:
            step(coursedir=coursedir, authenticator=authenticator, config=config).start()
        except Exception as error:
            raise NbgraderStepError(f"{step.__name__} as {student.id}: {error}") from error


def write_answers(root: Path, folder: Path, assignment: str, student: SimulatedStudent) -> None:
    for path in sorted(folder.glob("*.ipynb")):
        source = nbformat.read(root / "source" / assignment / path.name, as_version=4)
        fixtures = root / "tests" / "fixtures" / assignment / path.stem
        released = nbformat.read(path, as_version=4)
        nbformat.write(fill(released, student.answers(source, fixtures)), path)
