"""`autograder report`: a self-contained HTML report of where a cohort stands."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

import jinja2
import numpy as np

from autograder.report import charts
from autograder.report.data import Cohort, Flag, read_cohort
from autograder.report.items import ItemStats, analyse
from autograder.tally import Score, Tally

__all__ = ["Cohort", "Flag", "ItemStats", "analyse", "read_cohort", "write_report"]
TEMPLATE = "report.html.j2"
_ENV = jinja2.Environment(loader=jinja2.PackageLoader("autograder.report", "."),
                          autoescape=True, trim_blocks=True, lstrip_blocks=True)


@dataclass(frozen=True)
class Shaded:
    text: str
    colour: str


def shade(score: Score) -> Shaded:
    """A cell's per cent and a background from red (0 %) through amber to green (100 %)."""
    if not score.max_score:
        return Shaded("—", "transparent")
    percent = score.percent()
    return Shaded(f"{percent:.0f} %", f"hsl({1.2 * percent:.0f}, 70%, 88%)")


def pillar_rows(result: Tally) -> list[dict]:
    rows = []
    for pillar in result.pillars:
        values = np.array([s.pillars[pillar].percent() for s in result.students])
        points = max((s.pillars[pillar].max_score for s in result.students), default=0.0)
        if not points:
            continue
        rows.append({"pillar": pillar, "points": f"{points:g}",
                     "mean": f"{values.mean():.0f}", "median": f"{np.median(values):.0f}",
                     "strong": int((values >= 80).sum()), "weak": int((values < 50).sum())})
    return rows


def stage_rows(cohort: Cohort) -> list[dict]:
    rows = []
    for assignment in cohort.assignments:
        columns = [j for j, c in enumerate(cohort.cells) if c.assignment == assignment]
        submitted = int((~np.isnan(cohort.scores[:, columns])).any(axis=1).sum()) \
            if columns else 0
        students = cohort.tally.students
        percents = [s.assignment_after_penalty(assignment).percent() for s in students]
        late = [s.penalties.get(assignment, 0.0) for s in students]
        rows.append({"assignment": assignment,
                     "points": f"{sum(cohort.cells[j].points for j in columns):g}",
                     "submitted": submitted,
                     "mean": f"{np.mean(percents):.0f}" if percents else "0",
                     "late": sum(1 for p in late if p > 0), "penalty": f"{sum(late):g}"})
    return rows


def student_rows(result: Tally) -> list[dict]:
    return [{"name": s.student,
             "cells": [shade(s.pillars[p]) for p in result.pillars]
             + [shade(s.assignment_after_penalty(a)) for a in result.assignments],
             "penalty": f"-{s.late_penalty:g}" if s.late_penalty else "",
             "total": shade(s.total_after_penalty)} for s in result.students]


def items_worth_a_look_first(items: list[ItemStats]) -> list[ItemStats]:
    return sorted(items, key=lambda i: (i.verdict == "ok", i.cell.assignment, i.cell.notebook))


def render(cohort: Cohort) -> str:
    items = analyse(cohort.cells, cohort.scores)
    return _ENV.get_template(TEMPLATE).render(
        assignments=cohort.assignments, students=cohort.students, cells=len(cohort.cells),
        generated=datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        flags=cohort.flags, pillars=cohort.tally.pillars,
        pillar_rows=pillar_rows(cohort.tally),
        pillar_chart=charts.pillar_distributions(cohort.tally),
        stage_rows=stage_rows(cohort), stage_chart=charts.stage_progress(cohort.tally),
        items=items_worth_a_look_first(items), item_chart=charts.item_map(items),
        student_rows=student_rows(cohort.tally))


def write_report(root: Path, assignments: list[str] | None = None,
                 output: Path | None = None) -> Path:
    """Write `<output>/report.html` (default reports/cohort/) and return its path."""
    cohort = read_cohort(root, assignments)
    folder = output or root / "reports" / "cohort"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "report.html"
    path.write_text(render(cohort), encoding="utf-8")
    return path
