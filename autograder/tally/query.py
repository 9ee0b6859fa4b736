"""Add up every grade of the chosen assignments per student and pillar, inside the database."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from nbgrader.api import Assignment, BaseCell, Gradebook, Notebook, Student
from sqlalchemy import bindparam, select, text

from autograder.coursedir import assignment_ids, gradebook_url, require_assignment
from autograder.errors import GradebookError
from autograder.pillars import GradedCell, graded_cells
from autograder.tally.model import Identity, Score, StudentTally, Tally
from course.curriculum import PILLAR_IDS

# Cells that count in the same buckets (the same pillars, the same assignment) form a group;
# the database sums each student's grades per group, so 10 000 students x 50 cells come back
# as a few sums per student, not 500 000 grades. Python then spreads each group's sum over its
# buckets: fully in each of its pillars, in its assignment, and once in the total.
_CREATE = ("CREATE TEMPORARY TABLE tally_buckets "
           "(cell_id VARCHAR(32), grp INTEGER, points FLOAT)")
# What one row of nbgrader's `grade` table is worth, as nbgrader counts it: a manual grade
# beats the autograder's, and extra credit comes on top.
GRADE_SCORE = ("CASE WHEN g.manual_score IS NOT NULL THEN g.manual_score "
               "WHEN g.auto_score IS NOT NULL THEN g.auto_score ELSE 0 END "
               "+ COALESCE(g.extra_credit, 0)")
_SUMS = text(f"""
    SELECT sa.student_id, b.grp,
           SUM(CASE WHEN s.score > b.points THEN b.points ELSE s.score END)
    FROM (SELECT g.notebook_id, g.cell_id, {GRADE_SCORE} AS score
          FROM grade g) s
    JOIN submitted_notebook sn ON s.notebook_id = sn.id
    JOIN submitted_assignment sa ON sn.assignment_id = sa.id
    JOIN tally_buckets b ON b.cell_id = s.cell_id
    GROUP BY sa.student_id, b.grp
""")
# nbgrader's late penalty is points off each submitted notebook (AssignLatePenalties).
_PENALTIES = text("""
    SELECT sa.student_id, a.name, SUM(COALESCE(sn.late_submission_penalty, 0))
    FROM submitted_notebook sn
    JOIN submitted_assignment sa ON sn.assignment_id = sa.id
    JOIN assignment a ON sa.assignment_id = a.id
    WHERE a.name IN :names
    GROUP BY sa.student_id, a.name
""").bindparams(bindparam("names", expanding=True))


def tally(root: Path, assignments: list[str] | None = None) -> Tally:
    """Scores per student, pillar and assignment; max scores come from source/, not students."""
    chosen = list(dict.fromkeys(assignments)) if assignments else assignment_ids(root)
    for assignment in chosen:
        require_assignment(root, assignment)
    cells = [c for a in chosen for c in graded_cells(root, a)]
    maximum = maximum_scores(cells, chosen)
    students, sums, penalties = read_sums(root, cells, chosen)
    return Tally(PILLAR_IDS, tuple(chosen), tuple(
        student_tally(s, sums.get(s.id, {}), maximum, chosen, penalties.get(s.id, {}))
        for s in students))


def maximum_scores(cells: list[GradedCell], assignments: list[str]) -> dict[tuple[str, str], float]:
    maximum: dict[tuple[str, str], float] = defaultdict(float)
    for cell in cells:
        for kind, name in buckets(cell):
            maximum[(kind, name)] += cell.points
    return maximum


def buckets(cell: GradedCell) -> list[tuple[str, str]]:
    return [*(("pillar", p) for p in cell.pillars), ("assignment", cell.assignment),
            ("total", "")]


def read_sums(root: Path, cells: list[GradedCell],
              assignments: list[str]) -> tuple[list[Identity], dict, dict]:
    """All students, {student: {(kind, name): earned}} summed by the database, and
    {student: {assignment: late penalty}}."""
    db_url = gradebook_url(root)
    if db_url is None:
        return [], {}, {}  # nothing graded yet: an empty tally, not a new empty gradebook file
    sums: dict[str, dict[tuple[str, str], float]] = defaultdict(dict)
    penalties: dict[str, dict[str, float]] = defaultdict(dict)
    try:
        with Gradebook(db_url) as book:
            students = [Identity(*row) for row in book.db.execute(
                select(Student.id, Student.first_name, Student.last_name, Student.email,
                       Student.lms_user_id).order_by(Student.id))]
            ids = cell_ids(book, cells)
            connection = book.db.connection()
            connection.exec_driver_sql(_CREATE)
            groups: dict[tuple[tuple[str, str], ...], int] = {}
            rows = []
            for c in cells:
                if (c.assignment, c.notebook, c.grade_id) in ids:
                    group = groups.setdefault(tuple(buckets(c)), len(groups))
                    rows.append({"cell_id": ids[(c.assignment, c.notebook, c.grade_id)],
                                 "grp": group, "points": c.points})
            if rows:
                connection.execute(text("INSERT INTO tally_buckets VALUES "
                                        "(:cell_id, :grp, :points)"), rows)
            spread = {group: key for key, group in groups.items()}
            for student, group, earned in connection.execute(_SUMS).fetchall():
                totals = sums[student]
                for bucket in spread[group]:
                    totals[bucket] = totals.get(bucket, 0.0) + float(earned or 0.0)
            for student, assignment, penalty in connection.execute(
                    _PENALTIES, {"names": assignments}).fetchall():
                if penalty:
                    penalties[student][assignment] = float(penalty)
            book.db.rollback()  # the temporary table goes with the transaction's connection
    except Exception as error:
        raise GradebookError(f"cannot read the gradebook at {db_url}: {error}") from error
    return students, sums, penalties


def cell_ids(book: Gradebook, cells: list[GradedCell]) -> dict[tuple[str, str, str], str]:
    """The gradebook's id of each graded cell of source/ (cells not generated yet are absent)."""
    names = {c.assignment for c in cells}
    statement = (select(Assignment.name, Notebook.name, BaseCell.name, BaseCell.id)
                 .select_from(BaseCell)
                 .join(Notebook, BaseCell.notebook_id == Notebook.id)
                 .join(Assignment, Notebook.assignment_id == Assignment.id)
                 .where(Assignment.name.in_(names)))
    return {(a, n, c): cell_id for a, n, c, cell_id in book.db.execute(statement)}


def student_tally(student: Identity, earned: dict[tuple[str, str], float],
                  maximum: dict[tuple[str, str], float], assignments: list[str],
                  penalties: dict[str, float]) -> StudentTally:
    def score(kind: str, name: str) -> Score:
        return Score(earned.get((kind, name), 0.0), maximum.get((kind, name), 0.0))

    return StudentTally(student.id, {p: score("pillar", p) for p in PILLAR_IDS},
                        {a: score("assignment", a) for a in assignments}, score("total", ""),
                        {a: penalties[a] for a in assignments if a in penalties}, student)


