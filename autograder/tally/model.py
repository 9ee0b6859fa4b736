"""Typed tally results and their renderings: a table, JSON points and an LMS-ready CSV."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Score:
    score: float
    max_score: float

    def __add__(self, other: Score) -> Score:
        return Score(self.score + other.score, self.max_score + other.max_score)

    def as_dict(self) -> dict[str, float]:
        return {"score": self.score, "max_score": self.max_score}

    def percent(self) -> float:
        return 100.0 * self.score / self.max_score if self.max_score else 0.0

    def __str__(self) -> str:
        return f"{self.score:g}/{self.max_score:g}"


ZERO = Score(0.0, 0.0)


@dataclass(frozen=True)
class Identity:
    """Who a student is in the gradebook, as an LMS import matches them."""

    id: str
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    lms_user_id: str | None = None

    def display_name(self) -> str:
        if self.last_name and self.first_name:
            return f"{self.last_name}, {self.first_name}"
        return self.last_name or self.first_name or self.id


@dataclass(frozen=True)
class StudentTally:
    student: str
    pillars: dict[str, Score]
    assignments: dict[str, Score]  # points earned, before any late penalty
    total: Score  # points earned, before any late penalty
    penalties: dict[str, float] = field(default_factory=dict)  # assignment -> points off
    identity: Identity | None = None

    @property
    def late_penalty(self) -> float:
        return sum(self.penalties.values())

    def assignment_after_penalty(self, assignment: str) -> Score:
        earned = self.assignments[assignment]
        return Score(max(0.0, earned.score - self.penalties.get(assignment, 0.0)),
                     earned.max_score)

    @property
    def total_after_penalty(self) -> Score:
        return Score(max(0.0, self.total.score - self.late_penalty), self.total.max_score)


def _percent(score: Score) -> str:
    """Empty where nothing could be earned: an LMS reads an empty cell as "not graded"."""
    return f"{score.percent():.1f}" if score.max_score else ""


@dataclass(frozen=True)
class Tally:
    pillars: tuple[str, ...]  # always every pillar of the curriculum, in its order
    assignments: tuple[str, ...]
    students: tuple[StudentTally, ...]

    @property
    def any_penalty(self) -> bool:
        return any(s.penalties for s in self.students)

    def to_json(self) -> str:
        return json.dumps({
            "pillars": list(self.pillars),
            "assignments": list(self.assignments),
            "students": [{
                "student": s.student,
                "pillars": {p: s.pillars[p].as_dict() for p in self.pillars},
                "assignments": {a: s.assignments[a].as_dict() for a in self.assignments},
                "total": s.total.as_dict(),
                "late_penalty": {a: s.penalties.get(a, 0.0) for a in self.assignments},
                "total_after_penalty": s.total_after_penalty.as_dict(),
            } for s in self.students],
        }, indent=2) + "\n"

    def to_csv(self) -> str:
        """One row per student, one column per pillar and per assignment, in percent: the
        identity columns are the ones Canvas's gradebook import reads (Moodle maps any)."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["Student", "ID", "SIS User ID", "SIS Login ID", "Section",
                         *(f"{p} (%)" for p in self.pillars),
                         *(f"{a} (%)" for a in self.assignments),
                         "Late penalty (points)", "Total (%)"])
        for s in self.students:
            who = s.identity or Identity(s.student)
            writer.writerow([
                who.display_name(), who.lms_user_id or "", s.student, who.email or "", "",
                *(_percent(s.pillars[p]) for p in self.pillars),
                *(_percent(s.assignment_after_penalty(a)) for a in self.assignments),
                f"{s.late_penalty:g}", _percent(s.total_after_penalty)])
        return buffer.getvalue()

    def to_table(self) -> str:
        late = self.any_penalty
        header = ["student", *self.pillars, *(["late penalty"] if late else []), "total"]
        rows = [[s.student, *(str(s.pillars[p]) for p in self.pillars),
                 *([f"-{s.late_penalty:g}" if s.late_penalty else "0"] if late else []),
                 str(s.total_after_penalty)]
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
