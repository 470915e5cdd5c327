"""The top-to-bottom flow of one process, for narrow screens: graph → DOT.

The swimlane diagram reads left to right across one lane per role, far wider than a phone.
This one has no lanes: the flow runs down the screen and each box says who does the step on
a line of its own. Boxes carry the same step numbers as the step list; the titles of events
and split/join markers sit beside their symbol (``xlabel``). Node ids end in ``-flow`` so the
page can hold both diagrams of a process.
"""

from __future__ import annotations

from procmodel.flow import flow_graph
from procmodel.model import StepType
from procmodel.numbering import step_numbers
from procmodel.render import style
from procmodel.render.dot import DotWriter, Href, process_dom_id, step_dom_id
from procmodel.render.swimlane import boundary_events_beside, caption_node, flow_edges, same_rank, step_attrs
from procmodel.render.words import diagram_words
from procmodel.repository import Repository

#: Suffix of the DOM ids of this diagram's nodes (the swimlane's nodes have none).
ID_SUFFIX = "-flow"


def flow_dom_id(process_id: str, step_id: str) -> str:
    """DOM id of a step node in the top-to-bottom flow."""
    return step_dom_id(process_id, step_id) + ID_SUFFIX


def top_down_dot(repo: Repository, process_id: str, href: Href | None = None) -> str:
    """DOT text of the top-to-bottom flow of one process."""
    process = repo.processes[process_id]
    flow = flow_graph(repo.flow(process), process)
    numbers = step_numbers(process)
    w = DotWriter(
        f"flow {process.id}",
        {
            "rankdir": "TB",
            "splines": "spline",
            "forcelabels": True,
            "nodesep": "0.2",
            "ranksep": "0.25",
            "fontname": style.FONT,
            "bgcolor": style.BACKGROUND,
            "pad": "0.1",
            "id": process_dom_id(process.id) + "-flow-diagram",
        },
        {"fontname": style.FONT, "fontsize": "11", "fontcolor": style.TEXT, "margin": "0.1,0.05"},
        {
            "fontname": style.FONT,
            "fontsize": "10",
            "fontcolor": style.TEXT,
            "color": style.EDGE,
            "arrowsize": "0.7",
            "penwidth": "1.2",
        },
    )
    for step in process.steps:
        values = step_attrs(repo, process, step, href, False, numbers.get(step.id), role_line=True)
        values["id"] = flow_dom_id(process.id, step.id)
        caption = values.pop("caption", None)
        w.node(f"s:{step.id}", values)
        if caption is not None:
            caption_node(w, step.id, caption, str(values["id"]))
            # above a start, below an end, else beside its symbol (an xlabel could cover a box)
            if step.type is StepType.start:
                w.edge(f"c:{step.id}", f"s:{step.id}", {"style": "invis"})
            elif step.type is StepType.end:
                w.edge(f"s:{step.id}", f"c:{step.id}", {"style": "invis"})
            else:
                same_rank(w, f"s:{step.id}", f"c:{step.id}")
    boundary_events_beside(w, process)
    otherwise = diagram_words(repo)("diagram.otherwise")
    flow_edges(
        w,
        process,
        flow,
        otherwise,
        id_suffix=ID_SUFFIX,
        text_attr="label",
        wrap_at=(16, 3),
        mark_default=False,
    )
    return w.text()
