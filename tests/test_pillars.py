"""Pillars come from `pillar:<id>` tags on graded cells in source/, and nowhere else."""

from __future__ import annotations

import pytest

import tiny_course
from autograder.errors import SourceNotebookError
from autograder.pillars import graded_cells, pillars_of


def test_graded_cells_carry_points_and_pillars_in_notebook_order(tmp_path):
    root = tiny_course.make(tmp_path / "course", generate=False)
    cells = graded_cells(root, tiny_course.ASSIGNMENT)
    assert [(c.grade_id, c.points, c.pillars) for c in cells] == [
        ("crud", 2.0, ("foundations",)),
        ("cache", 3.0, ("foundations", "high-concurrency")),
        ("embed", 1.0, ("ai-integration",)),
    ]


@pytest.mark.parametrize(("tags", "message"), [
    ([], "has no 'pillar:<id>' tag"),
    (["pillar:blockchain"], "unknown pillar"),
])
def test_a_graded_cell_with_a_missing_or_unknown_pillar_is_a_named_error(tmp_path, tags,
                                                                         message):
    root = tiny_course.make(tmp_path / "course", generate=False)
    tiny_course.write_notebook(root / "source" / tiny_course.ASSIGNMENT / "cells.ipynb",
                               {"bad": (1, tags)})
    with pytest.raises(SourceNotebookError, match=message):
        graded_cells(root, tiny_course.ASSIGNMENT)


def test_pillar_tags_are_read_once_each_and_other_tags_ignored():
    assert pillars_of(["pillar:foundations", "raises-exception", "pillar:foundations",
                       "pillar:cloud-native"]) == ("foundations", "cloud-native")
