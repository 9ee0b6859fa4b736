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
# Late submissions: due dates and extensions live in the gradebook (see README, "Due dates and
# late penalties"); this plugin takes 10 % of a late notebook's score per started day, at most 50 %.
c.AssignLatePenalties.plugin_class = "autograder.late.PercentPerDayLate"
c.PercentPerDayLate.percent_per_day = 10.0
c.PercentPerDayLate.max_percent = 50.0
# A student who deletes a test cell gets it back at grading instead of a silent "needs review".
c.OverwriteCells.add_missing_cells = True
# nbgrader's default (history in memory), and no ipykernel warning on stderr that ZMQ over
# TCP is unencrypted: stderr in a test cell would cost the student its points.
c.Execute.extra_arguments = ["--HistoryManager.hist_file=:memory:", "--IPKernelApp.log_level=ERROR"]

# Grading safely: `autograder grade` runs each kernel in a bubblewrap sandbox (see README,
# "Grading safely"). These are the defaults; raise or lower them here.
c.SandboxedKernelManager.sandbox = "auto"  # "require" on a grading server, "off" to disable
c.SandboxedKernelManager.memory_mb = 4096  # address space (RLIMIT_AS): MemoryError past it
c.SandboxedKernelManager.cpu_seconds = 600  # CPU time of one notebook (RLIMIT_CPU)
c.SandboxedKernelManager.max_processes = 512  # processes and threads of the kernel's uid
c.SandboxedKernelManager.max_file_mb = 256  # largest file a notebook may write
c.SandboxedKernelManager.uid = 61000  # first uid kernels run as (when grading as root)
c.LimitedExecute.max_output_bytes = 2_000_000  # output kept from one notebook
