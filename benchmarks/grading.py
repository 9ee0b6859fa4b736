"""Grading throughput: stock `nbgrader autograde` against `autograder grade` on the same class.

Builds a class of 03-databases-caching submissions (solutions, blanks, partials, a few hostile
ones from the corpus), copies the course twice, grades one copy with stock nbgrader and the
other with `autograder grade`, and prints submissions per second for each, the ratio, and the
physical limit: the summed cell execution time of the same notebooks in one already-running
kernel, divided by the cores. Non-hostile submissions must score the same under both.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
from jupyter_client.manager import start_new_kernel
from nbgrader.api import Gradebook

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the class is built from the test fixtures

from hostile_corpus import corpus  # noqa: E402

from classroom import build_course, class_of, write_submission  # noqa: E402

ASSIGNMENT = "03-databases-caching"
# Hostile kinds stock nbgrader survives unharmed (no fork bomb, no killing the grader): they
# show what stock nbgrader scores them, and cost both graders the same execution time.
HOSTILE = ("always-equal", "transformer-pass", "patch-checks", "read-hidden-tests")
BIN = Path(sys.executable).parent


def build_class(scratch: Path, size: int) -> dict[str, str]:
    """A generated course with `size` submissions in submitted/; returns {student: kind}."""
    build_course(scratch, [ASSIGNMENT])
    classroom = class_of(ASSIGNMENT)
    solution = classroom["solution"]
    partials = [(name, answers) for name, answers in classroom.items() if "." in name]
    hostile = [h for h in corpus() if h.name in HOSTILE]
    kinds: dict[str, str] = {}
    n_hostile = min(len(hostile), max(1, size // 10))
    n_blank = size // 5
    n_partial = min(len(partials), (size - n_hostile - n_blank) // 2)
    n_full = size - n_hostile - n_blank - n_partial
    for i in range(n_full):
        write_submission(scratch, ASSIGNMENT, f"full-{i:02d}", solution)
        kinds[f"full-{i:02d}"] = "solution"
    for i in range(n_blank):
        write_submission(scratch, ASSIGNMENT, f"blank-{i:02d}", dict.fromkeys(solution))
        kinds[f"blank-{i:02d}"] = "blank"
    for i, (name, answers) in enumerate(partials[:n_partial]):
        write_submission(scratch, ASSIGNMENT, f"partial-{i:02d}", {**solution, **answers})
        kinds[f"partial-{i:02d}"] = f"partial ({name})"
    for kind in hostile[:n_hostile]:
        student = f"hostile-{kind.name}"
        write_submission(scratch, ASSIGNMENT, student, solution)
        notebook = "04-caching-with-redis"
        release = nbformat.read(scratch / "release" / ASSIGNMENT / f"{notebook}.ipynb", 4)
        built = kind.build(release)
        path = scratch / "submitted" / student / ASSIGNMENT / f"{notebook}.ipynb"
        path.write_text(built if isinstance(built, str) else nbformat.writes(built))
        kinds[student] = f"hostile ({kind.name})"
    return kinds


def timed(argv: list[str], cwd: Path) -> float:
    env = {**os.environ, "PATH": f"{BIN}:{os.environ.get('PATH', '')}", "CI": "1"}
    started = time.perf_counter()
    subprocess.run(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - started


def totals(course: Path) -> dict[str, float]:
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as book:
        return {s.student.id: float(s.score)
                for s in book.find_assignment(ASSIGNMENT).submissions}


def cell_seconds_in_one_kernel(notebooks: list[Path]) -> float:
    """Execute every code cell of `notebooks` in one kernel started beforehand (namespace reset
    between notebooks) and sum the time: the work itself, without start-up or grading."""
    manager, client = start_new_kernel(kernel_name="python3",
                                       extra_arguments=["--HistoryManager.hist_file=:memory:"])
    total = 0.0
    try:
        for path in notebooks:
            client.execute_interactive("%reset -f", timeout=60, output_hook=lambda _msg: None)
            for cell in nbformat.read(path, as_version=4).cells:
                if cell.cell_type != "code":
                    continue
                started = time.perf_counter()
                client.execute_interactive(cell.source, timeout=120,
                                           output_hook=lambda _msg: None)
                total += time.perf_counter() - started
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=40)
    parser.add_argument("--jobs", type=int, default=None, help="autograder grade --jobs")
    parser.add_argument("--workdir", type=Path, default=ROOT / ".scratch" / "bench-grading")
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    base, stock, ours = (args.workdir / n for n in ("class", "stock", "ours"))
    shutil.rmtree(args.workdir, ignore_errors=True)
    print(f"building a class of {args.submissions} submissions of {ASSIGNMENT} ...", flush=True)
    kinds = build_class(base, args.submissions)
    for copy in (stock, ours):
        shutil.copytree(base, copy, symlinks=True)
    n = len(kinds)
    print("grading with stock nbgrader autograde (one after another) ...", flush=True)
    stock_seconds = timed([str(BIN / "nbgrader"), "autograde", ASSIGNMENT], stock)
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    print(f"grading with autograder grade {' '.join(jobs)} ...", flush=True)
    ours_seconds = timed([str(BIN / "autograder"), "grade", ASSIGNMENT, *jobs], ours)
    honest = sorted(s for s, kind in kinds.items() if not kind.startswith("hostile"))
    graded = sorted((ours / "autograded").glob(f"*/{ASSIGNMENT}/*.ipynb"))
    work = [p for p in graded if p.parts[-3] in honest]
    print(f"executing the {len(work)} graded notebooks of honest submissions in one "
          f"running kernel ...", flush=True)
    limit_seconds = cell_seconds_in_one_kernel(work) * n / max(1, len(honest)) / cores

    stock_scores, our_scores = totals(stock), totals(ours)
    differ = [f"{s}: stock {stock_scores.get(s)} vs ours {our_scores.get(s)}" for s in honest
              if stock_scores.get(s) != our_scores.get(s)]
    print(f"\nGrading {n} submissions of {ASSIGNMENT} on {cores} cores "
          f"({len(honest)} honest, {n - len(honest)} hostile):")
    print(f"  stock nbgrader autograde   {stock_seconds:7.1f} s  {n / stock_seconds:6.3f} "
          "submissions/s")
    print(f"  autograder grade           {ours_seconds:7.1f} s  {n / ours_seconds:6.3f} "
          f"submissions/s  ({stock_seconds / ours_seconds:.2f}x stock)")
    print(f"  physical limit             {limit_seconds:7.1f} s  {n / limit_seconds:6.3f} "
          "submissions/s  (cell time in one running kernel / cores)")
    print(f"  identical scores on the {len(honest)} honest submissions: "
          f"{'yes' if not differ else 'NO'}")
    for line in differ:
        print(f"    {line}")
    for student, kind in sorted(kinds.items()):
        if kind.startswith("hostile"):
            print(f"  {kind}: stock scored {stock_scores.get(student)}, "
                  f"ours {our_scores.get(student)}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
