"""Feedback without the hidden tests: their source and the tracebacks that would quote it."""

from __future__ import annotations

import re
from typing import Any

from nbformat import NotebookNode
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Unicode

HIDDEN_BLOCK = re.compile(r"^[ \t]*### BEGIN HIDDEN TESTS.*?### END HIDDEN TESTS[ \t]*$",
                          re.S | re.M)
ANSI = re.compile(r"\x1b\[[0-9;]*m")


class HideHiddenTests(NbGraderPreprocessor):
    """In every graded test cell, replace the hidden-test block with a placeholder, and cut
    each error down to its type and message: a traceback would print hidden lines (nbgrader's
    own feedback shows them, nbgrader#917)."""

    placeholder = Unicode("# (hidden tests ran here; their results are in this cell's output)",
                          help="What feedback shows in place of the hidden tests."
                          ).tag(config=True)

    def preprocess_cell(self, cell: NotebookNode, resources: Any, index: int):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.cell_type != "code" or not meta.get("grade") or meta.get("solution"):
            return cell, resources
        cell.source = HIDDEN_BLOCK.sub(self.placeholder, cell.source)
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                message = ANSI.sub("", f"{output.get('ename')}: {output.get('evalue')}")
                output["traceback"] = [message]
        return cell, resources
