"""The sequence flow of one process, computed once from the model, with one meaning everywhere.

The graph (:func:`procmodel.graph.build_graph` adds one ``flow`` edge per :class:`FlowEdge` and
keeps each process's :class:`Flow`), the rules, the swimlane diagrams, the BPMN and Mermaid
exports and the site all read the flow from here.

What a *successor* is, decided once:

- a decision: the ``next`` of each outcome (the edge carries its ``label``, ``condition`` and
  ``default``);
- any other step: its ``next`` ids, else the implicit next (the following step in the file
  that is not a boundary event); an end event has none, and a boundary event without
  ``next`` ends its branch;
- **a task's boundary events are successors of the task** (the edge is marked ``boundary``):
  when the event fires, the flow leaves the task through it, so reachability, lanes and the
  graph follow it. A format that draws a boundary event as attached rather than as a sequence
  flow (BPMN ``attachedToRef``, Mermaid's dotted link) skips the edges marked ``boundary``;
  it does not use another meaning of successor;
- only steps of the process are successors: a ``next`` that names no step is a finding of the
  reference rules, not an edge.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from procmodel.model import Process, Step, StepType

if TYPE_CHECKING:
    import networkx as nx


class FlowEdge(NamedTuple):
    """One sequence flow between two steps of a process (step ids).

    A named tuple: a large repository has tens of thousands of them, made once per load.
    """

    source: str
    target: str
    label: str | None = None  # a decision outcome's label ("" when it has none); None otherwise
    condition: str | None = None
    default: bool = False
    boundary: bool = False  # from a task to an event attached to it

    def attributes(self) -> dict[str, object]:
        """The edge's attributes as the graph stores them: only those that say something."""
        attrs: dict[str, object] = {}
        if self.label is not None:
            attrs["label"] = self.label
        if self.condition is not None:
            attrs["condition"] = self.condition
        if self.default:
            attrs["default"] = True
        if self.boundary:
            attrs["boundary"] = True
        return attrs


@dataclass(frozen=True, slots=True)
class Flow:
    """The sequence flow of one process: its edges in file order and, per step, its successors.

    Read-only by agreement: it is computed once per process and shared by every reader.
    """

    edges: tuple[FlowEdge, ...]
    succ: dict[str, tuple[str, ...]]  # step id → successor ids, each once, in edge order
    _out: dict[str, list[FlowEdge]] = field(repr=False, compare=False)

    def successors(self, sid: str) -> tuple[str, ...]:
        """The steps ``sid`` leads to (boundary events included; see the module docstring)."""
        return self.succ.get(sid, ())

    def out_edges(self, sid: str) -> tuple[FlowEdge, ...]:
        """The flows leaving ``sid``, in file order (one per outcome of a decision)."""
        return tuple(self._out.get(sid, ()))

    def predecessors(self) -> dict[str, tuple[str, ...]]:
        """Step id → the steps leading into it (computed on each call; not kept)."""
        pred: dict[str, list[str]] = {sid: [] for sid in self.succ}
        for source, targets in self.succ.items():
            for t in targets:
                pred[t].append(source)
        return {sid: tuple(p) for sid, p in pred.items()}

    def reachable_from(self, starts: list[str]) -> set[str]:
        """Step ids reachable from ``starts`` (included) along the flow."""
        return _walk(self.succ, starts)

    def reaching(self, targets: list[str]) -> set[str]:
        """Step ids from which one of ``targets`` (included) can be reached."""
        return _walk(self.predecessors(), targets)


def compute_flow(process: Process) -> Flow:
    """The flow of ``process``, from the model (see the module docstring for its meaning)."""
    steps = process.steps
    out: dict[str, list[FlowEdge]] = {s.id: [] for s in steps}
    edges: list[FlowEdge] = []
    for index, step in enumerate(steps):
        sid = step.id
        host = step.attached_to
        if host and host in out:
            e = FlowEdge(host, sid, None, None, False, True)
            edges.append(e)
            out[host].append(e)
        if step.type is StepType.decision:
            for o in step.outcomes:
                if o.next in out:
                    e = FlowEdge(sid, o.next, o.label, o.condition, o.default)
                    edges.append(e)
                    out[sid].append(e)
            continue
        for target in _successor_ids(steps, step, index):
            if target in out:
                e = FlowEdge(sid, target)
                edges.append(e)
                out[sid].append(e)
    succ: dict[str, tuple[str, ...]] = {}
    for sid, es in out.items():
        if len(es) < 2:
            succ[sid] = (es[0].target,) if es else ()
        else:
            succ[sid] = tuple(dict.fromkeys([e.target for e in es]))
    return Flow(tuple(edges), succ, out)


def flow_graph(flow: Flow, process: Process) -> nx.DiGraph:
    """The flow as a small DiGraph over step ids (``obj``: the step; edges: their attributes)."""
    import networkx as nx  # only what draws or walks a flow as a graph needs it

    g = nx.DiGraph()
    for step in process.steps:
        g.add_node(step.id, obj=step)
    for e in flow.edges:
        g.add_edge(e.source, e.target, **e.attributes())
    return g


def _successor_ids(steps: list[Step], step: Step, index: int) -> list[str]:
    """Successors of the non-decision ``step`` at ``steps[index]``: ``next``, else the implicit next."""
    if step.type is StepType.end:
        return []
    if step.next is not None:
        return step.next_ids
    if step.attached_to:
        return []  # a boundary event with no 'next' simply ends its branch
    i = index + 1
    # Boundary events sit beside their task; they are not in the implicit chain.
    while i < len(steps) and steps[i].attached_to:
        i += 1
    return [steps[i].id] if i < len(steps) else []


def _walk(adj: dict[str, tuple[str, ...]], starts: list[str]) -> set[str]:
    seen = set(starts)
    stack = list(seen)
    while stack:
        for n in adj.get(stack.pop(), ()):
            if n not in seen:
                seen.add(n)
                stack.append(n)
    return seen
