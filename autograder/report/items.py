"""Item analysis: how often each graded cell is passed, and whether it tells strong from weak."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from autograder.pillars import GradedCell

TOO_EASY, TOO_HARD, WEAK_DISCRIMINATION = 0.95, 0.15, 0.2


@dataclass(frozen=True)
class ItemStats:
    cell: GradedCell
    attempts: int  # students who submitted the cell's assignment
    pass_rate: float  # share with full points
    mean_score: float  # points
    discrimination: float | None  # point-biserial r of passing with the rest of the assignment
    verdict: str


def point_biserial(passed: np.ndarray, rest: np.ndarray) -> float | None:
    """Pearson's r between a 0/1 item and a score: None when either does not vary."""
    if passed.size < 3 or passed.std() == 0 or rest.std() == 0:
        return None
    return float(np.corrcoef(passed, rest)[0, 1])


def verdict(pass_rate: float, discrimination: float | None, attempts: int) -> str:
    if attempts == 0:
        return "no submissions"
    if discrimination is not None and discrimination < 0:
        return "broken? weaker students pass it more often"
    if pass_rate >= TOO_EASY:
        return "too easy?"
    if pass_rate <= TOO_HARD:
        return "too hard?"
    if discrimination is not None and discrimination < WEAK_DISCRIMINATION:
        return "weak: passing it says little about the rest"
    return "ok"


def analyse(cells: tuple[GradedCell, ...], scores: np.ndarray) -> list[ItemStats]:
    """One row per graded cell. Discrimination is the corrected item-total correlation: the
    cell against the rest of its own assignment, so a cell never correlates with itself."""
    stats = []
    for j, cell in enumerate(cells):
        same = [k for k, c in enumerate(cells) if c.assignment == cell.assignment]
        column = scores[:, j]
        took = ~np.isnan(column)
        earned = column[took]
        passed = (earned >= cell.points - 1e-9).astype(float) if cell.points else earned * 0
        rest = np.nansum(scores[np.ix_(took, [k for k in same if k != j])], axis=1)
        rate = float(passed.mean()) if earned.size else 0.0
        r = point_biserial(passed, rest)
        stats.append(ItemStats(cell, int(earned.size), rate,
                               float(earned.mean()) if earned.size else 0.0, r,
                               verdict(rate, r, int(earned.size))))
    return stats
