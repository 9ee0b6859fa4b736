"""A progress panel: runs the saved notebook's visible tests in a new kernel, shows what passes."""

from __future__ import annotations

import html
import json
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import ipywidgets as widgets

from course.selfcheck import CheckResult

Runner = Callable[[Path], CheckResult]
CHECK_TIMEOUT_S = 600
# Words, not emoji: a browser without an emoji font would show empty boxes.
PASSED = "<b style='color:#2b7a2b'>pass</b>"
TO_DO = "<span style='color:#888'>to do</span>"


def run_check(notebook: Path) -> CheckResult:
    """`python -m course check --json NOTEBOOK` in a new process: the notebook runs top to
    bottom in a fresh kernel, as the grader will run it, so nothing in this kernel helps."""
    done = subprocess.run([sys.executable, "-m", "course", "check", "--json", str(notebook)],
                          capture_output=True, text=True, timeout=CHECK_TIMEOUT_S,
                          cwd=notebook.parent)
    try:
        return CheckResult.from_dict(json.loads(done.stdout.strip().splitlines()[-1]))
    except (json.JSONDecodeError, IndexError, KeyError, TypeError) as error:
        raise RuntimeError(f"the check could not run: {done.stderr.strip()[-500:]}") from error


def describe(result: CheckResult) -> str:
    """The exercises (pass or not yet) and the next step, as HTML."""
    rows = "".join(
        f"<tr><td>{PASSED if e.passed else TO_DO}</td><td>{html.escape(e.part)}</td>"
        f"<td>{e.points:g} pts</td><td>{html.escape(', '.join(e.pillars))}</td>"
        f"<td>{html.escape(e.problem)}</td></tr>" for e in result.exercises)
    problems = "".join(f"<li>{html.escape(p)}</li>" for p in result.other_failures)
    upcoming = result.next_exercise()
    if not result.exercises:
        verdict = "No graded exercises found: is this a course notebook?"
    elif upcoming is None and not result.other_failures:
        verdict = "All visible tests pass. Hidden tests run when your work is graded."
    elif upcoming is not None:
        verdict = f"Next: <b>{html.escape(upcoming.part)}</b> — try " \
                  f"<code>{html.escape(upcoming.hint_call, quote=False)}</code> if you are stuck."
    else:
        verdict = "Every exercise passes, but some other cell fails (below)."
    return (f"<table class='course-progress'>{rows}</table>"
            f"{f'<ul>{problems}</ul>' if problems else ''}<p>{verdict}</p>")


def pillar_bars(result: CheckResult) -> list[widgets.Widget]:
    """One bar per pillar this notebook has points in: points whose visible tests pass."""
    bars: list[widgets.Widget] = []
    for pillar, (done, possible) in result.progress().items():
        if possible:
            bars.append(widgets.FloatProgress(
                value=done, min=0.0, max=possible, bar_style="success" if done == possible else "",
                description=pillar, description_tooltip=f"{done:g} of {possible:g} points",
                style={"description_width": "9em"}))
    return bars


def progress_panel(notebook: str | Path | None = None, runner: Runner = run_check,
                   background: bool = True) -> widgets.VBox:
    """A button that checks the saved notebook (default: the one this kernel belongs to)."""
    path = Path(notebook) if notebook else _this_notebook()
    button = widgets.Button(description="Check my progress", icon="check",
                            tooltip="Save first (Ctrl+S): the check runs the saved file",
                            layout=widgets.Layout(width="max-content"))
    status = widgets.HTML("<i>Save the notebook (Ctrl+S), then press the button: your visible "
                          "tests run in a fresh kernel, as the grader runs them.</i>")
    bars = widgets.VBox()
    table = widgets.HTML()

    def check(_button: object = None) -> None:
        button.disabled = True
        status.value = f"<i>Running {html.escape(path.name)} in a fresh kernel…</i>"
        try:
            result = runner(path)
        except Exception as error:  # a student sees the reason, not a traceback in a thread
            status.value = f"<b>The check did not run:</b> {html.escape(str(error))}"
        else:
            status.value = f"<b>{path.name}</b>: visible tests, per pillar"
            bars.children = tuple(pillar_bars(result))
            table.value = describe(result)
        finally:
            button.disabled = False

    def on_click(_button: object) -> None:
        if background:  # the kernel stays free to run cells while the check runs
            threading.Thread(target=check, daemon=True).start()
        else:
            check()

    button.on_click(on_click)
    return widgets.VBox([button, status, bars, table])


def _this_notebook() -> Path:
    """The notebook JupyterLab opened this kernel for (ipykernel's `__session__`)."""
    try:
        from IPython import get_ipython

        session = (get_ipython().user_ns or {}).get("__session__", "")  # type: ignore[union-attr]
    except (ImportError, AttributeError):
        session = ""
    if not session or not str(session).endswith(".ipynb"):
        raise ValueError("pass the notebook's file name: progress_panel(\"name.ipynb\")")
    return Path(session).resolve() if Path(session).exists() else Path(Path(session).name)
