"""`python -m course check NOTEBOOK...`: a student's self-check of visible tests."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from course.selfcheck import check


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m course")
    verbs = parser.add_subparsers(dest="verb", required=True)
    run = verbs.add_parser("check", help="run notebooks and report each exercise's visible tests")
    run.add_argument("notebooks", nargs="+", type=Path)
    run.add_argument("--cell-timeout", type=int, default=120, help="seconds per cell")
    run.add_argument("--json", action="store_true",
                     help="print the result as JSON (what the progress panel reads)")
    args = parser.parse_args(argv)
    try:
        result = check(args.notebooks, args.cell_timeout)
    except (FileNotFoundError, RuntimeError) as error:
        print(f"python -m course: error: {error}", file=sys.stderr)
        return 2
    print(json.dumps(result.to_dict()) if args.json else result.report())
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
