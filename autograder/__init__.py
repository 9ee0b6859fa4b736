"""The instructors' side of the course: grading, per-pillar tallies, reports and the demo."""

__version__ = "0.1.0"
