"""A kernel manager that starts every grading kernel sandboxed, with limits, as a slot's uid."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from jupyter_client.manager import AsyncKernelManager
from traitlets import Enum, Integer

from autograder.sandbox.command import Limits, bwrap_argv, sandbox_status, with_limits

MB = 1024 * 1024


class SandboxUnavailableError(RuntimeError):
    """sandbox = "require", and bubblewrap cannot run here."""


class SandboxedKernelManager(AsyncKernelManager):
    """Runs the kernel in bubblewrap: its job folder is the only writable place, no network,
    its own pid namespace, a non-root uid and resource limits. Set as
    `Execute.kernel_manager_class`; every limit below is configurable in nbgrader_config.py."""

    sandbox = Enum(["auto", "require", "off"], "auto", help=(
        "auto: sandbox when bubblewrap works here, else limits only (and say so loudly); "
        "require: refuse to grade without the sandbox; off: limits only.")).tag(config=True)
    uid = Integer(61000, help=(
        "uid and gid the kernel runs as when grading as root. Process limits count per uid, "
        "so each concurrent grading slot needs its own.")).tag(config=True)
    memory_mb = Integer(4096, help="Address-space limit of the kernel (RLIMIT_AS), in MiB; "
                        "a bigger allocation raises MemoryError.").tag(config=True)
    cpu_seconds = Integer(600, help="CPU time limit of the kernel (RLIMIT_CPU), in seconds, "
                          "summed over the whole notebook; the kernel is killed past it."
                          ).tag(config=True)
    max_processes = Integer(256, help="Process and thread limit of the kernel's uid "
                            "(RLIMIT_NPROC): stops a fork bomb.").tag(config=True)
    max_file_mb = Integer(256, help="Largest file the kernel may write (RLIMIT_FSIZE), in MiB."
                          ).tag(config=True)

    def limits(self) -> Limits:
        return Limits(self.memory_mb * MB, self.cpu_seconds, self.max_processes,
                      self.max_file_mb * MB)

    def sandboxed(self) -> bool:
        if self.sandbox == "off":
            return False
        status = sandbox_status()
        if not status.sandboxed and self.sandbox == "require":
            raise SandboxUnavailableError(f"no sandbox: {status.reason}")
        if not status.sandboxed:
            self.log.warning("UNSANDBOXED kernel (%s): resource limits only", status.reason)
        return status.sandboxed

    async def _async_pre_start_kernel(self, **kw: Any) -> tuple[list[str], dict[str, Any]]:
        job_dir = Path(kw.get("cwd") or os.getcwd()).resolve()
        sandboxed = self.sandboxed()
        sockets = None
        if sandboxed:
            # ZMQ over unix sockets (the sandbox has no network), in a short path of their own:
            # a socket path may not exceed 107 bytes, and job folders can be deep.
            sockets = Path(tempfile.mkdtemp(prefix="ag-kernel-"))
            self._sockets = sockets
            self.transport = "ipc"
            self.ip = str(sockets / "ipc")
            self.connection_file = str(sockets / "connection.json")
        cmd, kw = await super()._async_pre_start_kernel(**kw)
        cmd = with_limits(cmd, self.limits())
        if sandboxed:
            uid = self.uid if os.geteuid() == 0 else None
            if uid is not None:
                for folder in (job_dir, sockets):
                    _hand_over(folder, uid)
            cmd = [*bwrap_argv(job_dir, uid, sockets), *cmd]
            kw["env"] = {}  # bubblewrap sets the kernel's environment (--clearenv, --setenv)
            # the kernel's own stdout/stderr (banners, crashes) are not the cells' outputs
            kw["stdout"] = kw["stderr"] = subprocess.DEVNULL
        return cmd, kw

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart)
        sockets = getattr(self, "_sockets", None)
        if sockets is not None and not restart:
            shutil.rmtree(sockets, ignore_errors=True)


def _hand_over(job_dir: Path, uid: int) -> None:
    """Let the kernel's uid write its job folder and read its connection file."""
    for folder, dirs, files in os.walk(job_dir):
        os.chown(folder, uid, uid)
        for name in [*dirs, *files]:
            os.chown(os.path.join(folder, name), uid, uid, follow_symlinks=False)
