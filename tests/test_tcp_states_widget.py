"""course.widgets.tcp_states: the scripted lifetime follows RFC 9293; the view follows the steps."""

from __future__ import annotations

import itertools
import re

import ipywidgets as widgets
import pytest

from course.widgets.tcp_states import LIFETIME, STATES, Step, render, tcp_states, visited

# RFC 9293 Figure 5 (the arrows the lifetime may use), written out independently of the module.
RFC_ARROWS = {
    ("CLOSED", "LISTEN"), ("CLOSED", "SYN_SENT"), ("LISTEN", "SYN_RECEIVED"),
    ("LISTEN", "CLOSED"), ("SYN_SENT", "ESTABLISHED"), ("SYN_SENT", "SYN_RECEIVED"),
    ("SYN_SENT", "CLOSED"), ("SYN_RECEIVED", "ESTABLISHED"), ("SYN_RECEIVED", "FIN_WAIT_1"),
    ("ESTABLISHED", "FIN_WAIT_1"), ("ESTABLISHED", "CLOSE_WAIT"), ("FIN_WAIT_1", "FIN_WAIT_2"),
    ("FIN_WAIT_1", "CLOSING"), ("FIN_WAIT_2", "TIME_WAIT"), ("CLOSING", "TIME_WAIT"),
    ("CLOSE_WAIT", "LAST_ACK"), ("LAST_ACK", "CLOSED"), ("TIME_WAIT", "CLOSED"),
}


def current_state(html: str, column: int) -> str:
    """The highlighted state of the client (column 0) or the server (column 1)."""
    found = []
    for row in re.findall(r"<tr>(.*?)</tr>", html):
        cells = re.findall(r"<td style='([^']*)'>(\w*)</td>", row)
        if len(cells) == 3 and "background:#2a7" in cells[2 * column][0]:
            found.append(cells[2 * column][1])
    assert len(found) == 1, html
    return found[0]


# --- the scripted lifetime -----------------------------------------------------------------


def test_lifetime_starts_and_ends_with_both_sides_closed():
    assert (LIFETIME[0].client, LIFETIME[0].server) == ("CLOSED", "CLOSED")
    assert (LIFETIME[-1].client, LIFETIME[-1].server) == ("CLOSED", "CLOSED")


def test_every_state_in_the_lifetime_is_a_tcp_state():
    assert len(set(STATES)) == 11
    assert {s.client for s in LIFETIME} | {s.server for s in LIFETIME} <= set(STATES)


@pytest.mark.parametrize("index", range(1, len(LIFETIME)))
def test_each_step_moves_at_most_one_side_along_an_rfc_arrow(index):
    before, after = LIFETIME[index - 1], LIFETIME[index]
    moves = [(getattr(before, side), getattr(after, side)) for side in ("client", "server")
             if getattr(before, side) != getattr(after, side)]
    assert len(moves) <= 1, after.title
    assert all(move in RFC_ARROWS for move in moves), (after.title, moves)


def test_lifetime_passes_through_the_handshake_and_both_closes():
    assert visited(LIFETIME, len(LIFETIME) - 1, "client") == [
        "CLOSED", "SYN_SENT", "ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2", "TIME_WAIT", "CLOSED"]
    assert visited(LIFETIME, len(LIFETIME) - 1, "server") == [
        "CLOSED", "LISTEN", "SYN_RECEIVED", "ESTABLISHED", "CLOSE_WAIT", "LAST_ACK", "CLOSED"]


def test_segments_have_a_direction_and_the_handshake_is_syn_synack_ack():
    sent = [(s.direction, s.segment.split(" seq")[0]) for s in LIFETIME if s.segment]
    assert all(direction in ("->", "<-") for direction, _ in sent)
    assert sent[:3] == [("->", "SYN"), ("<-", "SYN, ACK"), ("->", "ACK")]
    assert [s for s in LIFETIME if not s.segment and s.direction] == []


def test_visited_lists_states_in_order_without_repeats():
    steps = (Step("a", "CLOSED", "CLOSED"), Step("b", "SYN_SENT", "CLOSED"),
             Step("c", "SYN_SENT", "LISTEN"))
    assert visited(steps, 0, "client") == ["CLOSED"]
    assert visited(steps, 2, "client") == ["CLOSED", "SYN_SENT"]
    assert visited(steps, 1, "server") == ["CLOSED"]


# --- render --------------------------------------------------------------------------------


@pytest.mark.parametrize("index", range(len(LIFETIME)))
def test_render_highlights_exactly_the_current_state_of_each_side(index):
    html = render(index)
    assert current_state(html, 0) == LIFETIME[index].client
    assert current_state(html, 1) == LIFETIME[index].server
    assert f"Step {index} of {len(LIFETIME) - 1}" in html


def test_render_shows_the_segment_of_the_step_and_the_log_so_far():
    syn_ack = next(i for i, s in enumerate(LIFETIME) if s.segment.startswith("SYN, ACK"))
    html = render(syn_ack)
    assert "client &#8592; server: <b>SYN, ACK" in html
    assert html.count("<li>") == 2  # SYN, then SYN-ACK
    assert render(len(LIFETIME) - 1).count("<li>") == sum(1 for s in LIFETIME if s.segment)


def test_render_escapes_text():
    steps = (Step("<script>", "CLOSED", "CLOSED", "a<b", "->", "x & y"),)
    html = render(0, steps)
    assert "<script>" not in html
    assert "a&lt;b" in html and "x &amp; y" in html


@pytest.mark.parametrize("index", [-1, len(LIFETIME)])
def test_render_refuses_a_step_outside_the_lifetime(index):
    with pytest.raises(IndexError):
        render(index)


# --- the widget ----------------------------------------------------------------------------


@pytest.fixture
def widget():
    return tcp_states()


def parts(widget):
    (controls, diagram) = widget.children
    back, forward, slider = controls.children
    return back, forward, slider, diagram


def test_widget_is_buttons_a_slider_and_a_diagram(widget):
    back, forward, slider, diagram = parts(widget)
    assert isinstance(widget, widgets.VBox)
    assert isinstance(back, widgets.Button) and isinstance(forward, widgets.Button)
    assert isinstance(slider, widgets.IntSlider) and isinstance(diagram, widgets.HTML)
    assert (slider.min, slider.max, slider.value) == (0, len(LIFETIME) - 1, 0)
    assert diagram.value == render(0)


def test_next_and_back_move_one_step_and_redraw(widget):
    back, forward, slider, diagram = parts(widget)
    forward.click()
    forward.click()
    assert slider.value == 2
    assert diagram.value == render(2)
    back.click()
    assert slider.value == 1
    assert current_state(diagram.value, 1) == "LISTEN"


def test_buttons_stop_at_the_ends_and_are_disabled_there(widget):
    back, forward, slider, diagram = parts(widget)
    assert back.disabled and not forward.disabled
    back.click()
    assert slider.value == 0
    for _ in itertools.repeat(None, len(LIFETIME) + 3):
        forward.click()
    assert slider.value == len(LIFETIME) - 1
    assert forward.disabled and not back.disabled
    assert diagram.value == render(len(LIFETIME) - 1)


def test_moving_the_slider_redraws_the_diagram(widget):
    _, _, slider, diagram = parts(widget)
    time_wait = next(i for i, s in enumerate(LIFETIME) if s.client == "TIME_WAIT")
    slider.value = time_wait
    assert current_state(diagram.value, 0) == "TIME_WAIT"


def test_widget_accepts_its_own_steps():
    steps = (Step("one", "CLOSED", "CLOSED"), Step("two", "SYN_SENT", "CLOSED", "SYN", "->"))
    _, forward, slider, diagram = parts(tcp_states(steps))
    assert slider.max == 1
    forward.click()
    assert "SYN" in diagram.value and current_state(diagram.value, 0) == "SYN_SENT"
