"""The sandbox's command line, its uid sweep, and grading without it (said loudly)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

import tiny_course
from autograder.coursedir import working_directory
from autograder.grade import grade_assignment
from autograder.nbgrader_api import check_step, course_api
from autograder.sandbox import sandbox_status
from autograder.sandbox.command import Limits, bwrap_argv, readable_paths, with_limits
from autograder.sandbox.kernel import kill_processes_of
from conftest import skip_or_fail


def test_limits_are_set_in_the_process_before_it_becomes_the_kernel():
    limits = Limits(512 * 2**20, 5, 64, 2**20)
    probe = [sys.executable, "-c",
             "import resource as r; print(r.getrlimit(r.RLIMIT_AS)[0], "
             "r.getrlimit(r.RLIMIT_CPU)[0], r.getrlimit(r.RLIMIT_FSIZE)[0])"]
    output = subprocess.run(with_limits(probe, limits), capture_output=True, text=True,
                            check=True).stdout.split()
    assert output == [str(512 * 2**20), "5", str(2**20)]


def test_only_the_job_folder_is_bound_writable(tmp_path):
    argv = bwrap_argv(tmp_path, None)
    writable = [argv[i + 1] for i, flag in enumerate(argv) if flag == "--bind"]
    assert writable == [str(tmp_path)]
    assert "--unshare-net" in argv and "--unshare-pid" in argv and "--clearenv" in argv
    assert all(str(p) in argv for p in readable_paths())


def test_the_sandbox_hides_the_course_and_the_network(tmp_path):
    status = sandbox_status()
    if not status.sandboxed:
        skip_or_fail(f"no sandbox here: {status.reason}")
    course_source = str(tiny_course.ROOT / "source")
    code = ("import os, socket\n"
            f"print(os.path.exists({course_source!r}))\n"
            "try:\n    socket.create_connection(('127.0.0.1', 22), timeout=1)\n"
            "except OSError as e:\n    print(type(e).__name__)\n")
    uid = 61999 if os.geteuid() == 0 else None
    if uid is not None:
        os.chown(tmp_path, uid, uid)
    result = subprocess.run([*bwrap_argv(tmp_path, uid), sys.executable, "-c", code],
                            capture_output=True, text=True, timeout=60)
    assert result.stdout.split() == ["False", "ConnectionRefusedError"], result.stderr


def test_the_uid_sweep_refuses_root():
    with pytest.raises(ValueError):
        kill_processes_of(0)


def test_the_uid_sweep_kills_every_process_of_that_uid():
    if os.geteuid() != 0:
        pytest.skip("only root can run processes as another uid")
    uid = 61998
    sleepers = [subprocess.Popen(["setpriv", f"--reuid={uid}", f"--regid={uid}",
                                  "--clear-groups", "sleep", "60"]) for _ in range(3)]
    try:
        assert kill_processes_of(uid) >= 3
        assert all(p.wait(timeout=10) != 0 for p in sleepers)
    finally:
        for process in sleepers:
            process.kill()


@pytest.fixture
def unsandboxed(tmp_path):
    """The tiny course with the sandbox off, and sam's untouched release submitted."""
    root = tiny_course.make(tmp_path / "course")
    with (root / "nbgrader_config.py").open("a") as config:
        config.write("\nc.SandboxedKernelManager.sandbox = 'off'\n")
    tiny_course.submit_release(root, "sam")
    return root


def test_grading_with_the_sandbox_off_says_unsandboxed_and_still_grades(unsandboxed):
    root = unsandboxed
    report = grade_assignment(root, tiny_course.ASSIGNMENT)
    assert report.sandbox.startswith("UNSANDBOXED")
    assert "UNSANDBOXED" in report.summary()
    assert [(r.student, r.score, r.sandboxed) for r in report.results] == [("sam", 6.0, False)]


def test_a_regrade_after_a_test_changes_names_whose_grade_changed(unsandboxed):
    root = unsandboxed
    assert grade_assignment(root, tiny_course.ASSIGNMENT).results[0].score == 6.0
    # the instructor makes the "embed" test fail, regenerates, and regrades
    source = root / "source" / tiny_course.ASSIGNMENT / f"{tiny_course.NOTEBOOK}.ipynb"
    source.write_text(source.read_text().replace("assert True  # embed", "assert False  # embed"))
    with working_directory(root):
        check_step(course_api(root).generate_assignment(tiny_course.ASSIGNMENT), "generate")
    again = grade_assignment(root, tiny_course.ASSIGNMENT, force=True)
    assert again.changes == (("sam", 6.0, 5.0),)
    assert "changed by this run: sam 6 -> 5" in again.summary()
