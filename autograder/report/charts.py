"""The report's charts, drawn by matplotlib as inline SVG (no files, no network)."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")  # no display: render to memory only
import matplotlib.pyplot as plt
import numpy as np

from autograder.report.items import ItemStats
from autograder.tally import Tally

plt.rcParams.update({"svg.fonttype": "none", "font.size": 9, "axes.spines.top": False,
                     "axes.spines.right": False, "svg.hashsalt": "course-report"})
BANDS = ((0, 50, "under 50 %", "#d9534f"), (50, 80, "50–80 %", "#f0ad4e"),
         (80, 101, "80 % and more", "#5cb85c"))


def to_svg(figure: plt.Figure) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(figure)
    svg = buffer.getvalue()
    return svg[svg.index("<svg"):]  # drop the XML prologue: the SVG sits inside HTML


def pillar_distributions(result: Tally) -> str:
    """One histogram per pillar: how many students reached each tenth of its points."""
    pillars = [p for p in result.pillars
               if any(s.pillars[p].max_score for s in result.students)]
    figure, axes = plt.subplots(1, max(1, len(pillars)), figsize=(2.6 * max(1, len(pillars)), 2.2),
                                sharey=True, squeeze=False)
    for ax, pillar in zip(axes[0], pillars, strict=False):
        values = [s.pillars[pillar].percent() for s in result.students]
        ax.hist(values, bins=np.linspace(0, 100, 11), color="#4a7ab7", edgecolor="white")
        ax.set_title(pillar)
        ax.set_xlabel("% of the pillar's points")
        ax.axvline(float(np.median(values)) if values else 0, color="#222", linestyle="--",
                   linewidth=1, label="median")
    axes[0][0].set_ylabel("students")
    if pillars:
        axes[0][0].legend(frameon=False, loc="upper left")
    return to_svg(figure)


def stage_progress(result: Tally) -> str:
    """Per assignment (stage), the share of students in each band of its points."""
    names = list(result.assignments)
    figure, ax = plt.subplots(figsize=(7.5, 0.45 * len(names) + 0.9))
    left = np.zeros(len(names))
    for low, high, label, colour in BANDS:
        share = np.array([
            np.mean([low <= s.assignment_after_penalty(a).percent() < high
                     for s in result.students]) * 100 if result.students else 0.0
            for a in names])
        ax.barh(names, share, left=left, color=colour, label=label)
        left += share
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("% of students (after late penalties)")
    ax.legend(frameon=False, ncol=3, loc="upper center", bbox_to_anchor=(0.5, -0.35))
    return to_svg(figure)


def item_map(items: list[ItemStats]) -> str:
    """Pass rate against discrimination: the corners name the cells to look at."""
    figure, ax = plt.subplots(figsize=(7.5, 3.4))
    shown = [i for i in items if i.discrimination is not None]
    ax.scatter([i.pass_rate * 100 for i in shown], [i.discrimination for i in shown],
               s=18, color=["#4a7ab7" if i.verdict == "ok" else "#d9534f" for i in shown])
    flagged = [i for i in shown if i.verdict != "ok"]
    for item in flagged if len(flagged) <= 12 else []:  # past a dozen, labels only overlap
        ax.annotate(f"{item.cell.notebook[:14]}·{item.cell.grade_id}",
                    (item.pass_rate * 100, item.discrimination), fontsize=7,
                    xytext=(3, 3), textcoords="offset points")
    ax.axhline(0.2, color="#999", linewidth=0.8, linestyle=":")
    ax.set_xlim(-2, 102)
    ax.set_xlabel("pass rate (% of students with full points)")
    ax.set_ylabel("discrimination (r)")
    return to_svg(figure)
