"""A process as a Mermaid flowchart, to paste into GitHub or GitLab Markdown.

``flowchart LR`` with one subgraph per role (steps without a role stand outside),
shapes by step type, decision outcomes as edge labels. Every label is quoted and
escaped with Mermaid entity codes, so quotes, brackets, pipes and ``<`` in titles
cannot break the chart or inject HTML.
"""

from __future__ import annotations

import hashlib

from procmodel.flow import compute_flow
from procmodel.model import Process, Role, Step, StepType

SHAPES = {
    StepType.start: ('(["', '"])'),
    StepType.end: ('(["', '"])'),
    StepType.event: ('(("', '"))'),
    StepType.task: ('["', '"]'),
    StepType.subprocess: ('[["', '"]]'),
    StepType.decision: ('{"', '"}'),
    StepType.merge: ('{"', '"}'),
    StepType.parallel: ('{"', '"}'),
    StepType.join: ('{"', '"}'),
}
#: Characters Mermaid would read as syntax, written as its entity codes (#code;).
_ESCAPES = {'"': "#quot;", "#": "#35;", "<": "#lt;", ">": "#gt;", "|": "#124;", "`": "#96;",
            "[": "#91;", "]": "#93;", "{": "#123;", "}": "#125;",
            "(": "#40;", ")": "#41;", ";": "#59;"}  # fmt: skip


def escape(text: str) -> str:
    """``text`` safe inside a quoted Mermaid label (one line)."""
    flat = " ".join(text.split())
    return "".join(_ESCAPES.get(ch, ch) for ch in flat)


def node_id(step_id: str) -> str:
    """An ASCII Mermaid node id for a step (å/ä/ö and '-' are not safe in ids)."""
    return "s_" + hashlib.sha1(step_id.encode("utf-8")).hexdigest()[:10]


def process_to_mermaid(process: Process, roles: dict[str, Role] | None = None) -> str:
    """The Mermaid source (ends with a newline)."""
    roles = roles or {}
    lines = ["flowchart LR", f"  %% {escape(process.title)}"]
    by_role: dict[str | None, list[Step]] = {}
    for s in process.steps:
        by_role.setdefault(s.role, []).append(s)
    for role, steps in by_role.items():
        indent = "  "
        if role is not None:
            name = roles[role].name if role in roles else role
            lines.append(f'  subgraph {node_id("role:" + role)}["{escape(name)}"]')
            indent = "    "
        for s in steps:
            left, right = SHAPES[s.type]
            label = s.label
            if s.type in (StepType.parallel, StepType.join):
                label = s.title or "+"  # the BPMN markers
            elif s.type in (StepType.merge, StepType.decision):
                label = s.title or "×"
            lines.append(f"{indent}{node_id(s.id)}{left}{escape(label)}{right}")
        if role is not None:
            lines.append("  end")
    known = {s.id for s in process.steps}
    flow = compute_flow(process)
    for s in process.steps:
        for e in flow.out_edges(s.id):
            if e.boundary:
                continue  # drawn as the dotted attachment below
            label = e.label or ""
            arrow = f'-->|"{escape(label)}"|' if label else "-->"
            lines.append(f"  {node_id(s.id)} {arrow} {node_id(e.target)}")
        if s.attached_to and s.attached_to in known:
            lines.append(f"  {node_id(s.attached_to)} -.- {node_id(s.id)}")
    return "\n".join(lines) + "\n"
