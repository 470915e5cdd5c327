"""The flow graph of a process as BPMN shapes and sequence flows, before any XML is written.

Each step becomes a shape with an ASCII element id; decisions' outcomes and the flow become
edges. A few gateways exist only for BPMN linters (bpmnlint ``recommended``): a parallel
gateway after a step with several successors, an exclusive one before a step that several
flows enter. The writer turns this graph into XML and diagram interchange.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field

from procmodel.bpmn.elements import GATEWAY_TAGS, TASK_TAGS
from procmodel.flow import compute_flow
from procmodel.model import EventTrigger, GatewayKind, Process, Step, StepType


@dataclass
class Edge:
    id: str
    source: str
    target: str
    name: str = ""
    condition: str | None = None
    derived: list[str] = field(default_factory=list)
    default: bool = False


@dataclass
class Shape:
    id: str
    tag: str
    kind: str  # task / event / gateway (for sizes)
    step: Step | None  # None for generated gateways
    lane: str | None
    host: str | None = None
    incoming: list[str] = field(default_factory=list)
    outgoing: list[str] = field(default_factory=list)


# the flow graph, with the gateways BPMN linters want ------------------------------------


def shapes_and_flows(process: Process) -> tuple[dict[str, Shape], list[Edge]]:
    shapes: dict[str, Shape] = {}
    ids = {s.id: element_id(s) for s in process.steps}
    for s in process.steps:
        tag, kind = _tag(s)
        host = ids.get(s.attached_to) if s.attached_to and s.type is StepType.event else None
        shapes[ids[s.id]] = Shape(ids[s.id], tag, kind, s, s.role, host)
    edges: list[Edge] = []
    flow = compute_flow(process)
    for s in process.steps:
        src = ids[s.id]
        if s.type is StepType.decision:
            forking = len(s.outcomes) > 1 and s.gateway is not GatewayKind.event
            for o in s.outcomes:
                if o.next not in ids:
                    continue
                e = Edge(f"Flow_{len(edges) + 1}", src, ids[o.next], o.label, o.condition, default=o.default)
                if forking and not o.default and not o.condition:
                    e.condition = o.label or o.next
                    e.derived.append("condition")
                if e.condition and not e.name:
                    e.name = e.condition
                    e.derived.append("name")
                edges.append(e)
        else:
            for fe in flow.out_edges(s.id):
                if not fe.boundary and fe.target in ids:  # boundary events are attached, not flowed to
                    edges.append(Edge(f"Flow_{len(edges) + 1}", src, ids[fe.target]))
    _add_split_gateways(shapes, edges)
    _add_merge_gateways(shapes, edges)
    for e in edges:
        shapes[e.source].outgoing.append(e.id)
        shapes[e.target].incoming.append(e.id)
    return shapes, edges


def _add_split_gateways(shapes: dict[str, Shape], edges: list[Edge]) -> None:
    """A step (not a gateway) with several successors: a parallel gateway splits after it."""
    out: dict[str, list[Edge]] = {}
    for e in edges:
        out.setdefault(e.source, []).append(e)
    for src, flows in out.items():
        sh = shapes[src]
        if len(flows) < 2 or (
            sh.kind == "gateway" and sh.step and sh.step.type in (StepType.decision, StepType.parallel)
        ):
            continue
        gid = f"Gateway_{src}_split"
        shapes[gid] = Shape(gid, "parallelGateway", "gateway", None, sh.lane)
        for f in flows:
            f.source = gid
        edges.append(Edge(f"Flow_{len(edges) + 1}", src, gid))


def _add_merge_gateways(shapes: dict[str, Shape], edges: list[Edge]) -> None:
    """A step (not a merge or join) that several flows enter: an exclusive gateway merges first."""
    into: dict[str, list[Edge]] = {}
    for e in edges:
        into.setdefault(e.target, []).append(e)
    for dst, flows in into.items():
        sh = shapes[dst]
        if len(flows) < 2 or sh.step is None or sh.step.type in (StepType.merge, StepType.join):
            continue
        gid = f"Gateway_{dst}_merge"
        shapes[gid] = Shape(gid, "exclusiveGateway", "gateway", None, sh.lane)
        for f in flows:
            f.target = gid
        edges.append(Edge(f"Flow_{len(edges) + 1}", gid, dst))


def _tag(s: Step) -> tuple[str, str]:
    t = s.type
    if t is StepType.task:
        return TASK_TAGS[s.task], "task"
    if t is StepType.subprocess:
        return "callActivity", "task"
    if t is StepType.start:
        return "startEvent", "event"
    if t is StepType.end:
        return "endEvent", "event"
    if t is StepType.event:
        if s.attached_to:
            return "boundaryEvent", "event"
        catching = s.event not in (None, EventTrigger.none) and not s.throw
        return ("intermediateCatchEvent" if catching else "intermediateThrowEvent"), "event"
    if t in (StepType.parallel, StepType.join):
        return "parallelGateway", "gateway"
    return GATEWAY_TAGS[s.gateway], "gateway"


def element_id(s: Step) -> str:
    prefix = {StepType.task: "Activity", StepType.subprocess: "Activity", StepType.start: "Event",
              StepType.end: "Event", StepType.event: "Event"}.get(s.type, "Gateway")  # fmt: skip
    return f"{prefix}_{xml_id(s.id)}"


def xml_id(ident: str) -> str:
    """An ASCII id part for XML ids (bpmn.io accepts only ASCII ids): 'gå' → 'ga_1c6e4f'.

    The procmodel id itself travels in ``<pm:step id=…>``; a short hash of it keeps two ids
    that differ only in å/ä/ö apart.
    """
    plain = unicodedata.normalize("NFKD", ident).encode("ascii", "ignore").decode()
    safe = "".join(ch if ch.isalnum() or ch in "_-." else "_" for ch in plain)
    if safe != ident:
        safe += "_" + hashlib.sha1(ident.encode("utf-8")).hexdigest()[:6]
    return safe
