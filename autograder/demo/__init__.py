"""`autograder demo`: the whole instructor → student → grader loop in a scratch course."""

from autograder.demo.loop import DemoResult, run_demo
from autograder.demo.students import SIMULATED_STUDENTS

__all__ = ["SIMULATED_STUDENTS", "DemoResult", "run_demo"]
