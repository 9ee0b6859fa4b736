"""Named errors: each ends a command with a clear message and a non-zero exit, no traceback."""

from __future__ import annotations


class AutograderError(Exception):
    """A problem the instructor can fix; the CLI prints it and exits with `exit_code`."""

    exit_code = 2


class NotACourseError(AutograderError):
    """No nbgrader_config.py in this folder or any folder above it."""


class UnknownAssignmentError(AutograderError):
    """The assignment has no folder under source/."""


class MissingStudentError(AutograderError):
    """A student named on the command line has no submission or gradebook record."""


class SourceNotebookError(AutograderError):
    """An instructor notebook under source/ is broken: unreadable, or tagged wrongly."""


class NbgraderStepError(AutograderError):
    """An nbgrader step (generate, release, collect, feedback) reported failure."""


class GradebookError(AutograderError):
    """The gradebook could not be read or written."""


class SandboxUnavailableError(AutograderError):
    """The configuration requires the sandbox, and bubblewrap cannot run on this machine."""


class SchedulerUnavailableError(AutograderError):
    """`--scheduler ADDRESS` names a Dask scheduler that cannot be reached or used."""


class NotASourcePathError(AutograderError):
    """A path to lint is not source/, an assignment folder in it, or a notebook in one."""


class BadValueError(AutograderError):
    """A value on the command line is out of range (a negative extension, say)."""
