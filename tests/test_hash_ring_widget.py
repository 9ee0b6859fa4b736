"""course.widgets.hash_ring: ring placement, what a node change moves, the SVG and the widget."""

from __future__ import annotations

import re

import ipywidgets as widgets
import pytest

from course.widgets.hash_ring import (
    MAX_NODES,
    change,
    describe,
    hash_ring,
    node_names,
    owner,
    position,
    render_svg,
    ring_points,
)


def test_node_names_are_lettered_and_bounded():
    assert node_names(3) == ["node-A", "node-B", "node-C"]
    for bad in (0, MAX_NODES + 1):
        with pytest.raises(ValueError):
            node_names(bad)


def test_positions_are_stable_fractions_of_a_turn():
    assert position("x") == position("x")
    assert all(0 <= position(f"k{i}") < 1 for i in range(200))


def test_ring_has_vnodes_per_node_sorted():
    points = ring_points(["a", "b"], 50)
    assert len(points) == 100
    assert points == sorted(points)
    with pytest.raises(ValueError):
        ring_points(["a"], 0)


def test_owner_is_the_next_vnode_clockwise_and_wraps():
    points = [(0.2, "a"), (0.6, "b")]
    assert owner(points, 0.1) == "a"
    assert owner(points, 0.2) == "a"
    assert owner(points, 0.3) == "b"
    assert owner(points, 0.9) == "a"  # past the last point: wraps to the first
    with pytest.raises(LookupError):
        owner([], 0.5)


def test_adding_a_node_moves_keys_only_to_the_new_node():
    view = change(4, 100, "add", n_keys=2_000)
    assert view.after[-1] == "node-E"
    moved = set(view.moved)
    for key, old, new in zip(view.keys, view.owner_before, view.owner_after, strict=True):
        assert (new == "node-E") == (key in moved)
        if key in moved:
            assert old != "node-E"
    assert 0.12 < view.moved_fraction < 0.28


def test_removing_a_node_moves_exactly_its_keys():
    view = change(5, 50, "remove", n_keys=1_000)
    assert "node-E" not in view.after
    assert set(view.moved) == {k for k, o in zip(view.keys, view.owner_before, strict=True)
                               if o == "node-E"}


def test_more_vnodes_balance_the_load():
    def spread(vnodes):
        load = change(5, vnodes, "add", n_keys=3_000).load_after()
        return max(load.values()) / max(min(load.values()), 1)
    assert spread(200) < 1.5 < spread(1)


def test_change_rejects_bad_actions():
    with pytest.raises(ValueError):
        change(3, 10, "shuffle")
    with pytest.raises(ValueError):
        change(1, 10, "remove")


def test_svg_draws_every_vnode_and_key_and_rings_the_moved_keys():
    view = change(3, 4, "add", n_keys=50)
    svg = render_svg(view)
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert svg.count("<line") == 4 * 4
    assert svg.count("class='key'") == 50
    assert svg.count("stroke='#000'") == len(view.moved)


def test_describe_reports_the_moved_count_and_per_node_load():
    view = change(3, 20, "add", n_keys=100)
    text = describe(view)
    assert f"{len(view.moved)} of 100" in text
    for node, count in view.load_after().items():
        assert f"{node}: {count}" in text


def moved_count(html: str) -> int:
    match = re.search(r"keys moved: <b>(\d+) of", html)
    assert match, html
    return int(match.group(1))


def test_widget_is_controls_a_picture_and_a_readout_that_follow_the_controls():
    ring = hash_ring(n_keys=200)
    assert isinstance(ring, widgets.VBox)
    nodes, vnodes, action, picture, readout = ring.children
    assert isinstance(nodes, widgets.IntSlider) and isinstance(vnodes, widgets.IntSlider)
    assert isinstance(action, widgets.ToggleButtons)
    assert readout.value == describe(change(nodes.value, vnodes.value, "add", 200))
    vnodes.value = 150
    assert picture.value == render_svg(change(nodes.value, 150, "add", 200))
    action.value = "remove"
    assert moved_count(readout.value) == len(change(nodes.value, 150, "remove", 200).moved)
    nodes.value = 6
    assert readout.value == describe(change(6, 150, "remove", 200))
