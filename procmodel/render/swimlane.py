"""The swimlane diagram of one process: graph → DOT.

Layout: flow left to right (``rankdir=LR``); one Graphviz cluster per lane, stacked top to
bottom in the order the roles first act. Every lane gets a header node on the first rank and
an invisible anchor on the last (``newrank`` makes ranks global), so all lanes span the full
width and never overlap. ``dot`` alone does not keep the lane order (it may swap clusters to
save crossings), so the DOT carries :data:`~procmodel.render.lane_stack.MARKER` and the renderer
lays it out in two passes that stack the lanes in order (:mod:`procmodel.render.lane_stack`).
Steps without a role (events, gateways) sit in the lane of the step before them.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx

from procmodel.flow import flow_graph
from procmodel.model import EventTrigger, GatewayKind, Process, Step, StepType
from procmodel.numbering import step_numbers
from procmodel.render import style
from procmodel.render.dot import (
    DotWriter,
    Href,
    Raw,
    add_link,
    label,
    process_dom_id,
    quote,
    safe_href,
    step_dom_id,
    wrap,
)
from procmodel.render.lane_stack import EDGE_LABEL_FONTSIZE, MARKER
from procmodel.render.svg import MARKER_CLASS
from procmodel.render.words import diagram_words
from procmodel.repository import Repository

NO_ROLE = ""  # lane key for steps nobody is named for
HEADER_FONTSIZE = 12
HEADER_MIN_WIDTH = 1.9  # inches
HEADER_PADDING = 9  # points of space left and right of the longest line in a lane header


@dataclass
class Lane:
    """One swimlane: a role and the steps it performs."""

    key: str
    title: str
    steps: list[Step] = field(default_factory=list)


def assign_lanes(repo: Repository, process: Process, flow: nx.DiGraph | None = None) -> list[Lane]:
    """Lanes in order of the roles' first action, each with its steps (in file order).

    A step without a role joins the lane of its attached task (boundary events), else of its
    first flow predecessor that has a lane, else of its first successor that has one.
    ``flow``: the process's :func:`~procmodel.flow.flow_graph`, when the caller has it.
    """
    if flow is None:
        flow = flow_graph(repo.flow(process), process)
    order = {s.id: i for i, s in enumerate(process.steps)}

    def in_file_order(ids: Iterable[str]) -> list[str]:
        return sorted(ids, key=lambda s: order.get(s, len(order)))

    lane_of: dict[str, str] = {s.id: s.role for s in process.steps if s.role}
    candidates = {
        s.id: ([s.attached_to] if s.attached_to else [])
        + in_file_order(flow.predecessors(s.id))
        + in_file_order(flow.successors(s.id))
        for s in process.steps
        if s.id not in lane_of
    }
    changed = True
    while changed:  # propagate along the flow until stable (handles chains of gateways)
        changed = False
        for sid, others in candidates.items():
            if sid in lane_of:
                continue
            lane = next((lane_of[o] for o in others if o in lane_of), None)
            if lane is not None:
                lane_of[sid] = lane
                changed = True
    lanes: dict[str, Lane] = {}
    for step in process.steps:
        key = lane_of.get(step.id, NO_ROLE)
        if key not in lanes:
            lanes[key] = Lane(key, _role_title(repo, key))
        lanes[key].steps.append(step)
    return list(lanes.values())


def process_dot(
    repo: Repository, process_id: str, href: Href | None = None, goal_badges: bool = False
) -> str:
    """DOT text of the swimlane diagram of one process."""
    process = repo.processes[process_id]
    flow = flow_graph(repo.flow(process), process)
    lanes = assign_lanes(repo, process, flow)
    numbers = step_numbers(process)
    w = DotWriter(
        f"process {process.id}",
        {
            "rankdir": "LR",
            "newrank": True,
            "splines": "ortho",
            "forcelabels": True,
            "compound": True,
            "nodesep": "0.3",
            "ranksep": "0.3",
            "fontname": style.FONT,
            "bgcolor": style.BACKGROUND,
            "pad": "0.2",
            "id": process_dom_id(process.id) + "-diagram",
        },
        {"fontname": style.FONT, "fontsize": "11", "fontcolor": style.TEXT, "margin": "0.12,0.06"},
        {
            "fontname": style.FONT,
            "fontsize": str(EDGE_LABEL_FONTSIZE),  # pass 1 of lane_stack reserves room at this size
            "fontcolor": style.TEXT,
            "color": style.EDGE,
            "arrowsize": "0.7",
            "penwidth": "1.2",
        },
    )
    w.stmt(MARKER)  # the renderer stacks the lanes in index order (see lane_stack)
    headers: list[str] = []
    # role names wrap at spaces (dot.wrap); every header is as wide as the widest line of any of them,
    # so the lanes' left edges stay aligned
    header_texts = [wrap(lane.title, 20, 4) for lane in lanes]
    longest = max(style.text_width(line, HEADER_FONTSIZE) for lines in header_texts for line in lines)
    header_width = max(HEADER_MIN_WIDTH, (longest + 2 * HEADER_PADDING) / 72)
    for i, lane in enumerate(lanes):
        w.open(
            f'subgraph "cluster_lane_{i}"',
            {
                "label": "",
                "style": "filled",
                "fillcolor": style.LANE_FILLS[i % 2],
                "color": style.LANE_BORDER,
                "penwidth": "1",
                "margin": "10",
                "id": f"lane-{process.id}-{i + 1}",
            },
        )
        header = f"lane:{i}"
        header_lines = header_texts[i]
        headers.append(header)
        w.node(
            header,
            {
                "label": Raw(label(header_lines)),
                "shape": "box",
                "style": "filled",
                "fillcolor": style.LANE_HEADER_FILL,
                "color": style.LANE_HEADER_BORDER,
                "penwidth": "1.5",
                "fontsize": str(HEADER_FONTSIZE),
                "width": f"{header_width:.2f}",
                "height": f"{0.3 + 0.2 * len(header_lines):.2f}",
                "fixedsize": True,  # equal widths keep the lanes' left edges aligned
                "id": f"lane-{process.id}-{i + 1}-header",
                "tooltip": diagram_words(repo)("diagram.lane_tooltip", role=lane.title),
            },
        )
        # as wide as the widest step, so the lanes' right edges align whatever shares its rank
        w.node(
            f"laneend:{i}",
            {
                "shape": "box",
                "style": "invis",
                "label": "",
                "width": "2.1",
                "height": "0.02",
                "fixedsize": True,
            },
        )
        for step in lane.steps:
            values = step_attrs(repo, process, step, href, goal_badges, numbers.get(step.id))
            caption = values.pop("caption", None)
            w.node(f"s:{step.id}", values)
            if caption is not None:  # title of an event or gateway, just below its symbol
                caption_node(w, step.id, caption, str(values["id"]))
                same_rank(w, f"s:{step.id}", f"c:{step.id}")
            # Sources follow the lane header, sinks precede the lane end; with the headers and the
            # ends each on one rank, every lane spans the full width.
            if flow.in_degree(step.id) == 0:
                w.edge(header, f"s:{step.id}", {"style": "invis"})
            if flow.out_degree(step.id) == 0:
                w.edge(f"s:{step.id}", f"laneend:{i}", {"style": "invis"})
        w.close()
    w.stmt("{ rank=same; " + " ".join(quote(h) for h in headers) + " }")
    w.stmt("{ rank=same; " + " ".join(quote(f"laneend:{i}") for i in range(len(lanes))) + " }")
    for upper, lower in itertools.pairwise(headers):
        w.edge(lower, upper, {"style": "invis"})  # with rankdir=LR this puts ``upper`` on top
    boundary_events_beside(w, process)
    flow_edges(w, process, flow, diagram_words(repo)("diagram.otherwise"))
    return w.text()


def caption_node(w: DotWriter, step_id: str, caption: object, node_dom_id: str) -> None:
    """The title of an event or gateway as a node of its own (``c:<step id>``)."""
    w.node(
        f"c:{step_id}", {"shape": "plain", "label": caption, "fontsize": "10", "id": f"{node_dom_id}-caption"}
    )


def same_rank(w: DotWriter, node: str, beside: str) -> None:
    """Put ``beside`` on the rank of ``node``, just after it."""
    w.stmt("{ rank=same; " + quote(node) + " " + quote(beside) + " }")
    w.edge(node, beside, {"style": "invis"})


def boundary_events_beside(w: DotWriter, process: Process) -> None:
    """Each boundary event on the rank of the task it is attached to."""
    for step in process.steps:
        if step.attached_to and process.step(step.attached_to):
            w.stmt("{ rank=same; " + quote(f"s:{step.attached_to}") + " " + quote(f"s:{step.id}") + " }")


def flow_edges(
    w: DotWriter,
    process: Process,
    flow: nx.DiGraph,
    otherwise: str,
    *,
    id_suffix: str = "",
    text_attr: str = "xlabel",
    wrap_at: tuple[int, int] = (18, 4),
    mark_default: bool = True,
) -> None:
    """The sequence flows of ``process`` as DOT edges with stable, unique ids.

    ``text_attr``: where an outcome's text goes (``xlabel``: ortho routing places xlabels);
    ``wrap_at``: its width and lines; ``mark_default``: a tee at the start of a default flow.
    """
    seen: dict[str, int] = {}
    for step in process.steps:
        for target in flow.successors(step.id):
            data = flow.edges[step.id, target]
            base = f"flow-{process.id}-{step.id}-{target}{id_suffix}"
            seen[base] = seen.get(base, 0) + 1
            ident = base if seen[base] == 1 else f"{base}-{seen[base]}"
            if data.get("boundary"):
                w.edge(
                    f"s:{step.id}",
                    f"s:{target}",
                    {"style": "dotted", "arrowhead": "none", "id": ident, "class": "attachment"},
                )
                continue
            text = data.get("label") or ""
            if step.type is StepType.decision and not text and data.get("default"):
                text = otherwise
            values: dict[str, object] = {"id": ident, "class": "flow"}
            if step.type is StepType.decision:
                values["class"] = "flow outcome"
            if text:
                values[text_attr] = Raw(label(wrap(text, *wrap_at)))
                values["tooltip"] = f"{step.label} → {text}"
            if mark_default and data.get("default"):
                values["arrowtail"] = "tee"
                values["dir"] = "both"
            w.edge(f"s:{step.id}", f"s:{target}", values)


def step_attrs(
    repo: Repository,
    process: Process,
    step: Step,
    href: Href | None,
    goal_badges: bool,
    number: int | None,
    role_line: bool = False,
) -> dict[str, object]:
    """Node attributes of one step: shape, label (with its step ``number``), tooltip, link.

    ``role_line``: the box says who does the step on a line of its own (diagrams without lanes).
    """
    role = repo.roles.get(step.role or "")
    role_text = role.name if role else step.role
    prefix = f"{number}. " if number is not None else ""
    tooltip = prefix + step.label + (f" ({role_text})" if role_text else "")
    who = [f"({role_text})"] if role_line and role_text else []
    url = safe_href(href, "step", f"{process.id}/{step.id}")
    values: dict[str, object] = {"id": step_dom_id(process.id, step.id), "tooltip": tooltip}
    badges = _badges(repo, step) if goal_badges else []
    kind = step.type
    if kind in (StepType.start, StepType.end, StepType.event):
        values.update(_event_attrs(step))
    elif kind is StepType.decision:
        gateway = step.gateway or GatewayKind.exclusive
        lines = wrap(prefix + step.title, 18, 8) if step.title else [style.GATEWAY_MARKERS[gateway]]
        if step.title and gateway is not GatewayKind.exclusive:
            lines = [style.GATEWAY_MARKERS[gateway], *lines]
        values.update(
            shape="diamond",
            style="filled",
            fillcolor=style.DECISION_FILL,
            color=style.DECISION_BORDER,
            penwidth="1.5",
            margin="0.02,0.02",
            label=Raw(label(lines + who + badges)),
        )
    elif kind in (StepType.merge, StepType.parallel, StepType.join):
        marker = (
            "+"
            if kind is not StepType.merge
            else style.GATEWAY_MARKERS[step.gateway or GatewayKind.exclusive]
        )
        values.update(
            shape="diamond",
            style="filled",
            fillcolor=style.GATEWAY_FILL,
            color=style.DECISION_BORDER,
            penwidth="1.5",
            width="0.5",
            height="0.5",
            fixedsize=True,
            fontsize="16",
            label=marker,
        )
        if step.title:
            values["caption"] = Raw(label(wrap(step.title, 18, 6)))
        else:  # a bare split or join: the keyboard passes it by (svg.MARKER_CLASS)
            values["class"] = MARKER_CLASS
    else:
        marker = style.TASK_MARKERS.get(step.task, "") if step.task and kind is StepType.task else ""
        lines = wrap(prefix + (f"{marker} " if marker else "") + step.label, 22, 8)
        if kind is StepType.subprocess:
            lines.append(style.SUBPROCESS_MARKER)
            called = repo.processes.get(step.calls or "")
            if called is not None:
                values["tooltip"] = diagram_words(repo)(
                    "diagram.calls_tooltip", step=tooltip, process=called.title
                )
            url = safe_href(href, "process", step.calls or "") or url
        values.update(
            shape="box",
            style="rounded,filled",
            fillcolor=style.SUBPROCESS_FILL if kind is StepType.subprocess else style.TASK_FILL,
            color=style.TASK_BORDER,
            penwidth="2.5" if kind is StepType.subprocess else "1.3",
            label=Raw(label(lines + who + badges)),
        )
    add_link(values, url)
    return values


def _event_attrs(step: Step) -> dict[str, object]:
    trigger = step.event or (EventTrigger.timer if step.timer else EventTrigger.none)
    marker = style.EVENT_MARKERS[trigger]
    values: dict[str, object] = {
        "shape": "circle",
        "style": "filled",
        "width": "0.42",
        "fixedsize": True,
        "fontsize": "13",
        "label": marker,
    }
    if step.type is StepType.start:
        values.update(fillcolor=style.START_FILL, color=style.START_BORDER, penwidth="1.5")
    elif step.type is StepType.end:
        values.update(fillcolor=style.END_FILL, color=style.END_BORDER, penwidth="4")
    else:
        values.update(
            shape="doublecircle",
            width="0.36",
            fillcolor=style.EVENT_FILL,
            color=style.EVENT_BORDER,
            penwidth="1.3",
        )
        if step.attached_to and not step.interrupting:
            values["style"] = "filled,dashed"
    title = step.title
    if step.timer and step.timer not in title:
        # "Vecka 44" with the timer "Vecka 44 (höstterminen) …" says the timer alone
        title = f"{title} ({step.timer})" if title and title not in step.timer else step.timer
    if title:
        values["caption"] = Raw(label(wrap(title, 20, 8)))
    return values


def _badges(repo: Repository, step: Step) -> list[str]:
    names = [goal_short(repo, gid) for gid in step.goals if gid in repo.goals]
    if not names:
        return []
    shown = names[:3] + ([f"+{len(names) - 3}"] if len(names) > 3 else [])
    return wrap(f"{style.GOAL_BADGE} " + ", ".join(shown), 26, 2)


def goal_short(repo: Repository, goal_id: str) -> str:
    """Short name of a goal for badges: catalog short name and number, e.g. ``SL 6 kap. 10 §``."""
    goal = repo.goals[goal_id]
    catalog = repo.catalogs.get(repo.goal_catalog.get(goal_id, ""))
    prefix = (catalog.short or catalog.id) if catalog else ""
    return f"{prefix} {goal.number or goal.id}".strip()


def _role_title(repo: Repository, key: str) -> str:
    if key == NO_ROLE:
        return diagram_words(repo)("diagram.no_role")
    role = repo.roles.get(key)
    return role.name if role else key
