"""Diagram layout for BPMN export: Graphviz orders and spaces, lanes band the roles.

Graphviz (``dot``, left to right) gives every shape its x position and the order of
shapes top to bottom; shapes are then put in the horizontal band (lane) of their
role, in as many rows as the lane needs so that nothing overlaps. Edges are drawn
orthogonally between the shapes (right side → left side, with one bend column).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from procmodel.render.engine import run_dot

#: Shape sizes (bpmn.io's defaults, so files look native there).
SIZES = {"task": (100.0, 80.0), "event": (36.0, 36.0), "gateway": (50.0, 50.0)}
LANE_HEADER = 30.0  # width of the lane (and pool) name column
ROW = 170.0  # height of one row of shapes inside a lane (room for boundary events below)
NOTE = (140.0, 40.0)  # text annotation size
PT_PER_PX = 72.0 / 96.0


@dataclass
class Box:
    """A rectangle in diagram coordinates (pixels, y down)."""

    x: float
    y: float
    w: float
    h: float

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2


@dataclass
class Layout:
    """Where everything goes: shapes by node id, lanes by lane key, edges as waypoints."""

    shapes: dict[str, Box] = field(default_factory=dict)
    lanes: dict[str, Box] = field(default_factory=dict)
    pool: Box | None = None
    edges: dict[str, list[tuple[float, float]]] = field(default_factory=dict)
    notes: dict[str, Box] = field(default_factory=dict)  # annotation id → box


def layout(
    nodes: list[tuple[str, str, str | None, str | None]],
    edges: list[tuple[str, str, str]],
    notes: dict[str, list[str]],
    lane_order: list[str],
) -> Layout:
    """Lay out ``nodes`` (id, shape kind, lane key or None, host id for boundary events).

    ``edges`` are (edge id, source id, target id); ``notes`` maps a node id to the ids of
    its annotations; ``lane_order`` lists the lane keys top to bottom (empty: no lanes).
    Every host must be a placed node (the writer refuses a boundary event on anything else).
    """
    placed = [n for n in nodes if n[3] is None]
    hosts = {n[0]: n[3] for n in nodes if n[3] is not None}
    xs, ys = _graphviz_positions(placed, edges, hosts)
    out = Layout()
    x0 = 2 * LANE_HEADER + 40.0 if lane_order else 40.0
    lanes = lane_order or [""]
    by_lane: dict[str, list[tuple[str, str]]] = {key: [] for key in lanes}
    for ident, kind, lane, _host in placed:
        by_lane[lane if lane_order and lane in by_lane else lanes[0]].append((ident, kind))
    top = 40.0
    row_tops: dict[str, float] = {}
    for key in lanes:
        members = sorted(by_lane[key], key=lambda m: (ys[m[0]], xs[m[0]]))
        rows: list[float] = []  # right edge of the last shape in each row
        assigned: dict[str, int] = {}
        for ident, kind in members:
            w, _ = SIZES[kind]
            left = x0 + xs[ident] - w / 2
            right_edge = left + max(w, NOTE[0] if notes.get(ident) else 0)
            for r, right in enumerate(rows):
                if left >= right + 30:
                    assigned[ident] = r
                    rows[r] = right_edge
                    break
            else:
                assigned[ident] = len(rows)
                rows.append(right_edge)
        height = max(1, len(rows)) * ROW
        for ident, kind in members:
            w, h = SIZES[kind]
            row_top = top + assigned[ident] * ROW
            row_tops[ident] = row_top
            box = Box(x0 + xs[ident] - w / 2, row_top + 55.0 + (80.0 - h) / 2, w, h)
            out.shapes[ident] = box
            for k, note in enumerate(notes.get(ident, ())):
                out.notes[note] = Box(box.x + k * (NOTE[0] + 10), row_top + 8.0, *NOTE)
        if lane_order:
            out.lanes[key] = Box(40.0 + LANE_HEADER, top, 0.0, height)
        top += height
    width = max((b.x + b.w for b in (*out.shapes.values(), *out.notes.values())), default=x0) + 60.0
    for box in out.lanes.values():
        box.w = width - box.x
    if lane_order:
        out.pool = Box(40.0, 40.0, width - 40.0, top - 40.0)
    per_host: dict[str, int] = {}
    boundary_notes: dict[str, list[str]] = {}  # host → its boundary events placed so far
    for ident, host in hosts.items():
        hb = out.shapes[host]
        k = per_host.get(host, 0)
        per_host[host] = k + 1
        out.shapes[ident] = Box(hb.x + hb.w - 28 - k * 40, hb.y + hb.h - 18, 36.0, 36.0)
        # a boundary event's notes go in the row's note band, after its host's own notes
        first = len(notes.get(host, ())) + sum(len(notes.get(b, ())) for b in boundary_notes.get(host, ()))
        for j, note in enumerate(notes.get(ident, ())):
            out.notes[note] = Box(hb.x + (first + j) * (NOTE[0] + 10), row_tops[host] + 8.0, *NOTE)
        boundary_notes.setdefault(host, []).append(ident)
    for edge_id, src, dst in edges:
        out.edges[edge_id] = _route(out.shapes[src], out.shapes[dst], src in hosts)
    return out


def _graphviz_positions(
    placed: list[tuple[str, str, str | None, str | None]],
    edges: list[tuple[str, str, str]],
    hosts: dict[str, str],
) -> tuple[dict[str, float], dict[str, float]]:
    """Centre x (pixels from the left) and y (for ordering) of each placed node, from ``dot``.

    An edge from a boundary event starts at its host (``hosts``: boundary event → host).
    """
    names = {n[0]: f"n{i}" for i, n in enumerate(placed)}
    lines = ["digraph G {", "rankdir=LR; nodesep=0.6; ranksep=0.55; splines=false;"]
    for ident, kind, _lane, _h in placed:
        w, h = SIZES[kind]
        wide = max(w, NOTE[0]) if kind == "task" else w
        lines.append(
            f"{names[ident]} [shape=box, fixedsize=true, "
            f'width={wide / 96:.3f}, height={h / 96:.3f}, label=""];'
        )
    for _eid, src, dst in edges:
        src = hosts.get(src, src)
        if src in names and dst in names:
            lines.append(f"{names[src]} -> {names[dst]};")
    lines.append("}")
    data = json.loads(run_dot("\n".join(lines), fmt="json"))
    xs: dict[str, float] = {}
    ys: dict[str, float] = {}
    top = float(data["bb"].split(",")[3])
    by_name = {o["name"]: o for o in data.get("objects", [])}
    for ident, name in names.items():
        x, y = (float(v) for v in by_name[name]["pos"].split(","))
        xs[ident] = x / PT_PER_PX
        ys[ident] = (top - y) / PT_PER_PX
    return xs, ys


def _route(a: Box, b: Box, from_boundary: bool) -> list[tuple[float, float]]:
    """Orthogonal waypoints from ``a`` to ``b``."""
    if from_boundary:  # leave a boundary event downwards, then go across
        start = (a.cx, a.y + a.h)
        if b.cx >= a.cx:
            return (
                [start, (a.cx, b.cy), (b.x, b.cy)]
                if b.cy > start[1]
                else [start, (a.cx, start[1] + 20), (b.x - 20, start[1] + 20), (b.x - 20, b.cy), (b.x, b.cy)]
            )
        return [start, (a.cx, b.y + b.h + 20), (b.cx, b.y + b.h + 20), (b.cx, b.y + b.h)]
    if b.x >= a.x + a.w:  # forward
        start, end = (a.x + a.w, a.cy), (b.x, b.cy)
        if abs(start[1] - end[1]) < 0.5:
            return [start, end]
        mid = start[0] + (end[0] - start[0]) / 2
        return [start, (mid, start[1]), (mid, end[1]), end]
    # backward (a loop): go below both shapes and come back
    low = max(a.y + a.h, b.y + b.h) + 25
    return [(a.cx, a.y + a.h), (a.cx, low), (b.cx, low), (b.cx, b.y + b.h)]
