"""Shared fixtures: the course root, strict mode, a real Redis server, golden files."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STRICT = os.environ.get("COURSE_STRICT") == "1"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true",
                     help="rewrite the golden files in tests/goldens/ instead of comparing")


_PHASE_SECONDS: dict[str, float] = {}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    phase = report.nodeid.split("::", 1)[0]
    _PHASE_SECONDS[phase] = _PHASE_SECONDS.get(phase, 0.0) + report.duration


def pytest_terminal_summary(terminalreporter) -> None:
    """Seconds per test file (set-up, call and tear-down together): the phases of `make test`."""
    if not _PHASE_SECONDS:
        return
    terminalreporter.section("phase times")
    for phase, seconds in sorted(_PHASE_SECONDS.items(), key=lambda kv: -kv[1]):
        terminalreporter.write_line(f"{seconds:7.1f} s  {phase}")
    terminalreporter.write_line(f"{sum(_PHASE_SECONDS.values()):7.1f} s  in all")


def skip_or_fail(reason: str) -> None:
    """Locally a missing service skips the test; under COURSE_STRICT=1 (CI) it fails."""
    if STRICT:
        pytest.fail(f"COURSE_STRICT=1 and {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def course_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """A real redis-server: $COURSE_TEST_REDIS_URL, else one started on a free port."""
    if url := os.environ.get("COURSE_TEST_REDIS_URL"):
        yield url
        return
    binary = shutil.which("redis-server")
    if binary is None:
        skip_or_fail("no redis-server on PATH (Debian: apt-get install redis-server)")
    port = free_port()
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)


def wait_for_port(port: int, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as attempt:
            if attempt.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    skip_or_fail(f"redis-server did not listen on port {port} within {seconds} s")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A throwaway PostgreSQL server (Debian's postgresql package) on a free port."""
    pytest.importorskip("psycopg2", reason="psycopg2-binary is not installed")
    binaries = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not binaries:
        skip_or_fail("no PostgreSQL server (Debian: apt-get install postgresql)")
    bin_dir = binaries[-1].parent
    # not below pytest's tmp folder: that is private to root, and the server runs as postgres
    data = Path(tempfile.mkdtemp(prefix="course-postgres-"))
    as_user: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        shutil.chown(data, "postgres", "postgres")
        as_user = ["setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups"]
    port = free_port()
    run = partial(subprocess.run, check=True, capture_output=True, timeout=60)
    run([*as_user, str(bin_dir / "initdb"), "-D", str(data / "db"), "-A", "trust",
         "-U", "postgres"])
    run([*as_user, str(bin_dir / "pg_ctl"), "-D", str(data / "db"), "-w", "-l",
         str(data / "log"), "-o", f"-p {port} -k {data} -c listen_addresses=127.0.0.1", "start"])
    try:
        yield f"postgresql+psycopg2://postgres@127.0.0.1:{port}/postgres"
    finally:
        run([*as_user, str(bin_dir / "pg_ctl"), "-D", str(data / "db"), "-m", "immediate",
             "stop"], check=False)
        shutil.rmtree(data, ignore_errors=True)


@pytest.fixture
def golden(request: pytest.FixtureRequest):
    """golden(name, text): compare with tests/goldens/<name>, or rewrite it (--update-goldens)."""
    update = request.config.getoption("--update-goldens")

    def check(name: str, text: str) -> None:
        path = ROOT / "tests" / "goldens" / name
        if update or not path.exists():
            if not update and STRICT:
                pytest.fail(f"golden file {path} is missing; run pytest --update-goldens")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
            return
        assert text == path.read_text(), (
            f"output differs from {path}; if the change is intended, run pytest --update-goldens")

    return check
