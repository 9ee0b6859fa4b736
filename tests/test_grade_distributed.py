"""Grading on a Dask cluster: the same grades as local processes, the gradebook stays here."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

import tiny_course
from autograder.coursedir import working_directory
from autograder.errors import SchedulerUnavailableError
from autograder.grade import executors, grade_assignment
from autograder.nbgrader_api import check_step, course_api
from autograder.sandbox import sandbox_status
from autograder.tally import tally

pytestmark = pytest.mark.slow
NOTEBOOK = "answer"


def answer_notebook() -> nbformat.NotebookNode:
    """A solution cell and two test cells: enough for right, wrong and blank to differ."""
    solution = nbformat.v4.new_code_cell(
        "def double(x):\n    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION")
    solution.metadata = {"nbgrader": {"grade": False, "grade_id": "double", "locked": False,
                                      "schema_version": 3, "solution": True, "task": False}}
    notebook = nbformat.v4.new_notebook()
    notebook.metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                        "language": "python"}}
    notebook.cells = [solution,
                      tiny_course.graded_cell("small", 1, ["pillar:foundations"]),
                      tiny_course.graded_cell("large", 2, ["pillar:high-concurrency"])]
    notebook.cells[1].source = "assert double(2) == 4"
    notebook.cells[2].source = "assert double(10**6) == 2 * 10**6"
    for cell in notebook.cells:
        cell.id = cell.metadata["nbgrader"]["grade_id"]
    return notebook


ANSWERS = {"right": "def double(x):\n    return x + x",
           "wrong": "def double(x):\n    return 4 if x == 2 else x",
           "blank": None}


def make_course(root: Path, db_url: str | None = None) -> Path:
    tiny_course.make(root, generate=False)
    if db_url:
        with (root / "nbgrader_config.py").open("a") as config:
            config.write(f"\nc.CourseDirectory.db_url = {db_url!r}\n")
    nbformat.write(answer_notebook(),
                   root / "source" / tiny_course.ASSIGNMENT / f"{NOTEBOOK}.ipynb")
    with working_directory(root):
        check_step(course_api(root).generate_assignment(tiny_course.ASSIGNMENT), "generate")
    for student, answer in ANSWERS.items():
        folder = tiny_course.submit_release(root, student)
        release = root / "release" / tiny_course.ASSIGNMENT / f"{NOTEBOOK}.ipynb"
        notebook = nbformat.read(release, as_version=4)
        for cell in notebook.cells:  # the release starts with the course header
            if answer is not None and cell.get("id") == "double":
                cell.source = answer
        nbformat.write(notebook, folder / f"{NOTEBOOK}.ipynb")
    corrupt = root / "submitted" / "corrupt" / tiny_course.ASSIGNMENT
    corrupt.mkdir(parents=True)
    (corrupt / f"{NOTEBOOK}.ipynb").write_text("{ not json")
    return root


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as local:
        yield local.scheduler_address


def outcomes(report) -> dict[str, tuple[str, float]]:
    return {r.student: (r.status, r.score) for r in report.results}


def test_does_a_dask_cluster_grade_exactly_as_local_processes_do(tmp_path, cluster):
    local = make_course(tmp_path / "local")
    remote = make_course(tmp_path / "remote")
    expected = outcomes(grade_assignment(local, tiny_course.ASSIGNMENT, jobs=2))
    report = grade_assignment(remote, tiny_course.ASSIGNMENT, scheduler=cluster)
    assert outcomes(report) == expected
    sandboxed = sandbox_status().sandboxed  # each worker reports how it ran kernels
    assert [r.sandboxed for r in report.results if r.status == "graded"] == [sandboxed] * 3
    assert report.sandbox.startswith("bubblewrap" if sandboxed else "UNSANDBOXED")
    assert expected["right"] == ("graded", 9.0)  # 6 from the tiny notebook, 3 from ours
    assert expected["wrong"] == ("graded", 7.0)
    assert expected["blank"] == ("graded", 6.0)
    assert expected["corrupt"][0] == "ungradable"


def test_are_graded_notebooks_brought_back_to_the_coordinator(tmp_path, cluster):
    root = make_course(tmp_path / "course")
    grade_assignment(root, tiny_course.ASSIGNMENT, scheduler=cluster)
    graded = root / "autograded" / "right" / tiny_course.ASSIGNMENT / f"{NOTEBOOK}.ipynb"
    notebook = nbformat.read(graded, as_version=4)
    assert any(cell.get("outputs") is not None for cell in notebook.cells)
    assert not (root / "autograded" / "corrupt").exists()


def test_does_a_dead_scheduler_address_end_in_a_named_error(tmp_path, monkeypatch):
    monkeypatch.setattr(executors, "SCHEDULER_TIMEOUT", "2s")
    root = make_course(tmp_path / "course")
    with pytest.raises(SchedulerUnavailableError, match=re.escape("tcp://127.0.0.1:9")):
        grade_assignment(root, tiny_course.ASSIGNMENT, scheduler="tcp://127.0.0.1:9")
    assert not (root / "autograded").exists()


def test_does_a_postgresql_gradebook_get_the_same_grades_and_tally_as_sqlite(tmp_path,
                                                                             postgres_url):
    sqlite = make_course(tmp_path / "sqlite")
    expected = outcomes(grade_assignment(sqlite, tiny_course.ASSIGNMENT, jobs=2))
    root = make_course(tmp_path / "postgres", postgres_url)
    assert not (root / "gradebook.db").exists()
    assert outcomes(grade_assignment(root, tiny_course.ASSIGNMENT, jobs=2)) == expected
    assert tally(root, []).render("csv") == tally(sqlite, []).render("csv")
