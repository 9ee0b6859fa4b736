"""Grader-owned canary cells after every test cell, with secrets the kernel sees only then."""

from __future__ import annotations

import secrets
from typing import Any

from nbformat import NotebookNode
from nbformat.v4 import new_code_cell
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Bool

# The module, not the notebook's `checks` name: patching the module is caught here, and
# rebinding the name is caught by the static scan.
_CHECKS = "import course.checks as _grader_checks"
CANARY_KEY = "autograder_canary"  # cell metadata: {"expect": "error"|"print", "secret": ...}


def _is_test_cell(cell: NotebookNode) -> bool:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return cell.cell_type == "code" and bool(meta.get("grade")) and not meta.get("solution")


class InsertCanaries(NbGraderPreprocessor):
    """After each test cell, a cell that must fail with a secret and one that must print one.

    They look like test cells (same first line, the same check helpers) so a kernel that
    silences test cells silences them too. The secrets are made here, in the grader, right
    before execution, and never written to disk first; CheckCanaries verifies and removes them.
    """

    enabled = Bool(True, help="Insert canary cells before execution.").tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: Any):
        cells: list[NotebookNode] = []
        for cell in nb.cells:
            cells.append(cell)
            if _is_test_cell(cell):
                first_line = (cell.source.strip().splitlines() or ["# test"])[0]
                comment = first_line if first_line.startswith("#") else "# tests"
                fails, prints = secrets.token_hex(12), secrets.token_hex(12)
                cells.append(self._canary(f"{comment}\n{_CHECKS}\n"
                                          f"_grader_checks.expect_equal({fails!r}, None, "
                                          "'grader check')", "error", fails))
                cells.append(self._canary(f"{comment}\n{_CHECKS}\n"
                                          "_grader_checks.expect_true(True, 'grader check')\n"
                                          f"print({prints!r})", "print", prints))
        nb.cells = cells
        return nb, resources

    @staticmethod
    def _canary(source: str, expect: str, secret: str) -> NotebookNode:
        cell = new_code_cell(source)
        cell.metadata[CANARY_KEY] = {"expect": expect, "secret": secret}
        return cell
