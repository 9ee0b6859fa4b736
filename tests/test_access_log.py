"""course.datasets.access_log: a seeded nginx access log whose answers are known."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from collections import Counter

import pytest

from course.datasets.access_log import (
    ATTACKERS,
    START,
    AccessLog,
    Request,
    generate,
    nearest_rank,
)

# The combined format plus $request_time, as nginx writes it (written here independently).
LINE = re.compile(
    r'(?P<ip>\d+\.\d+\.\d+\.\d+) - - \[(?P<time>\d\d/\w{3}/\d{4}:\d\d:\d\d:\d\d \+0000)\] '
    r'"(?P<request>[^"]*)" (?P<status>\d{3}) (?P<bytes>\d+) "(?P<referer>[^"]*)" '
    r'"(?P<agent>[^"]*)" (?P<seconds>\d+\.\d{3})$'
)
# grep -F | cut | sort | uniq -c | sort -rn | head, with every value passed as an argument
PIPELINE = 'grep -F -e "$1" -- "$2" | cut -d" " -f"$3" | sort | uniq -c | sort -rn | head -n "$4"'
# The queries the notebook asks of the default log.
NOTEBOOK_QUERIES = [('"POST /login ', 1, 3), ("[01/Jan/2026:00:0", 9, 3),
                    ("/api/search?q=", 7, 3), ('"GET /api/orders/', 9, 2)]


@pytest.fixture(scope="module")
def log() -> AccessLog:
    return generate()


def request(status: int = 200, latency_ms: int = 10, endpoint: str | None = "GET /x") -> Request:
    line = "GET /x HTTP/1.1" if endpoint else ""
    return Request("198.51.100.1", START, line, endpoint, status, 10, "-", "curl/8.5.0", latency_ms)


def endpoint_of(request_line: str) -> str | None:
    parts = request_line.split(" ")
    if len(parts) != 3:
        return None
    path = parts[1].split("?")[0]
    return f"{parts[0]} " + "/".join("{id}" if s.isdigit() else s for s in path.split("/"))


def test_same_seed_gives_the_same_log_and_another_seed_another():
    assert generate(2_000, seed=3) == generate(2_000, seed=3)
    assert generate(2_000, seed=3).lines() != generate(2_000, seed=4).lines()


def test_every_line_is_in_the_combined_format_with_a_request_time(log):
    lines = log.lines()
    assert len(lines) == len(log) == 20_000
    assert all(LINE.match(line) for line in lines), next(x for x in lines if not LINE.match(x))


def test_the_text_of_each_line_says_what_its_ground_truth_says(log):
    for req, line in zip(log.requests, log.lines(), strict=True):
        fields = LINE.match(line)
        assert int(fields["status"]) == req.status
        assert round(float(fields["seconds"]) * 1000) == req.latency_ms
        assert endpoint_of(fields["request"]) == req.endpoint
        assert dt.datetime.strptime(fields["time"], "%d/%b/%Y:%H:%M:%S %z") == req.time


def test_times_start_on_new_year_and_never_go_backwards(log):
    times = [r.time for r in log.requests]
    assert times[0] - START < dt.timedelta(seconds=5)
    assert times == sorted(times)
    assert dt.timedelta(minutes=50) < times[-1] - START < dt.timedelta(minutes=90)


def test_log_holds_what_the_notebook_asks_about(log):
    statuses = Counter(r.status for r in log.requests)
    assert statuses[401] > 300 and statuses[404] > 100 and statuses[400] > 0
    assert sum(v for s, v in statuses.items() if s >= 500) > 100
    assert sum(r.endpoint is None for r in log.requests) == 20  # TLS hellos and empty requests
    assert any("?" in r.request for r in log.requests)
    logins = Counter(r.ip for r in log.requests if r.endpoint == "POST /login")
    assert all(logins[ip] == count for ip, count in ATTACKERS.items())


def test_top_endpoints_counts_templates_most_first_and_breaks_ties_by_name():
    reqs = [request(endpoint=e) for e in ("GET /b", "GET /a", "GET /c", "GET /c", None)]
    assert AccessLog(tuple(reqs)).top_endpoints(3) == [("GET /c", 2), ("GET /a", 1),
                                                       ("GET /b", 1)]


def test_error_rate_counts_only_5xx():
    reqs = [request(status) for status in (200, 404, 401, 500, 503, 302, 400, 599)]
    assert AccessLog(tuple(reqs)).error_rate() == 3 / 8


def test_nearest_rank_picks_a_value_of_the_list_never_an_interpolation():
    assert nearest_rank(list(range(1, 21)), 95) == 19  # linear interpolation: 19.05
    assert nearest_rank([50, 15, 40, 20, 35], 30) == 20  # linear interpolation: 23
    assert nearest_rank([15, 20, 35, 40, 50], 0) == 15
    assert nearest_rank([15, 20, 35, 40, 50], 100) == 50
    with pytest.raises(ValueError):
        nearest_rank([], 50)


def test_percentile_ms_is_nearest_rank_over_every_request():
    reqs = tuple(request(latency_ms=ms) for ms in range(20, 0, -1))
    assert AccessLog(reqs).percentile_ms(95) == 19


def test_top_values_refuses_a_query_whose_answer_depends_on_tie_breaking(log):
    with pytest.raises(ValueError, match="tied"):
        log.top_values('"POST /api/orders ', 9, 3)


@pytest.mark.parametrize(("pattern", "field", "n"), NOTEBOOK_QUERIES)
def test_top_values_agrees_with_the_real_pipeline(log, tmp_path, pattern, field, n):
    path = log.write(tmp_path / "access.log")
    result = subprocess.run(["bash", "-c", PIPELINE, "-", pattern, str(path), str(field), str(n)],
                            capture_output=True, text=True, check=True)
    found = [(int(count), value) for count, value in
             (line.split(None, 1) for line in result.stdout.splitlines())]
    assert found == log.top_values(pattern, field, n)


@pytest.mark.parametrize(("pattern", "field", "n"), NOTEBOOK_QUERIES)
def test_notebook_queries_fit_one_pipe_write_so_head_never_breaks_sorts_pipe(log, pattern,
                                                                               field, n):
    # `sort -rn` writes its output in 4 KiB blocks; a second block written after `head` has
    # exited would kill it with SIGPIPE. One block or less: no SIGPIPE, whatever the timing.
    values = Counter(line.split(" ")[field - 1] for line in log.lines() if pattern in line)
    assert sum(len(f"{count:7d} {value}\n") for value, count in values.items()) < 4_096
