"""`autograder lint`: the course lints clean, and each rule catches its own mistake."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import nbformat
import pytest

from autograder.cli import main
from autograder.coursedir import CONFIG_FILE
from autograder.lint import lint

ROOT = Path(__file__).resolve().parent.parent
ASSIGNMENT, NOTEBOOK = "04-architecture-cloud", "01-rate-limiting"
NOTEBOOK_PATH = f"source/{ASSIGNMENT}/{NOTEBOOK}.ipynb"
FIXTURES = f"tests/fixtures/{ASSIGNMENT}/{NOTEBOOK}"
Edit = Callable[[nbformat.NotebookNode], None]


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    """A course of one real notebook (Part 1-4: part1-tests ... part4-tests) and its fixtures."""
    shutil.copy2(ROOT / CONFIG_FILE, tmp_path / CONFIG_FILE)
    (tmp_path / NOTEBOOK_PATH).parent.mkdir(parents=True)
    shutil.copy2(ROOT / NOTEBOOK_PATH, tmp_path / NOTEBOOK_PATH)
    shutil.copytree(ROOT / FIXTURES, tmp_path / FIXTURES)
    return tmp_path


def edit(root: Path, change: Edit) -> Path:
    notebook = nbformat.read(root / NOTEBOOK_PATH, as_version=4)
    change(notebook)
    nbformat.write(notebook, root / NOTEBOOK_PATH)
    return root


def cell(notebook: nbformat.NotebookNode, grade_id: str) -> nbformat.NotebookNode:
    return next(c for c in notebook.cells if c.metadata["nbgrader"]["grade_id"] == grade_id)


def replace(grade_id: str, old: str, new: str) -> Edit:
    def change(notebook: nbformat.NotebookNode) -> None:
        target = cell(notebook, grade_id)
        assert old in target.source, f"{old!r} not in {grade_id}"
        target.source = target.source.replace(old, new, 1)
    return change


def found(root: Path) -> set[tuple[str, str]]:
    return {(f.rule, f.cell) for f in lint(root).findings}


def test_the_real_course_lints_clean():
    report = lint(ROOT)
    assert report.render().splitlines()[:-1] == []
    assert len(report.notebooks) == len(list(ROOT.glob("source/*/*.ipynb")))


def test_the_unmutated_scratch_copy_lints_clean(scratch):
    report = lint(scratch)
    assert report.ok and report.notebooks == (NOTEBOOK_PATH,)
    assert report.render() == "1 notebook, 0 findings"


def untag_part2(notebook: nbformat.NotebookNode) -> None:
    cell(notebook, "part2-tests").metadata["tags"] = []
    replace("part2-intro", " · `high-concurrency`)", ")")(notebook)


def unknown_pillar(notebook: nbformat.NotebookNode) -> None:
    cell(notebook, "part2-tests").metadata["tags"] = ["pillar:frontend"]
    replace("part2-intro", "`high-concurrency`", "`frontend`")(notebook)


MUTATIONS: dict[str, tuple[Edit, set[tuple[str, str]]]] = {
    "pillar-tag: a graded cell without a pillar tag": (
        untag_part2, {("pillar-tag", "part2-tests")}),
    "pillar-tag: a tag naming no known pillar": (
        unknown_pillar, {("pillar-tag", "part2-tests")}),
    "heading-points: points that differ from the heading": (
        lambda nb: cell(nb, "part2-tests").metadata["nbgrader"].update(points=4),
        {("heading-points", "part2-tests")}),
    "heading-points: pillars that differ from the heading": (
        replace("part2-intro", "`high-concurrency`", "`foundations`"),
        {("heading-points", "part2-tests")}),
    "heading-points: a Part heading without points": (
        replace("part3-intro", " (4 points · `high-concurrency`)", ""),
        {("heading-points", "part3-tests")}),
    "heading-points: a graded cell before any Part heading": (
        lambda nb: nb.cells.insert(1, nb.cells.pop(nb.cells.index(cell(nb, "part1-tests")))),
        {("heading-points", "part1-tests"), ("heading-points", "part1-intro")}),
    "hidden-tests: a test cell without hidden tests": (
        lambda nb: [replace("part1-tests", f"### {m} HIDDEN TESTS", "")(nb)
                    for m in ("BEGIN", "END")],
        {("hidden-tests", "part1-tests")}),
    "hidden-tests: a hidden-test region never closed": (
        replace("part1-tests", "### END HIDDEN TESTS", "# end of the hidden tests"),
        {("hidden-tests", "part1-tests")}),
    "hidden-tests: hidden-test markers outside a test cell": (
        replace("part2-sliding-log", "    ### END SOLUTION",
                "    ### END SOLUTION\n    ### BEGIN HIDDEN TESTS\n    ### END HIDDEN TESTS"),
        {("hidden-tests", "part2-sliding-log")}),
    "solution-markers: markers inside a string": (
        replace("part3-atomic", '### BEGIN SOLUTION\nSLIDING_WINDOW_LUA = """\n',
                'SLIDING_WINDOW_LUA = """\n### BEGIN SOLUTION\n'),
        {("solution-markers", "part3-atomic")}),
    "solution-markers: markers in a test cell": (
        replace("part2-tests", "clock2 = ManualClock()\n",
                "### BEGIN SOLUTION\nclock2 = ManualClock()\n### END SOLUTION\n"),
        {("solution-markers", "part2-tests")}),
    "solution-markers: markers in a markdown cell": (
        replace("part2-intro", "\n\n", "\n\n### BEGIN SOLUTION\n### END SOLUTION\n\n"),
        {("solution-markers", "part2-intro")}),
    "solution-markers: a marker sharing its line with code": (
        replace("part2-sliding-log", "    ### END SOLUTION", "    pass  ### END SOLUTION"),
        {("solution-markers", "part2-sliding-log")}),
    "solution-markers: a marker inside brackets": (
        replace("part1-token-bucket", "    r.hset(key, mapping={",
                "    r.hset(key, mapping={\n"
                "        ### END SOLUTION\n        ### BEGIN SOLUTION\n"),
        {("solution-markers", "part1-token-bucket")}),
    "solution-markers: nested solution regions": (
        replace("part2-sliding-log", "    now = clock.now()\n",
                "    ### BEGIN SOLUTION\n    now = clock.now()\n"),
        {("solution-markers", "part2-sliding-log")}),
    "grade-ids: a grade_id used twice": (
        lambda nb: cell(nb, "part2-intro").metadata["nbgrader"].update(grade_id="part1-intro"),
        {("grade-ids", "part1-intro")}),
    "grade-ids: a graded cell worth 0 points": (
        lambda nb: [cell(nb, "part2-tests").metadata["nbgrader"].update(points=0),
                    replace("part2-intro", "(3 points", "(0 points")(nb)],
        {("grade-ids", "part2-tests")}),
}


@pytest.mark.parametrize("mutation", MUTATIONS)
def test_each_mutation_of_a_real_notebook_is_caught_by_its_rule_alone(scratch, mutation):
    change, expected = MUTATIONS[mutation]
    assert found(edit(scratch, change)) == expected


def test_a_test_cell_no_wrong_fixture_targets_is_a_fixtures_finding(scratch):
    (scratch / FIXTURES / "wrong-part2-fixed-window.py").unlink()
    assert found(scratch) == {("fixtures", "part2-tests")}


def test_a_missing_alternative_or_a_stale_target_is_a_fixtures_finding(scratch):
    (scratch / FIXTURES / "alternative.py").unlink()
    stale = scratch / FIXTURES / "wrong-part2-fixed-window.py"
    stale.write_text(stale.read_text().replace("# targets: part2-tests", "# targets: part9-tests"))
    messages = {f.message for f in lint(scratch).findings if f.rule == "fixtures"}
    assert found(scratch) == {("fixtures", "-"), ("fixtures", "part2-tests")}
    assert any("alternative.py" in m for m in messages)
    assert any("part9-tests" in m for m in messages)


def test_a_course_without_tests_fixtures_gets_one_fixtures_finding_per_notebook(scratch):
    shutil.rmtree(scratch / "tests")
    second = scratch / f"source/{ASSIGNMENT}/02-copy.ipynb"
    shutil.copy2(scratch / NOTEBOOK_PATH, second)
    report = lint(scratch)
    assert [(f.path, f.rule) for f in report.findings] == [
        (NOTEBOOK_PATH, "fixtures"), (f"source/{ASSIGNMENT}/02-copy.ipynb", "fixtures")]


def test_a_finding_renders_as_path_cell_rule_message_then_a_summary(scratch):
    edit(scratch, lambda nb: cell(nb, "part2-tests").metadata["nbgrader"].update(points=4))
    assert lint(scratch).render().splitlines() == [
        f"{NOTEBOOK_PATH}: part2-tests: heading-points: heading says 3 points, its cells carry 4",
        "1 notebook, 1 finding"]


def test_paths_narrow_the_lint_to_folders_and_notebooks_once_each():
    report = lint(ROOT, [Path("source/02-apis"), Path("source/02-apis/01-rest-with-fastapi.ipynb")])
    assert report.notebooks == tuple(
        p.relative_to(ROOT).as_posix() for p in sorted(ROOT.glob("source/02-apis/*.ipynb")))


def test_cli_lint_exits_0_on_the_course():
    result = subprocess.run([sys.executable, "-m", "autograder", "lint"], cwd=ROOT, text=True,
                            capture_output=True, timeout=120,
                            env={**os.environ, "PYTHONWARNINGS": "ignore"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.endswith(" notebooks, 0 findings\n")


def test_cli_lint_exits_1_and_prints_each_finding(scratch, monkeypatch, capsys):
    edit(scratch, replace("part2-intro", "`high-concurrency`", "`foundations`"))
    monkeypatch.chdir(scratch / "source")  # paths are relative to where the instructor is
    assert main(["lint", ASSIGNMENT]) == 1
    assert f"{NOTEBOOK_PATH}: part2-tests: heading-points: " in capsys.readouterr().out


@pytest.mark.parametrize(("path", "error"), [
    (f"release/{ASSIGNMENT}/{NOTEBOOK}.ipynb", "NotASourcePathError"),
    ("README.md", "NotASourcePathError"),
    ("source/header.ipynb", "NotASourcePathError"),
    ("source/99-nope", "UnknownAssignmentError"),
])
def test_cli_lint_of_a_path_that_is_no_source_notebook_is_a_named_error_exit_2(
        path, error, monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    assert main(["lint", path]) == 2
    assert capsys.readouterr().err.startswith(f"autograder: error: {error}: ")
