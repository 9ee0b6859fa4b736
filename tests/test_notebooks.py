"""Every source notebook follows the course outline; release/ carries no solution."""

from __future__ import annotations

import io
import re
import tokenize

import nbformat
import pytest

from autograder.pillars import graded_cells, pillars_of
from classroom import ROOT, notebooks
from course import curriculum

PART_HEADING = re.compile(r"^## Part (\d+) — .+\((\d+) points? · (.+)\)\s*$", re.M)
HIDDEN_OR_SOLUTION = re.compile(r"### (BEGIN|END) (SOLUTION|HIDDEN TESTS)")
NOTEBOOK_PARAMS = [pytest.param(ref, id=ref.notebook) for ref in notebooks()]


def load(ref):
    return nbformat.read(ref.source, as_version=4)


def nbgrader_meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def test_tests(notebook) -> list:
    return [c for c in notebook.cells if c.cell_type == "code" and nbgrader_meta(c).get("grade")]


test_tests.__test__ = False  # a helper, not a test


@pytest.mark.parametrize("ref", NOTEBOOK_PARAMS)
def test_opens_with_title_objectives_and_a_setup_cell_that_says_setup_complete(ref):
    cells = load(ref).cells
    assert cells[0].cell_type == "markdown" and cells[0].source.startswith("# ")
    assert "## Learning objectives" in cells[0].source
    entry = curriculum.assignment(ref.assignment)
    listed = {nb.id: nb for nb in entry.notebooks}
    assert ref.notebook in listed, f"add {ref.notebook} to course/curriculum.py"
    for objective in listed[ref.notebook].objectives:
        assert objective in cells[0].source, f"objective missing from the notebook: {objective}"
    assert cells[1].cell_type == "code" and "Setup complete" in cells[1].source


@pytest.mark.parametrize("ref", NOTEBOOK_PARAMS)
def test_each_part_heading_states_the_points_and_pillars_its_test_cell_carries(ref):
    notebook = load(ref)
    headings = [m for c in notebook.cells if c.cell_type == "markdown"
                for m in PART_HEADING.finditer(c.source)]
    tests = test_tests(notebook)
    assert len(tests) >= 4, "each notebook has at least 4 graded exercises"
    assert [int(m[1]) for m in headings] == list(range(1, len(tests) + 1))
    for heading, cell in zip(headings, tests, strict=True):
        meta = nbgrader_meta(cell)
        assert int(heading[2]) == meta["points"], f"points of {meta['grade_id']}"
        named = tuple(re.findall(r"`([\w-]+)`", heading[3]))
        assert named == pillars_of(cell.metadata.get("tags", [])), f"pillars of {meta['grade_id']}"


@pytest.mark.parametrize("ref", NOTEBOOK_PARAMS)
def test_every_part_explains_and_links_the_official_docs_before_its_exercise(ref):
    parts = [c.source for c in load(ref).cells
             if c.cell_type == "markdown" and PART_HEADING.search(c.source)]
    for text in parts:
        assert "Docs:" in text and "https://" in text, text.splitlines()[0]
        assert "**Task.**" in text, text.splitlines()[0]


@pytest.mark.parametrize("ref", NOTEBOOK_PARAMS)
def test_test_cells_are_tagged_locked_visible_first_and_hide_more_tests(ref):
    for cell in test_tests(load(ref)):
        meta = nbgrader_meta(cell)
        assert meta["locked"] is True and not meta.get("solution")
        assert "expected to fail until you solve it" in cell.source
        visible, _, hidden = cell.source.partition("### BEGIN HIDDEN TESTS")
        assert "checks." in visible and "### END HIDDEN TESTS" in hidden
        assert "checks." in hidden, f"{meta['grade_id']}: hidden tests compare through checks"
    assert graded_cells(ROOT, ref.assignment)  # raises on a missing or unknown pillar tag


@pytest.mark.parametrize("ref", NOTEBOOK_PARAMS)
def test_solution_markers_are_python_comments_never_inside_strings(ref):
    for cell in load(ref).cells:
        if cell.cell_type != "code" or "SOLUTION" not in cell.source:
            continue
        assert not cell.source.lstrip().startswith("%%"), "no markers in cell magics"
        tokens = tokenize.generate_tokens(io.StringIO(cell.source).readline)
        comments = sum(1 for t in tokens
                       if t.type == tokenize.COMMENT and HIDDEN_OR_SOLUTION.search(t.string))
        assert comments == len(HIDDEN_OR_SOLUTION.findall(cell.source)), nbgrader_meta(cell)


@pytest.mark.parametrize("ref", NOTEBOOK_PARAMS)
def test_curriculum_lists_the_pillars_the_notebook_is_tagged_with(ref):
    listed = {nb.id: nb for nb in curriculum.assignment(ref.assignment).notebooks}[ref.notebook]
    tagged = {p for c in test_tests(load(ref)) for p in pillars_of(c.metadata.get("tags", []))}
    assert set(listed.pillars) == tagged


def test_curriculum_and_source_folder_list_the_same_notebooks():
    listed = {(a.id, nb.id) for a in curriculum.ASSIGNMENTS for nb in a.notebooks}
    assert listed == {(p.parent.name, p.stem) for p in ROOT.glob("source/*/*.ipynb")}
    folders = {p.name for p in (ROOT / "source").iterdir() if p.is_dir()}
    assert folders <= {a.id for a in curriculum.ASSIGNMENTS}


@pytest.mark.parametrize("ref", NOTEBOOK_PARAMS)
def test_release_carries_no_solution_or_hidden_test_line(ref):
    source = load(ref)
    release = ROOT / "release" / ref.assignment / f"{ref.notebook}.ipynb"
    released_cells = nbformat.read(release, as_version=4).cells
    released_text = "\n".join(c.source for c in released_cells)
    assert not HIDDEN_OR_SOLUTION.search(released_text)
    secret: set[str] = set()
    public: set[str] = set()
    for cell in source.cells:
        inside = False
        for line in cell.source.splitlines():
            if HIDDEN_OR_SOLUTION.search(line):
                inside = "BEGIN" in line
                continue
            (secret if inside else public).add(line.strip())
    released_lines = {line.strip() for line in released_text.splitlines()}
    leaked = sorted(line for line in secret - public if len(line) >= 12 and line in released_lines)
    assert leaked == []
    stubs = sum(c.source.count("raise NotImplementedError()") for c in released_cells
                if c.cell_type == "code")
    assert stubs == sum(
        c.source.count("### BEGIN SOLUTION") for c in source.cells)


@pytest.mark.parametrize("ref", NOTEBOOK_PARAMS)
def test_notebook_names_its_kernel_so_jupyterlab_opens_it_without_a_dialog(ref):
    assert load(ref).metadata["kernelspec"]["name"] == "python3"
