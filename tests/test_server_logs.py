"""course.datasets.server_logs: a seeded access log, request stream, keys and user ids."""

from __future__ import annotations

import itertools
import types
from collections import Counter

import pytest

from course.datasets.server_logs import (
    TIMESTAMP_WIDTH,
    LogRecord,
    format_line,
    log_lines,
    parse_line,
    request_keys,
    request_stream,
    timestamp,
    user_logs,
    usernames,
)


@pytest.fixture(scope="module")
def logs():
    return log_lines(5_000)


def test_timestamps_are_fixed_width_iso_utc_with_milliseconds():
    assert timestamp(0) == "2026-01-01T09:00:00.000Z"
    assert timestamp(1_500) == "2026-01-01T09:00:01.500Z"
    assert timestamp(15 * 3_600_000 + 7) == "2026-01-02T00:00:00.007Z"
    assert len(timestamp(123_456_789)) == TIMESTAMP_WIDTH


def test_same_seed_gives_the_same_log_and_another_seed_another(logs):
    assert log_lines(5_000) == logs
    assert log_lines(5_000, seed=1) != logs


def test_lines_are_in_time_order_and_some_timestamps_repeat(logs):
    stamps = [line[:TIMESTAMP_WIDTH] for line in logs]
    assert stamps == sorted(stamps)
    repeats = Counter(stamps)
    assert sum(1 for count in repeats.values() if count >= 3) >= 20


def test_format_and_parse_round_trip(logs):
    for line in logs[:500]:
        assert format_line(parse_line(line)) == line
    record = parse_line(logs[0])
    assert type(record.status) is int
    assert type(record.duration_ms) is int


def test_request_ids_grow_with_time(logs):
    ids = [parse_line(line).request_id for line in logs]
    assert ids == sorted(ids)
    assert ids[0] == "req-0000001"
    assert len(set(ids)) == len(ids)


def test_request_stream_is_lazy_and_matches_the_log(logs):
    stream = request_stream(5_000)
    assert isinstance(stream, types.GeneratorType)
    assert [format_line(record) for record in itertools.islice(stream, 100)] == logs[:100]
    assert all(type(record) is LogRecord for record in request_stream(10))


def test_durations_are_whole_milliseconds_with_ties_and_a_long_tail():
    durations = [record.duration_ms for record in request_stream(20_000)]
    assert min(durations) >= 1
    assert len(set(durations)) < len(durations) / 10
    assert max(durations) > 20 * sorted(durations)[len(durations) // 2]


def test_request_stream_rejects_a_negative_length():
    with pytest.raises(ValueError):
        list(request_stream(-1))


def test_request_keys_are_session_keys_and_skewed():
    keys = request_keys(10_000, 1_000)
    assert keys == request_keys(10_000, 1_000)
    assert all(key.startswith("session:") for key in keys)
    top_ten = sum(count for _, count in Counter(keys).most_common(10))
    assert top_ten > 0.25 * len(keys)


def test_usernames_are_distinct_seeded_and_prefix_stable():
    names = usernames(3_000)
    assert len(set(names)) == 3_000
    assert usernames(3_000) == names
    assert usernames(1_000) == names[:1_000]
    assert usernames(100, seed=12) != names[:100]


def test_user_logs_repeat_users_and_overlap_about_a_third_of_web_users():
    web, mobile = user_logs(3_000)
    assert len(web) == len(mobile) == 3_000
    assert len(set(web)) < len(web)
    shared = set(web) & set(mobile)
    assert 0.2 < len(shared) / len(set(web)) < 0.45
    assert user_logs(3_000) == (web, mobile)
