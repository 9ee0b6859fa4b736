"""The lint rules: one small function per rule, each yielding the Findings of one notebook."""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from autograder.lint.model import Finding
from autograder.pillars import TAG_PREFIX, pillars_of
from autograder.submissions import Fixture, load_fixture
from course.curriculum import PILLAR_IDS

SOLUTION = ("### BEGIN SOLUTION", "### END SOLUTION")
HIDDEN = ("### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS")
PART = re.compile(r"^## Part \d+\b")
# "(3 points · `foundations`, `high-concurrency`)" at the end of a Part heading
ANNOUNCED = re.compile(r"\((?P<points>\d+(?:\.\d+)?) points?(?: · (?P<pillars>[^()]*))?\)\s*$")
OPEN, CLOSE = frozenset("([{"), frozenset(")]}")
SHAPE = "'## Part N — Title (P points · `pillar`)'"


@dataclass(frozen=True)
class SourceNotebook:
    """One notebook under source/, as the rules see it."""

    root: Path
    path: Path
    notebook: nbformat.NotebookNode = field(compare=False)

    @property
    def name(self) -> str:
        return self.path.relative_to(self.root).as_posix()

    def cells(self) -> Iterator[tuple[str, nbformat.NotebookNode]]:
        for index, cell in enumerate(self.notebook.cells):
            yield nbgrader(cell).get("grade_id") or f"cell {index + 1}", cell

    def finding(self, cell: str, rule: str, message: str) -> Finding:
        return Finding(self.name, cell, rule, message)


def nbgrader(cell: nbformat.NotebookNode) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def is_graded(cell: nbformat.NotebookNode) -> bool:
    return bool(nbgrader(cell).get("grade"))


def is_solution(cell: nbformat.NotebookNode) -> bool:
    return bool(nbgrader(cell).get("solution"))


def is_test(cell: nbformat.NotebookNode) -> bool:
    """An autograded test cell: graded code that the student does not write."""
    return cell.cell_type == "code" and is_graded(cell) and not is_solution(cell)


def points_of(cell: nbformat.NotebookNode) -> float:
    try:
        return float(nbgrader(cell).get("points", 0))
    except (TypeError, ValueError):
        return 0.0


def pillar_tag(nb: SourceNotebook) -> Iterator[Finding]:
    # every graded cell, not only test cells: the tally refuses any graded cell without one
    for label, cell in nb.cells():
        tags = cell.get("metadata", {}).get("tags", [])
        if is_graded(cell) and not pillars_of(tags):
            yield nb.finding(label, "pillar-tag", f"graded cell has no '{TAG_PREFIX}<id>' tag")
        for pillar in pillars_of(tags):
            if pillar not in PILLAR_IDS:
                yield nb.finding(label, "pillar-tag", f"unknown pillar {pillar!r} "
                                                      f"(pillars: {', '.join(PILLAR_IDS)})")


@dataclass
class Section:
    heading: str | None  # the `## ` line that opens it; None before the first one
    label: str
    graded: list[tuple[str, nbformat.NotebookNode]] = field(default_factory=list)


def sections(nb: SourceNotebook) -> list[Section]:
    """The notebook cut at every `## ` heading, each with the graded cells under it."""
    found = [Section(None, "-")]
    for label, cell in nb.cells():
        if cell.cell_type == "markdown":
            fenced = False
            for line in cell.source.splitlines():
                fenced ^= line.lstrip().startswith("```")  # a `## ` in a code block is no heading
                if line.startswith("## ") and not fenced:
                    found.append(Section(line.strip(), label))
        if is_graded(cell):
            found[-1].graded.append((label, cell))
    return found


def heading_points(nb: SourceNotebook) -> Iterator[Finding]:
    rule = "heading-points"
    for section in sections(nb):
        if section.heading is None or not PART.match(section.heading):
            where = (f"under {section.heading!r}" if section.heading
                     else "before the first '## ' heading")
            for label, _ in section.graded:
                yield nb.finding(label, rule, f"graded cell {where}, not under a {SHAPE} heading")
            continue
        announced = ANNOUNCED.search(section.heading)
        label = ",".join(label for label, _ in section.graded) or section.label
        if announced is None:
            if section.graded:
                yield nb.finding(label, rule, f"heading announces no points: {SHAPE}")
            continue
        said = float(announced["points"])
        carried = sum(points_of(cell) for _, cell in section.graded)
        if said != carried:
            yield nb.finding(label, rule, f"heading says {said:g} points, its cells carry "
                                          f"{carried:g}")
        named = re.findall(r"`([\w-]+)`", announced["pillars"] or "")
        tagged = [p for _, cell in section.graded
                  for p in pillars_of(cell.get("metadata", {}).get("tags", []))]
        if set(named) != set(tagged):
            yield nb.finding(label, rule, f"heading names pillars {listing(named)}, its cells "
                                          f"are tagged {listing(tagged)}")


def listing(pillars: list[str]) -> str:
    return ", ".join(dict.fromkeys(pillars)) or "none"


def hidden_tests(nb: SourceNotebook) -> Iterator[Finding]:
    for label, cell in nb.cells():
        if is_test(cell):
            if not marker_lines(cell.source, HIDDEN):
                yield nb.finding(label, "hidden-tests", f"no {HIDDEN[0]!r} / {HIDDEN[1]!r} pair: "
                                                        "students would see every test")
            for problem in marker_problems(cell, HIDDEN):
                yield nb.finding(label, "hidden-tests", problem)
        elif marker_lines(cell.source, HIDDEN):
            yield nb.finding(label, "hidden-tests", "hidden-test markers in a cell that is not "
                                                    "an autograded test cell")


def solution_markers(nb: SourceNotebook) -> Iterator[Finding]:
    for label, cell in nb.cells():
        if not marker_lines(cell.source, SOLUTION):
            continue
        if not is_solution(cell):
            kind = "an autograded test cell" if is_test(cell) else f"a {cell.cell_type} cell"
            yield nb.finding(label, "solution-markers", f"solution markers in {kind} that "
                                                        "nbgrader does not treat as a solution "
                                                        "cell (solution: false)")
            continue
        for problem in marker_problems(cell, SOLUTION):
            yield nb.finding(label, "solution-markers", problem)


def marker_lines(source: str, pair: tuple[str, str]) -> list[tuple[int, str]]:
    """(line number, marker) wherever nbgrader sees one: it matches a substring of any line."""
    begin, end = pair
    return [(number, begin if begin in line else end)
            for number, line in enumerate(source.split("\n"), 1) if begin in line or end in line]


def marker_problems(cell: nbformat.NotebookNode, pair: tuple[str, str]) -> Iterator[str]:
    begin, end = pair
    hits = marker_lines(cell.source, pair)
    opened: int | None = None
    for number, marker in hits:
        if marker == begin and opened is not None:
            yield f"line {number}: {begin!r} nested in the region opened on line {opened}"
        elif marker == end and opened is None:
            yield f"line {number}: {end!r} without a {begin!r} before it"
        opened = number if marker == begin else None
    if opened is not None:
        yield f"line {opened}: {begin!r} is never closed by {end!r}"
    if hits and cell.cell_type == "code":
        yield from placement_problems(cell.source, hits)


@dataclass(frozen=True)
class Comment:
    column: int
    text: str
    depth: int  # open brackets around it: 0 at statement level


def placement_problems(source: str, hits: list[tuple[int, str]]) -> Iterator[str]:
    """nbgrader swaps a marker's whole line for a stub; that is only valid Python when the
    marker is a comment on a line of its own, outside strings and brackets."""
    if source.lstrip().startswith("%%"):
        yield "markers in a %% cell magic: its text is not Python, nbgrader would cut it apart"
        return
    try:
        comments = comments_by_line(source)
    except (tokenize.TokenError, SyntaxError) as error:
        yield f"cannot tokenize the cell to check where its markers are: {error}"
        return
    lines = source.split("\n")
    for number, marker in hits:
        comment = comments.get(number)
        line = lines[number - 1]
        if comment is None:
            yield f"line {number}: {marker!r} is not a Python comment (inside a string?)"
        elif comment.column != len(line) - len(line.lstrip()) or not comment.text.startswith(
                marker):
            yield f"line {number}: {marker!r} is not alone on its line, which nbgrader drops"
        elif comment.depth:
            yield f"line {number}: {marker!r} is inside brackets, not at statement level"


def comments_by_line(source: str) -> dict[int, Comment]:
    comments: dict[int, Comment] = {}
    depth = 0
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.OP and token.string in OPEN:
            depth += 1
        elif token.type == tokenize.OP and token.string in CLOSE:
            depth = max(0, depth - 1)
        elif token.type == tokenize.COMMENT:
            comments[token.start[0]] = Comment(token.start[1], token.string, depth)
    return comments


def fixtures(nb: SourceNotebook) -> Iterator[Finding]:
    tests = [label for label, cell in nb.cells() if is_test(cell)]
    if not tests:
        return
    folder = nb.root / "tests" / "fixtures" / nb.path.parent.name / nb.path.stem
    where = folder.relative_to(nb.root).as_posix()
    if not folder.is_dir():
        yield nb.finding("-", "fixtures", f"no fixture folder {where}/ (a wrong-*.py per test "
                                          "cell and an alternative.py)")
        return
    solutions = {label for label, cell in nb.cells() if is_solution(cell)}
    targeted: set[str] = set()
    for path in sorted(folder.glob("wrong-*.py")):
        fixture, problems = read_fixture(path, solutions)
        if fixture is not None and fixture.targets is None:
            problems.append("has no '# targets: <grade_id>' header")
        elif fixture is not None and fixture.targets not in tests:
            problems.append(f"targets {fixture.targets!r}, not an autograded test cell here")
        elif fixture is not None:
            targeted.add(fixture.targets)
        for problem in problems:
            yield nb.finding("-", "fixtures", f"{where}/{path.name} {problem}")
    for label in tests:
        if label not in targeted:
            yield nb.finding(label, "fixtures", f"no {where}/wrong-*.py targets this test cell")
    alternative = folder / "alternative.py"
    if not alternative.is_file():
        yield nb.finding("-", "fixtures", f"no {where}/alternative.py (a correct solution "
                                          "written differently)")
        return
    for problem in read_fixture(alternative, solutions)[1]:
        yield nb.finding("-", "fixtures", f"{where}/alternative.py {problem}")


def read_fixture(path: Path, solutions: set[str]) -> tuple[Fixture | None, list[str]]:
    try:
        fixture = load_fixture(path)
    except ValueError:
        return None, ["has no '# %% <grade_id>' section"]
    return fixture, [f"replaces {grade_id!r}, not a solution cell of this notebook"
                     for grade_id in fixture.answers if grade_id not in solutions]


def grade_ids(nb: SourceNotebook) -> Iterator[Finding]:
    first: dict[str, int] = {}
    for index, (label, cell) in enumerate(nb.cells(), 1):
        meta = nbgrader(cell)
        grade_id = meta.get("grade_id")
        if meta and not grade_id and (is_graded(cell) or is_solution(cell) or meta.get("locked")):
            yield nb.finding(label, "grade-ids", "nbgrader cell without a grade_id")
        if grade_id and grade_id in first:
            yield nb.finding(label, "grade-ids", f"grade_id also used by cell {first[grade_id]} "
                                                 "(nbgrader needs it unique in the notebook)")
        elif grade_id:
            first[grade_id] = index
        if is_graded(cell) and points_of(cell) <= 0:
            yield nb.finding(label, "grade-ids", f"graded cell has points "
                                                 f"{meta.get('points')!r}; it needs points > 0")


RULES: tuple[Callable[[SourceNotebook], Iterator[Finding]], ...] = (
    pillar_tag, heading_points, hidden_tests, solution_markers, fixtures, grade_ids)
