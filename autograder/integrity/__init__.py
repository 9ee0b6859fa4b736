"""Integrity of a grading run: static scan of student code and canary verdicts."""
