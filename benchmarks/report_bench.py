"""Report speed: the cohort report of a synthetic class of 1 000 students (target: under 10 s)."""

from __future__ import annotations

import math
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import tally_bench  # noqa: E402

from autograder.report import write_report  # noqa: E402


def ability(rng: random.Random, student: int, cell: int) -> float:
    """Full points (2) with a chance that rises with skill and falls with difficulty."""
    skill, difficulty = (student % 100) / 25 - 2, (cell % 10) / 5 - 1
    return 2.0 if rng.random() < 1 / (1 + math.exp(difficulty - skill)) else 0.0


def run(students: int = 1_000, cells: int = 50) -> float:
    scratch = ROOT / ".scratch" / "bench-report"
    tally_bench.build(scratch, students, cells, score_of=ability)
    started = time.perf_counter()
    path = write_report(scratch)
    seconds = time.perf_counter() - started
    print(f"report: {students} students x {cells} cells in {seconds:.2f} s "
          f"({path.stat().st_size / 1e6:.1f} MB of HTML; target: under 10 s) -> {path}")
    return seconds


if __name__ == "__main__":
    run()
