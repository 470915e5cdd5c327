"""Group roles: which groups a role belongs to (``member_of``), directly or through another group.

A mentor is a lärare and a lärare is one of "All personal", so the steps of both groups are
the mentor's duties too. Pure functions of the roles; unknown ids and cycles are ignored
here (unknown ids are findings of PM101).
"""

from __future__ import annotations

from collections.abc import Mapping

from procmodel.model import Role


def groups_of(roles: Mapping[str, Role], rid: str) -> list[str]:
    """The group roles ``rid`` belongs to, nearest first (breadth first), each once, never itself."""
    role = roles.get(rid)
    if role is None:
        return []
    found: list[str] = []
    seen = {rid}
    queue = list(role.member_of)
    while queue:
        group = queue.pop(0)
        if group in seen or group not in roles:
            continue
        seen.add(group)
        found.append(group)
        queue.extend(roles[group].member_of)
    return found


def members_of(roles: Mapping[str, Role], gid: str) -> list[str]:
    """Every role that belongs to ``gid``, directly or through another group (in roles.yaml order)."""
    return [rid for rid in roles if rid != gid and gid in groups_of(roles, rid)]
