"""course.widgets.rate_limit_plot: the limiters, the seeded traffic, the timeline and the widget."""

from __future__ import annotations

import re

import ipywidgets as widgets
import pytest

from course.widgets.rate_limit_plot import (
    LIMITERS,
    PATTERNS,
    FixedWindow,
    SlidingLog,
    Timeline,
    TokenBucket,
    arrivals,
    busiest_window,
    describe,
    make_limiter,
    rate_limit_plot,
    simulate,
    svg,
    timeline,
)

# --- limiters ------------------------------------------------------------------------------


def test_token_bucket_allows_a_burst_of_capacity_then_the_refill_rate():
    bucket = TokenBucket(3, 2.0)
    assert simulate(bucket, [0, 0, 0, 0]) == [True, True, True, False]
    assert simulate(bucket, [0.25, 0.5, 0.5]) == [False, True, False]


def test_token_bucket_never_holds_more_than_its_capacity():
    bucket = TokenBucket(2, 1.0)
    assert simulate(bucket, [0, 0, 1000, 1000, 1000]) == [True, True, True, True, False]


def test_sliding_log_forgets_a_request_exactly_window_old():
    log = SlidingLog(2, 10)
    assert simulate(log, [0, 1, 9.99, 10, 10.5, 11]) == [True, True, False, True, False, True]


def test_sliding_log_does_not_count_rejected_requests():
    log = SlidingLog(1, 10)
    assert simulate(log, [0, 5, 10]) == [True, False, True]


def test_fixed_window_resets_at_the_boundary_and_lets_twice_the_limit_through():
    fixed = FixedWindow(3, 60)
    times = [58, 58.5, 59, 59.5, 60, 60.5, 61, 61.5]
    decisions = simulate(fixed, times)
    assert decisions == [True, True, True, False, True, True, True, False]
    assert busiest_window(times, decisions, 60) == 6
    assert busiest_window(times, simulate(SlidingLog(3, 60), times), 60) == 3


@pytest.mark.parametrize("kind", LIMITERS)
def test_make_limiter_builds_each_kind(kind):
    limiter = make_limiter(kind, 5, 60)
    assert sum(simulate(limiter, [0.0] * 10)) == 5


@pytest.mark.parametrize(("make", "args"), [
    (TokenBucket, (0, 1.0)), (TokenBucket, (5, 0)), (SlidingLog, (-1, 10)),
    (SlidingLog, (5, 0)), (FixedWindow, (5, -1)), (make_limiter, ("leaky", 5, 60)),
])
def test_invalid_limiters_raise_value_error(make, args):
    with pytest.raises(ValueError):
        make(*args)


# --- traffic -------------------------------------------------------------------------------


@pytest.mark.parametrize("pattern", PATTERNS)
def test_arrivals_are_sorted_in_range_and_seeded(pattern):
    times = arrivals(pattern, 180)
    assert times == sorted(times)
    assert all(0 <= t < 180 for t in times)
    assert times == arrivals(pattern, 180)
    assert times != arrivals(pattern, 180, seed=8)


def test_boundary_traffic_crowds_the_minute_edges():
    times = arrivals("boundary", 180)
    near_edges = [t for t in times if any(abs(t - edge) <= 2 for edge in (60, 120))]
    assert len(near_edges) >= 360


def test_unknown_pattern_raises_value_error():
    with pytest.raises(ValueError):
        arrivals("tidal")


# --- timeline, busiest window, svg ---------------------------------------------------------


def test_timeline_counts_each_request_once_in_its_bin():
    tl = timeline([0.5, 1.0, 5.0, 9.9, 14.9], [True, False, True, True, False], 15, 5)
    assert tl == Timeline(5, (1, 2, 0), (1, 0, 1))


def test_timeline_needs_one_decision_per_request():
    with pytest.raises(ValueError):
        timeline([1.0, 2.0], [True], 10)


def test_busiest_window_ignores_rejected_requests():
    assert busiest_window([0, 1, 2, 3], [True, False, False, True], 10) == 2
    assert busiest_window([], [], 10) == 0


def test_svg_draws_two_bars_per_bin_scaled_to_the_peak():
    picture = svg(Timeline(5, (4, 0), (0, 2)), width=100, height=80)
    assert picture.count("<rect") == 4
    assert "height='80.0' fill='#2a7'" in picture  # the tallest bar fills the height
    assert "<title>2 rejected</title>" in picture


# --- describe and the widget ---------------------------------------------------------------


def allowed_and_busiest(html: str) -> tuple[int, int]:
    match = re.search(r"<b>(\d+)</b> allowed · .* busiest 60 s: <b>(\d+)</b>", html)
    assert match, html
    return int(match[1]), int(match[2])


def test_sliding_log_never_lets_more_than_the_limit_into_any_window():
    for pattern in PATTERNS:
        _, busiest = allowed_and_busiest(describe("sliding log", pattern, 100))
        assert busiest <= 100


def test_fixed_window_lets_boundary_traffic_exceed_the_limit():
    _, busiest = allowed_and_busiest(describe("fixed window", "boundary", 100))
    assert busiest > 150


def test_widget_is_two_dropdowns_a_slider_and_a_readout_that_follows_them():
    box = rate_limit_plot()
    assert isinstance(box, widgets.VBox)
    kind, pattern, limit, readout = box.children
    assert isinstance(kind, widgets.Dropdown) and isinstance(pattern, widgets.Dropdown)
    assert isinstance(limit, widgets.IntSlider) and isinstance(readout, widgets.HTML)
    assert readout.value == describe(kind.value, pattern.value, limit.value)
    kind.value = "sliding log"
    assert readout.value == describe("sliding log", pattern.value, limit.value)
    before = allowed_and_busiest(readout.value)[0]
    limit.value = 20
    assert allowed_and_busiest(readout.value)[0] < before
