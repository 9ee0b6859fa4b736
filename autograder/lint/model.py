"""Typed lint results: one finding per problem, and the report that renders them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    path: str  # the notebook, relative to the course root: source/<assignment>/<name>.ipynb
    cell: str  # the cell's grade_id, "cell N" (1-based) without one, "-" for the notebook
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.cell}: {self.rule}: {self.message}"


@dataclass(frozen=True)
class LintReport:
    notebooks: tuple[str, ...]
    findings: tuple[Finding, ...]

    @property
    def ok(self) -> bool:
        return not self.findings

    def render(self) -> str:
        """One line per finding, then `N notebooks, M findings`."""
        summary = (f"{plural(len(self.notebooks), 'notebook')}, "
                   f"{plural(len(self.findings), 'finding')}")
        return "\n".join([*map(str, self.findings), summary])


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
