"""nbgrader configuration: the repository root is the course directory."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent
STATE = ROOT / ".nbgrader"  # git-ignored: the exchange and the students' caches

c = get_config()  # noqa: F821 - injected by traitlets when nbgrader loads this file

c.CourseDirectory.course_id = "backend-roadmap"
c.CourseDirectory.root = str(ROOT)
c.CourseDirectory.db_url = f"sqlite:///{ROOT / 'gradebook.db'}"

c.Exchange.root = os.environ.get("NBGRADER_EXCHANGE", str(STATE / "exchange"))
c.Exchange.cache = os.environ.get("NBGRADER_CACHE", str(STATE / "cache"))
# One machine, one OS user: every simulated student's submission is owned by the instructor.
c.ExchangeCollect.check_owner = False

c.IncludeHeaderFooter.header = str(ROOT / "source" / "header.ipynb")
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}

# A test cell that runs longer than this is an error, and scores 0.
c.Execute.timeout = 60
# A student who deletes a test cell gets it back at grading instead of a silent "needs review".
c.OverwriteCells.add_missing_cells = True
# nbgrader's default (history in memory), and no ipykernel warning on stderr that ZMQ over
# TCP is unencrypted: stderr in a test cell would cost the student its points.
c.Execute.extra_arguments = ["--HistoryManager.hist_file=:memory:", "--IPKernelApp.log_level=ERROR"]
