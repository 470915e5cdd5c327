"""Pools, lanes and performers: who does a step (lanes become roles)."""

from __future__ import annotations

from lxml import etree

from procmodel.bpmn import extensions as _ext
from procmodel.bpmn.elements import local_name, one_line
from procmodel.bpmn.ids import slugify
from procmodel.bpmn.namespaces import q
from procmodel.bpmn.read_state import ReadState


def collaboration(state: ReadState, el: etree._Element, participants: dict[str, etree._Element]) -> None:
    for child in el:
        if not isinstance(child.tag, str):
            continue
        local = local_name(child)
        if local == "participant":
            ref = child.get("processRef")
            if ref:
                participants[ref] = child
            else:
                state.problem(
                    child,
                    f"pool '{child.get('name') or child.get('id')}' has no process (a black-box pool)",
                )
        elif local == "messageFlow":
            state.problem(
                child, "message flow between pools is not imported (procmodel has no message flows)"
            )
        elif local == "extensionElements":
            _ext.extensions(state, child)
        elif local not in ("documentation",):
            state.problem(child, f"<{local}> in the collaboration is not imported")


def lanes(state: ReadState, lane_set: etree._Element) -> None:
    for lane in lane_set.iterchildren(q("lane")):
        props = _ext.props(state, lane)
        children = lane.find(q("childLaneSet"))
        if props.get("unassigned") == "true":
            role = None
        else:
            role = props.get("id") or role_id(lane.get("name"), lane.get("id"))
            state.result.roles.setdefault(role, one_line(lane.get("name")) or role)
            state.result.lanes += 1
        for ref in lane.iterchildren(q("flowNodeRef")):
            if ref.text and role:
                state.lane_role[ref.text.strip()] = (role, ref.sourceline or 0)
        if children is not None and len(children):
            state.problem(
                lane,
                f"lane '{lane.get('name') or lane.get('id')}' holds nested lanes; "
                "its steps get the role of the innermost lane",
            )
            lanes(state, children)


def role_id(name: str | None, ident: str | None) -> str:
    return slugify(one_line(name)) or slugify(ident or "") or "roll"  # same name in two pools: one role


def performer(state: ReadState, performer: etree._Element | None) -> str | None:
    """Role from a performer/potential owner naming a resource, when there is no lane."""
    if performer is None:
        return None
    ref = performer.find(q("resourceRef"))
    res = state.by_id.get((ref.text or "").strip()) if ref is not None else None
    name = one_line(res.get("name")) if res is not None else one_line(performer.get("name"))
    if not name:
        return None
    role = slugify(name) or "roll"
    state.result.roles.setdefault(role, name)
    return role
