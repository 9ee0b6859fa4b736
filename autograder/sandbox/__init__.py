"""Grading kernels in a sandbox: bubblewrap, a non-root uid per slot, and resource limits."""

from autograder.sandbox.command import SandboxStatus, sandbox_status
from autograder.sandbox.describe import describe_sandbox, is_sandboxed
from autograder.sandbox.kernel import SandboxedKernelManager

__all__ = ["SandboxStatus", "SandboxedKernelManager", "describe_sandbox", "is_sandboxed",
           "sandbox_status"]
