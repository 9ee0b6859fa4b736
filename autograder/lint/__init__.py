"""`autograder lint`: check what an instructor wrote in source/ before it is released."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat

from autograder.coursedir import assignment_ids, require_assignment, source_notebooks
from autograder.errors import NotASourcePathError, SourceNotebookError
from autograder.lint.model import Finding, LintReport
from autograder.lint.rules import RULES, SourceNotebook

__all__ = ["Finding", "LintReport", "lint"]

USAGE = "lint source/, source/<assignment> or source/<assignment>/<notebook>.ipynb"


def lint(root: Path, paths: list[Path] | None = None) -> LintReport:
    """Every rule over the notebooks `paths` names (relative to `root`; default: all)."""
    root = root.resolve()
    notebooks = notebooks_to_lint(root, paths or [Path("source")])
    findings: list[Finding] = []
    for path in notebooks:
        try:
            notebook = nbformat.read(path, as_version=4)
        except Exception as error:
            raise SourceNotebookError(f"cannot read {path.relative_to(root)}: {error}") from error
        source = SourceNotebook(root, path, notebook)
        for rule in RULES:
            findings.extend(rule(source))
    return LintReport(tuple(p.relative_to(root).as_posix() for p in notebooks), tuple(findings))


def notebooks_to_lint(root: Path, paths: list[Path]) -> list[Path]:
    found: dict[Path, None] = {}  # in order, once each, however the paths overlap
    for path in paths:
        found.update(dict.fromkeys(expand(root, path)))
    return list(found)


def expand(root: Path, given: Path) -> list[Path]:
    """The notebooks one command-line path stands for, or a named error saying why none."""
    path = (root / given).resolve()
    shown = os.path.relpath(path, root)  # what the instructor typed may be relative to a cwd
    source = root / "source"
    if path.is_relative_to(root / "release"):
        twin = source / path.relative_to(root / "release")
        raise NotASourcePathError(
            f"{shown} is in release/, which `make release` generates from source/; "
            f"lint its source instead: {twin.relative_to(root)}")
    if not path.is_relative_to(source):
        raise NotASourcePathError(f"{shown} is not under source/ of the course {root}; {USAGE}")
    if not source.is_dir():
        raise NotASourcePathError(f"the course {root} has no source/ folder")
    parts = path.relative_to(source).parts
    if not parts:
        return [nb for assignment in assignment_ids(root)
                for nb in source_notebooks(root, assignment)]
    if len(parts) == 1 and path.suffix != ".ipynb" and not path.is_file():
        return source_notebooks(root, parts[0])  # UnknownAssignmentError if it is no folder
    if len(parts) == 2 and path.suffix == ".ipynb":
        require_assignment(root, parts[0])
        if path.is_file():
            return [path]
        raise NotASourcePathError(f"{shown}: no such notebook")
    raise NotASourcePathError(f"{shown} is not an assignment folder or a notebook in one; {USAGE}")
