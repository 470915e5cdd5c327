"""procmodel process → BPMN 2.0 XML with diagram interchange (BPMNDI).

The file is valid against the OMG BPMN 2.0 XML Schema and opens laid out in
bpmn.io, Camunda Modeler and Signavio. Roles become lanes of one pool, decisions
gateways with conditional flows, notes text annotations, instructions
documentation. What BPMN has no place for (goals, RACI, documents, deadlines,
keywords, status …) travels in ``<pm:process>`` / ``<pm:step>`` extension elements
(namespace :data:`~procmodel.bpmn.namespaces.PM`), so reading the file back gives
the same process.

A few elements exist only to satisfy BPMN linters (bpmnlint ``recommended``): a
merge gateway before a step that several flows enter, a parallel gateway after a
step with several ``next``, and a condition on each outcome of a decision (its
label). They are marked ``<pm:generated/>`` / ``derived`` and dropped on import.
"""

from __future__ import annotations

from lxml import etree

from procmodel import __version__
from procmodel.bpmn.elements import DEFINITION_TAGS
from procmodel.bpmn.export_graph import Edge, Shape, shapes_and_flows, xml_id
from procmodel.bpmn.layout import Layout, layout
from procmodel.bpmn.namespaces import BPMN, BPMNDI, DC, DI, PM, PREFIXES, XSI, q
from procmodel.model import DeadlineBasis, EventTrigger, GatewayKind, Process, Role, Step, StepType, TaskKind

#: Process keys carried as attributes of <pm:process>.
PROCESS_ATTRS = (
    "question",
    "version",
    "status",
    "owner",
    "reviewed",
    "review_interval_months",
    "audience",
    "area",
)
#: … and the lists of ids among them (space-separated).
ID_ATTRS = ("goals", "documents")


class ExportError(ValueError):
    """The process holds something BPMN cannot express (``procmodel check`` reports it too)."""


#: Step types a boundary event can sit on (BPMN: an activity).
ACTIVITIES = (StepType.task, StepType.subprocess)


def export_problems(process: Process) -> list[str]:
    """Why ``process`` cannot be written as BPMN (empty when it can), one sentence each."""
    problems: list[str] = []
    by_id: dict[str, Step] = {}
    for s in process.steps:
        if s.id in by_id:
            problems.append(f"step id '{s.id}' is used twice; give each step its own id")
        by_id.setdefault(s.id, s)
    for s in process.steps:
        if not (s.attached_to and s.type is StepType.event):
            continue
        host = by_id.get(s.attached_to)
        if s.attached_to == s.id:
            problems.append(f"step '{s.id}' is attached to itself; attach it to a task or sub-process")
        elif host is None:
            problems.append(
                f"step '{s.id}' is attached to '{s.attached_to}', which is not a step of this process"
            )
        elif host.type not in ACTIVITIES:
            problems.append(
                f"step '{s.id}' is attached to '{host.id}' (type: {host.type.value}); "
                "a boundary event sits on a task or sub-process"
            )
    return problems


def process_to_bpmn(process: Process, roles: dict[str, Role] | None = None) -> bytes:
    """The BPMN 2.0 XML document (UTF-8 bytes) for one process.

    Raises :class:`ExportError` when the process holds what BPMN cannot express.
    """
    problems = export_problems(process)
    if problems:
        raise ExportError("; ".join(problems))
    return etree.tostring(
        build_tree(process, roles or {}), xml_declaration=True, encoding="UTF-8", pretty_print=True
    )


def build_tree(process: Process, roles: dict[str, Role]) -> etree._Element:
    """The ``<bpmn:definitions>`` element for ``process``."""
    for i, step in enumerate(process.steps):  # models built in code have no indexes yet
        step._index = i
    shapes, edges = shapes_and_flows(process)
    lane_keys: list[str] = []  # roles in order of appearance, then "" for steps without one
    if any(s.role for s in process.steps):
        seen = dict.fromkeys(s.role or "" for s in process.steps)
        lane_keys = [k for k in seen if k] + ([""] if "" in seen else [])
        for sh in shapes.values():
            host = shapes[sh.host] if sh.host else None
            sh.lane = (host.lane if host else sh.lane) or ""
    notes = {
        sid: [f"TextAnnotation_{xml_id(s.step.id)}_{k + 1}" for k in range(len(s.step.notes))]
        for sid, s in shapes.items()
        if s.step is not None and s.step.notes
    }
    geo = layout(
        [(s.id, s.kind, s.lane, s.host) for s in shapes.values()],
        [(e.id, e.source, e.target) for e in edges],
        notes,
        lane_keys,
    )
    return _xml(process, roles, shapes, edges, notes, lane_keys, geo)


# XML --------------------------------------------------------------------------------------


_XSI_TYPE = q("type", XSI)


def _el(parent: etree._Element, local: str, ns: str = BPMN, **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, q(local, ns))
    for k, v in attrs.items():
        el.set(k, v)
    return el


def _xml(
    process: Process,
    roles: dict[str, Role],
    shapes: dict[str, Shape],
    edges: list[Edge],
    notes: dict[str, list[str]],
    lane_keys: list[str],
    geo: Layout,
) -> etree._Element:
    pid = xml_id(process.id)
    root = etree.Element(q("definitions"), nsmap=PREFIXES)
    root.set("id", f"Definitions_{pid}")
    root.set("targetNamespace", f"urn:procmodel:process:{pid}")
    root.set("exporter", "procmodel")
    root.set("exporterVersion", __version__)
    process_id = f"Process_{pid}"
    if lane_keys:
        collab = _el(root, "collaboration", id=f"Collaboration_{pid}")
        _el(collab, "participant", id=f"Participant_{pid}", name=process.title, processRef=process_id)
    proc = _el(root, "process", id=process_id, name=process.title, isExecutable="false")
    if process.summary:
        _el(proc, "documentation").text = process.summary
    _process_extension(proc, process)
    if lane_keys:
        lane_set = _el(proc, "laneSet", id=f"LaneSet_{pid}")
        for key in lane_keys:
            lane = _el(lane_set, "lane", id=_lane_id(key))
            if key:
                lane.set("name", roles[key].name if key in roles else key)
                _el(_el(lane, "extensionElements"), "lane", PM, id=key)  # the lane's role id
            else:
                lane.set("name", "(ingen roll)")
                _el(_el(lane, "extensionElements"), "lane", PM, unassigned="true")
            for sh in shapes.values():
                # a boundary event is drawn on its task, but belongs to the lane of its own role
                member = (sh.step.role or None) if sh.host and sh.step else sh.lane
                if member == key or (member is None and not sh.host and key == ""):
                    _el(lane, "flowNodeRef").text = sh.id
    by_edge = {e.id: e for e in edges}
    for sh in shapes.values():
        _flow_node(proc, sh, by_edge)
    for e in edges:
        flow = _el(proc, "sequenceFlow", id=e.id, sourceRef=e.source, targetRef=e.target)
        if e.name:
            flow.set("name", e.name)
        if e.derived:
            _el(_el(flow, "extensionElements"), "flow", PM, derived=" ".join(e.derived))
        if e.condition:
            cond = _el(flow, "conditionExpression")
            cond.set(_XSI_TYPE, "bpmn:tFormalExpression")
            cond.text = e.condition
    for sid, note_ids in notes.items():
        step = shapes[sid].step
        assert step is not None
        for note_id, text in zip(note_ids, step.notes, strict=True):
            ann = _el(proc, "textAnnotation", id=note_id)
            _el(ann, "text").text = text
            _el(proc, "association", id=note_id.replace("TextAnnotation_", "Association_"), sourceRef=sid,
                targetRef=note_id)  # fmt: skip
    _diagram(root, process, shapes, edges, notes, lane_keys, geo)
    return root


def _process_extension(proc: etree._Element, process: Process) -> None:
    data = process.model_dump(mode="json", exclude_defaults=True, include={*PROCESS_ATTRS, *ID_ATTRS})
    attrs = {"id": process.id}
    for key in PROCESS_ATTRS:
        if key in data:
            attrs[key] = str(data[key])
    for key in ID_ATTRS:
        if data.get(key):
            attrs[key] = " ".join(data[key])
    if process.applies_to is not None:
        for key in ("unit_types", "skolformer"):
            if getattr(process.applies_to, key):
                attrs[key] = " ".join(v.value for v in getattr(process.applies_to, key))
    ext = _el(_el(proc, "extensionElements"), "process", PM, **attrs)
    for word in process.keywords:
        _el(ext, "keyword", PM).text = word


def _step_extension(parent: etree._Element, step: Step) -> None:
    attrs = {"id": step.id}
    if not step.title:
        attrs["title"] = ""
    if step.accountable:
        attrs["accountable"] = step.accountable
    for key in ("consulted", "informed", "goals", "documents"):
        if getattr(step, key):
            attrs[key] = " ".join(getattr(step, key))
    if step.deadline:
        attrs["deadline"] = step.deadline.text
        if step.deadline.basis is DeadlineBasis.law:  # a deadline the law sets says so, and where
            attrs["deadline-basis"] = step.deadline.basis.value
            for key in ("citation", "goal"):
                if getattr(step.deadline, key):
                    attrs[f"deadline-{key}"] = getattr(step.deadline, key)
    if step.type in (StepType.decision, StepType.merge, StepType.parallel, StepType.join):
        attrs["type"] = step.type.value
    if step.gateway is GatewayKind.exclusive or (
        step.gateway and step.type not in (StepType.decision, StepType.merge)
    ):
        attrs["gateway"] = step.gateway.value
    if step.event is EventTrigger.none or (
        step.event and step.type not in (StepType.start, StepType.end, StepType.event)
    ):
        attrs["event"] = step.event.value
    if step.task is TaskKind.task or (step.task and step.type is not StepType.task):
        attrs["task"] = step.task.value
    if step.timer and step.event is not EventTrigger.timer:
        attrs["timer"] = step.timer
    if step.schedule:
        attrs["schedule"] = " ".join(when.token() for when in step.schedule)
    if not step.interrupting and not (step.attached_to and step.type is StepType.event):
        attrs["interrupting"] = "false"
    if step.type is StepType.event and not step.attached_to:
        catching = step.event not in (None, EventTrigger.none)
        if step.throw != (not catching):
            attrs["throw"] = "true" if step.throw else "false"
    elif step.throw:
        attrs["throw"] = "true"
    if step.calls:
        attrs["calls"] = step.calls
    if step.attached_to and step.type is not StepType.event:
        attrs["attached_to"] = step.attached_to
    _el(_el(parent, "extensionElements"), "step", PM, **attrs)


def _flow_node(proc: etree._Element, sh: Shape, edges: dict[str, Edge]) -> None:
    el = _el(proc, sh.tag, id=sh.id)
    step = sh.step
    if step is None:  # a generated gateway
        _el(_el(el, "extensionElements"), "generated", PM)
    else:
        el.set("name", step.label)
        if step.instructions:
            _el(el, "documentation").text = step.instructions
        _step_extension(el, step)
    for f in sh.incoming:
        _el(el, "incoming").text = f
    for f in sh.outgoing:
        _el(el, "outgoing").text = f
    if step is None:
        return
    if sh.tag == "callActivity":
        el.set("calledElement", f"Process_{xml_id(step.calls or '')}")
    if sh.tag == "boundaryEvent":
        el.set("attachedToRef", sh.host or "")
        if not step.interrupting:
            el.set("cancelActivity", "false")
    if sh.kind == "gateway":
        default = next((e.id for e in (edges[f] for f in sh.outgoing) if e.default), None)
        if default and sh.tag != "parallelGateway" and sh.tag != "eventBasedGateway":
            el.set("default", default)
    if sh.kind == "event" and step.event not in (None, EventTrigger.none, EventTrigger.multiple):
        definition = _el(el, DEFINITION_TAGS[step.event], id=f"{sh.id}_def")
        if step.event is EventTrigger.conditional:  # the schema requires a condition
            _el(definition, "condition").set(_XSI_TYPE, "bpmn:tFormalExpression")
        if step.event is EventTrigger.link:  # … and a name on link events
            definition.set("name", step.label)
        if step.event is EventTrigger.timer and step.timer:
            part = (
                "timeDuration"
                if step.timer.startswith("P")
                else "timeCycle"
                if step.timer.startswith("R")
                else "timeDate"
            )
            expr = _el(definition, part)
            expr.set(_XSI_TYPE, "bpmn:tFormalExpression")
            expr.text = step.timer
    elif sh.kind == "event" and step.event is EventTrigger.multiple:
        # 'multiple': two definitions, as BPMN draws it (the kinds are not known)
        _el(el, "messageEventDefinition", id=f"{sh.id}_def1")
        _el(el, "signalEventDefinition", id=f"{sh.id}_def2")
    if sh.tag == "startEvent" and not step.interrupting:
        el.set("isInterrupting", "false")


def _lane_id(key: str) -> str:
    return f"Lane_{xml_id(key)}" if key else "Lane__unassigned"


# diagram interchange ------------------------------------------------------------------------


def _bounds(parent: etree._Element, x: float, y: float, w: float, h: float) -> None:
    _el(parent, "Bounds", DC, x=_n(x), y=_n(y), width=_n(w), height=_n(h))


def _n(v: float) -> str:
    return f"{round(v)}"


def _diagram(
    root: etree._Element,
    process: Process,
    shapes: dict[str, Shape],
    edges: list[Edge],
    notes: dict[str, list[str]],
    lane_keys: list[str],
    geo: Layout,
) -> None:
    pid = xml_id(process.id)
    diagram = _el(root, "BPMNDiagram", BPMNDI, id=f"BPMNDiagram_{pid}", name=process.title)
    plane = _el(diagram, "BPMNPlane", BPMNDI, id=f"BPMNPlane_{pid}")
    plane.set("bpmnElement", f"Collaboration_{pid}" if lane_keys else f"Process_{pid}")
    if geo.pool is not None:
        shape = _el(plane, "BPMNShape", BPMNDI, id=f"Participant_{pid}_di", bpmnElement=f"Participant_{pid}",
                    isHorizontal="true")  # fmt: skip
        _bounds(shape, geo.pool.x, geo.pool.y, geo.pool.w, geo.pool.h)
        for key in lane_keys:
            box = geo.lanes[key]
            shape = _el(plane, "BPMNShape", BPMNDI, id=f"{_lane_id(key)}_di", bpmnElement=_lane_id(key),
                        isHorizontal="true")  # fmt: skip
            _bounds(shape, box.x, box.y, box.w, box.h)
    for sh in shapes.values():
        box = geo.shapes[sh.id]
        shape = _el(plane, "BPMNShape", BPMNDI, id=f"{sh.id}_di", bpmnElement=sh.id)
        if sh.tag == "exclusiveGateway":
            shape.set("isMarkerVisible", "true")
        _bounds(shape, box.x, box.y, box.w, box.h)
        if sh.kind != "task" and sh.step is not None and sh.step.label:
            label = _el(shape, "BPMNLabel", BPMNDI)
            lines = max(1, min(4, len(sh.step.label) // 18 + 1))
            _bounds(label, box.cx - 50, box.y + box.h + 5, 100, 14 * lines)
    for e in edges:
        edge = _el(plane, "BPMNEdge", BPMNDI, id=f"{e.id}_di", bpmnElement=e.id)
        points = geo.edges[e.id]
        for x, y in points:
            _el(edge, "waypoint", DI, x=_n(x), y=_n(y))
        if e.name:
            (x1, y1), (x2, y2) = points[0], points[1]
            label = _el(edge, "BPMNLabel", BPMNDI)
            _bounds(
                label,
                (x1 + x2) / 2 - 25 if x2 != x1 else x1 + 4,
                min(y1, y2) - 18 if y1 == y2 else (y1 + y2) / 2,
                60,
                14,
            )
    for sid, note_ids in notes.items():
        host = geo.shapes[sid]
        for note_id in note_ids:
            box = geo.notes[note_id]
            shape = _el(plane, "BPMNShape", BPMNDI, id=f"{note_id}_di", bpmnElement=note_id)
            _bounds(shape, box.x, box.y, box.w, box.h)
            assoc = note_id.replace("TextAnnotation_", "Association_")
            edge = _el(plane, "BPMNEdge", BPMNDI, id=f"{assoc}_di", bpmnElement=assoc)
            up = _n(min(max(host.cx, box.x + 5), box.x + box.w - 5))  # straight up from the step
            _el(edge, "waypoint", DI, x=up, y=_n(host.y))
            _el(edge, "waypoint", DI, x=up, y=_n(box.y + box.h))
