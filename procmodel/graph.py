"""The repository as one networkx graph; every check, report and page queries it.

Nodes are strings ``kind:id`` (steps: ``step:process-id/step-id``) with a
``kind`` attribute and the model object in ``obj``. Edges are typed by their
key (``rel``) in a MultiDiGraph:

=============  ======================  =======================================
rel            from → to               meaning
=============  ======================  =======================================
contains       process → step          the step belongs to the process
               catalog → goal          goal in a catalog (top level)
               goal → goal             sub-goal
flow           step → step             sequence flow (``label``, ``condition``,
                                       ``default``, ``boundary`` attributes)
performs       step → role             responsible (R)
accountable    step → role             accountable (A)
consulted      step → role             consulted (C)
informed       step → role             informed (I)
owns           role → process          process owner
serves         step/process → goal     the red thread
supports       goal → goal             municipal goal supports national goal
calls          step → process          subprocess (call activity)
uses           step/process → doc      documents
in-area        process → area          place on the process map
=============  ======================  =======================================

Edges are only made to nodes that exist; dangling references are findings
of the reference rules, not edges.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import networkx as nx

from procmodel.model import Goal, Process, StepType

if TYPE_CHECKING:
    from procmodel.repository import Repository

RACI_RELS = ("performs", "accountable", "consulted", "informed")


def process_node(pid: str) -> str:
    return f"process:{pid}"


def step_node(pid: str, sid: str) -> str:
    return f"step:{pid}/{sid}"


def role_node(rid: str) -> str:
    return f"role:{rid}"


def goal_node(gid: str) -> str:
    return f"goal:{gid}"


def document_node(did: str) -> str:
    return f"document:{did}"


def catalog_node(cid: str) -> str:
    return f"catalog:{cid}"


def area_node(aid: str) -> str:
    return f"area:{aid}"


def build_graph(repo: Repository) -> nx.MultiDiGraph:
    """Build the repository graph from the loaded model."""
    g = nx.MultiDiGraph()
    for area in repo.config.areas:
        g.add_node(area_node(area.id), kind="area", obj=area)
    for role in repo.roles.values():
        g.add_node(role_node(role.id), kind="role", obj=role)
    for doc in repo.documents.values():
        g.add_node(document_node(doc.id), kind="document", obj=doc)
    for cat in repo.catalogs.values():
        g.add_node(catalog_node(cat.id), kind="catalog", obj=cat)
    for gid, goal in repo.goals.items():
        g.add_node(goal_node(gid), kind="goal", obj=goal, catalog=repo.goal_catalog[gid])
    for cat in repo.catalogs.values():
        _add_goal_tree(g, catalog_node(cat.id), cat.goals, repo)
    for gid, goal in repo.goals.items():
        for target in goal.supports:
            if target in repo.goals:
                g.add_edge(goal_node(gid), goal_node(target), key="supports")
    for process in repo.processes.values():
        g.add_node(process_node(process.id), kind="process", obj=process)
    for process in repo.processes.values():
        _add_process(g, process, repo)
    return g


def _add_goal_tree(g: nx.MultiDiGraph, parent: str, goals: list[Goal], repo: Repository) -> None:
    for goal in goals:
        node = goal_node(goal.id)
        if g.nodes[node].get("obj") is goal:
            g.add_edge(parent, node, key="contains")
        _add_goal_tree(g, node, goal.goals, repo)


def _add_process(g: nx.MultiDiGraph, process: Process, repo: Repository) -> None:
    pnode = process_node(process.id)
    if process.owner and role_node(process.owner) in g:
        g.add_edge(role_node(process.owner), pnode, key="owns")
    if process.area and area_node(process.area) in g:
        g.add_edge(pnode, area_node(process.area), key="in-area")
    for gid in process.goals:
        if goal_node(gid) in g:
            g.add_edge(pnode, goal_node(gid), key="serves")
    for did in process.documents:
        if document_node(did) in g:
            g.add_edge(pnode, document_node(did), key="uses")
    ids = {s.id for s in process.steps}
    for step in process.steps:
        snode = step_node(process.id, step.id)
        g.add_node(snode, kind="step", obj=step, process=process.id)
        g.add_edge(pnode, snode, key="contains")
    for step in process.steps:
        snode = step_node(process.id, step.id)
        raci = (
            ("performs", [step.role] if step.role else []),
            ("accountable", [step.accountable] if step.accountable else []),
            ("consulted", step.consulted),
            ("informed", step.informed),
        )
        for rel, role_ids in raci:
            for rid in role_ids:
                if role_node(rid) in g:
                    g.add_edge(snode, role_node(rid), key=rel)
        for gid in step.goals:
            if goal_node(gid) in g:
                g.add_edge(snode, goal_node(gid), key="serves")
        for did in step.documents:
            if document_node(did) in g:
                g.add_edge(snode, document_node(did), key="uses")
        if step.type is StepType.subprocess and step.calls and process_node(step.calls) in g:
            g.add_edge(snode, process_node(step.calls), key="calls")
        if step.attached_to and step.attached_to in ids:
            g.add_edge(step_node(process.id, step.attached_to), snode, key="flow", boundary=True)
        outcomes = {o.next: o for o in step.outcomes}
        for target, label in process.successors(step):
            if target in ids:
                o = outcomes.get(target)
                g.add_edge(
                    snode,
                    step_node(process.id, target),
                    key="flow",
                    label=label,
                    condition=o.condition if o else None,
                    default=o.default if o else False,
                )


# queries -------------------------------------------------------------------------


def flow_graph(g: nx.MultiDiGraph, process: Process) -> nx.DiGraph:
    """The sequence flow of one process as a small DiGraph over step ids."""
    flow = nx.DiGraph()
    for step in process.steps:
        flow.add_node(step.id, obj=step)
    for step in process.steps:
        node = step_node(process.id, step.id)
        for _, target, rel, data in g.out_edges(node, keys=True, data=True):
            if rel == "flow":
                flow.add_edge(step.id, target.split("/", 1)[1], **data)
    return flow


def targets(g: nx.MultiDiGraph, node: str, rel: str) -> list[str]:
    """Nodes reached from ``node`` by edges of type ``rel``."""
    return [t for _, t, k in g.out_edges(node, keys=True) if k == rel]


def sources(g: nx.MultiDiGraph, node: str, rel: str) -> list[str]:
    """Nodes with an edge of type ``rel`` into ``node``."""
    return [s for s, _, k in g.in_edges(node, keys=True) if k == rel]


def node_id(node: str) -> str:
    """The id part of a node key (``step:p/s`` → ``p/s``)."""
    return node.split(":", 1)[1]
