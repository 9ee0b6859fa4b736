"""nbgrader's in-process API for one course, with its results turned into named errors."""

from __future__ import annotations

import logging
import os
import re
import sys
import warnings
from pathlib import Path
from typing import Any

from nbgrader.api import Gradebook
from nbgrader.apps import NbGraderAPI
from sqlalchemy.exc import SAWarning
from traitlets.config import Config

from autograder.coursedir import load_config
from autograder.errors import NbgraderStepError

# nbgrader 0.9.6's gradebook triggers SQLAlchemy autoflush warnings on every autograde: noise.
warnings.filterwarnings("ignore", category=SAWarning, module="nbgrader")

EXCEPTION_LINE = re.compile(r"^[\w.]+(Error|Exception|Interrupt|Exit): ")


def course_api(root: Path, overrides: Config | None = None) -> NbGraderAPI:
    """An NbGraderAPI configured by root/nbgrader_config.py (plus `overrides`), quiet."""
    put_interpreter_on_path()
    config = load_config(root)
    if overrides is not None:
        config.merge(overrides)
    exchange = config.Exchange.get("root")
    if exchange:  # one machine, one course: the exchange is ours to create
        Path(exchange).mkdir(parents=True, exist_ok=True)
    return api_from_config(config)


def api_from_config(config: Config) -> NbGraderAPI:
    """An NbGraderAPI for a configuration already loaded (a worker gets it from the coordinator)."""
    put_interpreter_on_path()
    api = NbGraderAPI(config=config)
    api.log_level = logging.WARNING
    return api


def put_interpreter_on_path() -> None:
    """nbgrader runs `alembic` (and kernels) from PATH: make it this venv's, activated or not."""
    bin_dir = str(Path(sys.executable).parent)
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = os.pathsep.join([bin_dir, os.environ.get("PATH", "")])


def check_step(result: dict[str, Any], what: str) -> None:
    """Raise NbgraderStepError naming `what` when an NbGraderAPI call reports failure."""
    if not result.get("success"):
        raise NbgraderStepError(f"{what} failed: {last_error_line(result)}")


def last_error_line(result: dict[str, Any]) -> str:
    """The line of nbgrader's captured output that says what went wrong (not the traceback)."""
    text = "\n".join(str(result.get(k) or "") for k in ("log", "error"))
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in reversed(lines):
        if EXCEPTION_LINE.match(line) and "NbGraderException" not in line:
            return line[:300]
    for line in reversed(lines):
        if line.startswith("[ERROR]") and "Please see" not in line:
            return line.removeprefix("[ERROR] ")[:300]
    return lines[-1][:300] if lines else "no output from nbgrader"


def gradebook(api: NbGraderAPI) -> Gradebook:
    return Gradebook(api.coursedir.db_url, api.coursedir.course_id)
