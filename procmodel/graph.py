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
                                       ``default``, ``boundary`` attributes,
                                       present only when set)
performs       step → role             responsible (R)
accountable    step → role             accountable (A)
consulted      step → role             consulted (C)
informed       step → role             informed (I)
owns           role → process          process owner
member-of      role → role             the role belongs to a group role
serves         step/process → goal     the red thread
supports       goal → goal             municipal goal supports national goal
calls          step → process          subprocess (call activity)
uses           step/process → doc      documents
in-area        process → area          place on the process map
=============  ======================  =======================================

Edges are only made to nodes that exist; dangling references are findings
of the reference rules, not edges. The ``flow`` edges are those of each
process's :class:`~procmodel.flow.Flow` (what a successor is: see
:mod:`procmodel.flow`); the flows themselves are kept in the graph's own
attribute dict (``g.graph["flows"]``, shared by views and copies) and read with
:func:`process_flow`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NoReturn

import networkx as nx

from procmodel.flow import Flow, compute_flow
from procmodel.model import Goal, Process, Step, StepType

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
    """Build the repository graph from the loaded model.

    Node keys are made once per node and shared by every edge that touches the
    node, and edges carry attributes only where they say something (memory
    matters on a large repository). Flow edges out of a decision carry the
    outcome's ``label`` (and ``condition`` / ``default: True`` when given); the
    edge from a task to an event attached to it carries ``boundary: True``;
    read them with ``data.get(...)``. Edges built without attributes share one
    read-only attribute dict (see :class:`RepositoryGraph`). Each process's
    :class:`~procmodel.flow.Flow` is computed once and kept (see :func:`process_flow`).
    """
    g = RepositoryGraph()
    g.thin = True
    add_node = g.add_node
    add_edge = g.add_edge
    areas = {a.id: area_node(a.id) for a in repo.config.areas}
    roles = {rid: role_node(rid) for rid in repo.roles}
    documents = {did: document_node(did) for did in repo.documents}
    goals = {gid: goal_node(gid) for gid in repo.goals}
    for area in repo.config.areas:
        add_node(areas[area.id], kind="area", obj=area)
    for rid, role in repo.roles.items():
        add_node(roles[rid], kind="role", obj=role)
    for rid, role in repo.roles.items():
        for group in role.member_of:
            if group in roles and group != rid:
                add_edge(roles[rid], roles[group], key="member-of")
    for did, doc in repo.documents.items():
        add_node(documents[did], kind="document", obj=doc)
    for cat in repo.catalogs.values():
        add_node(catalog_node(cat.id), kind="catalog", obj=cat)
    for gid, goal in repo.goals.items():
        add_node(goals[gid], kind="goal", obj=goal, catalog=repo.goal_catalog[gid])
    for cat in repo.catalogs.values():
        _add_goal_tree(g, catalog_node(cat.id), cat.goals, goals)
    for gid, goal in repo.goals.items():
        for target in goal.supports:
            if target in goals:
                add_edge(goals[gid], goals[target], key="supports")
    processes = {pid: process_node(pid) for pid in repo.processes}
    for pid, process in repo.processes.items():
        add_node(processes[pid], kind="process", obj=process)
    flows: dict[str, Flow] = {}
    for process in repo.processes.values():
        flow = flows[process.id] = repo.flow(process)
        _add_process(g, process, flow, processes, roles, goals, documents, areas)
    g.graph[FLOWS] = flows
    g.thin = False
    return g


class _NoAttributes(dict):
    """The single empty, read-only attribute dict shared by the graph's attribute-less edges."""

    __slots__ = ()

    def _read_only(self, *args: object, **kwargs: object) -> NoReturn:
        raise TypeError(
            "edges of the repository graph without attributes are read-only; "
            "annotate a copy instead (graph.copy())"
        )

    __setitem__ = __delitem__ = setdefault = pop = popitem = clear = __ior__ = _read_only

    def update(self, *args: object, **kwargs: object) -> None:
        if kwargs or any(args):
            self._read_only()

    def copy(self) -> dict[str, object]:
        return {}

    def __reduce__(self) -> tuple[type, tuple[()]]:
        return dict, ()  # copies and pickles are plain, writable dicts


NO_ATTRIBUTES = _NoAttributes()


class RepositoryGraph(nx.MultiDiGraph):
    """The repository's MultiDiGraph; edges without attributes share one read-only dict.

    networkx documents this 'thin graph' pattern for saving memory: a large
    repository has hundreds of thousands of typed edges, most without
    attributes, and an empty dict of their own would cost 64 bytes each.
    Writing into such an edge's data dict raises ``TypeError``; ``add_edge``
    with attributes still works (the edge gets a dict of its own), and
    ``copy()`` gives a graph whose edges all have dicts of their own. Only
    :func:`build_graph` turns ``thin`` on; edges added afterwards get ordinary dicts.
    """

    thin = False

    def edge_attr_dict_factory(self) -> dict[str, object]:
        return NO_ATTRIBUTES if self.thin else {}

    def linker(self) -> Callable[[str, str, str], None]:
        """``add_edge(u, v, key)`` without attributes, for bulk building (both nodes exist)."""
        add_edge = super().add_edge

        def link(u: str, v: str, key: str) -> None:
            add_edge(u, v, key)

        return link

    def step_adder(self) -> Callable[[str, Step, str], None]:
        """``add_node(node, kind="step", obj=step, process=pid)`` for bulk building."""
        add_node = self.add_node

        def add(node: str, step: Step, pid: str) -> None:
            add_node(node, kind="step", obj=step, process=pid)

        return add

    def add_edge(self, u: str, v: str, key: str | None = None, **attr: object) -> str:
        """As in networkx; an edge given attributes gets a dict of its own."""
        if not attr:
            return super().add_edge(u, v, key)
        if key is not None and self.get_edge_data(u, v, key) is NO_ATTRIBUTES:
            self.remove_edge(u, v, key)
        thin, self.thin = self.thin, False
        try:
            return super().add_edge(u, v, key, **attr)
        finally:
            self.thin = thin


def _add_goal_tree(g: nx.MultiDiGraph, parent: str, goals: list[Goal], keys: dict[str, str]) -> None:
    for goal in goals:
        node = keys.get(goal.id)
        if node is None:
            continue  # a duplicate id: reported by the loader, not in the graph
        if g.nodes[node].get("obj") is goal:
            g.add_edge(parent, node, key="contains")
        _add_goal_tree(g, node, goal.goals, keys)


def _add_process(
    g: RepositoryGraph,
    process: Process,
    flow: Flow,
    processes: dict[str, str],
    roles: dict[str, str],
    goals: dict[str, str],
    documents: dict[str, str],
    areas: dict[str, str],
) -> None:
    link = g.linker()
    pid = process.id
    pnode = processes[pid]
    if process.owner and process.owner in roles:
        link(roles[process.owner], pnode, "owns")
    if process.area and process.area in areas:
        link(pnode, areas[process.area], "in-area")
    for gid in process.goals:
        if gid in goals:
            link(pnode, goals[gid], "serves")
    for did in process.documents:
        if did in documents:
            link(pnode, documents[did], "uses")
    steps = process.steps
    nodes: dict[str, str] = {}
    add_step = g.step_adder()
    for step in steps:
        snode = nodes.setdefault(step.id, step_node(pid, step.id))
        add_step(snode, step, pid)
        link(pnode, snode, "contains")
    for step in steps:
        snode = nodes[step.id]
        if step.role is not None and step.role in roles:
            link(snode, roles[step.role], "performs")
        if step.accountable is not None and step.accountable in roles:
            link(snode, roles[step.accountable], "accountable")
        for rid in step.consulted:
            if rid in roles:
                link(snode, roles[rid], "consulted")
        for rid in step.informed:
            if rid in roles:
                link(snode, roles[rid], "informed")
        for gid in step.goals:
            if gid in goals:
                link(snode, goals[gid], "serves")
        for did in step.documents:
            if did in documents:
                link(snode, documents[did], "uses")
        if step.type is StepType.subprocess and step.calls and step.calls in processes:
            link(snode, processes[step.calls], "calls")
    for e in flow.edges:
        if e.label is None and not e.boundary:  # a plain flow: no attributes (a thin edge)
            link(nodes[e.source], nodes[e.target], "flow")
        else:
            g.add_edge(nodes[e.source], nodes[e.target], key="flow", **e.attributes())


#: Key of the per-process flows in the graph's attribute dict (``g.graph``).
FLOWS = "flows"


def process_flow(g: nx.MultiDiGraph, process: Process) -> Flow:
    """The flow of ``process``: kept by :func:`build_graph`, else computed from the model."""
    flow = g.graph.get(FLOWS, {}).get(process.id)
    return flow if flow is not None else compute_flow(process)


# queries -------------------------------------------------------------------------


def targets(g: nx.MultiDiGraph, node: str, rel: str) -> list[str]:
    """Nodes reached from ``node`` by edges of type ``rel``."""
    return [t for t, keys in g.succ[node].items() if rel in keys]


def sources(g: nx.MultiDiGraph, node: str, rel: str) -> list[str]:
    """Nodes with an edge of type ``rel`` into ``node``."""
    return [s for s, keys in g.pred[node].items() if rel in keys]


def node_id(node: str) -> str:
    """The id part of a node key (``step:p/s`` → ``p/s``)."""
    return node.split(":", 1)[1]
