"""The one flow module: what a successor is, and every reader of the flow agreeing on it."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from procmodel import load_repository
from procmodel.bpmn.writer import process_to_bpmn
from procmodel.export.mermaid import node_id as mermaid_id
from procmodel.export.mermaid import process_to_mermaid
from procmodel.flow import FlowEdge, compute_flow, flow_graph
from procmodel.graph import node_id, process_flow
from procmodel.model import Process

GRAPH_FIXTURE = Path(__file__).parent / "graph-fixture"


def process(*steps: dict[str, object]) -> Process:
    return Process.model_validate({"id": "p", "title": "P", "steps": list(steps)})


FLOW = process(
    {"id": "start", "type": "start"},
    {"id": "gör", "title": "Gör"},
    {"id": "påminn", "type": "event", "event": "timer", "attached_to": "gör", "next": "klart"},
    {
        "id": "val",
        "type": "decision",
        "outcomes": [{"label": "Ja", "next": "båda", "default": True}, {"label": "Nej", "next": "klart"}],
    },
    {"id": "båda", "type": "parallel", "next": ["x", "y"]},
    {"id": "x", "next": "j"},
    {"id": "y"},
    {"id": "j", "type": "join"},
    {"id": "stopp", "type": "event", "attached_to": "x"},
    {"id": "klart", "type": "end"},
    {"id": "trasig", "next": "saknas"},
)  # fmt: skip


def test_successors_implicit_explicit_decision_end_and_boundary() -> None:
    flow = compute_flow(FLOW)
    assert flow.successors("start") == ("gör",)
    assert flow.successors("gör") == ("val", "påminn")  # the implicit next, and its boundary event
    assert flow.successors("påminn") == ("klart",)
    assert flow.successors("val") == ("båda", "klart")
    assert flow.successors("båda") == ("x", "y")
    assert flow.successors("y") == ("j",)
    assert flow.successors("x") == ("j", "stopp")
    assert flow.successors("j") == ("klart",)  # skips 'stopp', attached to x
    assert flow.successors("stopp") == ()  # a boundary event without next ends its branch
    assert flow.successors("klart") == ()
    assert flow.successors("trasig") == ()  # 'saknas' is no step: a finding, not an edge


def test_edges_carry_outcomes_and_mark_boundary_events() -> None:
    flow = compute_flow(FLOW)
    assert flow.out_edges("val") == (
        FlowEdge("val", "båda", "Ja", default=True),
        FlowEdge("val", "klart", "Nej"),
    )
    assert FlowEdge("gör", "påminn", boundary=True) in flow.out_edges("gör")
    assert flow.out_edges("gör")[1].attributes() == {"boundary": True}
    assert flow.out_edges("start")[0].attributes() == {}
    assert flow.reachable_from(["start"]) == {s.id for s in FLOW.steps} - {"trasig"}
    assert set(flow.predecessors()["klart"]) == {"påminn", "val", "j"}


def test_the_graph_the_rules_and_the_diagrams_read_the_same_flow() -> None:
    repo = load_repository(GRAPH_FIXTURE)
    g = repo.graph
    for pid, p in repo.processes.items():
        flow = process_flow(g, p)
        assert flow == compute_flow(p)  # kept by build_graph, the same as computed from the model
        in_graph = {
            (node_id(u).split("/", 1)[1], node_id(v).split("/", 1)[1])
            for u, v, k in g.edges(keys=True)
            if k == "flow" and g.nodes[u]["process"] == pid
        }
        assert in_graph == {(e.source, e.target) for e in flow.edges}
        fg = flow_graph(flow, p)
        assert set(fg.edges) == in_graph
        for u, v, data in g.edges(keys=False, data=True):
            if g.nodes[u].get("process") == pid and g.nodes[v].get("process") == pid:
                assert fg.edges[node_id(u).split("/", 1)[1], node_id(v).split("/", 1)[1]] == dict(data)


def test_exports_draw_boundary_events_as_attachments_not_flows() -> None:
    mermaid = process_to_mermaid(FLOW)
    assert mermaid.count(" -.- ") == 2  # gör -.- påminn, x -.- stopp
    assert "-->" in mermaid and f"{mermaid_id('gör')} --> {mermaid_id('påminn')}" not in mermaid
    tree = etree.fromstring(process_to_bpmn(FLOW))
    ns = {"b": "http://www.omg.org/spec/BPMN/20100524/MODEL"}
    boundary_ids = {e.get("id") for e in tree.iterfind(".//b:boundaryEvent", ns)}
    assert len(boundary_ids) == 2
    flows_in = {f.get("targetRef") for f in tree.iterfind(".//b:sequenceFlow", ns)}
    assert not boundary_ids & flows_in  # attached (attachedToRef), never the target of a sequence flow
