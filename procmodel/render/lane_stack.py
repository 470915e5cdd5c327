"""Swimlanes stacked in a fixed order: a two-pass layout that works the same on both engines.

Graphviz ``dot`` treats the order of clusters as free: crossing minimisation may swap two lane
clusters whatever invisible edges or ``rank=same`` constraints tie them (edges between nodes of
the same rank in different clusters are dropped when clusters are ordered). So the lane order is
made certain in two passes:

1. ``dot`` lays out the swimlane DOT (no edge routing, only node positions and cluster boxes);
2. the lane boxes are restacked top to bottom in their index order (``cluster_lane_0`` first),
   each fitted to its content with the header centred beside it and the lane's nodes moving
   with their box, and the graph is rendered again with every node and
   cluster pinned (layout ``nop2``: positions as given, edges routed afresh; the invisible edges
   that only steered pass 1 are left out).

Only node positions along the flow come from ``dot``'s ranks; within a lane the order of nodes is
``dot``'s. A swimlane DOT says it wants this with :data:`MARKER`.
"""

from __future__ import annotations

import itertools
import json
import math
import re
import statistics
from collections.abc import Callable, Sequence

from procmodel.render import style
from procmodel.render.dot import quote

#: First statement of a DOT text whose ``cluster_lane_<n>`` clusters must stack in index order.
MARKER = "/* procmodel: lanes stacked in index order (two-pass layout) */"
#: Graph attribute of pass 2: keep the given positions, route the edges.
PINNED = '  graph [layout="nop2"]'
_LANE = re.compile(r"^cluster_lane_(\d+)$")
_SPLINES = re.compile(r'splines="[a-z]+"')
_EDGE = re.compile(r'^\s*"(?:[^"\\]|\\.)*" -> ')
_XLABEL = re.compile(r', xlabel="((?:[^"\\]|\\.)*)"')
#: An invisible edge statement as DotWriter writes it: it only steers pass 1, so pass 2 drops it.
_INVISIBLE_EDGE = re.compile(r'^\s*"(?:[^"\\]|\\.)*" -> "(?:[^"\\]|\\.)*" \[style="invis"\]$')
#: Font size of edge labels (swimlane edge default), points kept free around them, width of " ".
EDGE_LABEL_FONTSIZE = 10
LABEL_GAP = 5.0
SPACE_WIDTH = style.text_width(" ", EDGE_LABEL_FONTSIZE)
#: Points kept free above and below the content of a lane.
LANE_PADDING = 10.0
#: Least points between two rows of a lane's nodes when they are packed into rows (_compacted).
ROW_GAP = 22.0
#: Least points between two nodes side by side in one row of a lane.
NODE_GAP = 14.0
#: Nodes that frame a lane (its header and its invisible end) rather than belong to its flow.
_FRAME = re.compile(r"^lane(?:end)?:\d+$")

#: ``run(dots, fmt)`` → one output (bytes) or exception per DOT text.
Runner = Callable[[Sequence[str], str], "Sequence[bytes | Exception]"]


def wants_stacking(dot: str) -> bool:
    """Whether ``dot`` is a swimlane diagram whose lanes must be stacked in order."""
    return MARKER in dot


def is_pinned(dot: str) -> bool:
    """Whether ``dot`` is a pass-2 DOT made by :func:`pinned` (every node has its position)."""
    return PINNED in dot


def first_pass(dot: str) -> str:
    """The DOT for pass 1: the same graph, without edge routing (positions do not depend on it).

    Edge ``xlabel``s become ``label``s here, padded with spaces to twice their width: ``dot``
    then reserves room between the ranks, so in pass 2, where Graphviz puts an external label
    beside one end of its edge's middle segment, the label finds free space instead of a box.
    """
    lines = [_XLABEL.sub(_reserve, line) if _EDGE.match(line) else line for line in dot.split("\n")]
    return _SPLINES.sub('splines="false"', "\n".join(lines), count=1)


def _reserve(match: re.Match[str]) -> str:
    parts = match.group(1).split("\\n")
    widest = max(style.text_width(part.replace("\\", ""), EDGE_LABEL_FONTSIZE) for part in parts)
    pad = " " * math.ceil((widest / 2 + LABEL_GAP) / SPACE_WIDTH)
    return ', label="' + "\\n".join(pad + part + pad for part in parts) + '"'


def pinned(dot: str, layout: bytes) -> str:
    """The DOT for pass 2: ``dot`` with every node and lane pinned, lanes stacked in index order.

    ``layout`` is Graphviz's JSON output of :func:`first_pass` of ``dot``.
    """
    data = json.loads(layout)
    objects = data.get("objects", [])
    n_sub = int(data.get("_subgraph_cnt", 0))
    lanes: dict[int, dict] = {}
    for obj in objects[:n_sub]:
        match = _LANE.match(obj.get("name", ""))
        if match and "bb" in obj:
            lanes[int(match.group(1))] = obj
    if not lanes:
        return dot
    nodes = {obj["_gvid"]: obj for obj in objects[n_sub:] if "pos" in obj}
    boxes = {i: _floats(lane["bb"]) for i, lane in lanes.items()}
    graph_box = _floats(data["bb"])
    # gaps and margins as dot made them, so the restacked diagram looks like dot's
    by_height = sorted(boxes.values(), key=lambda b: -b[3])
    gaps = [upper[1] - lower[3] for upper, lower in itertools.pairwise(by_height)]
    gap = max(statistics.median(gaps), 4.0) if gaps else 0.0
    top = graph_box[3] - max(b[3] for b in boxes.values())
    body = dot.rstrip().removesuffix("}").rstrip().split("\n")
    lines = [line for line in body if not _INVISIBLE_EDGE.match(line)]
    lines.append(PINNED)
    # new lane boxes, top to bottom in index order (y grows upwards in Graphviz coordinates); each
    # lane shrinks to its content: dot leaves lanes as tall as its crossing minimisation made them,
    # and its nodes go into rows (_compacted) when that makes the lane no taller
    y = graph_box[3] - top
    for i in sorted(lanes):
        x0, _, x1, _ = boxes[i]
        members = [nodes[g] for g in lanes[i].get("nodes", []) if g in nodes]
        fixed = [n for n in members if not _FRAME.match(n.get("name", ""))]
        moved = _compacted(fixed)
        packed = [{**n, "pos": moved.get(n["_gvid"], n["pos"])} for n in fixed]
        lo, hi = _extent(fixed)
        packed_lo, packed_hi = _extent(packed)
        if packed_hi - packed_lo <= hi - lo:  # rows only where they make the lane no taller
            fixed, lo, hi = packed, packed_lo, packed_hi
        members = fixed + [n for n in members if _FRAME.match(n.get("name", ""))]
        header = max((float(n.get("height", 0)) * 72 for n in members if n not in fixed), default=0.0)
        height = max(hi - lo, header) + 2 * LANE_PADDING
        dy = (y - height / 2) - (hi + lo) / 2  # content centred in the new box
        box = f"{_fmt(x0)},{_fmt(y - height)},{_fmt(x1)},{_fmt(y)}"
        lines.append(f'  subgraph {quote(lanes[i]["name"])} {{ bb="{box}" }}')
        for node in members:
            x, y_ = _floats(node["pos"])
            # header and lane end: vertically centred; the flow moves with its lane
            y_ = y - height / 2 if _FRAME.match(node.get("name", "")) else y_ + dy
            lines.append(f'  {quote(node["name"])} [pos="{_fmt(x)},{_fmt(y_)}"]')
        y -= height + gap
    placed = {g for lane in lanes.values() for g in lane.get("nodes", [])}
    for gvid, node in nodes.items():  # nodes outside every lane keep their place
        if gvid not in placed:
            lines.append(f'  {quote(node["name"])} [pos="{node["pos"]}"]')
    lines.append("}")
    return "\n".join(lines) + "\n"


def stack_lanes(dots: Sequence[str], run: Runner) -> list[str]:
    """The DOT to render for each of ``dots``: pinned (pass 2) for swimlanes, else unchanged.

    ``run`` renders pass 1 (JSON) for all swimlanes in one batch. A swimlane whose pass 1 fails
    is returned unchanged, so rendering it reports Graphviz's own error.
    """
    todo = [i for i, dot in enumerate(dots) if wants_stacking(dot)]
    out = list(dots)
    if not todo:
        return out
    layouts = run([first_pass(dots[i]) for i in todo], "json")
    for i, layout in zip(todo, layouts, strict=True):
        if isinstance(layout, bytes):
            out[i] = pinned(dots[i], layout)
    return out


def _compacted(nodes: Sequence[dict]) -> dict[int, str]:
    """New ``pos`` of a lane's nodes packed into as few rows as they fit in (by ``_gvid``).

    ``dot`` spreads a lane's nodes over many heights for the crossings of the whole graph, so a
    lane can be mostly empty. Here each node keeps its place along the flow (x) and goes into the
    highest row where it overlaps no other node sideways; a caption moves with its symbol. Rows
    are :data:`ROW_GAP` apart; nodes in a row are centred on one line, so flows along it are
    straight.
    """
    by_name = {n.get("name", ""): n for n in nodes}
    units: dict[str, list[dict]] = {}
    for node in nodes:
        name = node.get("name", "")
        owner = "s:" + name[2:] if name.startswith("c:") and "s:" + name[2:] in by_name else name
        units.setdefault(owner, []).append(node)
    placed: list[tuple[float, float, float, float, str]] = []  # x0, x1, above, below, owner
    for owner, members in units.items():
        oy = _floats(by_name[owner]["pos"])[1]
        boxes = [_box(n) for n in members]
        x0, x1 = min(b[0] for b in boxes), max(b[2] for b in boxes)
        placed.append((x0, x1, max(b[3] for b in boxes) - oy, oy - min(b[1] for b in boxes), owner))
    # top edge first (y grows upwards), so the rows keep dot's order from the top as far as they can
    placed.sort(key=lambda u: (-(_floats(by_name[u[4]]["pos"])[1] + u[2]), u[0]))
    rows: list[list[tuple[float, float, float, float, str]]] = []
    for unit in placed:
        for row in rows:
            if all(unit[1] + NODE_GAP <= other[0] or other[1] + NODE_GAP <= unit[0] for other in row):
                row.append(unit)
                break
        else:
            rows.append([unit])
    top = max(_floats(by_name[u[4]]["pos"])[1] + u[2] for u in placed)
    moved: dict[int, str] = {}
    for row in rows:
        line = top - max(u[2] for u in row)
        for unit in row:
            oy = _floats(by_name[unit[4]]["pos"])[1]
            for node in units[unit[4]]:
                x, y = _floats(node["pos"])
                moved[node["_gvid"]] = f"{_fmt(x)},{_fmt(line + y - oy)}"
        top = line - max(u[3] for u in row) - ROW_GAP
    return moved


def _box(node: dict) -> tuple[float, float, float, float]:
    """(x0, y0, x1, y1) of a node (Graphviz JSON object), in points."""
    x, y = _floats(node["pos"])
    w, h = float(node.get("width", 0)) * 36, float(node.get("height", 0)) * 36
    return x - w, y - h, x + w, y + h


def _extent(nodes: Sequence[dict]) -> tuple[float, float]:
    """Lowest and highest y that ``nodes`` (Graphviz JSON objects) cover."""
    spans = [(_floats(n["pos"])[1], float(n.get("height", 0)) * 36) for n in nodes]
    if not spans:
        return 0.0, 0.0
    return min(y - h for y, h in spans), max(y + h for y, h in spans)


def _floats(text: str) -> list[float]:
    return [float(v) for v in text.split(",")]


def _fmt(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")
