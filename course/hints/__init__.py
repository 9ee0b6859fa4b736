"""Progressive hints per exercise: each call of `hint("part2")` shows the next one."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

HINTS_DIR = Path(__file__).resolve().parent  # <assignment>/<notebook>.yaml beside this file
_PART = re.compile(r"^\s*(?:part\s*)?(\d+)(?:\b|-|_)", re.IGNORECASE)
LAST_HINT_NOTE = ("That was the last hint. Reread the part's explanation and the docs it links; "
                  "run the visible tests and read their message; then ask your instructor.")


class UnknownExerciseError(LookupError):
    """The exercise named has no hints in this notebook."""


class UnknownNotebookError(LookupError):
    """No hints file for this notebook."""


def exercise_key(name: str) -> str:
    """'part2' from 'part2', 'Part 2', '2', 'part2-tests' or 'part2-sliding-log'."""
    match = _PART.match(f"{name}-")
    if not match:
        raise UnknownExerciseError(f"{name!r} is not an exercise: name it like 'part2'")
    return f"part{int(match[1])}"


def hints_file(notebook: str) -> Path:
    """The hints of '01-rate-limiting' or '04-architecture-cloud/01-rate-limiting'."""
    stem = notebook.removesuffix(".ipynb")
    candidates = [HINTS_DIR / f"{stem}.yaml"] if "/" in stem else \
        sorted(HINTS_DIR.glob(f"*/{stem}.yaml"))
    found = [p for p in candidates if p.is_file()]
    if not found:
        raise UnknownNotebookError(f"no hints for the notebook {notebook!r}")
    return found[0]


def load_hints(notebook: str) -> dict[str, tuple[str, ...]]:
    data = yaml.safe_load(hints_file(notebook).read_text(encoding="utf-8")) or {}
    return {exercise_key(k): tuple(str(h).strip() for h in v) for k, v in data.items()}


@dataclass
class Hints:
    """The hints of one notebook and how many of each exercise's the student has seen."""

    notebook: str
    hints: dict[str, tuple[str, ...]]
    shown: dict[str, int] = field(default_factory=dict)

    def next(self, exercise: str) -> tuple[int, int, str]:
        """(number, how many, text) of the next hint for `exercise`; the last one repeats."""
        key = exercise_key(exercise)
        if key not in self.hints:
            known = ", ".join(sorted(self.hints, key=lambda k: int(k[4:])))
            raise UnknownExerciseError(f"{self.notebook} has no exercise {exercise!r}; "
                                       f"its exercises: {known}")
        texts = self.hints[key]
        number = min(self.shown.get(key, 0) + 1, len(texts))
        self.shown[key] = number
        return number, len(texts), texts[number - 1]

    def markdown(self, exercise: str) -> str:
        number, total, text = self.next(exercise)
        part = exercise_key(exercise).removeprefix("part")
        note = f"\n\n*{LAST_HINT_NOTE}*" if number == total else \
            f"\n\n*Call `hint(\"part{part}\")` again for hint {number + 1}.*"
        return f"**Hint {number} of {total} — Part {part}**\n\n{text}{note}"

    def __call__(self, exercise: str) -> None:
        """Show the next hint for `exercise` (e.g. "part2") below the cell."""
        text = self.markdown(exercise)
        try:
            from IPython.display import Markdown, display
        except ImportError:  # plain Python: print the Markdown as it is
            print(text)
        else:
            display(Markdown(text))

    def reset(self, exercise: str | None = None) -> None:
        """Start `exercise`'s hints (or every exercise's) from the first again."""
        if exercise is None:
            self.shown.clear()
        else:
            self.shown.pop(exercise_key(exercise), None)


def hints_for(notebook: str) -> Hints:
    """The `hint` function of a notebook: `hint = hints_for("01-rate-limiting")`."""
    return Hints(notebook.removesuffix(".ipynb"), load_hints(notebook))
