"""A TCP connection's lifetime, step by step: client and server states side by side."""

from __future__ import annotations

import html
from dataclasses import dataclass

import ipywidgets as widgets

STATES: tuple[str, ...] = (
    "CLOSED", "LISTEN", "SYN_SENT", "SYN_RECEIVED", "ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2",
    "CLOSE_WAIT", "CLOSING", "LAST_ACK", "TIME_WAIT",
)


@dataclass(frozen=True)
class Step:
    """One moment of the connection: both sides' states after it, and the segment sent, if any."""

    title: str
    client: str
    server: str
    segment: str = ""  # e.g. "SYN seq=1000"
    direction: str = ""  # "->" client to server, "<-" server to client, "" none
    note: str = ""


LIFETIME: tuple[Step, ...] = (
    Step("Before anything happens", "CLOSED", "CLOSED",
         note="No connection exists: neither side keeps any state for it."),
    Step("Server: listen()", "CLOSED", "LISTEN",
         note="The server opens a listening socket (a passive open) and waits."),
    Step("Client: connect() sends SYN", "SYN_SENT", "LISTEN", "SYN seq=1000", "->",
         "An active open: the client picks its initial sequence number, 1000."),
    Step("Server receives SYN, replies SYN-ACK", "SYN_SENT", "SYN_RECEIVED",
         "SYN, ACK seq=5000 ack=1001", "<-",
         "The server acknowledges 1000 and sends its own initial sequence number, 5000."),
    Step("Client receives SYN-ACK, replies ACK", "ESTABLISHED", "SYN_RECEIVED",
         "ACK seq=1001 ack=5001", "->",
         "The client may send data now: its side is open."),
    Step("Server receives ACK", "ESTABLISHED", "ESTABLISHED",
         note="Three segments, one round trip and a half: the handshake is done."),
    Step("Client sends a request", "ESTABLISHED", "ESTABLISHED",
         "data seq=1001 (120 bytes)", "->", "Data moves; the states do not change."),
    Step("Server replies", "ESTABLISHED", "ESTABLISHED",
         "data seq=5001 ack=1121 (900 bytes)", "<-",
         "Every segment acknowledges the bytes received so far."),
    Step("Client: close() sends FIN", "FIN_WAIT_1", "ESTABLISHED",
         "FIN seq=1121 ack=5901", "->",
         "The client has nothing more to send. It closes first: the active close."),
    Step("Server receives FIN, ACKs it", "FIN_WAIT_1", "CLOSE_WAIT", "ACK ack=1122", "<-",
         "The server's recv() now returns b'': the peer will send no more."),
    Step("Client receives the ACK", "FIN_WAIT_2", "CLOSE_WAIT",
         note="Half-closed: the server may still send data to the client."),
    Step("Server: close() sends FIN", "FIN_WAIT_2", "LAST_ACK", "FIN seq=5901", "<-",
         "The server is done too; it waits for the last ACK."),
    Step("Client receives FIN, ACKs it", "TIME_WAIT", "LAST_ACK", "ACK ack=5902", "->",
         "The client waits 2 x MSL before forgetting the connection, in case that ACK is lost "
         "and the FIN comes again."),
    Step("Server receives the last ACK", "TIME_WAIT", "CLOSED",
         note="The passive closer is done as soon as its FIN is acknowledged."),
    Step("2 x MSL later", "CLOSED", "CLOSED",
         note="TIME_WAIT is over: the port pair (client port, server port) may be reused."),
)

_ARROWS = {"->": "&#8594;", "<-": "&#8592;", "": ""}
_NOW = "background:#2a7;color:#fff;font-weight:bold"
_VISITED = "background:#d6efe2"
_CELL = "padding:2px 8px;border:1px solid #ccc"


def visited(steps: tuple[Step, ...], index: int, side: str) -> list[str]:
    """The states `side` ("client" or "server") has been in up to step `index`, in order."""
    states: list[str] = []
    for step in steps[: index + 1]:
        state = getattr(step, side)
        if not states or states[-1] != state:
            states.append(state)
    return states


def render(index: int, steps: tuple[Step, ...] = LIFETIME) -> str:
    """Step `index` as HTML: both sides' states (the current one highlighted) and the log."""
    if not 0 <= index < len(steps):
        raise IndexError(f"step {index} is outside 0..{len(steps) - 1}")
    step = steps[index]
    seen = {side: set(visited(steps, index, side)) for side in ("client", "server")}
    rows = []
    for state in STATES:
        cells = []
        for side in ("client", "server"):
            style = _NOW if getattr(step, side) == state else (
                _VISITED if state in seen[side] else "")
            cells.append(f"<td style='{_CELL};{style}'>{state}</td>")
        rows.append(f"<tr>{cells[0]}<td style='padding:0 16px'></td>{cells[1]}</tr>")
    log = "".join(
        f"<li>client {_ARROWS[s.direction]} server: {html.escape(s.segment)}</li>"
        for s in steps[: index + 1] if s.segment)
    arrow = (f"<div style='font-size:1.3em'>client {_ARROWS[step.direction]} server: "
             f"<b>{html.escape(step.segment)}</b></div>" if step.segment else "")
    return (
        "<div style='font-family:monospace'>"
        f"<div><b>Step {index} of {len(steps) - 1}: {html.escape(step.title)}</b></div>{arrow}"
        f"<div>{html.escape(step.note)}</div>"
        "<table style='border-collapse:collapse;margin:6px 0'>"
        "<tr><th>client</th><th></th><th>server</th></tr>"
        f"{''.join(rows)}</table>"
        f"<div>segments so far:</div><ol>{log}</ol></div>"
    )


def tcp_states(steps: tuple[Step, ...] = LIFETIME) -> widgets.VBox:
    """Back/Next buttons and a slider that step through `steps`; the diagram follows."""
    slider = widgets.IntSlider(value=0, min=0, max=len(steps) - 1, description="step")
    back = widgets.Button(description="Back", icon="step-backward")
    forward = widgets.Button(description="Next", icon="step-forward")
    diagram = widgets.HTML()

    def update(_change: object = None) -> None:
        diagram.value = render(slider.value, steps)
        back.disabled = slider.value == slider.min
        forward.disabled = slider.value == slider.max

    def move(by: int) -> None:
        slider.value = min(max(slider.value + by, slider.min), slider.max)

    back.on_click(lambda _button: move(-1))
    forward.on_click(lambda _button: move(+1))
    slider.observe(update, names="value")
    update()
    return widgets.VBox([widgets.HBox([back, forward, slider]), diagram])
