"""The repository graph: node kinds and typed edges for a small, complete fixture."""

from __future__ import annotations

import copy
import pickle
from pathlib import Path

import networkx as nx
import pytest

from procmodel import load_repository
from procmodel.flow import flow_graph
from procmodel.graph import node_id, process_flow, sources, targets

FIXTURE = Path(__file__).parent / "graph-fixture"


@pytest.fixture(scope="module")
def repo():
    return load_repository(FIXTURE)


@pytest.fixture(scope="module")
def g(repo) -> nx.MultiDiGraph:
    return repo.graph


def edges(g: nx.MultiDiGraph, rel: str) -> set[tuple[str, str]]:
    return {(u, v) for u, v, k in g.edges(keys=True) if k == rel}


def test_node_kinds(g: nx.MultiDiGraph) -> None:
    kinds: dict[str, set[str]] = {}
    for node, data in g.nodes(data=True):
        kinds.setdefault(data["kind"], set()).add(node)
    assert kinds["process"] == {"process:kränkning", "process:utredning"}
    assert kinds["role"] == {"role:rektor", "role:mentor", "role:kurator", "role:vårdnadshavare"}
    assert kinds["goal"] == {"goal:sl-6", "goal:sl-6-10", "goal:km-trygghet"}
    assert kinds["catalog"] == {"catalog:skollagen", "catalog:kommunens-mål"}
    assert kinds["document"] == {"document:anmälan"}
    assert kinds["area"] == {"area:elevhälsa"}
    assert len(kinds["step"]) == 9
    step = g.nodes["step:kränkning/anmäl"]
    assert step["process"] == "kränkning"
    assert step["obj"].title == "Anmäl till rektor"
    assert g.nodes["goal:km-trygghet"]["catalog"] == "kommunens-mål"


def test_contains(g: nx.MultiDiGraph) -> None:
    contains = edges(g, "contains")
    assert {v for u, v in contains if u == "process:kränkning"} == {
        f"step:kränkning/{s}" for s in ("kännedom", "anmäl", "påminn", "bedöm", "utred", "klart")
    }
    assert ("catalog:skollagen", "goal:sl-6") in contains
    assert ("goal:sl-6", "goal:sl-6-10") in contains
    assert ("catalog:skollagen", "goal:sl-6-10") not in contains  # sub-goals hang under their section


def test_flow_with_labels_conditions_and_boundary_events(g: nx.MultiDiGraph) -> None:
    k = "step:kränkning/"
    assert edges(g, "flow") >= {
        (k + "kännedom", k + "anmäl"),
        (k + "anmäl", k + "bedöm"),  # implicit next skips the attached event
        (k + "anmäl", k + "påminn"),  # boundary event
        (k + "påminn", k + "utred"),
        (k + "bedöm", k + "utred"),
        (k + "bedöm", k + "klart"),
        (k + "utred", k + "klart"),
    }
    assert (k + "påminn", k + "bedöm") not in edges(g, "flow")
    assert g.edges[k + "bedöm", k + "utred", "flow"] == {"label": "Ja", "condition": "skäl finns"}
    assert g.edges[k + "bedöm", k + "klart", "flow"] == {"label": "Nej", "default": True}
    assert g.edges[k + "anmäl", k + "påminn", "flow"] == {"boundary": True}
    assert dict(g.edges[k + "kännedom", k + "anmäl", "flow"]) == {}


def test_raci_edges(g: nx.MultiDiGraph) -> None:
    s = "step:kränkning/anmäl"
    assert targets(g, s, "performs") == ["role:mentor"]
    assert targets(g, s, "accountable") == ["role:rektor"]
    assert targets(g, s, "consulted") == ["role:kurator"]
    assert targets(g, s, "informed") == ["role:vårdnadshavare"]
    assert ("role:rektor", "process:kränkning") in edges(g, "owns")


def test_serves_supports_calls_uses_in_area(g: nx.MultiDiGraph) -> None:
    assert sorted(sources(g, "goal:sl-6-10", "serves")) == [
        "process:kränkning",
        "step:kränkning/anmäl",
        "step:utredning/samtal",
    ]
    assert targets(g, "step:kränkning/anmäl", "serves") == ["goal:sl-6-10", "goal:km-trygghet"]
    assert edges(g, "supports") == {("goal:km-trygghet", "goal:sl-6-10")}
    assert edges(g, "calls") == {("step:kränkning/utred", "process:utredning")}
    assert edges(g, "uses") == {
        ("process:kränkning", "document:anmälan"),
        ("step:kränkning/anmäl", "document:anmälan"),
    }
    assert edges(g, "in-area") == {
        ("process:kränkning", "area:elevhälsa"),
        ("process:utredning", "area:elevhälsa"),
    }


def test_only_known_relations(g: nx.MultiDiGraph) -> None:
    assert {k for _, _, k in g.edges(keys=True)} == {
        "contains", "flow", "performs", "accountable", "consulted", "informed",
        "owns", "serves", "supports", "calls", "uses", "in-area",
    }  # fmt: skip


def test_dangling_references_make_no_edges(tmp_path: Path) -> None:
    (tmp_path / "procmodel.yaml").write_text("today: 2026-03-01\n", encoding="utf-8")
    (tmp_path / "p.yaml").write_text(
        "id: p\ntitle: P\nowner: ingen\nsteps:\n"
        "  - {id: a, type: start, role: ingen, goals: [inget], next: saknas}\n"
        "  - {id: b, type: subprocess, calls: finns-inte}\n",
        encoding="utf-8",
    )
    g = load_repository(tmp_path).graph
    assert set(g.nodes) == {"process:p", "step:p/a", "step:p/b"}
    assert edges(g, "flow") == set()


def test_flow_views_agree(repo, g: nx.MultiDiGraph) -> None:
    p = repo.processes["kränkning"]
    flow = process_flow(g, p)
    fg = flow_graph(flow, p)
    assert {(u, v) for u, v in fg.edges} == {(u, v) for u, vs in flow.succ.items() for v in vs}
    assert fg.edges["bedöm", "utred"]["label"] == "Ja"
    assert flow.reachable_from(["kännedom"]) == {s.id for s in p.steps}
    assert flow.reaching(["klart"]) == {s.id for s in p.steps}
    assert set(flow.predecessors()["utred"]) == {"påminn", "bedöm"}


def test_shared_edge_data_is_read_only_but_copies_are_not(g: nx.MultiDiGraph) -> None:
    data = g.edges["step:kränkning/anmäl", "role:mentor", "performs"]
    with pytest.raises(TypeError, match="read-only"):
        data["weight"] = 1
    h = g.copy()
    h.edges["step:kränkning/anmäl", "role:mentor", "performs"]["weight"] = 1
    assert dict(data) == {}
    for clone in (copy.deepcopy(g), pickle.loads(pickle.dumps(g))):
        clone.edges["step:kränkning/anmäl", "role:mentor", "performs"]["weight"] = 2
    assert dict(data) == {}


def test_add_edge_with_attributes_on_a_shared_edge(repo) -> None:
    g = load_repository(FIXTURE).graph
    g.add_edge("step:kränkning/anmäl", "role:mentor", key="performs", weight=3)
    assert g.edges["step:kränkning/anmäl", "role:mentor", "performs"] == {"weight": 3}
    assert dict(repo.graph.edges["step:kränkning/anmäl", "role:mentor", "performs"]) == {}
    g.add_edge("role:mentor", "role:rektor", key="ny")
    g.edges["role:mentor", "role:rektor", "ny"]["x"] = 1  # edges added later are ordinary


def test_node_id() -> None:
    assert node_id("step:kränkning/anmäl") == "kränkning/anmäl"
    assert node_id("goal:sl-6-10") == "sl-6-10"


def _coverage_by_edges(repo, approved_only: bool) -> dict[str, list[tuple[str, str]]]:
    """Coverage as the graph has it: each goal's step ``serves`` sources, in the graph's order."""
    from procmodel.coverage import counts
    from procmodel.graph import goal_node

    g = repo.graph
    out = {}
    for gid in repo.goals:
        out[gid] = [
            (g.nodes[src]["process"], g.nodes[src]["obj"].id)
            for src in sources(g, goal_node(gid), "serves")
            if g.nodes[src]["kind"] == "step" and counts(repo, g.nodes[src]["process"], approved_only)
        ]
    return out


@pytest.mark.parametrize("where", ["fixture", "examples", "generated"])
@pytest.mark.parametrize("approved_only", [True, False])
def test_coverage_read_from_the_model_equals_the_graphs_serves_edges(
    where: str, approved_only: bool, tmp_path: Path
) -> None:
    from procmodel.coverage import compute_coverage
    from tests.test_benchmark_generator import generate

    if where == "generated":
        generate.generate_repository(tmp_path, processes=60, steps=12, seed=3)
    root = {"fixture": FIXTURE, "examples": Path(__file__).parents[1] / "processes", "generated": tmp_path}
    loaded = load_repository(root[where])
    computed = compute_coverage(loaded, approved_only)  # before the graph is built
    assert loaded._graph is None
    direct = {gid: [(s.process, s.step) for s in c.services if s.via is None] for gid, c in computed.items()}
    assert direct == _coverage_by_edges(loaded, approved_only)
    assert any(direct.values())


def test_the_graph_is_built_once_when_first_asked_for_and_shares_the_flows(repo) -> None:
    loaded = load_repository(FIXTURE)
    assert loaded._graph is None
    process = loaded.processes["kränkning"]
    flow = loaded.flow(process)
    g = loaded.graph
    assert loaded.graph is g
    assert process_flow(g, process) is flow
    assert edges(g, "flow") == edges(repo.graph, "flow")
