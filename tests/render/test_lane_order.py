"""Lanes stack top to bottom in the order roles first act, on both engines, for every process."""

from __future__ import annotations

import itertools
import json
import shutil
from pathlib import Path

import pytest

from procmodel import load_repository
from procmodel.render import Renderer, assign_lanes, step_dom_id
from procmodel.render.engine import run_dot
from procmodel.render.lane_stack import MARKER, first_pass, pinned
from tests.render.conftest import ENGINES

LIBRARY = Path(__file__).parents[2] / "processes"


Box = tuple[float, ...]


def lane_layout(layout: bytes, pid: str) -> tuple[dict[str, Box], dict[str, tuple[float, float]]]:
    """Lane boxes by DOM id and node centres by DOM id, from Graphviz JSON (y grows upwards)."""
    data = json.loads(layout)
    boxes: dict[str, Box] = {}
    centres: dict[str, tuple[float, float]] = {}
    for obj in data["objects"]:
        ident = obj.get("id", "")
        if "bb" in obj and ident.startswith(f"lane-{pid}-"):
            boxes[ident] = tuple(float(v) for v in obj["bb"].split(","))
        elif "pos" in obj and ident:
            x, y = (float(v) for v in obj["pos"].split(","))
            centres[ident] = (x, y)
    return boxes, centres


def first_actors(process) -> list[str]:
    """Roles in the order of their first step in the file (independent of assign_lanes)."""
    return list(dict.fromkeys(step.role for step in process.steps if step.role))


@pytest.mark.parametrize("engine", ENGINES)
def test_every_library_process_stacks_lanes_in_first_action_order(engine):
    repo = load_repository(LIBRARY)
    pids = sorted(repo.processes)
    assert len(pids) >= 10, "the example library should be there"
    renderer = Renderer(engine, use_cache=False)
    outputs = renderer.render_many([renderer.process_dot(repo, pid) for pid in pids], "json")
    for pid, out in zip(pids, outputs, strict=True):
        process = repo.processes[pid]
        lanes = assign_lanes(repo, process)
        assert [lane.key for lane in lanes if lane.key] == first_actors(process), pid
        boxes, centres = lane_layout(out, pid)
        ordered = [boxes[f"lane-{pid}-{i + 1}"] for i in range(len(lanes))]
        # top to bottom = decreasing y; no two lanes overlap; all lanes equally wide
        for upper, lower in itertools.pairwise(ordered):
            assert upper[1] >= lower[3], f"{pid} ({engine}): lanes out of order or overlapping"
        assert len({(round(b[0]), round(b[2])) for b in ordered}) == 1, pid
        for i, (box, lane) in enumerate(zip(ordered, lanes, strict=True)):
            x0, y0, x1, y1 = box
            header_y = centres[f"lane-{pid}-{i + 1}-header"][1]
            assert abs(header_y - (y0 + y1) / 2) < 1, f"{pid} ({engine}): header of {lane.title} not centred"
            for step in lane.steps:
                x, y = centres[step_dom_id(pid, step.id)]
                assert x0 <= x <= x1 and y0 <= y <= y1, f"{pid} ({engine}): {step.id} outside {lane.title}"


MEMBERS = {0: ["a1", "a2", "a3"], 1: ["b1"], 2: ["c1", "c2", "c3"]}


def crossing_dot() -> str:
    """Three spanning lanes; plain ``dot`` puts lane 2 between lanes 0 and 1 (fewer crossings).

    Seen on Graphviz 2.43 and 16.1, although the headers are tied in order by invisible edges.
    """
    lines = ["digraph g {", 'graph [rankdir="LR", newrank=true, splines="ortho"]', MARKER]
    for i, names in MEMBERS.items():
        lines.append(f'subgraph "cluster_lane_{i}" {{ id="lane-{i}"')
        lines += [f'"{n}" [id="{n}"]' for n in [f"h{i}", *names]]
        lines.append("}")
    lines += ["{ rank=same; h0 h1 h2 }", "h1 -> h0 [style=invis]", "h2 -> h1 [style=invis]"]
    lines += ["h0 -> a1", "h1 -> b1", "h2 -> c1 [style=invis]"]
    lines += ["a1 -> c1", "c1 -> a2", "a2 -> c2", "c2 -> a3", "a3 -> c3", "c3 -> b1"]
    return "\n".join([*lines, "}", ""])


@pytest.mark.parametrize("engine", ENGINES)
def test_pinned_layout_keeps_index_order_and_nodes(engine):
    dot = crossing_dot()
    out = run_dot(pinned(dot, run_dot(first_pass(dot), "json", engine)), "json", engine)
    data = json.loads(out)
    boxes = {o["id"]: [float(v) for v in o["bb"].split(",")] for o in data["objects"] if "bb" in o}
    tops = [boxes[f"lane-{i}"][3] for i in range(3)]
    assert tops == sorted(tops, reverse=True)
    centres = {o["id"]: [float(v) for v in o["pos"].split(",")] for o in data["objects"] if "pos" in o}
    for i, names in MEMBERS.items():
        x0, y0, x1, y1 = boxes[f"lane-{i}"]
        for name in names:
            x, y = centres[name]
            assert x0 <= x <= x1 and y0 <= y <= y1, name
    assert len([o for o in data.get("edges", []) if o.get("pos")]) == 11  # every edge routed


def test_dot_without_lanes_is_left_alone():
    dot = "digraph { a -> b }\n"
    assert pinned(dot, run_dot(dot, "json")) == dot


def test_pinned_swimlanes_do_not_change_the_layout_of_other_diagrams(repo, renderer):
    """A native ``dot`` process keeps a graph's layout engine for the graphs after it."""
    dots = [renderer.process_dot(repo, "åtgärda-kränkning"), renderer.map_dot(repo)]
    alone = json.loads(Renderer(renderer.engine, use_cache=False).render(dots[1], "json"))
    together = json.loads(renderer.render_many(dots, "json")[1])
    assert together["bb"] == alone["bb"]
    positions = {o["pos"] for o in together["objects"] if "pos" in o}
    assert len(positions) > 1


def _boxes(layout: bytes) -> dict[str, Box]:
    """Node boxes (x0, y0, x1, y1) by name, from Graphviz JSON."""
    out: dict[str, Box] = {}
    for obj in json.loads(layout)["objects"]:
        if "pos" in obj and "width" in obj and obj.get("name", "").startswith(("s:", "c:")):
            x, y = (float(v) for v in obj["pos"].split(","))
            w, h = float(obj["width"]) * 36, float(obj["height"]) * 36
            out[obj["name"]] = (x - w, y - h, x + w, y + h)
    return out


def test_lanes_pack_their_nodes_into_rows_without_overlap_and_captions_stay_with_their_symbol():
    repo = load_repository(LIBRARY)
    pids = sorted(repo.processes)
    engine = "native" if shutil.which("dot") else "wasm"
    renderer = Renderer(engine, use_cache=False)
    dots = [renderer.process_dot(repo, pid) for pid in pids]
    outputs = renderer.render_many(dots, "json")
    flat = 0
    for pid, dot, out in zip(pids, dots, outputs, strict=True):
        boxes = _boxes(out)
        before = _boxes(run_dot(first_pass(dot), "json", engine))
        for (a, ba), (b, bb) in itertools.combinations(boxes.items(), 2):
            overlap = ba[0] < bb[2] and bb[0] < ba[2] and ba[1] < bb[3] and bb[1] < ba[3]
            assert not overlap, f"{pid}: {a} overlaps {b}"
        for name, box in boxes.items():
            if name.startswith("c:"):  # an event's title stays where dot put it by its symbol
                moved = box[1] - boxes["s:" + name[2:]][1]
                assert abs(moved - (before[name][1] - before["s:" + name[2:]][1])) < 6, (pid, name)
        # a lane's steps go into rows where that makes the lane no taller: the flow runs straight
        lane_boxes, _ = lane_layout(out, pid)
        first_boxes, _ = lane_layout(run_dot(first_pass(dot), "json", engine), pid)
        for ident, box in lane_boxes.items():
            if not ident.endswith("-header"):
                assert box[3] - box[1] <= first_boxes[ident][3] - first_boxes[ident][1] + 0.5, (pid, ident)
        for lane in assign_lanes(repo, repo.processes[pid]):
            if len(lane.steps) > 2:
                for shown, count in ((boxes, 1), (before, -1)):
                    ys = {round((shown[f"s:{s.id}"][1] + shown[f"s:{s.id}"][3]) / 2) for s in lane.steps}
                    flat += count * (len(ys) == 1)
    assert flat >= 5, flat  # more lanes whose steps lie on one line than dot alone makes
