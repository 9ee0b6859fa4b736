"""Where submissions are graded: in this process, in local worker processes, or on Dask."""

from __future__ import annotations

import multiprocessing
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed

from autograder.errors import SchedulerUnavailableError
from autograder.grade.worker import AssignmentInputs, Submission, WorkerResult, grade_submission

SCHEDULER_TIMEOUT = "20s"


def grade_here(inputs: AssignmentInputs,
               submissions: list[Submission]) -> Iterator[WorkerResult]:
    for submission in submissions:
        yield guarded(inputs, submission)


def grade_in_processes(inputs: AssignmentInputs, submissions: list[Submission],
                       jobs: int) -> Iterator[WorkerResult]:
    """Up to `jobs` submissions at once, each in a spawned worker process."""
    if jobs <= 1 or len(submissions) <= 1:
        yield from grade_here(inputs, submissions)
        return
    context = multiprocessing.get_context("spawn")  # a clean interpreter per worker
    with ProcessPoolExecutor(max_workers=min(jobs, len(submissions)),
                             mp_context=context) as pool:
        futures = {pool.submit(grade_submission, inputs, s): s.student for s in submissions}
        for future in as_completed(futures):
            yield outcome_of(futures[future], future.result)


def grade_on_dask(address: str, inputs: AssignmentInputs,
                  submissions: list[Submission]) -> Iterator[WorkerResult]:
    """Every submission as one task on the Dask cluster whose scheduler is at `address`."""
    try:
        from distributed import Client
        from distributed import as_completed as dask_completed
    except ImportError as error:
        raise SchedulerUnavailableError(f"dask.distributed is not installed: {error}") from error
    try:
        client = Client(address, timeout=SCHEDULER_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as error:
        raise SchedulerUnavailableError(
            f"cannot reach the Dask scheduler at {address}: {error}") from error
    with client:
        try:
            client.wait_for_workers(1, timeout=SCHEDULER_TIMEOUT)
        except TimeoutError as error:
            raise SchedulerUnavailableError(
                f"the Dask scheduler at {address} has no workers") from error
        run = uuid.uuid4().hex[:8]  # keys of earlier runs may still live on the scheduler
        # sent once to every worker, not once per submission
        shared = client.scatter(inputs, broadcast=True, hash=False)
        futures = {client.submit(grade_submission, shared, s, pure=False,
                                 key=f"grade-{inputs.assignment}-{s.student}-{run}"): s.student
                   for s in submissions}
        for future in dask_completed(list(futures), loop=client.loop):
            yield outcome_of(futures[future], future.result)


def guarded(inputs: AssignmentInputs, submission: Submission) -> WorkerResult:
    return outcome_of(submission.student, lambda: grade_submission(inputs, submission))


def outcome_of(student: str, result: Callable[[], WorkerResult]) -> WorkerResult:
    """A worker that died or raised is one ungradable submission, never a lost run."""
    try:
        return result()
    except Exception as error:
        return WorkerResult(student, False, f"worker failed: {type(error).__name__}: {error}")
