"""The red thread (röda tråden) through one goal: statute/curriculum → municipal goals → processes.

Columns from left to right: the national goal(s), the municipal goals that support them, then
each serving process as a box holding the steps that serve one of those goals. Arrows point from
what serves to the goal it serves. For a municipal goal, the national goals it supports come first.
"""

from __future__ import annotations

from collections.abc import Collection

from procmodel.collation import sort_key
from procmodel.graph import goal_node, node_id, sources
from procmodel.naming import goal_short_label
from procmodel.render import style
from procmodel.render.dot import (
    DotWriter,
    Href,
    Raw,
    add_link,
    goal_dom_id,
    label,
    process_dom_id,
    quote,
    safe_href,
    step_dom_id,
    wrap,
)
from procmodel.render.words import diagram_words
from procmodel.repository import Repository


def red_thread_goals(repo: Repository, goal_id: str) -> tuple[list[str], list[str]]:
    """(national goals, municipal goals) on the thread through ``goal_id``, focus goal first."""

    def subtree(gid: str) -> list[str]:
        out, stack = [], [gid]
        while stack:
            g = stack.pop()
            out.append(g)
            stack.extend(reversed([c.id for c in repo.goals[g].goals]))
        return out

    if repo.is_municipal(goal_id):
        municipal = subtree(goal_id)
        national = [t for g in municipal for t in repo.goals[g].supports if t in repo.goals]
        return list(dict.fromkeys(national)), municipal
    national = subtree(goal_id)
    # the goals that support one of them, from the graph's 'supports' edges (not a scan of every
    # goal's list for each thread: a site draws a thread per goal)
    supporters = {node_id(s) for g in national for s in sources(repo.graph, goal_node(g), "supports")}
    municipal = (
        [gid for gid in repo.goals if gid in supporters and repo.is_municipal(gid)] if supporters else []
    )
    return national, municipal


def red_thread_dot(
    repo: Repository, goal_id: str, href: Href | None = None, processes: Collection[str] | None = None
) -> str:
    """DOT text of the red-thread diagram of one goal."""
    national, municipal = red_thread_goals(repo, goal_id)
    focus_national = not repo.is_municipal(goal_id)
    served = set(municipal) | (set(national) if focus_national else set())
    # who serves which goal: {process id: (process-level goals, {step id: goals})}
    servers: dict[str, tuple[list[str], dict[str, list[str]]]] = {}
    for gid in [*national, *municipal]:
        if gid not in served:
            continue
        for key in sources(repo.graph, goal_node(gid), "serves"):
            kind, ident = key.split(":", 1)
            pid = ident.split("/", 1)[0]
            if processes is not None and pid not in processes:
                continue
            proc_goals, step_goals = servers.setdefault(pid, ([], {}))
            if kind == "process":
                proc_goals.append(gid)
            else:
                step_goals.setdefault(ident.split("/", 1)[1], []).append(gid)
    # Goals shown: the focus goal, its thread, and sub-goals only when something serves them.
    used = {g for pg, sg in servers.values() for g in pg + [x for gs in sg.values() for x in gs]}
    used |= {t for m in municipal if m in used for t in repo.goals[m].supports}
    shown_national = [g for g in national if g == goal_id or g in used or not focus_national]
    shown_municipal = [g for g in municipal if g == goal_id or g in used]

    w = DotWriter(
        f"red thread {goal_id}",
        {
            "rankdir": "LR",
            "newrank": True,
            "nodesep": "0.25",
            "ranksep": "0.6",
            "fontname": style.FONT,
            "bgcolor": style.BACKGROUND,
            "pad": "0.2",
            "id": goal_dom_id(goal_id) + "-red-thread",
        },
        {
            "fontname": style.FONT,
            "fontsize": "11",
            "fontcolor": style.TEXT,
            "shape": "box",
            "style": "rounded,filled",
            "margin": "0.12,0.06",
        },
        {"fontname": style.FONT, "fontsize": "10", "color": style.EDGE, "arrowsize": "0.7", "dir": "back"},
    )
    for gid in [*shown_national, *shown_municipal]:
        w.node(f"g:{gid}", _goal_attrs(repo, gid, href, focus=gid == goal_id))
    if shown_national:
        w.stmt("{ rank=same; " + " ".join(quote(f"g:{g}") for g in shown_national) + " }")
    for child in shown_national:  # sub-goal → parent goal
        parent = repo.goal_parent.get(child)
        if parent in shown_national:
            w.edge(f"g:{parent}", f"g:{child}", {"style": "dashed", "dir": "forward", "arrowhead": "none"})
    for m in shown_municipal:
        for t in repo.goals[m].supports:
            if t in shown_national:
                w.edge(f"g:{t}", f"g:{m}", {"tooltip": diagram_words(repo)("diagram.supported_by")})
    ordered = sorted(servers, key=lambda p: (sort_key(repo.processes[p].title), p))
    for pid in ordered:
        _process_cluster(w, repo, pid, servers[pid], href)
    if ordered:
        w.stmt("{ rank=same; " + " ".join(quote(f"p:{p}") for p in ordered) + " }")
    if not servers:
        w.node(
            "none",
            {
                "label": Raw(label(diagram_words(repo)("diagram.nothing_served").split("\n"))),
                "shape": "note",
                "style": "filled",
                "fillcolor": "#ffffff",
                "color": style.LANE_BORDER,
            },
        )
        w.edge(f"g:{goal_id}", "none", {"style": "dotted", "dir": "none"})
    return w.text()


def _process_cluster(
    w: DotWriter,
    repo: Repository,
    pid: str,
    served: tuple[list[str], dict[str, list[str]]],
    href: Href | None,
) -> None:
    process = repo.processes[pid]
    proc_goals, step_goals = served
    w.open(
        f'subgraph "cluster_p_{pid}"',
        {"label": "", "style": "rounded", "color": style.LANE_BORDER, "margin": "8"},
    )
    values: dict[str, object] = {
        "id": process_dom_id(pid),
        "label": Raw(label(wrap(process.title, 24, 6))),
        "fillcolor": style.LANE_HEADER_FILL,
        "color": style.LANE_HEADER_BORDER,
        "penwidth": "1.5",
        "tooltip": diagram_words(repo)("diagram.process_tooltip", process=process.title),
    }
    add_link(values, safe_href(href, "process", pid))
    steps = [s for s in process.steps if s.id in step_goals]
    values["ordering"] = "out"  # with rankdir=LR the last out-edge is drawn on top: emit in reverse
    w.node(f"p:{pid}", values)
    for step in reversed(steps):
        names = ", ".join(_goal_label(repo, g) for g in step_goals[step.id])
        step_values: dict[str, object] = {
            "id": step_dom_id(pid, step.id),
            "label": Raw(label(wrap(step.label, 24, 6))),
            "fillcolor": "#ffffff",
            "color": style.TASK_BORDER,
            "tooltip": diagram_words(repo)(
                "diagram.step_tooltip", step=step.label, process=process.title, goals=names
            ),
        }
        add_link(step_values, safe_href(href, "step", f"{pid}/{step.id}"))
        w.node(f"s:{pid}/{step.id}", step_values)
        w.edge(
            f"p:{pid}",
            f"s:{pid}/{step.id}",
            {"dir": "none", "color": style.LANE_BORDER, "id": f"contains-{pid}-{step.id}"},
        )
    w.close()
    # One arrow per (goal, process): the steps hang under their process, so the thread stays legible.
    goals = list(dict.fromkeys(proc_goals + [g for s in steps for g in step_goals[s.id]]))
    for gid in goals:
        w.edge(
            f"g:{gid}",
            f"p:{pid}",
            {
                "id": f"serves-{pid}-{gid}",
                "penwidth": "1.4",
                "tooltip": diagram_words(repo)(
                    "diagram.serves", process=process.title, goal=_goal_label(repo, gid)
                ),
            },
        )


def _goal_attrs(repo: Repository, gid: str, href: Href | None, focus: bool) -> dict[str, object]:
    catalog = repo.catalogs.get(repo.goal_catalog.get(gid, ""))
    municipal = repo.is_municipal(gid)
    head = catalog.short or catalog.title if catalog else ""
    lines = [head] if head else []
    lines += wrap(_goal_label(repo, gid), 32, 10)
    values: dict[str, object] = {
        "id": goal_dom_id(gid),
        "label": Raw(label(lines)),
        "fillcolor": style.MUNICIPAL_GOAL_FILL if municipal else style.NATIONAL_GOAL_FILL,
        "color": style.MUNICIPAL_GOAL_BORDER if municipal else style.NATIONAL_GOAL_BORDER,
        "penwidth": "3" if focus else "1.5",
        "tooltip": diagram_words(repo)(
            "diagram.municipal_goal" if municipal else "diagram.national_goal",
            goal=f"{head} {_goal_label(repo, gid)}".strip(),
        ),
    }
    if not municipal:
        values["shape"] = "box"
        values["style"] = "filled"
    add_link(values, safe_href(href, "goal", gid))
    return values


def _goal_label(repo: Repository, gid: str) -> str:
    """A goal's label, a list item by its place ("punkt 3: …"), not the catalog's "2.1 alla 3"."""
    return goal_short_label(repo, gid, diagram_words(repo)("site.goal.point"))
