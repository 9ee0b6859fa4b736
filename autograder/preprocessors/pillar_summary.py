"""Feedback opens with the student's score per pillar in this notebook."""

from __future__ import annotations

from typing import Any

import nbformat
from nbformat import NotebookNode
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Dict

from course.curriculum import PILLAR_IDS


class PillarSummary(NbGraderPreprocessor):
    """Insert a Markdown cell at the top: points earned and possible in each pillar, from the
    grades GetGrades put on each graded cell. Pillars come from source/ (a student's copy can
    be edited), so the coordinator passes them in."""

    pillars = Dict(help="{notebook: {grade_id: [pillar, ...]}}, read from the source notebooks' "
                   "'pillar:<id>' tags.").tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: Any):
        notebook = resources.get("nbgrader", {}).get("notebook", "")
        of_cell = self.pillars.get(notebook, {})
        earned = dict.fromkeys(PILLAR_IDS, 0.0)
        possible = dict.fromkeys(PILLAR_IDS, 0.0)
        for cell in nb.cells:
            grading = cell.get("metadata", {}).get("nbgrader", {})
            if not grading.get("grade"):
                continue
            for pillar in of_cell.get(grading.get("grade_id"), []):
                earned[pillar] = earned.get(pillar, 0.0) + float(grading.get("score") or 0.0)
                possible[pillar] = possible.get(pillar, 0.0) + float(grading.get("points") or 0)
        rows = [f"| `{p}` | {earned[p]:g} | {possible[p]:g} |" for p in possible if possible[p]]
        if rows:
            penalty = float(resources.get("nbgrader", {}).get("late_penalty") or 0.0)
            late = f"\n\nSubmitted late: {penalty:g} points off this notebook's total." \
                if penalty else ""
            summary = nbformat.v4.new_markdown_cell(
                "## Your score per pillar\n\n| pillar | your points | points possible |\n"
                "|---|---:|---:|\n" + "\n".join(rows) + late
                + "\n\nA failed test below shows its message only; hidden tests stay hidden.")
            summary.metadata["pillar_summary"] = True
            nb.cells.insert(0, summary)
        return nb, resources
