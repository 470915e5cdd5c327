"""Group roles: membership through member_of, transitive, cycle-safe."""

from __future__ import annotations

from procmodel.model import Role
from procmodel.role_groups import groups_of, members_of


def roles(**member_of: list[str]) -> dict[str, Role]:
    return {rid: Role(id=rid, name=rid.title(), member_of=groups) for rid, groups in member_of.items()}


def test_groups_are_found_through_other_groups_nearest_first():
    r = roles(mentor=["lärare"], lärare=["all-personal"], rektor=["all-personal"], **{"all-personal": []})
    assert groups_of(r, "mentor") == ["lärare", "all-personal"]
    assert groups_of(r, "all-personal") == []
    assert members_of(r, "all-personal") == ["mentor", "lärare", "rektor"]
    assert members_of(r, "lärare") == ["mentor"]


def test_cycles_and_unknown_groups_end_quietly():
    r = roles(a=["b", "okänd"], b=["a"], c=["c"])
    assert groups_of(r, "a") == ["b"]
    assert groups_of(r, "c") == []
    assert groups_of(r, "saknas") == []
