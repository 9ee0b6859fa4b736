"""Feedback without the hidden tests: their source, any output that echoes it, tracebacks."""

from __future__ import annotations

import re
from typing import Any

from nbformat import NotebookNode
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Unicode

HIDDEN_BLOCK = re.compile(r"^[ \t]*### BEGIN HIDDEN TESTS.*?### END HIDDEN TESTS[ \t]*$",
                          re.S | re.M)
ANSI = re.compile(r"\x1b\[[0-9;]*m")
TEXT_KEYS = ("text/plain", "text/html", "text/markdown", "text/latex")


def is_test_cell(cell: NotebookNode) -> bool:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return cell.cell_type == "code" and bool(meta.get("grade")) and not meta.get("solution")


class HideHiddenTests(NbGraderPreprocessor):
    """Replace each hidden-test block with a placeholder, drop any output line that repeats a
    hidden line (a submission can print the code that runs after it), and cut every error in a
    test cell to its type and message: a traceback would quote hidden lines (nbgrader#917)."""

    placeholder = Unicode("# (hidden tests ran here; their results are in this cell's output)",
                          help="What feedback shows in place of the hidden tests."
                          ).tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: Any):
        self._hidden = {line.strip() for cell in nb.cells if is_test_cell(cell)
                        for block in HIDDEN_BLOCK.findall(cell.source)
                        for line in block.splitlines()[1:-1] if len(line.strip()) >= 8}
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell: NotebookNode, resources: Any, index: int):
        if cell.cell_type != "code":
            return cell, resources
        for output in cell.get("outputs", []):
            if "text" in output:
                output["text"] = self._scrub(output["text"])
            for key in TEXT_KEYS:
                if key in output.get("data", {}):
                    output["data"][key] = self._scrub(output["data"][key])
            if output.get("output_type") == "error":
                output["traceback"] = [self._scrub(ANSI.sub(
                    "", f"{output.get('ename')}: {output.get('evalue')}"))]
        if is_test_cell(cell):
            cell.source = HIDDEN_BLOCK.sub(self.placeholder, cell.source)
        return cell, resources

    def _scrub(self, text: str | list[str]) -> str:
        joined = "".join(text) if isinstance(text, list) else text
        kept = [line for line in joined.splitlines(keepends=True)
                if not any(hidden in line for hidden in self._hidden)]
        return "".join(kept)
