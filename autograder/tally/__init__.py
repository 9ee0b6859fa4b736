"""`autograder tally`: each student's score per pillar, per assignment and in total."""

from autograder.tally.model import Score, StudentTally, Tally
from autograder.tally.query import tally

__all__ = ["Score", "StudentTally", "Tally", "tally"]
