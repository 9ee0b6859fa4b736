"""Typed tally results and their three renderings: table, CSV and JSON."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass


@dataclass(frozen=True)
class Score:
    score: float
    max_score: float

    def __add__(self, other: Score) -> Score:
        return Score(self.score + other.score, self.max_score + other.max_score)

    def as_dict(self) -> dict[str, float]:
        return {"score": self.score, "max_score": self.max_score}

    def __str__(self) -> str:
        return f"{self.score:g}/{self.max_score:g}"


ZERO = Score(0.0, 0.0)


@dataclass(frozen=True)
class StudentTally:
    student: str
    pillars: dict[str, Score]
    assignments: dict[str, Score]
    total: Score


@dataclass(frozen=True)
class Tally:
    pillars: tuple[str, ...]  # always every pillar of the curriculum, in its order
    assignments: tuple[str, ...]
    students: tuple[StudentTally, ...]

    def to_json(self) -> str:
        return json.dumps({
            "pillars": list(self.pillars),
            "assignments": list(self.assignments),
            "students": [{
                "student": s.student,
                "pillars": {p: s.pillars[p].as_dict() for p in self.pillars},
                "assignments": {a: s.assignments[a].as_dict() for a in self.assignments},
                "total": s.total.as_dict(),
            } for s in self.students],
        }, indent=2) + "\n"

    def to_csv(self) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        columns = [*self.pillars, *self.assignments, "total"]
        writer.writerow(["student", *(f"{c}{suffix}" for c in columns for suffix in ("", "_max"))])
        for s in self.students:
            scores = [*(s.pillars[p] for p in self.pillars),
                      *(s.assignments[a] for a in self.assignments), s.total]
            writer.writerow([s.student, *(f"{v:g}" for sc in scores
                                          for v in (sc.score, sc.max_score))])
        return buffer.getvalue()

    def to_table(self) -> str:
        header = ["student", *self.pillars, "total"]
        rows = [[s.student, *(str(s.pillars[p]) for p in self.pillars), str(s.total)]
                for s in self.students]
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

        def line(cells: list[str]) -> str:
            first = cells[0].ljust(widths[0])
            rest = (c.rjust(w) for c, w in zip(cells[1:], widths[1:], strict=True))
            return "  ".join([first, *rest])

        rule = "  ".join("-" * w for w in widths)
        if not rows:
            return "\n".join([line(header), rule, "(no students in the gradebook)"]) + "\n"
        return "\n".join([line(header), rule, *(line(r) for r in rows)]) + "\n"

    def render(self, fmt: str) -> str:
        renderers = {"table": self.to_table, "csv": self.to_csv, "json": self.to_json}
        return renderers[fmt]()
