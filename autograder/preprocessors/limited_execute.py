"""nbgrader's Execute, bounded: output is capped, and a dead or stuck kernel ends the run."""

from __future__ import annotations

import json
import signal
from typing import Any

from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat import NotebookNode
from nbformat.v4 import new_output
from nbgrader.preprocessors import Execute
from traitlets import Enum, Integer

from autograder.preprocessors.insert_canaries import CANARY_KEY
from autograder.sandbox import SandboxedKernelManager


def not_run(reason: str) -> NotebookNode:
    return new_output("error", ename="NotRun", evalue=reason,
                      traceback=[f"NotRun: {reason}"])


class LimitedExecute(Execute):
    """Execute every cell as nbgrader does, in a SandboxedKernelManager, with two limits a
    hostile notebook cannot lift.

    A flood of output is cut at `max_output_bytes` (the grader keeps a bounded copy), and once
    a cell times out or the kernel dies, the cells after it are marked as not run, so the
    notebook still gets a grade for what ran before instead of failing as a whole.
    """

    max_output_bytes = Integer(
        2_000_000, help="Largest total output, in bytes, kept from one notebook; the rest is "
                        "dropped with a note in the cell that crossed the limit.").tag(config=True)

    # Nothing in a graded kernel needs a graceful exit, and waiting for one costs ~0.4 s per
    # notebook; every process of the kernel's uid is killed afterwards anyway.
    shutdown_kernel = Enum(["graceful", "immediate"], "immediate",
                           help="How the kernel is stopped once the notebook has run.").tag(
                               config=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # nbgrader's Execute passes its kernel manager as an argument, which beats config.
        kwargs.setdefault("kernel_manager_class", SandboxedKernelManager)
        super().__init__(*args, **kwargs)

    def preprocess(self, nb: NotebookNode, resources: Any = None, km: Any = None):
        self._output_bytes = 0
        self._truncated: set[tuple[int, str]] = set()
        self._stopped: str | None = None
        return super().preprocess(nb, resources, km)

    def preprocess_cell(self, cell: NotebookNode, resources: Any, index: int):
        if cell.cell_type != "code":
            return cell, self.resources
        if self._stopped:
            cell.outputs = [not_run(self._stopped)]
            return cell, self.resources
        try:
            cell, resources = super().preprocess_cell(cell, resources, index)
        except DeadKernelError:
            self._stopped = f"the kernel died while running cell {index}{self._how_it_ended()} " \
                            "(a resource limit, os._exit or a crash); later cells were not run"
            cell.outputs.append(not_run(self._stopped))
            return cell, self.resources
        except CellTimeoutError:  # and the kernel would not even stop when interrupted
            self._stopped = f"cell {index} ran past the {self.timeout} s limit and ignored " \
                            "the interrupt; later cells were not run"
            cell.outputs.append(not_run(self._stopped))
            return cell, self.resources
        if any(o.get("ename") == "CellTimeoutError" for o in cell.outputs):
            self._stopped = f"cell {index} ran past the {self.timeout} s limit; later cells " \
                            "were not run"
        return cell, self.resources

    def _how_it_ended(self) -> str:
        """', killed by SIGABRT' or ', exit status 1': what tells a crash from a limit."""
        process = getattr(getattr(self.km, "provisioner", None), "process", None)
        try:
            code = process.wait(timeout=2) if process is not None else None
        except Exception:  # still running, or already reaped: nothing more to say
            return ""
        if code is None:
            return ""
        if code < 0:
            try:
                return f", killed by {signal.Signals(-code).name}"
            except ValueError:
                return f", killed by signal {-code}"
        return f", exit status {code}"

    def output(self, outs: list[NotebookNode], msg: dict[str, Any], display_id: str | None,
               cell_index: int) -> NotebookNode | None:
        content = msg.get("content", {})
        self._output_bytes += len(json.dumps(content, default=str))
        keep = (self._output_bytes <= self.max_output_bytes
                or msg.get("msg_type") == "error"  # an error decides a grade: never dropped
                or CANARY_KEY in self.nb.cells[cell_index].get("metadata", {}))
        if keep:
            return super().output(outs, msg, display_id, cell_index)
        # one note per cell and stream; a cell that wrote to stderr keeps a stderr note,
        # since nbgrader scores a test cell with stderr output as failed
        stream = content.get("name", "stdout") if msg.get("msg_type") == "stream" else "stdout"
        if (cell_index, stream) not in self._truncated:
            self._truncated.add((cell_index, stream))
            outs.append(new_output("stream", name=stream, text=(
                f"\n[output truncated: the notebook printed more than "
                f"{self.max_output_bytes} bytes]\n")))
        return None
