"""The sequence flow of an imported container: flows and flow nodes, reading order, and the
gateways procmodel generated only for BPMN linters (removed again on import)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from procmodel.bpmn.xml import XmlProblem


@dataclass
class Flow:
    el: etree._Element
    id: str
    source: str
    target: str
    name: str
    condition: str | None


@dataclass
class Node:
    el: etree._Element
    id: str
    kind: str  # local tag name
    step: dict[str, Any] = field(default_factory=dict)
    out: list[Flow] = field(default_factory=list)
    incoming: int = 0
    generated: bool = False


def flow_order(main: list[Node], nodes: dict[str, Node], boundary: dict[str, list[Node]]) -> list[Node]:
    """Reverse post-order from the start events: each branch reads top to bottom."""
    succ: dict[str, list[str]] = {}
    for n in nodes.values():
        targets = [f.target for f in n.out]
        for b in boundary.get(n.id, ()):
            targets.extend(f.target for f in b.out)
        succ[n.id] = targets
    main_ids = {n.id for n in main}
    roots = [n.id for n in main if n.kind == "startEvent"]
    roots += [n.id for n in main if n.incoming == 0 and n.kind != "startEvent"]
    roots += [n.id for n in main]  # anything left over (cycles without an entry)
    seen: set[str] = set()
    ordered: list[str] = []
    for r in roots:
        if r in seen:
            continue
        seen.add(r)
        post: list[str] = []
        stack = [(r, iter(reversed(succ[r])))]
        while stack:
            node, it = stack[-1]
            for t in it:
                if t not in seen and t in succ:
                    seen.add(t)
                    stack.append((t, iter(reversed(succ[t]))))
                    break
            else:
                stack.pop()
                post.append(node)
        ordered.extend(reversed(post))  # each root's component before the next root's
    return [nodes[x] for x in ordered if x in main_ids]


def collapse_generated(nodes: dict[str, Node]) -> None:
    """Remove gateways procmodel inserted only to satisfy BPMN linters (marked ``pm:generated``).

    A flow into a generated gateway is replaced by one flow to each step the gateway leads to,
    through chains of generated gateways (a loop of them leads nowhere). Linear in the flows.
    """
    generated = {k for k, n in nodes.items() if n.generated}
    if not generated:
        return
    reach = generated_reach(nodes, generated)
    for gid in generated:
        del nodes[gid]
    for n in nodes.values():
        if not any(f.target in generated for f in n.out):
            continue
        new: list[Flow] = []
        for f in n.out:
            if f.target in generated:
                for target, name, condition in reach[f.target]:
                    new.append(Flow(f.el, f.id, n.id, target, f.name or name, f.condition or condition))
            else:
                new.append(f)
        n.out = new
    for n in nodes.values():
        n.incoming = 0
    for n in nodes.values():
        for f in n.out:
            nodes[f.target].incoming += 1


def generated_reach(
    nodes: dict[str, Node], generated: set[str]
) -> dict[str, list[tuple[str, str, str | None]]]:
    """For each generated gateway: (step, name, condition) of the flows it passes on, in order.

    Raises :class:`XmlProblem` when the gateways fan out far beyond what procmodel writes
    (a hostile file could make the expansion grow exponentially).
    """
    budget = 4 * sum(len(n.out) for n in nodes.values()) + 1000
    reach: dict[str, list[tuple[str, str, str | None]]] = {}
    for start in generated:
        if start in reach:
            continue
        visiting = {start}  # on the stack: a flow back to one of them closes a loop
        stack = [(start, iter(nodes[start].out))]
        while stack:  # depth first without recursion: a chain may be long in a hostile file
            gid, flows = stack[-1]
            for f in flows:
                t = f.target
                if t in generated and t not in reach and t not in visiting:
                    visiting.add(t)
                    stack.append((t, iter(nodes[t].out)))
                    break
            else:
                stack.pop()
                visiting.discard(gid)
                out: list[tuple[str, str, str | None]] = []
                for f in nodes[gid].out:
                    if f.target not in generated:
                        out.append((f.target, f.name, f.condition))
                    else:  # a gateway still on the stack is part of a loop: it leads nowhere
                        out.extend((t, f.name or n, f.condition or c) for t, n, c in reach.get(f.target, ()))
                budget -= len(out)
                if budget < 0:
                    el = nodes[gid].el
                    raise XmlProblem(
                        "PM001",
                        "the gateways marked pm:generated fan out far more than procmodel writes them",
                        el.sourceline or 0,
                        0,
                        hint="Remove the <pm:generated/> marks (procmodel adds them only to its own files).",
                    )
                reach[gid] = out
    return reach
