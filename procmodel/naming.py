"""How people name things in messages and reports: a goal as 'Skollagen 6 kap. 10 §'."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from procmodel.repository import Repository


def goal_name(repo: Repository, gid: str) -> str:
    """How people name a goal: 'Skollagen 6 kap. 10 §', 'Lgr22 2.4', or catalog and title."""
    catalog = repo.catalogs.get(repo.goal_catalog.get(gid, ""))
    head = (catalog.short or catalog.title) if catalog else ""
    goal = repo.goals.get(gid)
    if goal is None:
        return gid
    if goal.number:
        return f"{head} {goal.number}".strip()
    ancestor = repo.goal_parent.get(gid)
    while ancestor and not repo.goals[ancestor].number:
        ancestor = repo.goal_parent.get(ancestor)
    title = goal.title or goal.id
    if ancestor:
        return f"{head} {repo.goals[ancestor].number} {title}".strip()
    return f"{head}: {title}" if head else title
