"""A kernel manager that starts every grading kernel sandboxed, with limits, as a slot's uid."""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from jupyter_client.manager import AsyncKernelManager
from traitlets import Bool, Enum, Integer, List, Unicode

from autograder.sandbox.command import Limits, bwrap_argv, sandbox_status, with_limits
from autograder.sandbox.warm import zygote_for

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
        "First uid (and gid) a kernel runs as when grading as root. Process limits count per "
        "uid, so each running kernel takes the first free uid from here on, held with a lock "
        "file in /tmp while it runs.")).tag(config=True)
    memory_mb = Integer(4096, help="Address-space limit of the kernel (RLIMIT_AS), in MiB; "
                        "a bigger allocation raises MemoryError.").tag(config=True)
    cpu_seconds = Integer(600, help="CPU time limit of the kernel (RLIMIT_CPU), in seconds, "
                          "summed over the whole notebook; the kernel is killed past it."
                          ).tag(config=True)
    max_processes = Integer(512, help="Process and thread limit of the kernel's uid "
                            "(RLIMIT_NPROC): stops a fork bomb.").tag(config=True)
    max_file_mb = Integer(256, help="Largest file the kernel may write (RLIMIT_FSIZE), in MiB."
                          ).tag(config=True)

    warm_start = Bool(True, help=(
        "Fork each kernel of a submission from a zygote that has imported warm_imports once, "
        "inside the submission's sandbox (sandboxed grading only). Every kernel is still a "
        "new process with its own uid and limits; this saves ~1 s of CPU per notebook."
        )).tag(config=True)
    warm_imports = List(Unicode(), [
        "ipykernel.kernelapp", "ipykernel.ipkernel", "IPython", "jupyter_client", "numpy",
        "duckdb", "sqlalchemy", "redis", "fakeredis", "ipywidgets", "course.checks",
        "course.backends", "course.clock", "course.datasets", "course.embeddings",
    ], help="Modules the zygote imports before forking kernels (missing ones are skipped)."
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
        zygote = zygote_for(job_dir) if sandboxed and self.warm_start else None
        self._warm = None
        if sandboxed:
            # ZMQ over unix sockets (the sandbox has no network), in a short path of their own:
            # a socket path may not exceed 107 bytes, and job folders can be deep.
            sockets = Path(tempfile.mkdtemp(prefix="k", dir=zygote.sockets) if zygote
                           else tempfile.mkdtemp(prefix="ag-kernel-"))
            self._sockets = sockets
            self.transport = "ipc"
            self.ip = str(sockets / "ipc")
            self.connection_file = str(sockets / "connection.json")
        cmd, kw = await super()._async_pre_start_kernel(**kw)
        kernel_args = cmd[cmd.index("ipykernel_launcher") + 1:] \
            if "ipykernel_launcher" in cmd else None
        cmd = with_limits(cmd, self.limits())
        if sandboxed:
            # Signals do not cross into the sandbox's session: interrupt over the control channel.
            self.kernel_spec.interrupt_mode = "message"
            uid = self._claim_uid() if os.geteuid() == 0 else None
            if uid is not None:
                kill_processes_of(uid)  # a slot starts clean, whatever the last kernel left
                for folder in (job_dir, sockets):
                    _hand_over(folder, uid)
            if zygote is not None and kernel_args is not None:
                self._warm = (zygote, uid, job_dir, kernel_args)
            cmd = [*bwrap_argv(job_dir, uid, sockets), *cmd]
            kw["env"] = {}  # bubblewrap sets the kernel's environment (--clearenv, --setenv)
            # the kernel's own stdout/stderr (banners, crashes) are not the cells' outputs
            kw["stdout"] = kw["stderr"] = subprocess.DEVNULL
        return cmd, kw

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
        if self._warm is None:
            return await super()._async_launch_kernel(kernel_cmd, **kw)
        zygote, uid, job_dir, kernel_args = self._warm
        kernel = zygote.spawn(uid, job_dir, kernel_args, self.limits().rlimits())
        provisioner = self.provisioner
        provisioner.process, provisioner.pid, provisioner.pgid = kernel, kernel.pid, None
        provisioner.cwd = job_dir
        self._reconcile_connection_info(provisioner.connection_info)
        return None

    def _claim_uid(self) -> int:
        """The first uid from `uid` on that no other kernel, in any process, is using."""
        for uid in range(self.uid, self.uid + 4096):
            handle = os.open(_lock_path(uid), os.O_CREAT | os.O_RDWR, 0o600)
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(handle)
                continue
            self._claim = (uid, handle)
            return uid
        raise RuntimeError(f"no free kernel uid in {self.uid}..{self.uid + 4095}")

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart)
        claim = getattr(self, "_claim", None)
        if not restart and claim is not None:
            kill_processes_of(claim[0])  # a fork bomb's children must not outlive the kernel
            os.close(claim[1])  # frees the uid for the next kernel
            self._claim = None
        sockets = getattr(self, "_sockets", None)
        if sockets is not None and not restart:
            shutil.rmtree(sockets, ignore_errors=True)


def _lock_path(uid: int) -> str:
    return os.path.join(tempfile.gettempdir(), f"autograder-kernel-uid-{uid}.lock")


def kill_processes_of(uid: int) -> int:
    """SIGKILL every process whose real uid is `uid` (a grading slot's own); returns how many."""
    if uid == 0:
        raise ValueError("refusing to kill root's processes")
    killed = 0
    for _ in range(5):  # processes forked while we sweep are caught by the next pass
        pids = [int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit()
                and _real_uid(p) == uid]
        if not pids:
            break
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
                killed += 1
            except ProcessLookupError:
                pass
    return killed


def _real_uid(proc: Path) -> int | None:
    try:
        for line in (proc / "status").read_text().splitlines():
            if line.startswith("Uid:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def _hand_over(job_dir: Path, uid: int) -> None:
    """Let the kernel's uid write its job folder and read its connection file."""
    for folder, dirs, files in os.walk(job_dir):
        os.chown(folder, uid, uid)
        for name in [*dirs, *files]:
            os.chown(os.path.join(folder, name), uid, uid, follow_symlinks=False)
