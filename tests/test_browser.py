"""A student in JupyterLab, in headless Chromium: a widget that redraws, the assignment list."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ROOT, free_port, skip_or_fail

try:
    from playwright.sync_api import Locator, Page, expect, sync_playwright
except ImportError:  # skipped (or failed, under COURSE_STRICT=1) by _require_browser
    sync_playwright = None

pytestmark = pytest.mark.browser

CHROMIUM = Path(shutil.which("chromium") or "/usr/bin/chromium")
COURSE_ID = "backend-roadmap"
ASSIGNMENT = "04-architecture-cloud"
NOTEBOOK = "02-load-balancing.ipynb"
SHOTS = ROOT / "reports" / "screenshots"
DOC_SHOTS = ROOT / "docs" / "screenshots"
STEP_MS = 20_000  # any one step (page load, kernel start, a cell) is far quicker than this


@dataclass(frozen=True)
class Lab:
    url: str
    root: Path


def _wait_for_status(url: str, server: subprocess.Popen, log: Path, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"jupyter lab exited with {server.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/api/status", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"jupyter lab did not answer in {seconds} s:\n{log.read_text()[-3000:]}")


def _require_browser() -> None:
    if sync_playwright is None:
        skip_or_fail("the playwright package is not installed (pip install -e '.[dev]')")
    if not CHROMIUM.exists():
        skip_or_fail(f"no Chromium at {CHROMIUM} (Debian: apt-get install chromium)")


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    """JupyterLab from the course's venv on a fresh root holding one released assignment."""
    _require_browser()  # before paying for a server no browser will visit
    jupyter = Path(sys.executable).parent / "jupyter"
    if not jupyter.exists():
        skip_or_fail(f"no {jupyter} (run `make` to install the course's environment)")
    base = tmp_path_factory.mktemp("lab")
    root, exchange, home = base / "root", base / "exchange", base / "home"
    release = ROOT / "release" / ASSIGNMENT / NOTEBOOK
    # Without a kernelspec, JupyterLab asks for a kernel in a dialog that blocks every click.
    kernelspec = json.loads(release.read_text())["metadata"].get("kernelspec", {})
    assert kernelspec.get("name") == "python3", f"{release} has no python3 kernelspec"
    # A student's home as nbgrader's lab extension sees it: the course config (its course root
    # is wherever the file sits) and the instructor's release in the exchange.
    root.mkdir()
    shutil.copy(ROOT / "nbgrader_config.py", root / "nbgrader_config.py")
    shutil.copy(release, root / NOTEBOOK)
    outbound = exchange / COURSE_ID / "outbound" / ASSIGNMENT
    outbound.mkdir(parents=True)
    shutil.copy(release, outbound / NOTEBOOK)
    # Nothing from this machine's Jupyter set-up leaks in; the venv's lab extensions are still
    # found through sys.prefix. No "fetch Jupyter news?" toast over the cells.
    settings = home / "config" / "lab" / "user-settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("JUPYTER", "IPYTHON", "NBGRADER"))}
    env |= {"HOME": str(home), "JUPYTER_CONFIG_DIR": str(home / "config"),
            "JUPYTER_DATA_DIR": str(home / "data"), "JUPYTER_RUNTIME_DIR": str(home / "run"),
            "IPYTHONDIR": str(home / "ipython"), "NBGRADER_EXCHANGE": str(exchange),
            "NBGRADER_CACHE": str(home / "nbgrader-cache")}
    port = free_port()
    command = [str(jupyter), "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
               "--ServerApp.port_retries=0", "--ServerApp.token=", "--ServerApp.password=",
               f"--ServerApp.root_dir={root}"]
    if os.geteuid() == 0:
        command.append("--allow-root")
    log = base / "jupyter.log"
    with log.open("wb") as sink:
        server = subprocess.Popen(command, cwd=root, env=env, stdout=sink,
                                  stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for_status(url, server, log, seconds=60)
        yield Lab(url, root)
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=5)


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Page]:
    """A Chromium tab with a fresh profile, 1280×800 so screenshots stay small."""
    _require_browser()
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            user_data_dir=str(profile), executable_path=str(CHROMIUM), headless=True,
            viewport={"width": 1280, "height": 800},
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--disable-background-networking", "--no-first-run"])
        context.set_default_timeout(STEP_MS)
        expect.set_options(timeout=STEP_MS)
        try:
            yield context.pages[0] if context.pages else context.new_page()
        finally:
            context.close()


def _screenshot(page: Page, name: str, docs_name: str | None = None) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name))
    # The README's copy is written only when missing (delete it to refresh): screenshots differ
    # by a pixel or a "5s ago" on every run, and `make test` must not dirty the git tree.
    if docs_name and not (DOC_SHOTS / docs_name).exists():
        DOC_SHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(SHOTS / name, DOC_SHOTS / docs_name)


@contextmanager
def _screenshot_on_failure(page: Page, name: str) -> Iterator[None]:
    """What the browser showed when a step failed, for the CI log's reader."""
    try:
        yield
    except BaseException:
        _screenshot(page, f"FAILED-{name}.png")
        raise


def _run_cell(page: Page, cell: Locator) -> None:
    """Select the cell, Ctrl+Enter (run in place), wait until its prompt shows a number."""
    prompt = cell.locator(".jp-InputArea-prompt")
    prompt.click()
    page.keyboard.press("Control+Enter")
    expect(prompt).to_have_text(re.compile(r"\[\d+\]"))


def test_hash_ring_widget_redraws_when_its_slider_moves(lab: Lab, page: Page) -> None:
    """Does a student see the hash-ring widget render and change when they move its slider?"""
    page.goto(f"{lab.url}/lab/tree/{NOTEBOOK}")
    with _screenshot_on_failure(page, "hash-ring"):
        # Wait for the kernel: a Ctrl+Enter pressed while it still starts is dropped, and the
        # toolbar's indicator reads "idle" for a moment before any kernel exists.
        expect(page.locator("#jp-main-statusbar")).to_contain_text("(ipykernel) | Idle")
        cells = page.locator(".jp-NotebookPanel .jp-Cell")
        setup = cells.filter(has_text="from course import checks").first
        _run_cell(page, setup)
        expect(setup.locator(".jp-OutputArea")).to_contain_text("Setup complete")
        ring = cells.filter(has_text="from course.widgets.hash_ring import hash_ring").first
        _run_cell(page, ring)
        widget = ring.locator(".jupyter-widgets.widget-vbox")
        nodes = widget.locator(".widget-slider").filter(
            has=page.locator(".widget-label", has_text=re.compile(r"^nodes$")))
        expect(nodes).to_be_visible()
        expect(nodes.locator(".widget-readout")).to_have_text("4")
        picture = widget.locator(".widget-html", has=page.locator("svg"))
        readout = widget.locator(".widget-html", has_text="keys moved")
        # 4 nodes, "add a node": the ring after the change has 5 nodes, one tick each.
        expect(picture.locator("circle.key")).to_have_count(300)
        expect(picture.locator("line")).to_have_count(5)
        before_picture, before_readout = picture.inner_html(), readout.inner_text()
        widget.scroll_into_view_if_needed()
        _screenshot(page, "hash-ring-before.png")

        # A student nudges the "nodes" slider with the keyboard: 4 nodes become 5.
        nodes.locator(".noUi-handle").focus()
        page.keyboard.press("ArrowRight")
        expect(nodes.locator(".widget-readout")).to_have_text("5")
        # The kernel recomputes and redraws; expect() polls, so no fixed sleep.
        expect(picture.locator("line")).to_have_count(6)
        expect(readout).to_contain_text("node-F")
        assert readout.inner_text() != before_readout
        assert picture.inner_html() != before_picture
        _screenshot(page, "hash-ring-after.png", docs_name="notebook-widget.png")


def test_assignment_list_shows_and_fetches_the_released_assignment(lab: Lab, page: Page) -> None:
    """Does a student find the released assignment in Nbgrader → Assignment List, and fetch it?"""
    page.goto(f"{lab.url}/lab?reset")  # a clean workspace: no tabs left from another test
    with _screenshot_on_failure(page, "assignment-list"):
        expect(page.locator(".jp-DirListing-item", has_text=NOTEBOOK)).to_be_visible()
        page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader").click()
        page.locator(".lm-Menu-itemLabel", has_text="Assignment List").click()
        released = page.locator("#released_assignments_list")
        expect(released).to_contain_text(ASSIGNMENT)
        expect(released).to_contain_text(COURSE_ID)
        _screenshot(page, "assignment-list.png", docs_name="assignment-list.png")

        released.get_by_role("button", name="Fetch").click()
        fetched = page.locator("#fetched_assignments_list")
        expect(fetched).to_contain_text(ASSIGNMENT)
        expect(released).to_contain_text("There are no assignments to fetch")
        assert (lab.root / ASSIGNMENT / NOTEBOOK).is_file()
        fetched.get_by_text(ASSIGNMENT).click()  # unfolds the assignment's notebooks
        notebook_link = fetched.get_by_text(NOTEBOOK.removesuffix(".ipynb"), exact=True)
        expect(notebook_link).to_be_visible()
        _screenshot(page, "assignment-fetched.png")


def test_progress_panel_runs_the_visible_tests_and_names_the_next_part(lab: Lab,
                                                                         page: Page) -> None:
    """Does a student who presses "Check my progress" see which parts pass and what is next?"""
    page.goto(f"{lab.url}/lab/tree/{NOTEBOOK}")
    with _screenshot_on_failure(page, "progress-panel"):
        expect(page.locator("#jp-main-statusbar")).to_contain_text("(ipykernel) | Idle")
        cells = page.locator(".jp-NotebookPanel .jp-Cell")
        panel = cells.filter(has_text='progress_panel("').first
        panel.scroll_into_view_if_needed()
        _run_cell(page, panel)
        button = panel.get_by_role("button", name="Check my progress")
        expect(button).to_be_visible()
        button.click()
        # The saved release runs top to bottom in a new kernel, as the grader would run it.
        output = panel.locator(".jp-OutputArea")
        expect(output).to_contain_text("visible tests, per pillar", timeout=6 * STEP_MS)
        expect(output).to_contain_text("Next: Part 1")
        expect(output).to_contain_text("not solved yet")
        bars = output.locator(".widget-inline-hbox", has=page.locator(".progress"))
        expect(bars).to_have_count(1)  # this notebook's only pillar
        expect(bars).to_contain_text("high-concurrency")
        output.scroll_into_view_if_needed()
        _screenshot(page, "progress-panel.png", docs_name="progress-panel.png")
