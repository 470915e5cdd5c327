"""Swimlane diagrams: structure on both engines (nodes, lanes, links, titles, labelled outcomes)."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

from procmodel import load_repository
from procmodel.model import StepType
from procmodel.render import assign_lanes, step_dom_id
from procmodel.render.dot import wrap
from procmodel.render.style import text_width
from tests.render.conftest import SVG, XLINK, bbox, by_id, href, parse

PID = "åtgärda-kränkning"
LIBRARY = Path(__file__).parents[2] / "processes"


def test_every_step_is_a_node_with_title_and_link(repo, renderer):
    root = parse(renderer.process_svg(repo, PID, href=href))
    process = repo.processes[PID]
    for step in process.steps:
        g = by_id(root, step_dom_id(PID, step.id))
        assert g is not None, step.id
        assert step.label in g.find(f"{SVG}title").text
        link = g.find(f".//{SVG}a").get(f"{XLINK}href")
        if step.type is StepType.subprocess:
            assert link == f"/process/{step.calls}/"
        else:
            assert link == f"/step/{PID}/{step.id}/"


def test_every_step_sits_in_its_lane(repo, renderer):
    root = parse(renderer.process_svg(repo, PID, href=href))
    lanes = assign_lanes(repo, repo.processes[PID])
    assert [lane.title for lane in lanes] == ["Lärare", "Rektor", "Kurator"]  # order of first action
    boxes = [bbox(by_id(root, f"lane-{PID}-{i + 1}")) for i in range(len(lanes))]
    for i, lane in enumerate(lanes):
        header = by_id(root, f"lane-{PID}-{i + 1}-header")
        assert lane.title in "".join(header.itertext())
        for step in lane.steps:
            x0, y0, x1, y1 = bbox(by_id(root, step_dom_id(PID, step.id)))
            cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
            lx0, ly0, lx1, ly1 = boxes[i]
            assert lx0 <= cx <= lx1 and ly0 <= cy <= ly1, (step.id, lane.title)
    # lanes span the same width and do not overlap
    assert len({(round(b[0]), round(b[2])) for b in boxes}) == 1
    spans = sorted((b[1], b[3]) for b in boxes)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))


def test_roleless_steps_join_a_neighbours_lane(repo):
    lanes = {s.id: lane.key for lane in assign_lanes(repo, repo.processes[PID]) for s in lane.steps}
    assert lanes["start"] == "lärare"  # before its successor's lane
    assert lanes["påminnelse"] == lanes["prata-hem"] == "lärare"  # boundary event beside its task
    assert lanes["samtal"] == "rektor"  # after its predecessor


def test_every_decision_outcome_is_a_labelled_edge(repo, renderer):
    root = parse(renderer.process_svg(repo, PID, href=href))
    for step in repo.processes[PID].steps:
        for outcome in step.outcomes:
            edge = by_id(root, f"flow-{PID}-{step.id}-{outcome.next}")
            assert edge is not None, (step.id, outcome.next)
            assert "outcome" in edge.get("class")
            assert outcome.label in "".join(edge.itertext())


def test_svg_is_safe_to_inline(repo, renderer):
    svg = renderer.process_svg(repo, PID, href=lambda kind, ident: "javascript:alert(1)")
    assert not svg.startswith("<?xml") and "<!DOCTYPE" not in svg and "<!--" not in svg
    root = parse(svg)
    ids = [el.get("id") for el in root.iter() if el.get("id")]
    assert len(ids) == len(set(ids))
    assert not root.xpath(
        "//*[local-name()='image' or local-name()='script' or local-name()='foreignObject']"
    )
    assert "javascript:" not in svg  # unsafe links are dropped
    # hostile text from the process file arrives as text
    texts = " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))
    assert '<samma dag> "direkt"' in texts
    assert root.get("aria-label").startswith('Processdiagram: Åtgärda "kränkning" <snabbt> & \\')


def test_without_href_there_are_no_links(repo, renderer):
    root = parse(renderer.process_svg(repo, PID))
    assert not [a for a in root.iter(f"{SVG}a") if a.get(f"{XLINK}href")]


def test_shapes_follow_step_types(repo):
    from procmodel.render import Renderer

    dot = Renderer(use_cache=False).process_dot(repo, PID, goal_badges=True)
    lines = {
        line.split(" [", 1)[0].strip().strip('"'): line
        for line in dot.splitlines()
        if line.strip().startswith('"s:')
    }
    assert 'shape="circle"' in lines["s:start"] and 'penwidth="1.5"' in lines["s:start"]
    assert 'shape="circle"' in lines["s:slut"] and 'penwidth="4"' in lines["s:slut"]
    assert 'shape="doublecircle"' in lines["s:väntan"] and 'label="✉"' in lines["s:väntan"]
    assert 'label="◷"' in lines["s:påminnelse"] and "dashed" in lines["s:påminnelse"]
    assert 'shape="diamond"' in lines["s:allvarlig"]
    assert 'label="+"' in lines["s:samtal"] and 'label="+"' in lines["s:klart"]
    assert 'label="×"' in lines["s:följ-upp"]
    assert "⊞" in lines["s:utred"] and 'penwidth="2.5"' in lines["s:utred"]
    assert "◎ SL 6 kap. 10 §, Nämndens" in lines["s:anmäl"]


def test_titles_wrap_at_word_boundaries():
    role = "Huvudmannen (utbildningsförvaltningen)"
    assert wrap(role, 20, 4) == ["Huvudmannen", "(utbildningsförvaltningen)"]
    assert wrap("Innebär stödet särskild undervisningsgrupp?", 16, 4) == [
        "Innebär stödet",
        "särskild",
        "undervisningsgrupp?",
    ]
    assert all(len(line) <= 10 for line in wrap("x" * 100, 10, 20))  # hostile words are still cut
    # too long for max_lines: whole words kept, then an ellipsis
    assert wrap("förebygga och motverka alla former av diskriminering", 28, 2) == [
        "förebygga och motverka alla",
        "former av diskriminering",
    ]
    assert wrap("förebygga och motverka alla former av diskriminering och kränkningar", 28, 2) == [
        "förebygga och motverka alla",
        "former av diskriminering…",
    ]


def test_lane_headers_are_as_wide_as_the_longest_word(renderer):
    repo = load_repository(LIBRARY)
    pid = next(p for p, proc in repo.processes.items() if any(s.role == "huvudman" for s in proc.steps))
    data = json.loads(renderer.render(renderer.process_dot(repo, pid), "json"))
    headers = [o for o in data["objects"] if o.get("id", "").endswith("-header")]
    widths = {round(float(o["width"]), 2) for o in headers}
    assert len(widths) == 1  # equal widths keep the lanes' left edges aligned
    label = next(o["label"] for o in headers if "Huvudmannen" in o["label"])
    assert "(utbildningsförvaltningen)" in label.split("\\n")
    assert widths.pop() * 72 >= text_width("(utbildningsförvaltningen)", 12) + 10


def test_timer_caption_says_the_timer_once(renderer):
    repo = load_repository(LIBRARY)
    dot = renderer.process_dot(repo, "systematiskt-kvalitetsarbete")
    caption = next(
        line for line in dot.splitlines() if "step-systematiskt-kvalitetsarbete-vecka-44-caption" in line
    )
    assert caption.count("Vecka 44") == 1
    assert "vårterminen" in caption
