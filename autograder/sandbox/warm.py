"""Pre-started kernels: one zygote per submission, in its sandbox, forks each fresh kernel.

Starting a kernel costs ~1 s of CPU (Python, ipykernel, then the notebook's own imports of
DuckDB, numpy, SQLAlchemy ...), five times per submission. A zygote imports all that once per
submission and forks every kernel from it: each kernel is still a new process with its own uid,
limits and job, but its imports are already done. Nothing crosses between submissions: the
zygote lives in the submission's sandbox and dies with the submission.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import logging
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from autograder.sandbox.command import bwrap_argv

ZYGOTE_SOURCE = Path(__file__).with_name("zygote.py")
READY_SECONDS = 60.0
log = logging.getLogger(__name__)


class WarmStartError(RuntimeError):
    """The zygote did not start; kernels are started the ordinary way instead."""


class ForkedKernel:
    """The Popen-like handle jupyter_client's LocalProvisioner drives, for a forked kernel."""

    stdin = stdout = stderr = None

    def __init__(self, zygote: Zygote, key: str, pid: int) -> None:
        self.zygote, self.key, self.pid = zygote, key, pid

    def poll(self) -> int | None:
        return self.zygote.exit_code(self.key)

    def wait(self, timeout: float | None = None) -> int:
        code = self.zygote.wait_for_exit(self.key, timeout)
        if code is None:
            raise subprocess.TimeoutExpired(f"kernel {self.key}", timeout or 0.0)
        return code

    def send_signal(self, signum: int) -> None:
        self.zygote.signal(self.key, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


class Zygote:
    """The zygote process of one submission, and the kernels it has forked."""

    def __init__(self, root: Path, modules: list[str]) -> None:
        self.root = root.resolve()
        self.sockets = Path(tempfile.mkdtemp(prefix="ag-warm-"))  # short: ipc paths ≤ 107 bytes
        self.sockets.chmod(0o711)  # each kernel's uid may pass through to its own folder only
        self._events: dict[str, dict[str, Any]] = {}
        self._ready = False
        self._changed = threading.Condition()
        self._keys = itertools.count()
        argv = [*bwrap_argv(self.root, None, self.sockets, capabilities=("CAP_SETUID",
                                                                          "CAP_SETGID")),
                sys.executable, "-c", ZYGOTE_SOURCE.read_text(), json.dumps(modules)]
        self.process = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL)
        threading.Thread(target=self._read, daemon=True).start()
        with self._changed:
            if not self._changed.wait_for(lambda: self._ready or self.process.poll() is not None,
                                          READY_SECONDS) or not self._ready:
                self.close()
                raise WarmStartError("the kernel zygote did not start")

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            message = json.loads(line)
            with self._changed:
                if message.get("ready"):
                    self._ready = True
                else:
                    self._events.setdefault(message["key"], {}).update(message)
                self._changed.notify_all()
        with self._changed:  # the zygote is gone, and every kernel with it
            for event in self._events.values():
                event.setdefault("exit", -signal.SIGKILL)
            self._ready = False
            self._changed.notify_all()

    def _send(self, request: dict[str, Any]) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write((json.dumps(request) + "\n").encode())
        self.process.stdin.flush()

    def covers(self, folder: Path) -> bool:
        return folder.resolve().is_relative_to(self.root)

    def spawn(self, uid: int | None, cwd: Path, argv: list[str],
              rlimits: list[tuple[str, int]]) -> ForkedKernel:
        key = f"k{next(self._keys)}"
        self._send({"op": "spawn", "key": key, "uid": uid, "cwd": str(cwd), "argv": argv,
                    "rlimits": rlimits})
        with self._changed:
            if not self._changed.wait_for(lambda: "pid" in self._events.get(key, {})
                                          or self.process.poll() is not None, READY_SECONDS):
                raise WarmStartError("the kernel zygote did not fork a kernel")
            if "pid" not in self._events.get(key, {}):
                raise WarmStartError("the kernel zygote died")
            return ForkedKernel(self, key, self._events[key]["pid"])

    def exit_code(self, key: str) -> int | None:
        with self._changed:
            return self._events.get(key, {}).get("exit")

    def wait_for_exit(self, key: str, timeout: float | None) -> int | None:
        with self._changed:
            self._changed.wait_for(lambda: "exit" in self._events.get(key, {}), timeout)
            return self._events.get(key, {}).get("exit")

    def signal(self, key: str, signum: int) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(BrokenPipeError, ValueError):
                self._send({"op": "signal", "key": key, "signal": int(signum)})

    def close(self) -> None:
        with contextlib.suppress(BrokenPipeError, ValueError, OSError):
            if self.process.stdin:
                self.process.stdin.close()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.sockets, ignore_errors=True)


_ACTIVE: list[Zygote] = []
_ACTIVE_LOCK = threading.Lock()


def zygote_for(job_dir: Path) -> Zygote | None:
    """The running zygote whose sandbox holds `job_dir`, if any."""
    with _ACTIVE_LOCK:
        return next((z for z in _ACTIVE if z.covers(job_dir)), None)


@contextlib.contextmanager
def warm_kernels(root: Path, modules: list[str]) -> Iterator[Zygote | None]:
    """Kernels whose job folder is below `root` are forked from one zygote while this lasts.
    If the zygote cannot start, kernels start the ordinary way (slower, just as safe)."""
    root.mkdir(parents=True, exist_ok=True)
    try:
        zygote = Zygote(root, modules)
    except (WarmStartError, OSError) as error:
        log.warning("pre-started kernels unavailable (%s); starting kernels one by one", error)
        yield None
        return
    with _ACTIVE_LOCK:
        _ACTIVE.append(zygote)
    try:
        yield zygote
    finally:
        with _ACTIVE_LOCK:
            _ACTIVE.remove(zygote)
        zygote.close()
