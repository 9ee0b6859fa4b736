"""Verify the canary cells' outputs in the grader's own record, then remove the canaries."""

from __future__ import annotations

from typing import Any

from nbformat import NotebookNode
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Bool

from autograder.integrity import verdicts
from autograder.preprocessors.insert_canaries import CANARY_KEY


def canary_problem(cell: NotebookNode) -> str | None:
    """Why this executed canary proves the kernel was tampered with, or None if it held."""
    expect, secret = cell.metadata[CANARY_KEY]["expect"], cell.metadata[CANARY_KEY]["secret"]
    errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
    if expect == "error":
        if not any(secret in str(o.get("evalue", "")) for o in errors):
            return "a failing check did not report its error (errors are being suppressed)"
        return None
    printed = "".join(o.get("text", "") for o in cell.get("outputs", [])
                      if o.get("output_type") == "stream" and o.get("name") == "stdout")
    if errors or printed.strip() != secret:
        return "a grader cell did not run as written (cells are being rewritten or skipped)"
    return None


class CheckCanaries(NbGraderPreprocessor):
    """Record whether every canary behaved, per notebook, then take the canaries out."""

    enabled = Bool(True, help="Check and remove canary cells after execution.").tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: Any):
        canaries = [c for c in nb.cells if CANARY_KEY in c.get("metadata", {})]
        stopped = any(o.get("ename") == "NotRun" for c in canaries for o in c.get("outputs", []))
        problems = sorted({p for c in canaries if (p := canary_problem(c))}) if not stopped \
            else []  # after a timeout or a dead kernel nothing ran: that is not tampering
        info = resources.get("nbgrader", {})
        verdicts.record(info.get("assignment", ""), info.get("student", ""),
                        info.get("notebook", ""), problems, checked=len(canaries))
        nb.cells = [c for c in nb.cells if CANARY_KEY not in c.get("metadata", {})]
        return nb, resources
