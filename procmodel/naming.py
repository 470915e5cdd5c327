"""How people name things in messages, reports, pages and diagrams: a goal as 'Skollagen 6 kap.
10 §', an untitled point of a curriculum's list by its place ('2.1 Normer och värden, mål 3'),
never by the catalog file's shorthand number ('2.1 alla 3')."""

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


def list_position(repo: Repository, gid: str) -> int | None:
    """1-based place of an untitled goal in a list under an unnumbered heading ("Mål")."""
    goal = repo.goals[gid]
    parent_id = repo.goal_parent.get(gid)
    parent = repo.goals.get(parent_id) if parent_id else None
    if goal.title or parent is None or parent.number or not parent.title:
        return None
    return next(i for i, g in enumerate(parent.goals, start=1) if g.id == gid)


def list_item_label(repo: Repository, gid: str, point: str) -> str | None:
    """ "2.1 Normer och värden, mål 3" for the third point of the list "Mål" in section 2.1
    (curricula number their sections, not the points of a list); None for other goals.

    ``point``: the word for a point of a list ("punkt"), for headings of more than one word.
    """
    position = list_position(repo, gid)
    if position is None:
        return None
    parent = repo.goals[repo.goal_parent[gid] or ""]
    heading = (parent.title or "").rstrip(": ")
    item = f"{heading}, {point} {position}" if " " in heading else f"{heading.lower()} {position}"
    section_id = repo.goal_parent.get(parent.id)
    section = repo.goals.get(section_id) if section_id else None
    if section is not None and section.number:
        return f"{section.number} {section.title or ''}".strip() + f", {item}"
    return item


def goal_short_label(repo: Repository, gid: str, point: str) -> str:
    """The label of a goal inside its own section or list: "punkt 3: tar avstånd från …" for a
    list item (instead of the catalog's shorthand number), else the goal's label."""
    goal = repo.goals[gid]
    position = list_position(repo, gid)
    if position is None:
        return goal.label
    return f"{point} {position}: {goal.text or goal.id}"
