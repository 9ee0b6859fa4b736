"""The progress panel: checks the saved notebook and shows exercises and pillars, headlessly."""

from __future__ import annotations

import ipywidgets as widgets
import pytest

from course.selfcheck import CheckResult, Exercise
from course.widgets.progress import describe, progress_panel, run_check

RESULT = CheckResult([
    Exercise("01-rate-limiting", "part1-tests", "Part 1", 3.0, ("high-concurrency",), True),
    Exercise("01-rate-limiting", "part2-tests", "Part 2", 3.0, ("high-concurrency",), False,
             "not solved yet"),
    Exercise("01-rate-limiting", "part3-tests", "Part 3", 4.0,
             ("high-concurrency", "cloud-native"), False, "AssertionError: limit held"),
])


def parts(panel: widgets.VBox) -> tuple[widgets.Button, widgets.HTML, widgets.VBox, widgets.HTML]:
    button, status, bars, table = panel.children
    return button, status, bars, table


def test_pressing_the_button_runs_the_check_and_shows_bars_per_pillar():
    calls = []
    panel = progress_panel("01-rate-limiting.ipynb", runner=lambda p: calls.append(p) or RESULT,
                           background=False)
    button, status, bars, table = parts(panel)
    assert not bars.children and not table.value  # nothing runs until the student asks
    button.click()
    assert [p.name for p in calls] == ["01-rate-limiting.ipynb"]
    progress = {b.description: (b.value, b.max) for b in bars.children}
    assert progress == {"cloud-native": (0.0, 4.0), "high-concurrency": (3.0, 10.0)}
    assert "Next: <b>Part 2</b>" in table.value and 'hint("part2")' in table.value
    assert "not solved yet" in table.value and "01-rate-limiting.ipynb" in status.value
    assert not button.disabled


def test_a_check_that_cannot_run_says_why_in_the_panel():
    def broken(_path):
        raise RuntimeError("no kernel named python3")

    panel = progress_panel("x.ipynb", runner=broken, background=False)
    button, status, _, _ = parts(panel)
    button.click()
    assert "did not run" in status.value and "no kernel named python3" in status.value


def test_all_passing_says_the_hidden_tests_come_at_grading():
    done = CheckResult([Exercise("n", "part1-tests", "Part 1", 2.0, ("foundations",), True)])
    assert "All visible tests pass" in describe(done)


def test_without_a_notebook_name_outside_jupyter_the_panel_asks_for_one():
    with pytest.raises(ValueError, match="pass the notebook's file name"):
        progress_panel()


def test_run_check_reads_the_json_of_python_m_course_check(tmp_path, course_root):
    """Does the panel's runner see the same exercises as the terminal self-check?"""
    release = (course_root / "release" / "04-architecture-cloud"
               / "05-containers-and-kubernetes.ipynb")
    copy = tmp_path / release.name
    copy.write_bytes(release.read_bytes())
    result = run_check(copy)
    assert [e.part for e in result.exercises] == ["Part 1", "Part 2", "Part 3", "Part 4"]
    assert not any(e.passed for e in result.exercises)
    assert result.progress()["cloud-native"][0] == 0.0
