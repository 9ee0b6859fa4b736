"""The command line that starts a kernel inside bubblewrap, as another uid, with rlimits."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import course

# Set the limits in the kernel's own process, then become the kernel: portable (no prlimit),
# and the limits hold for everything the kernel starts.
_RLIMIT_EXEC = (
    "import os, resource, sys\n"
    "for name, value in {limits!r}:\n"
    "    resource.setrlimit(getattr(resource, name), (value, value))\n"
    "os.execv(sys.argv[1], sys.argv[1:])\n"
)


@dataclass(frozen=True)
class Limits:
    memory_bytes: int
    cpu_seconds: int
    processes: int
    file_bytes: int

    def rlimits(self) -> list[tuple[str, int]]:
        return [("RLIMIT_AS", self.memory_bytes), ("RLIMIT_CPU", self.cpu_seconds),
                ("RLIMIT_NPROC", self.processes), ("RLIMIT_FSIZE", self.file_bytes),
                ("RLIMIT_CORE", 0)]


@dataclass(frozen=True)
class SandboxStatus:
    sandboxed: bool
    reason: str  # why not, when not


def with_limits(cmd: list[str], limits: Limits) -> list[str]:
    code = _RLIMIT_EXEC.format(limits=limits.rlimits())
    return [sys.executable, "-c", code, *cmd]


def readable_paths() -> list[Path]:
    """What a kernel needs to read: the system, this Python, its venv and the course package."""
    system = [Path(p) for p in ("/usr", "/bin", "/lib", "/lib64", "/lib32", "/sbin", "/etc")]
    python = [Path(sys.base_prefix), Path(sys.prefix), Path(course.__file__).parent]
    return [p for p in system if p.exists()] + [p.resolve() for p in python]


def bwrap_argv(job_dir: Path, uid: int | None, sockets: Path | None = None,
               capabilities: tuple[str, ...] = ()) -> list[str]:
    """bubblewrap options: only `job_dir` (and the kernel's `sockets` folder) is writable;
    no network; its own pid namespace. `capabilities` are kept when grading as root (the
    kernel zygote keeps CAP_SETUID/CAP_SETGID to hand each kernel its own uid)."""
    as_root = os.geteuid() == 0
    # No --as-pid-1: bubblewrap's own init stays pid 1 (root, killed with its parent), so the
    # whole namespace dies with it even after setpriv clears the kernel's parent-death signal.
    # The kernel sees no JPY_PARENT_PID (--clearenv), so it does not poll for its parent.
    argv = ["bwrap", "--die-with-parent", "--new-session", "--clearenv",
            "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts",
            "--unshare-cgroup-try"]
    if not as_root:
        argv.append("--unshare-user")  # without root, namespaces come through a user namespace
    for capability in capabilities if as_root else ():
        argv += ["--cap-add", capability]
    # /tmp first: a job folder or a venv below /tmp is bound on top of the sandbox's own /tmp.
    argv += ["--proc", "/proc", "--dev", "/dev", "--perms", "1777", "--tmpfs", "/tmp"]
    made: set[Path] = {Path("/tmp")}
    writable = [job_dir, *([sockets] if sockets else [])]
    for path in [*readable_paths(), *writable]:
        for parent in reversed(path.parents):  # parents the kernel's uid may walk through
            if parent != Path("/") and parent not in made and not _bound_above(parent):
                argv += ["--perms", "0755", "--dir", str(parent)]
                made.add(parent)
        flag = "--bind" if path in writable else "--ro-bind"
        argv += [flag, str(path), str(path)]
    environment = {"HOME": "/tmp", "PATH": f"{Path(sys.prefix) / 'bin'}:/usr/bin:/bin",
                   "LANG": "C.UTF-8", "IPYTHONDIR": "/tmp/.ipython",
                   "MPLCONFIGDIR": "/tmp/.matplotlib", "PYTHONDONTWRITEBYTECODE": "1",
                   # one BLAS thread: kernels share the grader's cores, and a forked kernel
                   # must not inherit a thread pool it does not own
                   "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
                   # glibc reserves 64 MiB of address space per malloc arena, up to 8 per core:
                   # a notebook with ~140 threads (DuckDB's) then reserves ~2.5 GiB against the
                   # 4 GiB RLIMIT_AS, and a C++ thread that cannot allocate aborts the kernel.
                   # Two arenas measured 1.6 GiB for the REST notebook (was 2.5 GiB).
                   "MALLOC_ARENA_MAX": "2"}
    argv += ["--chdir", str(job_dir)]
    for name, value in environment.items():
        argv += ["--setenv", name, value]
    argv.append("--")
    if as_root and uid is not None:
        argv += ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups",
                 "--no-new-privs", "--inh-caps=-all", "--"]
    return argv


def _bound_above(path: Path) -> bool:
    return any(path == p or p in path.parents for p in readable_paths())


@functools.cache
def sandbox_status() -> SandboxStatus:
    """Can kernels be sandboxed here? Tried once per process with a real bubblewrap run."""
    if not sys.platform.startswith("linux"):
        return SandboxStatus(False, f"no bubblewrap sandbox on {sys.platform}")
    if shutil.which("bwrap") is None:
        return SandboxStatus(False, "bubblewrap (bwrap) is not installed")
    if os.geteuid() == 0 and shutil.which("setpriv") is None:
        return SandboxStatus(False, "setpriv (util-linux) is not installed")
    probe = Path("/tmp")
    try:
        result = subprocess.run([*bwrap_argv(probe, None), sys.executable, "-c", "pass"],
                                capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as error:
        return SandboxStatus(False, f"bubblewrap failed to start: {error}")
    if result.returncode != 0:
        return SandboxStatus(False, f"bubblewrap failed: {result.stderr.strip()[:200]}")
    return SandboxStatus(True, "")
