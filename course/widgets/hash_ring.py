"""A consistent-hash ring drawn in SVG: nodes, virtual nodes, keys, and the keys a change moves."""

from __future__ import annotations

import bisect
import hashlib
import math
from collections import Counter
from dataclasses import dataclass

import ipywidgets as widgets

COLOURS = ("#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d",
           "#1f78b4", "#b2df8a", "#fb9a99")
MAX_NODES = len(COLOURS)


def node_names(count: int) -> list[str]:
    """'node-A', 'node-B', ... (at most MAX_NODES)."""
    if not 1 <= count <= MAX_NODES:
        raise ValueError(f"between 1 and {MAX_NODES} nodes, not {count}")
    return [f"node-{chr(ord('A') + i)}" for i in range(count)]


def position(label: str) -> float:
    """Where `label` sits on the ring, as a fraction of a turn in [0, 1)."""
    return int.from_bytes(hashlib.sha256(label.encode("utf-8")).digest()[:8], "big") / 2**64


def ring_points(nodes: list[str], vnodes: int) -> list[tuple[float, str]]:
    """Every virtual node as (position, node), sorted around the ring."""
    if vnodes < 1:
        raise ValueError("need at least one virtual node per node")
    return sorted((position(f"{node}/v{i}"), node) for node in nodes for i in range(vnodes))


def owner(points: list[tuple[float, str]], where: float) -> str:
    """The node of the first virtual node clockwise from `where` (wrapping past the top)."""
    if not points:
        raise LookupError("the ring has no nodes")
    index = bisect.bisect_left(points, (where, ""))
    return points[index % len(points)][1]


def demo_keys(count: int) -> list[str]:
    return [f"key-{i}" for i in range(count)]


@dataclass(frozen=True)
class RingChange:
    """One ring before and after a node joins or leaves, and where every key lands."""

    before: tuple[str, ...]
    after: tuple[str, ...]
    vnodes: int
    keys: tuple[str, ...]
    owner_before: tuple[str, ...]
    owner_after: tuple[str, ...]

    @property
    def moved(self) -> list[str]:
        return [k for k, a, b in zip(self.keys, self.owner_before, self.owner_after, strict=True)
                if a != b]

    @property
    def moved_fraction(self) -> float:
        return len(self.moved) / len(self.keys) if self.keys else 0.0

    def load_after(self) -> Counter[str]:
        counts = Counter(self.owner_after)
        return Counter({node: counts.get(node, 0) for node in self.after})


def change(n_nodes: int, vnodes: int, action: str, n_keys: int = 300) -> RingChange:
    """Ring of `n_nodes` nodes; `action` 'add' a node or 'remove' the last one."""
    before = node_names(n_nodes)
    if action == "add":
        after = node_names(n_nodes + 1)
    elif action == "remove":
        if n_nodes < 2:
            raise ValueError("cannot remove the only node")
        after = before[:-1]
    else:
        raise ValueError(f"action is 'add' or 'remove', not {action!r}")
    keys = demo_keys(n_keys)
    points_before, points_after = ring_points(before, vnodes), ring_points(after, vnodes)
    return RingChange(tuple(before), tuple(after), vnodes, tuple(keys),
                      tuple(owner(points_before, position(k)) for k in keys),
                      tuple(owner(points_after, position(k)) for k in keys))


def _xy(fraction: float, radius: float, centre: float = 160.0) -> tuple[float, float]:
    angle = 2 * math.pi * fraction - math.pi / 2  # 0 at the top, clockwise
    return centre + radius * math.cos(angle), centre + radius * math.sin(angle)


def render_svg(view: RingChange) -> str:
    """The ring after the change: vnodes as ticks, keys as dots, moved keys ringed in black."""
    colour = {node: COLOURS[i] for i, node in enumerate(sorted(set(view.before) | set(view.after)))}
    parts = ["<svg xmlns='http://www.w3.org/2000/svg' width='320' height='320'>",
             "<circle cx='160' cy='160' r='130' fill='none' stroke='#999'/>"]
    for where, node in ring_points(list(view.after), view.vnodes):
        (x1, y1), (x2, y2) = _xy(where, 122), _xy(where, 140)
        parts.append(f"<line x1='{x1:.1f}' y1='{y1:.1f}' x2='{x2:.1f}' y2='{y2:.1f}' "
                     f"stroke='{colour[node]}' stroke-width='2'/>")
    moved = set(view.moved)
    for key, node in zip(view.keys, view.owner_after, strict=True):
        x, y = _xy(position(key), 110)
        ring = " stroke='#000' stroke-width='1.5'" if key in moved else ""
        radius = 4 if key in moved else 2.5
        parts.append(f"<circle class='key' cx='{x:.1f}' cy='{y:.1f}' r='{radius}' "
                     f"fill='{colour[node]}'{ring}/>")
    parts.append("</svg>")
    return "".join(parts)


def describe(view: RingChange) -> str:
    """The read-out: keys moved (and the ideal share) and keys per node after the change."""
    load = view.load_after()
    ideal = 1 / max(len(view.before), len(view.after))
    spread = (f"{max(load.values()) / min(load.values()):.2f}" if min(load.values()) else "inf")
    legend = " · ".join(f"{node}: {count}" for node, count in sorted(load.items()))
    return (f"<div style='font-family:monospace'>keys moved: <b>{len(view.moved)} of "
            f"{len(view.keys)} ({100 * view.moved_fraction:.1f}%)</b>; ideal ≈ {100 * ideal:.1f}%"
            f"<br>keys per node: {legend}<br>max/min load: <b>{spread}</b></div>")


def hash_ring(n_keys: int = 300) -> widgets.VBox:
    """Sliders for nodes and virtual nodes, add/remove toggle; the ring and read-out follow."""
    nodes = widgets.IntSlider(value=4, min=2, max=MAX_NODES - 1, description="nodes")
    vnodes = widgets.IntSlider(value=1, min=1, max=200, description="vnodes")
    action = widgets.ToggleButtons(options=[("add a node", "add"), ("remove a node", "remove")],
                                   value="add")
    picture, readout = widgets.HTML(), widgets.HTML()

    def update(_change: object = None) -> None:
        view = change(nodes.value, vnodes.value, action.value, n_keys)
        picture.value = render_svg(view)
        readout.value = describe(view)

    for control in (nodes, vnodes, action):
        control.observe(update, names="value")
    update()
    return widgets.VBox([nodes, vnodes, action, picture, readout])
