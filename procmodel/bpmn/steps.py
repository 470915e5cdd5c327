"""One flow node as a procmodel step: its type, title, role, documents, instructions and event."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from procmodel.bpmn import artifacts as _art
from procmodel.bpmn import extensions as _ext
from procmodel.bpmn import participants as _people
from procmodel.bpmn.elements import (
    BPMN_LEN,
    BPMN_PREFIX,
    EVENT_DEFINITIONS,
    EVENTS,
    GATEWAYS,
    NODE_PARTS,
    SOURCE_REF,
    SUBPROCESSES,
    TARGET_REF,
    TASKS,
    local_name,
    one_line,
)
from procmodel.bpmn.ids import slugify
from procmodel.bpmn.imported import KeyPath
from procmodel.bpmn.namespaces import q
from procmodel.bpmn.read_flow import Node
from procmodel.bpmn.read_state import ReadState
from procmodel.schedule import parse_tokens

_STEP_ORDER = (
    "id", "type", "title", "role", "accountable", "consulted", "informed", "goals", "documents",
    "instructions", "deadline", "next", "outcomes", "gateway", "event", "timer", "schedule",
    "attached_to", "interrupting", "throw", "task", "calls", "notes",
)  # fmt: skip


def step(
    state: ReadState,
    node: Node,
    index: int,
    by_bpmn: dict[str, Node],
    lines: dict[KeyPath, int],
    documents: dict[str, bool],
    process_id: str,
) -> dict[str, Any]:
    el, kind, step = node.el, node.kind, node.step
    props = _ext.props(state, el)
    parts = scan(state, el, kind)
    line = el.sourceline or 0
    lines[("steps", index)] = line
    title = one_line(el.get("name"))
    if "title" in props:
        title = props["title"]
    extra: dict[str, Any]
    if kind in TASKS:
        typ, extra = "task", {"task": TASKS[kind]} if TASKS[kind] else {}
    elif kind in EVENTS:
        typ, extra = EVENTS[kind], event(state, el, kind, by_bpmn, parts.triggers)
    elif kind in GATEWAYS:
        many_out = len(node.out) > 1
        if kind == "parallelGateway":
            typ, extra = ("parallel" if many_out else "join"), {}
        else:
            typ = "decision" if many_out or kind == "eventBasedGateway" else "merge"
            extra = {"gateway": GATEWAYS[kind]} if GATEWAYS[kind] else {}
        if props.get("type") in ("decision", "merge", "parallel", "join"):
            typ = props["type"]
    elif kind == "callActivity":
        called = (el.get("calledElement") or "").split(":")[-1]
        if called:
            typ, extra = "subprocess", {"calls": state.process_of.get(called) or slugify(called) or called}
        else:
            state.problem(el, f"call activity '{title or node.id}' calls nothing; imported as a task")
            typ, extra = "task", {}
    else:  # embedded sub-process: a process of its own, called from here
        typ = "subprocess"
        extra = {"calls": state.process_ids.make(f"{process_id}-{step['id']}")}
    out: dict[str, Any] = {"id": step["id"]}
    if typ != "task":
        out["type"] = typ
    if title:
        out["title"] = title
    lane = state.lane_role.get(node.id)
    role = props.get("role") or (lane[0] if lane else None) or _people.performer(state, parts.performer)
    if role:
        out["role"] = role
        if lane and not props.get("role"):
            lines[("steps", index, "role")] = lane[1]
    for key in ("accountable", "consulted", "informed", "goals", "documents"):
        if key in props:
            out[key] = props[key]
    docs = _art.associated_documents(state, node.id, parts.data, documents)
    if docs:
        out["documents"] = [
            *out.get("documents", []),
            *(d for d in docs if d not in out.get("documents", [])),
        ]
    if parts.docs:
        out["instructions"] = "\n\n".join(parts.docs)
    if "deadline" in props:
        law = {k: props[f"deadline-{k}"] for k in ("basis", "citation", "goal") if f"deadline-{k}" in props}
        out["deadline"] = {"text": props["deadline"], **law} if law else props["deadline"]
    for key in ("gateway", "event", "task", "calls", "attached_to"):
        if key in props:
            extra[key] = props[key]
    if "throw" in props:
        extra["throw"] = props["throw"] == "true"
    if extra.get("throw") is False:
        del extra["throw"]
    if "timer" in props:
        extra["timer"] = props["timer"]
    if "schedule" in props:
        extra["schedule"] = parse_tokens(props["schedule"])
    if props.get("interrupting") == "false":
        extra["interrupting"] = False
    order = ("gateway", "event", "timer", "schedule", "attached_to", "interrupting", "throw", "task", "calls")
    out.update({k: extra[k] for k in order if k in extra})
    node.step = out
    return out


def event(
    state: ReadState,
    el: etree._Element,
    kind: str,
    by_bpmn: dict[str, Node],
    triggers: list[tuple[str, etree._Element]],
) -> dict[str, Any]:
    extra: dict[str, Any] = {}
    if len(triggers) == 1:
        extra["event"] = triggers[0][0]
        if triggers[0][0] == "timer":
            timer = _timer_text(triggers[0][1])
            if timer:
                extra["timer"] = timer
    elif triggers:
        extra["event"] = "multiple"
        kinds = ", ".join(t for t, _ in triggers)
        state.problem(el, f"event with several definitions ({kinds}) is imported as a 'multiple' event")
    if kind == "boundaryEvent":
        host = by_bpmn.get(el.get("attachedToRef", ""))
        if host is not None:
            extra["attached_to"] = host.step["id"]
        else:
            state.problem(el, "boundary event is attached to nothing in this process")
        if el.get("cancelActivity") == "false":
            extra["interrupting"] = False
    if kind == "startEvent" and el.get("isInterrupting") == "false":
        extra["interrupting"] = False
    if kind in ("intermediateThrowEvent", "implicitThrowEvent"):
        extra["throw"] = True
    return extra


def scan(state: ReadState, el: etree._Element, kind: str) -> _Parts:
    """One pass over a flow node's children: what is read, and what is reported."""
    parts = _Parts()
    for child in el:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        if not tag.startswith(BPMN_PREFIX):
            _ext.foreign(state, child)
            continue
        local = tag[BPMN_LEN:]
        if local in ("incoming", "outgoing"):
            continue
        if local == "documentation":
            text = "".join(child.itertext()).strip()
            if text:
                parts.docs.append(text)
        elif local in EVENT_DEFINITIONS:
            parts.triggers.append((EVENT_DEFINITIONS[local], child))
        elif local == "eventDefinitionRef" and child.text:
            ref = state.by_id.get(child.text.strip())
            if ref is not None and local_name(ref) in EVENT_DEFINITIONS:
                parts.triggers.append((EVENT_DEFINITIONS[local_name(ref)], ref))
        elif local == "dataInputAssociation":
            parts.data += [r.text.strip() for r in child.iterchildren(SOURCE_REF) if r.text]
        elif local == "dataOutputAssociation":
            parts.data += [r.text.strip() for r in child.iterchildren(TARGET_REF) if r.text]
        elif local in ("performer", "potentialOwner", "humanPerformer"):
            parts.performer = child if parts.performer is None else parts.performer
        elif local == "extensionElements":
            _ext.extensions(state, child)
        elif local.endswith("LoopCharacteristics"):
            what = "multi-instance" if local.startswith("multi") else "loop"
            state.problem(child, f"{what} marker on '{el.get('name') or el.get('id')}' is not imported")
        elif local not in NODE_PARTS and kind not in SUBPROCESSES:
            state.problem(child, f"<{local}> inside <{kind}> is not imported")
    return parts


def _timer_text(defn: etree._Element) -> str:
    for part in ("timeDate", "timeDuration", "timeCycle"):
        t = defn.find(q(part))
        if t is not None and (t.text or "").strip():
            return t.text.strip()
    return ""


@dataclass
class _Parts:
    docs: list[str] = field(default_factory=list)
    triggers: list[tuple[str, etree._Element]] = field(default_factory=list)
    data: list[str] = field(default_factory=list)  # data object (reference) ids read or written
    performer: etree._Element | None = None


def reorder_step(step: dict[str, Any]) -> dict[str, Any]:
    return {k: step[k] for k in _STEP_ORDER if k in step}
