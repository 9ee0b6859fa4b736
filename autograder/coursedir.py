"""The course directory: where it is, its nbgrader config, its assignments and notebooks."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

from autograder.errors import NotACourseError, UnknownAssignmentError

CONFIG_FILE = "nbgrader_config.py"


def find_root(start: Path | None = None) -> Path:
    """The nearest folder at or above `start` (default: cwd) holding nbgrader_config.py."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder
    raise NotACourseError(f"no {CONFIG_FILE} in {here} or any folder above it; "
                          "run this from the course directory (the repository root)")


def load_config(root: Path) -> Config:
    """nbgrader_config.py of the course at `root`, as nbgrader itself would load it."""
    return PyFileConfigLoader(CONFIG_FILE, path=str(root)).load_config()


def gradebook_url(root: Path) -> str | None:
    """The course's gradebook (nbgrader's `db_url`), or None while a SQLite one is not made yet:
    reading a gradebook must not create an empty one."""
    url = load_config(root).CourseDirectory.get("db_url") or f"sqlite:///{root / 'gradebook.db'}"
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        return None
    return url


def assignment_ids(root: Path) -> list[str]:
    """The assignments that have a folder under source/, in order."""
    source = root / "source"
    return sorted(p.name for p in source.iterdir() if p.is_dir() and not p.name.startswith("."))


def require_assignment(root: Path, assignment: str) -> Path:
    folder = root / "source" / assignment
    if not folder.is_dir() or assignment.startswith("."):
        known = ", ".join(assignment_ids(root)) or "none"
        raise UnknownAssignmentError(
            f"unknown assignment {assignment!r}: no folder source/{assignment} "
            f"(assignments with a source folder: {known})")
    return folder


def source_notebooks(root: Path, assignment: str) -> list[Path]:
    return sorted(require_assignment(root, assignment).glob("*.ipynb"))


@contextlib.contextmanager
def working_directory(path: Path) -> Iterator[None]:
    """nbgrader resolves some paths against the cwd: run its steps from the course root."""
    previous = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(previous)
