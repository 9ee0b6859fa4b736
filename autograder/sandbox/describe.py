"""How kernels will run on this machine under a sandbox setting, in words a summary can print."""

from __future__ import annotations

from autograder.errors import SandboxUnavailableError
from autograder.sandbox.command import sandbox_status

SANDBOXED = "bubblewrap sandbox (no network, no view of the course, a non-root uid, limits)"


def describe_sandbox(mode: str) -> str:
    """`mode` is c.SandboxedKernelManager.sandbox: "auto", "require" or "off"."""
    status = sandbox_status()
    if mode == "off":
        return "UNSANDBOXED: the sandbox is off in nbgrader_config.py (resource limits only)"
    if not status.sandboxed:
        if mode == "require":
            raise SandboxUnavailableError(f"the sandbox is required and {status.reason}")
        return f"UNSANDBOXED: {status.reason} (resource limits only)"
    return SANDBOXED


def is_sandboxed(description: str) -> bool:
    return description == SANDBOXED
