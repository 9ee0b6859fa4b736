"""A static scan of the code a student wrote, for the known ways to tamper with grading."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

import nbformat
from IPython.core.inputtransformer2 import TransformerManager

# attribute -> what using it means; IPython's own machinery has no place in an answer
_ATTRIBUTES = {
    "input_transformers_cleanup": "rewrites cells before they run (IPython input transformer)",
    "input_transformers_post": "rewrites cells before they run (IPython input transformer)",
    "ast_transformers": "rewrites cells before they run (IPython AST transformer)",
    "set_custom_exc": "suppresses errors (IPython custom exception handler)",
    "showtraceback": "replaces IPython's error reporting",
    "showsyntaxerror": "replaces IPython's error reporting",
    "run_cell": "replaces how IPython runs cells",
    "run_cell_async": "replaces how IPython runs cells",
    "run_ast_nodes": "replaces how IPython runs cells",
    "settrace": "traces the grader's test code (sys.settrace)",
    "setprofile": "traces the grader's test code (sys.setprofile)",
    "_getframe": "inspects the caller's frames",
    "currentframe": "inspects the caller's frames",
    "get_referrers": "reaches other code's objects through the garbage collector",
    "get_objects": "reaches other code's objects through the garbage collector",
    "kill": "sends a signal to another process",
    "killpg": "sends a signal to another process",
    "pthread_kill": "sends a signal to another process",
    "pidfd_send_signal": "sends a signal to another process",
}
_MODULES = {
    "ctypes": "loads ctypes (raw memory access)",
    "builtins": "patches builtins",
    "marshal": "loads marshalled code",
    "importlib": "imports modules by computed name",
    "gc": "walks the garbage collector",
    "inspect": "inspects frames and source",
}
# builtins called by name: `re.compile(...)` or `base64.b64decode(...)` are ordinary code, and
# decoded bytes only become tampering when they reach one of these
_CALLS = {
    "exec": "runs code built at run time (exec)",
    "eval": "runs code built at run time (eval)",
    "compile": "compiles code built at run time",
    "__import__": "imports modules by computed name",
}
_NAMES = {"__builtins__": "patches builtins", "get_ipython": None}
_SUSPICIOUS_TEXT = re.compile(
    r"input_transformers|ast_transformers|set_custom_exc|showtraceback|run_cell|settrace|"
    r"setprofile|_getframe|ctypes|__builtins__|builtins|killpg|pthread_kill|\bkill\b|"
    r"events\.register|register\b")
CHECK_HELPERS = {"checks", "expect_equal", "expect_true", "expect_type", "expect_between",
                 "expect_raises", "CheckFailure"}


@dataclass(frozen=True)
class Finding:
    notebook: str
    cell: str
    reason: str

    def __str__(self) -> str:
        return f"{self.notebook} cell {self.cell}: {self.reason}"


def student_cells(notebook: nbformat.NotebookNode) -> list[tuple[str, str]]:
    """(cell name, source) of every code cell the student may change: not locked by nbgrader."""
    cells = []
    for index, cell in enumerate(notebook.cells):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.get("cell_type") == "code" and not meta.get("locked"):
            cells.append((meta.get("grade_id") or f"#{index}", cell.get("source", "")))
    return cells


def scan_notebook(name: str, notebook: nbformat.NotebookNode) -> list[Finding]:
    findings = []
    for cell, source in student_cells(notebook):
        findings.extend(Finding(name, cell, reason) for reason in scan_source(source))
    return findings


def scan_source(source: str) -> list[str]:
    """Reasons this code looks like tampering; [] for ordinary code."""
    try:
        tree = ast.parse(TransformerManager().transform_cell(source))
    except (SyntaxError, ValueError):
        return []  # code that does not parse does not run: it fails its tests on its own
    reasons: list[str] = []
    strings: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in _ATTRIBUTES:
            reasons.append(_ATTRIBUTES[node.attr])
        elif isinstance(node, ast.Attribute) and node.attr == "register" and \
                isinstance(node.value, ast.Attribute) and node.value.attr == "events":
            reasons.append("registers an IPython event hook")
        elif isinstance(node, ast.Import | ast.ImportFrom):
            modules = [a.name for a in node.names] if isinstance(node, ast.Import) \
                else [node.module or ""]
            reasons += [_MODULES[m.split(".")[0]] for m in modules if m.split(".")[0] in _MODULES]
        elif isinstance(node, ast.Call):
            called = node.func.attr if isinstance(node.func, ast.Attribute) else \
                getattr(node.func, "id", "")
            if isinstance(node.func, ast.Name) and called in _CALLS:
                reasons.append(_CALLS[called])
            if called in {"setattr", "delattr"} and node.args and _names_helper(node.args[0]):
                reasons.append("patches the course's check helpers")
        elif isinstance(node, ast.Name) and _NAMES.get(node.id):
            reasons.append(_NAMES[node.id])
        elif isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign | ast.Delete):
            targets = node.targets if isinstance(node, ast.Assign | ast.Delete) else [node.target]
            if any(_names_helper(t) for t in targets):
                reasons.append("patches the course's check helpers")
            if any(_is_sys_modules(t) for t in targets):
                reasons.append("replaces modules in sys.modules")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            strings.append(node.value)
    if _SUSPICIOUS_TEXT.search("".join(strings)) and any(
            isinstance(n, ast.Call) and getattr(n.func, "id", "") in {"getattr", "setattr"}
            for n in ast.walk(tree)):
        reasons.append("reaches hidden attributes through strings (getattr/setattr)")
    return sorted(set(reasons))


def _names_helper(node: ast.AST) -> bool:
    """`checks`, `checks.x`, `course.checks.x`, `expect_equal`...: names of the check helpers."""
    while isinstance(node, ast.Attribute | ast.Subscript):
        if isinstance(node, ast.Attribute) and node.attr in CHECK_HELPERS:
            return True
        node = node.value
    return isinstance(node, ast.Name) and node.id in CHECK_HELPERS


def _is_sys_modules(node: ast.AST) -> bool:
    return isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute) and \
        node.value.attr == "modules"
