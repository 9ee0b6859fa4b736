"""Grading kernels in a sandbox: bubblewrap, a non-root uid per slot, and resource limits."""

from autograder.sandbox.command import SandboxStatus, sandbox_status
from autograder.sandbox.kernel import SandboxedKernelManager

__all__ = ["SandboxStatus", "SandboxedKernelManager", "sandbox_status"]
