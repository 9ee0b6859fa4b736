"""Hints: every graded exercise has progressive hints that stop short of the solution."""

from __future__ import annotations

import itertools
import re

import nbformat
import pytest

from classroom import NotebookRef, graded_test_cells, notebooks
from course.hints import (
    LAST_HINT_NOTE,
    UnknownExerciseError,
    UnknownNotebookError,
    exercise_key,
    hints_for,
    load_hints,
)

NOTEBOOK_PARAMS = [pytest.param(ref, id=ref.notebook) for ref in notebooks()]
BEGIN, END = re.compile(r"### BEGIN (SOLUTION|HIDDEN TESTS)"), re.compile(r"### END ")


def code_lines(text: str) -> list[str]:
    """Non-trivial lines, whitespace and trailing comments normalised, for comparing code."""
    lines = (re.sub(r"\s+#.*$", "", line).strip() for line in text.splitlines())
    return [" ".join(line.split()) for line in lines if len(line) > 3]


def secret_lines(ref: NotebookRef) -> list[list[str]]:
    """Per cell, the lines between BEGIN and END markers (solutions and hidden tests)."""
    blocks = []
    for cell in nbformat.read(ref.source, as_version=4).cells:
        inside, lines = False, []
        for line in cell.source.splitlines():
            if BEGIN.search(line):
                inside = True
            elif END.search(line):
                inside = False
            elif inside:
                lines.append(line)
        blocks.append(code_lines("\n".join(lines)))
    return blocks


@pytest.mark.parametrize("ref", NOTEBOOK_PARAMS)
def test_every_graded_exercise_has_at_least_two_hints_and_no_stray_ones(ref):
    hints = load_hints(f"{ref.assignment}/{ref.notebook}")
    exercises = {exercise_key(grade_id) for grade_id in graded_test_cells(ref)}
    assert set(hints) == exercises
    assert all(len(texts) >= 2 and all(len(t) > 40 for t in texts) for texts in hints.values())


@pytest.mark.parametrize("ref", NOTEBOOK_PARAMS)
def test_no_hint_repeats_two_consecutive_lines_of_a_solution_or_hidden_test(ref):
    pairs = {(a, b) for block in secret_lines(ref) for a, b in itertools.pairwise(block)}
    for exercise, texts in load_hints(f"{ref.assignment}/{ref.notebook}").items():
        for number, text in enumerate(texts, 1):
            lines = code_lines(text)
            leaked = [pair for pair in itertools.pairwise(lines) if pair in pairs]
            assert not leaked, f"{exercise} hint {number} gives away {leaked[0]}"


@pytest.mark.parametrize("ref", NOTEBOOK_PARAMS)
def test_the_setup_cell_gives_the_notebook_its_own_hint_function(ref):
    setup = next(c for c in nbformat.read(ref.source, as_version=4).cells
                 if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == "setup")
    assert f'hint = hints_for("{ref.notebook}")' in setup.source


def test_each_call_shows_the_next_hint_and_the_last_one_repeats():
    hint = hints_for("01-rate-limiting")
    texts = hint.hints["part2"]
    seen = [hint.next("part2") for _ in range(len(texts) + 2)]
    assert [n for n, _, _ in seen] == [*range(1, len(texts) + 1), len(texts), len(texts)]
    assert [t for _, _, t in seen[: len(texts)]] == list(texts)
    assert hint.next("part1")[0] == 1  # every exercise counts on its own
    assert LAST_HINT_NOTE in hint.markdown("part2")
    hint.reset("part2")
    assert "Hint 1 of" in hint.markdown("Part 2")


@pytest.mark.parametrize("name", ["part2", "Part 2", "2", "part2-tests", "part2-sliding-log"])
def test_an_exercise_can_be_named_as_the_notebook_names_it(name):
    assert exercise_key(name) == "part2"


def test_unknown_exercises_and_notebooks_are_named_errors():
    hint = hints_for("01-rate-limiting.ipynb")
    with pytest.raises(UnknownExerciseError, match="its exercises: part1, part2, part3, part4"):
        hint("part9")
    with pytest.raises(UnknownExerciseError, match="not an exercise"):
        hint("sliding window")
    with pytest.raises(UnknownNotebookError, match="no-such-notebook"):
        hints_for("no-such-notebook")


def test_outside_jupyter_a_hint_is_printed(capsys, monkeypatch):
    monkeypatch.setitem(__import__("sys").modules, "IPython.display", None)
    hints_for("02-dns-and-tcp")("part1")
    assert capsys.readouterr().out.startswith("**Hint 1 of")
