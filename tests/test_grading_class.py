"""End to end: grade a class of fixture submissions with nbgrader, once per assignment."""

from __future__ import annotations

import asyncio
import time

import nbformat
import pytest
from nbclient import NotebookClient

from autograder.cli import default_jobs
from autograder.grade import GradeReport, grade_assignment
from autograder.grade.results import ledger_path
from autograder.submissions import fill, solution_answers
from classroom import (
    NotebookRef,
    alternative_fixture,
    build_course,
    cell_scores,
    class_of,
    graded_test_cells,
    notebooks,
    write_submission,
    wrong_fixtures,
)

pytestmark = pytest.mark.slow
NOTEBOOKS = notebooks()
ASSIGNMENTS = sorted({ref.assignment for ref in NOTEBOOKS})
WRONG_PAIRS = [(ref, fixture) for ref in NOTEBOOKS for fixture in wrong_fixtures(ref)]
WRONG = [pytest.param(ref, fixture, id=f"{ref.notebook}-{fixture.name}")
         for ref, fixture in WRONG_PAIRS]
NOTEBOOK_PARAMS = [pytest.param(ref, id=ref.notebook) for ref in NOTEBOOKS]
# Only these notebooks talk to Redis: the others would run the same on a real server.
REDIS_PARAMS = [pytest.param(ref, id=ref.notebook) for ref in NOTEBOOKS
                if "redis_client" in ref.source.read_text()]
VISIBLE_RUNS_AT_ONCE = 3  # kernels: 2 cores, and each kernel waits on messages part of the time
BROKEN = "broken-json"


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory):
    """One scratch course; every assignment's class graded in one run of `autograder grade`."""
    scratch = tmp_path_factory.mktemp("class")
    build_course(scratch, ASSIGNMENTS)
    reports: dict[str, GradeReport] = {}
    scores = {}
    for assignment in ASSIGNMENTS:
        for student, answers in class_of(assignment).items():
            write_submission(scratch, assignment, student, answers)
        broken = scratch / "submitted" / BROKEN / assignment
        broken.mkdir(parents=True)
        for ref in NOTEBOOKS:
            if ref.assignment == assignment:  # a notebook cut off half-way through saving
                text = (scratch / "release" / assignment / f"{ref.notebook}.ipynb").read_text()
                (broken / f"{ref.notebook}.ipynb").write_text(text[: len(text) // 2])
        started = time.perf_counter()
        reports[assignment] = grade_assignment(scratch, assignment, jobs=default_jobs())
        seconds = time.perf_counter() - started
        print(f"\n{assignment}: graded {len(reports[assignment].results)} submissions "
              f"in {seconds:.1f} s")
        scores[assignment] = cell_scores(scratch, assignment)
    return scratch, reports, scores


def points(ref: NotebookRef) -> dict[tuple[str, str], float]:
    source = nbformat.read(ref.source, as_version=4)
    return {(ref.notebook, c.metadata.nbgrader.grade_id): float(c.metadata.nbgrader.points)
            for c in source.cells if c.metadata.get("nbgrader", {}).get("grade")}


def notebook_scores(graded, ref: NotebookRef, student: str) -> dict[tuple[str, str], float]:
    _, _, scores = graded
    return {k: v for k, v in scores[ref.assignment][student].items() if k[0] == ref.notebook}


@pytest.mark.parametrize("ref", NOTEBOOK_PARAMS)
def test_solution_earns_every_point_of_every_cell(graded, ref):
    assert notebook_scores(graded, ref, "solution") == points(ref)


@pytest.mark.parametrize("ref", NOTEBOOK_PARAMS)
def test_blank_release_scores_zero_in_every_cell(graded, ref):
    assert notebook_scores(graded, ref, "blank") == dict.fromkeys(points(ref), 0.0)


@pytest.mark.parametrize("ref", NOTEBOOK_PARAMS)
def test_differently_written_correct_solution_earns_full_marks(graded, ref):
    assert alternative_fixture(ref) is not None, f"add {ref.fixtures / 'alternative.py'}"
    assert notebook_scores(graded, ref, "alternative") == points(ref)


@pytest.mark.parametrize("ref", NOTEBOOK_PARAMS)
def test_every_test_cell_has_a_wrong_fixture_aimed_at_it(ref):
    targeted = {f.targets for f in wrong_fixtures(ref)}
    assert set(graded_test_cells(ref)) <= targeted, f"fixtures in {ref.fixtures} miss some tests"


@pytest.mark.parametrize(("ref", "fixture"), WRONG)
def test_wrong_fixture_scores_zero_on_its_test_and_as_the_solution_elsewhere(graded, ref,
                                                                              fixture):
    expected = points(ref)
    expected[(ref.notebook, fixture.targets)] = 0.0
    student = f"{ref.notebook}.{fixture.name}"
    scores = notebook_scores(graded, ref, student)
    assert scores == expected, why_cells_scored(graded, ref, student, [
        key[1] for key, score in scores.items() if score != expected.get(key)])


def why_cells_scored(graded, ref: NotebookRef, student: str, grade_ids: list[str]) -> str:
    """The grader's verdict on a submission and the errors its graded cells printed: a score
    that differs by chance (a dead kernel, a timeout) must say so in CI's log."""
    scratch, reports, _ = graded
    result = next((r for r in reports[ref.assignment].results if r.student == student), None)
    lines = [f"{student}: {result.status} {result.reason}" if result else f"{student}: no result"]
    path = scratch / "autograded" / student / ref.assignment / f"{ref.notebook}.ipynb"
    if path.exists():
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") in grade_ids:
                for output in cell.get("outputs", []):
                    if output.get("output_type") == "error" or output.get("name") == "stderr":
                        lines.append(f"  {cell.metadata.nbgrader.grade_id}: "
                                     f"{output.get('ename', 'stderr')}: "
                                     f"{output.get('evalue', output.get('text', ''))[:300]}")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def visible_test_errors(graded) -> dict[tuple[str, str], list]:
    """{(notebook, fixture): error outputs of its target cell}, each wrong fixture run on its
    release notebook (visible tests only); a few kernels at once."""
    scratch, _, _ = graded

    async def run_one(gate: asyncio.Semaphore, ref: NotebookRef, fixture) -> list:
        released = nbformat.read(scratch / "release" / ref.assignment / f"{ref.notebook}.ipynb",
                                 4)
        solution = solution_answers(nbformat.read(ref.source, as_version=4))
        notebook = fill(released, {**solution, **fixture.answers})
        async with gate:
            await NotebookClient(notebook, timeout=60, kernel_name="python3", allow_errors=True,
                                 resources={"metadata": {"path": str(scratch)}}).async_execute()
        target = next(c for c in notebook.cells if c.get("metadata", {}).get("nbgrader", {})
                      .get("grade_id") == fixture.targets)
        return [o for o in target.outputs if o.output_type == "error"]

    async def run_all() -> list[list]:
        gate = asyncio.Semaphore(VISIBLE_RUNS_AT_ONCE)
        return await asyncio.gather(*(run_one(gate, ref, f) for ref, f in WRONG_PAIRS))

    errors = asyncio.run(run_all())
    return {(ref.notebook, f.name): e for (ref, f), e in zip(WRONG_PAIRS, errors, strict=True)}


@pytest.mark.parametrize(("ref", "fixture"), WRONG)
def test_wrong_fixture_passes_the_visible_tests_it_targets(visible_test_errors, ref, fixture):
    errors = visible_test_errors[(ref.notebook, fixture.name)]
    assert not errors, f"{fixture.name} fails the visible tests of {fixture.targets}: {errors}"


def test_corrupt_notebook_is_recorded_as_ungradable_and_nothing_is_lost(graded):
    scratch, reports, _ = graded
    for assignment, report in reports.items():
        by_student = {r.student: r for r in report.results}
        assert by_student[BROKEN].status == "ungradable"
        assert "not a valid notebook" in by_student[BROKEN].reason
        submitted = {p.parent.name for p in (scratch / "submitted").glob(f"*/{assignment}")}
        assert set(by_student) == submitted
        ledger = ledger_path(scratch, assignment).read_text()
        assert all(f'"student": "{s}"' in ledger for s in submitted)


@pytest.mark.parametrize("ref", NOTEBOOK_PARAMS)
def test_source_notebook_runs_in_under_15_seconds(ref):
    notebook = nbformat.read(ref.source, as_version=4)
    started = time.perf_counter()
    NotebookClient(notebook, timeout=60, kernel_name="python3",
                   resources={"metadata": {"path": str(ref.source.parent)}}).execute()
    seconds = time.perf_counter() - started
    print(f"\n{ref.notebook}: executed in {seconds:.1f} s")
    assert seconds < 15


@pytest.mark.real_redis
@pytest.mark.parametrize("ref", REDIS_PARAMS)
def test_solution_and_hidden_tests_pass_on_a_real_redis_server(ref, redis_url, monkeypatch):
    monkeypatch.setenv("REDIS_URL", redis_url)
    notebook = nbformat.read(ref.source, as_version=4)
    NotebookClient(notebook, timeout=60, kernel_name="python3",
                   resources={"metadata": {"path": str(ref.source.parent)}}).execute()
    printed = "".join(o.get("text", "") for c in notebook.cells if c.cell_type == "code"
                      for o in c.outputs)
    if "Redis is" in printed:  # a notebook that uses Redis names it in its setup message
        assert "Redis is redis-server at 127.0.0.1" in printed
