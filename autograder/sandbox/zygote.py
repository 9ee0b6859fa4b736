"""Inside one submission's sandbox: import the heavy modules once, then fork each kernel.

Run as `python -m autograder.sandbox.zygote MODULES_JSON` inside bubblewrap, started by
`autograder.sandbox.warm.WarmKernels`. It reads one JSON request per line on stdin and answers
one JSON line per event on stdout:

    {"op": "spawn", "key": K, "uid": U|null, "cwd": DIR, "argv": [...], "rlimits": [...]}
        -> {"key": K, "pid": P}         (P: the kernel's pid in the sandbox)
    {"op": "signal", "key": K, "signal": S}
    a kernel exits -> {"key": K, "exit": CODE}

Each kernel is a fresh child process: it gets its own uid, limits, session and random state,
and nothing of an earlier kernel. What it shares with its siblings is only the modules this
process imported before any kernel existed. End of input: every child is killed.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import random
import resource
import select
import signal
import sys
from typing import Any


def preload(modules: list[str]) -> None:
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:  # a module this environment lacks is simply not preloaded
            continue


def become_kernel(request: dict[str, Any]) -> None:
    """In the forked child: drop to the kernel's uid and limits, then run ipykernel."""
    try:
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        os.setsid()
        for name in ("SIGCHLD", "SIGINT", "SIGTERM", "SIGPIPE"):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
        for name, value in request["rlimits"]:
            resource.setrlimit(getattr(resource, name), (value, value))
        if request.get("uid") is not None:
            uid = int(request["uid"])
            os.setgroups([])
            os.setgid(uid)
            os.setuid(uid)
        os.chdir(request["cwd"])
        random.seed()  # siblings must not share the zygote's random state
        if "numpy" in sys.modules:
            sys.modules["numpy"].random.seed()
        from ipykernel.kernelapp import launch_new_instance

        sys.argv = ["ipykernel_launcher", *request["argv"]]
        launch_new_instance(argv=request["argv"])
        os._exit(0)
    except BaseException:  # the kernel manager sees a kernel that died at start
        os._exit(70)


def send(message: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def reap(children: dict[int, str]) -> None:
    while children:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        key = children.pop(pid, None)
        if key is not None:
            send({"key": key, "exit": os.waitstatus_to_exitcode(status)})


def serve() -> None:
    children: dict[int, str] = {}  # pid -> key
    buffer = b""
    wake_read, wake_write = os.pipe()  # a kernel's exit wakes select() through this pipe
    os.set_blocking(wake_write, False)
    os.set_blocking(wake_read, False)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    signal.set_wakeup_fd(wake_write)
    while True:
        readable, _, _ = select.select([sys.stdin.fileno(), wake_read], [], [], 1.0)
        if wake_read in readable:
            while True:
                try:
                    if not os.read(wake_read, 512):
                        break
                except BlockingIOError:
                    break
        reap(children)
        if sys.stdin.fileno() not in readable:
            continue
        chunk = os.read(sys.stdin.fileno(), 65536)
        if not chunk:
            break
        buffer += chunk
        while b"\n" in buffer:
            line, buffer = buffer.split(b"\n", 1)
            request = json.loads(line)
            if request["op"] == "spawn":
                pid = os.fork()
                if pid == 0:
                    signal.set_wakeup_fd(-1)
                    os.close(wake_read)
                    os.close(wake_write)
                    become_kernel(request)
                children[pid] = request["key"]
                send({"key": request["key"], "pid": pid})
            elif request["op"] == "signal":
                for pid, key in children.items():
                    if key == request["key"]:
                        try:
                            os.killpg(pid, request["signal"])
                        except OSError:
                            os.kill(pid, request["signal"])
    for pid in list(children):
        with contextlib.suppress(OSError):
            os.killpg(pid, signal.SIGKILL)


if __name__ == "__main__":
    os.environ.pop("JPY_PARENT_PID", None)
    preload(json.loads(sys.argv[1]) if len(sys.argv) > 1 else [])
    send({"ready": True})
    serve()
