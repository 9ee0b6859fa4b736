"""Pre-started kernels: forked from one zygote per submission, each still a fresh process."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

from autograder.sandbox import warm
from autograder.sandbox.kernel import SandboxedKernelManager
from autograder.sandbox.warm import warm_kernels
from conftest import skip_or_fail

PROBE = ("import os, sys\n"
         "print(os.getpid(), os.getuid(), 'duckdb' in sys.modules,"
         " getattr(sys, 'left_behind', None))\n"
         "sys.left_behind = 'by an earlier kernel'")


@pytest.fixture(autouse=True)
def sandboxed():
    from autograder.sandbox import sandbox_status

    status = sandbox_status()
    if not status.sandboxed:
        skip_or_fail(f"no sandbox here: {status.reason}")


async def run_probe(job: Path) -> tuple[list[str], SandboxedKernelManager]:
    manager = SandboxedKernelManager(kernel_name="python3")
    await manager.start_kernel(cwd=str(job), extra_arguments=["--IPKernelApp.log_level=ERROR"])
    client = manager.client()
    client.start_channels()
    try:
        await client.wait_for_ready(timeout=30)
        lines: list[str] = []
        await client.execute_interactive(
            PROBE, timeout=30, output_hook=lambda m: lines.append(m["content"].get("text", "")))
        return "".join(lines).split(), manager
    finally:
        client.stop_channels()
        await manager.shutdown_kernel(now=True)


def probe_twice(job: Path) -> tuple[list[list[str]], list[bool]]:
    async def both():
        first, m1 = await run_probe(job)
        second, m2 = await run_probe(job)
        return [first, second], [m1._warm is not None, m2._warm is not None]
    return asyncio.run(both())


def test_are_forked_kernels_fresh_processes_with_the_imports_already_done(tmp_path):
    job = tmp_path / "student" / "assignment"
    job.mkdir(parents=True)
    with warm_kernels(tmp_path / "student", ["duckdb"]) as zygote:
        assert zygote is not None
        (first, second), forked = probe_twice(job)
    assert forked == [True, True]
    assert first[0] != second[0]  # two processes
    assert first[2] == second[2] == "True"  # duckdb was imported before either existed
    assert first[3] == second[3] == "None"  # nothing one kernel did reaches the next
    if os.geteuid() == 0:
        assert first[1] != "0" and second[1] != "0"  # each kernel runs as a non-root uid


def test_without_a_zygote_kernels_start_the_ordinary_way(tmp_path):
    job = tmp_path / "student" / "assignment"
    job.mkdir(parents=True)
    (first, _), forked = probe_twice(job)
    assert forked == [False, False]
    assert first[3] == "None"


def test_a_zygote_that_cannot_start_falls_back_to_ordinary_kernels(tmp_path, monkeypatch):
    broken = tmp_path / "zygote.py"
    broken.write_text("raise SystemExit(3)\n")
    monkeypatch.setattr(warm, "ZYGOTE_SOURCE", broken)
    job = tmp_path / "student" / "assignment"
    job.mkdir(parents=True)
    with warm_kernels(tmp_path / "student", []) as zygote:
        assert zygote is None
        (first, _), forked = probe_twice(job)
    assert forked == [False, False]
    assert first[3] == "None"
