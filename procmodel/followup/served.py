"""Which goals a unit's processes serve: the central processes it follows, with its own variants.

A unit works by every central process that is not retired, except where it has a variant
(``enheter/<unit>/``): then by the variant, whose removed steps serve nothing. A goal counts as
served when a process or step names it, a goal above it or a goal below it (rating the chapter
'6 kap.' of a unit whose processes serve '6 kap. 10 §' is fine, and so is the other way round).
"""

from __future__ import annotations

from procmodel.model import Process, Status
from procmodel.repository import Repository


def unit_processes(repo: Repository, unit: str) -> list[Process]:
    """The processes the unit works by: its variant of a process where it has one, else the central one."""
    own = {info.base: vid for vid, info in repo.variants.items() if info.unit == unit}
    out = []
    for pid, process in repo.processes.items():
        if pid in repo.variants or process.status is Status.retired:
            continue
        out.append(repo.processes[own.get(pid, pid)])
    return out


def served_goals(repo: Repository, unit: str) -> set[str]:
    """Ids of the goals (and catalogs) the unit's processes serve, with the goals above and below them."""
    named: set[str] = set()
    for process in unit_processes(repo, unit):
        named.update(process.goals)
        for step in process.steps:
            named.update(step.goals)
    out: set[str] = set()
    for gid in named:
        out.add(gid)
        if gid in repo.catalogs:
            out.update(g.id for g in repo.catalog_goals(gid))
            continue
        parent = repo.goal_parent.get(gid)
        while parent is not None:
            out.add(parent)
            parent = repo.goal_parent.get(parent)
        stack = list(repo.goals[gid].goals) if gid in repo.goals else []
        while stack:
            goal = stack.pop()
            out.add(goal.id)
            stack.extend(goal.goals)
        catalog = repo.goal_catalog.get(gid)
        if catalog is not None:
            out.add(catalog)
    return out
