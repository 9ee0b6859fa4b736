"""Building submissions from answers: solution extraction, fixture files, filling notebooks."""

from __future__ import annotations

import nbformat
import pytest

from autograder.submissions import fill, load_fixture, solution_answers
from classroom import notebooks


def solution_notebook() -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(
        "def f():\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION")
    cell.metadata = {"nbgrader": {"grade_id": "f", "solution": True, "grade": False}}
    test = nbformat.v4.new_code_cell("assert f() == 1")
    test.metadata = {"nbgrader": {"grade_id": "t", "grade": True, "points": 1}}
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [cell, test]
    return notebook


def test_solution_answers_drop_only_the_marker_lines():
    assert solution_answers(solution_notebook()) == {"f": "def f():\n    return 1"}


def test_fill_replaces_solution_cells_and_leaves_the_original_untouched():
    original = solution_notebook()
    filled = fill(original, {"f": "def f():\n    return 2"})
    assert filled.cells[0].source == "def f():\n    return 2"
    assert "BEGIN SOLUTION" in original.cells[0].source
    assert filled.cells[1].source == original.cells[1].source


def test_fill_refuses_answers_for_cells_that_are_not_solution_cells():
    with pytest.raises(ValueError, match="'t'"):
        fill(solution_notebook(), {"t": "assert True"})


def test_fixture_file_gives_target_notes_and_one_answer_per_section(tmp_path):
    path = tmp_path / "wrong-x.py"
    path.write_text("# targets: t\n# Why it is wrong.\n# %% f\ndef f():\n    return 2\n"
                    "# %% g\nx = 1\n")
    fixture = load_fixture(path)
    assert fixture.name == "wrong-x" and fixture.targets == "t"
    assert fixture.answers == {"f": "def f():\n    return 2", "g": "x = 1"}
    assert fixture.notes == ["Why it is wrong."]


def test_fixture_without_sections_is_rejected(tmp_path):
    path = tmp_path / "empty.py"
    path.write_text("# targets: t\n")
    with pytest.raises(ValueError, match="no '# %% <grade_id>' section"):
        load_fixture(path)


@pytest.mark.parametrize("ref", notebooks(), ids=lambda ref: ref.notebook)
def test_every_fixture_answers_only_cells_its_notebook_has(ref):
    source = nbformat.read(ref.source, as_version=4)
    for path in sorted(ref.fixtures.glob("*.py")):
        fill(source, load_fixture(path).answers)  # raises on an unknown grade_id
