"""BPMN 2.0 XML → procmodel process data (plain dicts in file-format key order).

Every process (or pool of a collaboration) becomes one process; an embedded
sub-process becomes a process of its own that the parent calls (a
``subprocess`` step), so nothing is flattened away. Lanes become roles,
data objects and stores documents, documentation instructions, text
annotations notes. Whatever the model cannot hold is reported as a
:class:`Problem` naming the BPMN element id and line: nothing is dropped
silently. Each value remembers the XML line it came from, for findings.

procmodel's own data (goals, RACI, keywords …) is read from elements or
attributes in the procmodel namespace (:data:`~procmodel.bpmn.namespaces.PM`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from procmodel.bpmn.ids import IdMaker, slugify
from procmodel.bpmn.namespaces import BPMN, PM, q
from procmodel.bpmn.xml import XmlProblem, parse_bytes, read_limited

KeyPath = tuple[str | int, ...]

TASKS = {
    "task": None,
    "userTask": "user",
    "manualTask": "manual",
    "serviceTask": "service",
    "sendTask": "send",
    "receiveTask": "receive",
    "scriptTask": "script",
    "businessRuleTask": "business-rule",
}
EVENTS = {
    "startEvent": "start",
    "endEvent": "end",
    "intermediateCatchEvent": "event",
    "intermediateThrowEvent": "event",
    "implicitThrowEvent": "event",
    "boundaryEvent": "event",
}
GATEWAYS = {
    "exclusiveGateway": None,
    "inclusiveGateway": "inclusive",
    "eventBasedGateway": "event",
    "complexGateway": "complex",
    "parallelGateway": "parallel",
}
SUBPROCESSES = {"subProcess", "adHocSubProcess", "transaction"}
EVENT_DEFINITIONS = {
    "timerEventDefinition": "timer",
    "messageEventDefinition": "message",
    "signalEventDefinition": "signal",
    "errorEventDefinition": "error",
    "escalationEventDefinition": "escalation",
    "conditionalEventDefinition": "conditional",
    "compensateEventDefinition": "compensation",
    "linkEventDefinition": "link",
    "terminateEventDefinition": "terminate",
    "cancelEventDefinition": "cancel",
}
DATA = {"dataObjectReference", "dataStoreReference", "dataObject"}
#: Children of flow nodes that are read, or carry nothing the model lacks.
NODE_PARTS = {
    "incoming", "outgoing", "documentation", "extensionElements", "eventDefinitionRef",
    "ioSpecification", "dataInputAssociation", "dataOutputAssociation", "property",
    "dataInput", "dataOutput", "inputSet", "outputSet", "performer", "potentialOwner",
    "humanPerformer", "resourceRole", "laneSet", "script", "rendering",
    *EVENT_DEFINITIONS,
}  # fmt: skip
#: Top-level definitions that only serve elements read elsewhere.
SUPPORTING = {
    "itemDefinition", "message", "signal", "error", "escalation", "resource", "interface",
    "dataStore", "import", "extensionElements", "documentation", "BPMNDiagram", "relationship",
}  # fmt: skip
PROCESS_ONLY = {"laneSet", "documentation", "extensionElements", "ioSpecification", "property"}
#: Process-level keys read from the procmodel namespace, in file-format order.
PROCESS_KEYS = (
    "question", "summary", "keywords", "version", "status", "owner", "reviewed",
    "review_interval_months", "audience", "area", "goals", "documents",
)  # fmt: skip
ID_LISTS = {"goals", "documents", "consulted", "informed"}


@dataclass
class Problem:
    """Something the model cannot hold, or a file that cannot be read."""

    rule: str  # PM007 (warning) or PM001/PM008
    message: str
    line: int = 0
    element: str | None = None
    hint: str | None = None


@dataclass
class ImportedProcess:
    """One process as file-format data, with the XML line of each key path."""

    data: dict[str, Any]
    lines: dict[KeyPath, int]
    element: str  # BPMN id of the process (or sub-process)
    line: int

    def line_of(self, path: KeyPath) -> int:
        """Line of ``path`` or of its nearest recorded ancestor."""
        for n in range(len(path), -1, -1):
            if (found := self.lines.get(path[:n])) is not None:
                return found
        return self.line


@dataclass
class ImportResult:
    """What one BPMN file yields."""

    processes: list[ImportedProcess] = field(default_factory=list)
    roles: dict[str, str] = field(default_factory=dict)  # role id → name
    documents: dict[str, str] = field(default_factory=dict)  # document id → title
    problems: list[Problem] = field(default_factory=list)
    lanes: int = 0  # lane elements mapped to roles

    def counts(self) -> dict[str, int]:
        """Imported elements by kind, counted from the process data."""
        c: Counter[str] = Counter()
        for p in self.processes:
            steps = p.data["steps"]
            for i, s in enumerate(steps):
                kind = s.get("type", "task")
                c[_KIND_GROUP[kind]] += 1
                c["flows"] += _flow_count(steps, i)
        c["processes"] = len(self.processes)
        c["lanes"] = self.lanes
        c["warnings"] = sum(1 for p in self.problems if p.rule == "PM007")
        return {
            k: c[k]
            for k in (
                "processes",
                "tasks",
                "subprocesses",
                "events",
                "gateways",
                "flows",
                "lanes",
                "warnings",
            )
        }


_KIND_GROUP = {
    "task": "tasks", "subprocess": "subprocesses", "start": "events", "end": "events", "event": "events",
    "decision": "gateways", "merge": "gateways", "parallel": "gateways", "join": "gateways",
}  # fmt: skip


def _flow_count(steps: list[dict[str, Any]], i: int) -> int:
    s = steps[i]
    if "outcomes" in s:
        return len(s["outcomes"])
    if s.get("type") == "end":
        return 0
    nxt = s.get("next")
    if nxt is not None:
        return 1 if isinstance(nxt, str) else len(nxt)
    if s.get("attached_to"):
        return 0
    return 0 if _implicit_next(steps, i) is None else 1


def read_bpmn_file(path: Path, default_id: str | None = None) -> ImportResult:
    """Parse and map one file; raises :class:`XmlProblem` when it cannot be read safely.

    ``default_id``: the id of the file's process when it is the only one and names no id itself
    (a ``.bpmn`` file in a repository is named after its process, like a YAML file).
    """
    data = read_limited(path)
    uses_pm = None if data[:2].count(0) else PM.encode() in data
    return read_bpmn(parse_bytes(data), uses_pm=uses_pm, default_id=default_id, source=data)


def read_bpmn(
    tree: etree._ElementTree,
    *,
    uses_pm: bool | None = None,
    default_id: str | None = None,
    source: bytes | None = None,
) -> ImportResult:
    """Map a parsed BPMN document (see the module doc).

    ``uses_pm``: whether the file mentions procmodel's namespace at all (found by the caller in
    the raw bytes, which is cheaper than searching the tree); ``None`` searches the tree.
    ``source``: the file's bytes, for the column of a problem (else it is 0).
    Raises :class:`XmlProblem` when two elements share an id (one of them would be lost).
    """
    root = tree.getroot()
    if root.tag != q("definitions"):
        ns = etree.QName(root).namespace
        raise XmlProblem(
            "PM001",
            f"not a BPMN 2.0 file: the root element is <{etree.QName(root).localname}>"
            + (f" in namespace {ns}" if ns else ""),
            root.sourceline or 0,
            1,
            hint=f'procmodel reads BPMN 2.0 XML (<definitions xmlns="{BPMN}">); '
            "export BPMN 2.0 from your tool.",
        )
    if uses_pm is None:
        uses_pm = bool(_USES_PM(root, ns=PM))
    _refuse_duplicate_ids(root, source)
    return _Reader(root, uses_pm, default_id).run()


def _refuse_duplicate_ids(root: etree._Element, source: bytes | None) -> None:
    """Two imported elements with one id: refuse the file, at the second element's ``id``.

    Also refuses a file with more than :data:`MAX_FLOW_ELEMENTS` flow elements.

    Imported are the processes and collaborations and everything in them; the supporting
    definitions beside them (global tasks, messages …) and the diagram are not, and some
    tools reuse a process id there.
    """
    first: dict[str, int] = {}
    imported = (el for top in root.iterchildren(_PROCESS, _COLLABORATION) for el in top.iter(_ANY_BPMN))
    flow_elements = 0
    for el in imported:
        if el.tag in _FLOW_TAGS:
            flow_elements += 1
            if flow_elements > MAX_FLOW_ELEMENTS:
                raise XmlProblem(
                    "PM008",
                    f"the file holds more than {MAX_FLOW_ELEMENTS:,} flow elements (steps and sequence "
                    f"flows); procmodel reads up to {MAX_FLOW_ELEMENTS:,} per file",
                    el.sourceline or 0,
                    0,
                    hint="Split the process: move parts into processes of their own, in files of their "
                    "own, and call them. (The cap keeps a check on a 2-core CI machine under a minute.)",
                )
        ident = el.get("id")
        if ident is None:
            continue
        if ident not in first:
            first[ident] = el.sourceline or 0
            continue
        line, column = _id_place(source, el.sourceline or 0, ident)
        raise XmlProblem(
            "PM001",
            f"two elements have the id '{ident}' (the first on line {first[ident]}); one would be lost",
            line,
            column,
            hint="Give every element its own id: rename one of them (and the references to it), "
            "or let your BPMN tool repair the file.",
        )


_ANY_BPMN = q("*")
#: Steps and sequence flows in one file. At the cap (a dense file of 75,000 tasks and their
#: flows) import takes 5 s and check 6 s on a 2-core machine; see benchmarks/README.md.
MAX_FLOW_ELEMENTS = 150_000
_FLOW_TAGS = frozenset(
    q(tag) for tag in (*TASKS, *EVENTS, *GATEWAYS, *SUBPROCESSES, "callActivity", "sequenceFlow")
)
_PROCESS = q("process")
_COLLABORATION = q("collaboration")


def _id_place(source: bytes | None, line: int, ident: str) -> tuple[int, int]:
    """Line and column (1-based, in characters) of ``id="ident"`` at or before ``line``.

    lxml knows the line where an element's start tag ends; the attribute may be a few lines up.
    Two elements with one id on one line (a minified file): the last on that line is named.
    """
    if source is None or line <= 0:
        return line, 0
    lines = source.split(b"\n", line)[:line]
    pattern = re.compile(rb"\bid\s*=\s*[\"']" + re.escape(ident.encode("utf-8")) + rb"[\"']")
    for n in range(len(lines) - 1, max(-1, len(lines) - 30), -1):
        found = list(pattern.finditer(lines[n]))
        if found:
            column = len(lines[n][: found[-1].start()].decode("utf-8", errors="replace")) + 1
            return n + 1, column
    return line, 0


# the mapping ---------------------------------------------------------------------


@dataclass
class _Flow:
    el: etree._Element
    id: str
    source: str
    target: str
    name: str
    condition: str | None


@dataclass
class _Parts:
    docs: list[str] = field(default_factory=list)
    triggers: list[tuple[str, etree._Element]] = field(default_factory=list)
    data: list[str] = field(default_factory=list)  # data object (reference) ids read or written
    performer: etree._Element | None = None


_BPMN_PREFIX = q("")
_BPMN_LEN = len(_BPMN_PREFIX)
_PM_PREFIX = q("", PM)
_SOURCE_REF = q("sourceRef")
_TARGET_REF = q("targetRef")


@dataclass
class _Node:
    el: etree._Element
    id: str
    kind: str  # local tag name
    step: dict[str, Any] = field(default_factory=dict)
    out: list[_Flow] = field(default_factory=list)
    incoming: int = 0
    generated: bool = False


class _Reader:
    def __init__(self, root: etree._Element, uses_pm: bool, default_id: str | None = None) -> None:
        self.default_id = default_id
        self.root = root
        self.result = ImportResult()
        self.process_ids = IdMaker()
        self.by_id: dict[str, etree._Element] = {}
        self.own = root.get("exporter") == "procmodel"  # keep document order for our own files
        self.foreign_ns: dict[str, tuple[int, int, str | None]] = {}  # ns → (count, line, element id)
        self.lane_role: dict[str, tuple[str, int]] = {}  # flow node id → (role id, line)
        self.doc_ids = IdMaker()
        self.uses_pm = uses_pm
        self.props_cache: dict[etree._Element, dict[str, Any]] = {}
        self.process_of: dict[str, str] = {}  # BPMN process id → procmodel process id
        self.doc_of: dict[str, str] = {}  # BPMN data object (reference) id → document id
        self.node_refs: dict[str, list[str]] = {}  # flow node id → data linked by plain associations

    # entry ------------------------------------------------------------------------

    def run(self) -> ImportResult:
        participants: dict[str, etree._Element] = {}
        processes: list[etree._Element] = []
        for el in self.root:
            if not isinstance(el.tag, str):
                continue
            if (ident := el.get("id")) is not None:
                self.by_id[ident] = el
            local = _local(el)
            if local == "process":
                processes.append(el)
            elif local == "collaboration":
                self._collaboration(el, participants)
            elif local in SUPPORTING or local.startswith("global"):
                if local == "extensionElements":
                    self._extensions(el)
            elif local != "category":
                self._problem(el, f"<{local}> is not imported")
        for proc in processes:  # lanes first: a call may come before the process it calls
            for lane_set in proc.iterchildren(q("laneSet")):
                self._lanes(lane_set)
        for proc in processes:  # ids first: call activities may call a process further down
            part = participants.get(proc.get("id", ""))
            given = self._props(proc).get("id")
            title = _text((part.get("name") if part is not None else None) or proc.get("name"))
            if given:
                pid = self.process_ids.keep(given)
            elif self.default_id and len(processes) == 1:
                pid = self.process_ids.keep(self.default_id)
            else:
                pid = self.process_ids.make(title, proc.get("id"), fallback="process")
            self.process_of[proc.get("id", "")] = pid
        for proc in processes:
            self._process(proc, participants.get(proc.get("id", "")))
        for ns, (count, line, element) in sorted(self.foreign_ns.items()):
            self.result.problems.append(
                Problem(
                    "PM007",
                    f"{count} extension element(s) in namespace {ns} (tool-specific data) were not imported",
                    line,
                    element,
                    "Tool-specific settings have no place in a procmodel process; they are left out.",
                )
            )
        self.result.problems.sort(key=lambda p: p.line)
        return self.result

    def _collaboration(self, el: etree._Element, participants: dict[str, etree._Element]) -> None:
        for child in el:
            if not isinstance(child.tag, str):
                continue
            local = _local(child)
            if local == "participant":
                ref = child.get("processRef")
                if ref:
                    participants[ref] = child
                else:
                    self._problem(
                        child,
                        f"pool '{child.get('name') or child.get('id')}' has no process (a black-box pool)",
                    )
            elif local == "messageFlow":
                self._problem(
                    child, "message flow between pools is not imported (procmodel has no message flows)"
                )
            elif local == "extensionElements":
                self._extensions(child)
            elif local not in ("documentation",):
                self._problem(child, f"<{local}> in the collaboration is not imported")

    # lanes → roles ------------------------------------------------------------------

    def _lanes(self, lane_set: etree._Element) -> None:
        for lane in lane_set.iterchildren(q("lane")):
            props = self._props(lane)
            children = lane.find(q("childLaneSet"))
            if props.get("unassigned") == "true":
                role = None
            else:
                role = props.get("id") or self._role_id(lane.get("name"), lane.get("id"))
                self.result.roles.setdefault(role, _text(lane.get("name")) or role)
                self.result.lanes += 1
            for ref in lane.iterchildren(q("flowNodeRef")):
                if ref.text and role:
                    self.lane_role[ref.text.strip()] = (role, ref.sourceline or 0)
            if children is not None and len(children):
                self._problem(
                    lane,
                    f"lane '{lane.get('name') or lane.get('id')}' holds nested lanes; "
                    "its steps get the role of the innermost lane",
                )
                self._lanes(children)

    def _role_id(self, name: str | None, ident: str | None) -> str:
        return slugify(_text(name)) or slugify(ident or "") or "roll"  # same name in two pools: one role

    # processes ------------------------------------------------------------------------

    def _process(self, proc: etree._Element, participant: etree._Element | None) -> None:
        props = self._props(proc)
        title = _text((participant.get("name") if participant is not None else None) or proc.get("name"))
        pid = self.process_of[proc.get("id", "")]
        data: dict[str, Any] = {"id": pid, "title": title or proc.get("id") or pid}
        lines: dict[KeyPath, int] = {(): proc.sourceline or 0, ("id",): proc.sourceline or 0}
        self._process_props(props, proc, data, lines)
        if participant is not None:
            self._extensions_of(participant)
        self._container(proc, data, lines)

    def _process_props(
        self, props: dict[str, Any], el: etree._Element, data: dict[str, Any], lines: dict[KeyPath, int]
    ) -> None:
        docs = _documentation(el)
        if docs:
            data["summary"] = docs
        for key in PROCESS_KEYS:
            if key in props:
                data[key] = props[key]
                lines[(key,)] = el.sourceline or 0

    def _container(self, cont: etree._Element, data: dict[str, Any], lines: dict[KeyPath, int]) -> None:
        """Map the flow elements of a process or embedded sub-process into ``data['steps']``."""
        nodes: dict[str, _Node] = {}
        flows: list[_Flow] = []
        annotations: dict[str, etree._Element] = {}
        associations: list[etree._Element] = []
        data_refs: dict[str, etree._Element] = {}
        subprocesses: list[_Node] = []
        unnamed: Counter[int] = Counter()  # elements without an id, per line
        for el in cont:
            if not isinstance(el.tag, str):
                continue
            if el.tag.startswith(_BPMN_PREFIX):
                local = el.tag[_BPMN_LEN:]
            else:
                self._foreign(el)
                continue
            ident = el.get("id") or _unnamed_id(el, unnamed)
            if local in TASKS or local in EVENTS or local in GATEWAYS or local == "callActivity":
                nodes[ident] = _Node(el, ident, local, generated=self._props(el).get("generated") is not None)
            elif local in SUBPROCESSES:
                node = _Node(el, ident, local)
                nodes[ident] = node
                subprocesses.append(node)
            elif local == "sequenceFlow":
                flows.append(self._flow(el, ident))
            elif local == "textAnnotation":
                annotations[ident] = el
            elif local == "association":
                associations.append(el)
            elif local in DATA:
                data_refs[ident] = el
            elif local == "laneSet" and cont.tag != q("process"):
                self._lanes(el)  # lanes inside an embedded sub-process
            elif local in PROCESS_ONLY:
                if local == "extensionElements":
                    self._extensions(el)
                elif local in ("ioSpecification", "property"):
                    self._problem(el, f"process-level <{local}> (data inputs/outputs) is not imported")
            else:
                self._problem(el, f"<{local}> is not imported")
        if not nodes:
            self._problem(cont, f"'{data['title']}' has no flow elements; it is not imported as a process")
            return
        for f in flows:
            src = nodes.get(f.source)
            if src is None or f.target not in nodes:
                self._problem(
                    f.el, "sequence flow connects elements outside this process; it is not imported"
                )
                continue
            src.out.append(f)
            nodes[f.target].incoming += 1
        _collapse_generated(nodes)
        order = self._order(nodes)
        step_ids = IdMaker()
        for node in order:
            props = self._props(node.el)
            given = props.get("id")
            sid = step_ids.keep(given) if given else step_ids.make(node.el.get("name"), node.id)
            node.step["id"] = sid
        by_bpmn = {n.id: n for n in order}
        steps: list[dict[str, Any]] = []
        lines[("steps",)] = cont.sourceline or 0
        documents = self._data_objects(data_refs, associations, by_bpmn)
        for index, node in enumerate(order):
            steps.append(self._step(node, index, by_bpmn, lines, documents, data["id"]))
        self._annotations(annotations, associations, by_bpmn, steps, data_refs)
        self._next(order, by_bpmn, steps, lines)
        unused = [d for d, used in documents.items() if not used]
        if unused:
            data.setdefault("documents", [])
            data["documents"] = [*data["documents"], *(d for d in unused if d not in data["documents"])]
        steps = [_reorder_step(s) for s in steps]
        ordered = {k: data[k] for k in ("id", "title", *PROCESS_KEYS) if k in data}
        ordered["steps"] = steps
        self.result.processes.append(
            ImportedProcess(ordered, lines, cont.get("id", ""), cont.sourceline or 0)
        )
        for node in subprocesses:
            self._embedded(node, ordered["id"])

    def _embedded(self, node: _Node, parent_id: str) -> None:
        el = node.el
        step = node.step
        child_id = step["calls"]
        title = _text(el.get("name")) or step["id"]
        data: dict[str, Any] = {"id": child_id, "title": title}
        lines: dict[KeyPath, int] = {(): el.sourceline or 0, ("id",): el.sourceline or 0}
        local = _local(el)
        if local != "subProcess" or el.get("triggeredByEvent") == "true":
            kind = "event sub-process" if el.get("triggeredByEvent") == "true" else f"<{local}>"
            self._problem(
                el,
                f"{kind} '{title}' is imported as a process of its own ('{child_id}'), "
                f"called from '{parent_id}'",
            )
        before = len(self.result.processes)
        self._container(el, data, lines)
        if len(self.result.processes) == before:  # empty: nothing to call
            self._problem(el, f"sub-process '{title}' is empty")

    # flow elements ---------------------------------------------------------------

    def _flow(self, el: etree._Element, ident: str) -> _Flow:
        cond = el.find(q("conditionExpression"))
        condition = _text(cond.text) if cond is not None and cond.text and cond.text.strip() else None
        props = self._props(el)
        derived = str(props.get("derived", "")).split()
        if "condition" in derived:
            condition = None  # written by procmodel only to satisfy BPMN linters
        for child in el:
            local = _local(child)
            if local == "extensionElements":
                self._extensions(child)
            elif local and local not in ("conditionExpression", "documentation"):
                self._problem(child, f"<{local}> on a sequence flow is not imported")
        name = "" if "name" in derived else _text(el.get("name"))
        return _Flow(el, ident, el.get("sourceRef", ""), el.get("targetRef", ""), name, condition)

    def _order(self, nodes: dict[str, _Node]) -> list[_Node]:
        """Steps in reading order: document order for procmodel's files, else flow order."""
        boundary: dict[str, list[_Node]] = {}
        main: list[_Node] = []
        for n in nodes.values():
            host = n.el.get("attachedToRef") if n.kind == "boundaryEvent" else None
            if host in nodes:
                boundary.setdefault(host, []).append(n)
            else:
                main.append(n)
        if not self.own:
            main = _flow_order(main, nodes, boundary)
        out: list[_Node] = []
        for n in main:
            out.append(n)
            out.extend(boundary.get(n.id, ()))
        return out

    def _step(
        self,
        node: _Node,
        index: int,
        by_bpmn: dict[str, _Node],
        lines: dict[KeyPath, int],
        documents: dict[str, bool],
        process_id: str,
    ) -> dict[str, Any]:
        el, kind, step = node.el, node.kind, node.step
        props = self._props(el)
        parts = self._scan(el, kind)
        line = el.sourceline or 0
        lines[("steps", index)] = line
        title = _text(el.get("name"))
        if "title" in props:
            title = props["title"]
        if kind in TASKS:
            typ, extra = "task", {"task": TASKS[kind]} if TASKS[kind] else {}
        elif kind in EVENTS:
            typ, extra = EVENTS[kind], self._event(el, kind, by_bpmn, parts.triggers)
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
                typ, extra = "subprocess", {"calls": self.process_of.get(called) or slugify(called) or called}
            else:
                self._problem(el, f"call activity '{title or node.id}' calls nothing; imported as a task")
                typ, extra = "task", {}
        else:  # embedded sub-process: a process of its own, called from here
            typ = "subprocess"
            extra = {"calls": self.process_ids.make(f"{process_id}-{step['id']}")}
        out: dict[str, Any] = {"id": step["id"]}
        if typ != "task":
            out["type"] = typ
        if title:
            out["title"] = title
        lane = self.lane_role.get(node.id)
        role = props.get("role") or (lane[0] if lane else None) or self._performer(parts.performer)
        if role:
            out["role"] = role
            if lane and not props.get("role"):
                lines[("steps", index, "role")] = lane[1]
        for key in ("accountable", "consulted", "informed", "goals", "documents"):
            if key in props:
                out[key] = props[key]
        docs = self._associated_documents(node.id, parts.data, documents)
        if docs:
            out["documents"] = [
                *out.get("documents", []),
                *(d for d in docs if d not in out.get("documents", [])),
            ]
        if parts.docs:
            out["instructions"] = "\n\n".join(parts.docs)
        if "deadline" in props:
            out["deadline"] = props["deadline"]
        for key in ("gateway", "event", "task", "calls", "attached_to"):
            if key in props:
                extra[key] = props[key]
        if "throw" in props:
            extra["throw"] = props["throw"] == "true"
        if extra.get("throw") is False:
            del extra["throw"]
        if "timer" in props:
            extra["timer"] = props["timer"]
        if props.get("interrupting") == "false":
            extra["interrupting"] = False
        order = ("gateway", "event", "timer", "attached_to", "interrupting", "throw", "task", "calls")
        out.update({k: extra[k] for k in order if k in extra})
        node.step = out
        return out

    def _event(
        self,
        el: etree._Element,
        kind: str,
        by_bpmn: dict[str, _Node],
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
            self._problem(el, f"event with several definitions ({kinds}) is imported as a 'multiple' event")
        if kind == "boundaryEvent":
            host = by_bpmn.get(el.get("attachedToRef", ""))
            if host is not None:
                extra["attached_to"] = host.step["id"]
            else:
                self._problem(el, "boundary event is attached to nothing in this process")
            if el.get("cancelActivity") == "false":
                extra["interrupting"] = False
        if kind == "startEvent" and el.get("isInterrupting") == "false":
            extra["interrupting"] = False
        if kind in ("intermediateThrowEvent", "implicitThrowEvent"):
            extra["throw"] = True
        return extra

    def _performer(self, performer: etree._Element | None) -> str | None:
        """Role from a performer/potential owner naming a resource, when there is no lane."""
        if performer is None:
            return None
        ref = performer.find(q("resourceRef"))
        res = self.by_id.get((ref.text or "").strip()) if ref is not None else None
        name = _text(res.get("name")) if res is not None else _text(performer.get("name"))
        if not name:
            return None
        role = slugify(name) or "roll"
        self.result.roles.setdefault(role, name)
        return role

    def _scan(self, el: etree._Element, kind: str) -> _Parts:
        """One pass over a flow node's children: what is read, and what is reported."""
        parts = _Parts()
        for child in el:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if not tag.startswith(_BPMN_PREFIX):
                self._foreign(child)
                continue
            local = tag[_BPMN_LEN:]
            if local in ("incoming", "outgoing"):
                continue
            if local == "documentation":
                text = "".join(child.itertext()).strip()
                if text:
                    parts.docs.append(text)
            elif local in EVENT_DEFINITIONS:
                parts.triggers.append((EVENT_DEFINITIONS[local], child))
            elif local == "eventDefinitionRef" and child.text:
                ref = self.by_id.get(child.text.strip())
                if ref is not None and _local(ref) in EVENT_DEFINITIONS:
                    parts.triggers.append((EVENT_DEFINITIONS[_local(ref)], ref))
            elif local == "dataInputAssociation":
                parts.data += [r.text.strip() for r in child.iterchildren(_SOURCE_REF) if r.text]
            elif local == "dataOutputAssociation":
                parts.data += [r.text.strip() for r in child.iterchildren(_TARGET_REF) if r.text]
            elif local in ("performer", "potentialOwner", "humanPerformer"):
                parts.performer = child if parts.performer is None else parts.performer
            elif local == "extensionElements":
                self._extensions(child)
            elif local.endswith("LoopCharacteristics"):
                what = "multi-instance" if local.startswith("multi") else "loop"
                self._problem(child, f"{what} marker on '{el.get('name') or el.get('id')}' is not imported")
            elif local not in NODE_PARTS and kind not in SUBPROCESSES:
                self._problem(child, f"<{local}> inside <{kind}> is not imported")
        return parts

    # successors -----------------------------------------------------------------

    def _next(
        self,
        order: list[_Node],
        by_bpmn: dict[str, _Node],
        steps: list[dict[str, Any]],
        lines: dict[KeyPath, int],
    ) -> None:
        for index, node in enumerate(order):
            step = steps[index]
            targets = [(f, by_bpmn[f.target].step["id"]) for f in node.out]
            if step.get("type") == "decision":
                default = node.el.get("default")
                outcomes = []
                for j, (f, target) in enumerate(targets):
                    o: dict[str, Any] = {"label": f.name, "next": target} if f.name else {"next": target}
                    if f.condition:
                        o["condition"] = f.condition
                    if default and f.id == default:
                        o["default"] = True
                    outcomes.append(o)
                    lines[("steps", index, "outcomes", j)] = f.el.sourceline or 0
                if outcomes:
                    step["outcomes"] = outcomes
                continue
            for f, _ in targets:
                if f.name or f.condition:
                    what = "label" if f.name and not f.condition else "condition"
                    self._problem(
                        f.el,
                        f"the {what} of a flow out of '{step.get('title') or step['id']}' is not imported "
                        "(only decisions have labelled outcomes)",
                    )
            if step.get("type") == "end":
                if targets:
                    self._problem(node.el, "flows out of an end event are not imported")
                continue
            nxt = [t for _, t in targets]
            implicit = _implicit_next(steps, index)
            if step.get("attached_to"):
                if not nxt:
                    continue  # a boundary event without flows ends its branch
            elif nxt == ([implicit] if implicit else []):
                continue
            step["next"] = nxt[0] if len(nxt) == 1 else nxt
            lines[("steps", index, "next")] = (
                node.out[0].el.sourceline if node.out else node.el.sourceline or 0
            )

    # documents and notes -----------------------------------------------------------------

    def _data_objects(
        self, refs: dict[str, etree._Element], associations: list[etree._Element], by_bpmn: dict[str, _Node]
    ) -> dict[str, bool]:
        """Document ids of the data objects/stores here → whether a step uses them."""
        out: dict[str, bool] = {}
        referenced = {r.get("dataObjectRef") for r in refs.values() if r.get("dataObjectRef")}
        for ident, el in refs.items():
            if _local(el) == "dataObject" and ident in referenced:
                continue  # drawn through its reference
            target = (
                self.by_id.get(el.get("dataStoreRef") or "") if _local(el) == "dataStoreReference" else None
            )
            props = self._props(el)
            name = _text(el.get("name")) or (_text(target.get("name")) if target is not None else "")
            doc = props.get("id") or self.doc_ids.make(name, ident, fallback="dokument")
            self.result.documents.setdefault(doc, name or doc)
            self.doc_of[ident] = doc
            out[doc] = False
            for child in el:
                if isinstance(child.tag, str) and _local(child) == "dataState":
                    self._problem(child, f"data state of '{name or ident}' is not imported")
        for a in associations:  # plain associations between data and steps also link them
            src, dst = a.get("sourceRef", ""), a.get("targetRef", "")
            if src in self.doc_of and dst in by_bpmn:
                self.node_refs.setdefault(dst, []).append(src)
            elif dst in self.doc_of and src in by_bpmn:
                self.node_refs.setdefault(src, []).append(dst)
        return out

    def _associated_documents(self, node_id: str, refs: list[str], documents: dict[str, bool]) -> list[str]:
        found: list[str] = []
        for r in (*refs, *self.node_refs.get(node_id, ())):
            d = self.doc_of.get(r)
            if d is not None and d not in found:
                found.append(d)
                documents[d] = True
        return found

    def _annotations(
        self,
        annotations: dict[str, etree._Element],
        associations: list[etree._Element],
        by_bpmn: dict[str, _Node],
        steps: list[dict[str, Any]],
        data_refs: dict[str, etree._Element],
    ) -> None:
        index = {n.id: i for i, n in enumerate(by_bpmn.values())}
        used: set[str] = set()
        for a in associations:
            src, dst = a.get("sourceRef", ""), a.get("targetRef", "")
            note, node = (src, dst) if src in annotations else (dst, src)
            if note in annotations and node in index:
                text = _annotation_text(annotations[note])
                if text:
                    steps[index[node]].setdefault("notes", []).append(text)
                used.add(note)
            elif src in data_refs or dst in data_refs:
                continue  # read as a document link
            else:
                self._problem(a, "association is not imported (only annotations on steps become notes)")
        for ident, el in annotations.items():
            if ident not in used and _annotation_text(el):
                self._problem(el, "text annotation that is attached to no step is not imported")

    def _props(self, el: etree._Element | None) -> dict[str, Any]:
        """procmodel data on ``el`` (nothing to look for in files that never use the namespace)."""
        if not self.uses_pm or el is None:
            return {}
        if el not in self.props_cache:
            self.props_cache[el] = _pm_props(el)
        return self.props_cache[el]

    # problems ----------------------------------------------------------------------------

    def _problem(self, el: etree._Element, message: str) -> None:
        self.result.problems.append(
            Problem(
                "PM007",
                message,
                el.sourceline or 0,
                el.get("id"),
                "procmodel keeps what its file format can hold; "
                "add what matters as text (instructions, notes).",
            )
        )

    def _extensions(self, ext: etree._Element) -> None:
        for child in ext:
            if isinstance(child.tag, str) and not child.tag.startswith(_PM_PREFIX):
                self._foreign(child, ext.getparent())

    def _extensions_of(self, el: etree._Element) -> None:
        for child in el:
            if isinstance(child.tag, str) and _local(child) == "extensionElements":
                self._extensions(child)

    def _foreign(self, el: etree._Element, owner: etree._Element | None = None) -> None:
        ns = etree.QName(el).namespace or "(no namespace)"
        if ns == PM:
            return
        count, line, element = self.foreign_ns.get(ns, (0, 0, None))
        if not count:
            line, element = el.sourceline or 0, (owner if owner is not None else el).get("id")
        self.foreign_ns[ns] = (count + 1, line, element)


# helpers ////////////////////////////////////////////////////////////////////////////////


def _unnamed_id(el: etree._Element, seen: Counter[int]) -> str:
    """A stand-in id for an element that has none: its line (and its place on a crowded line)."""
    line = el.sourceline or 0
    seen[line] += 1
    return f"line-{line}" if seen[line] == 1 else f"line-{line}-{seen[line]}"


def _local(el: etree._Element) -> str:
    tag = el.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _text(value: str | None) -> str:
    """Names as one line: BPMN tools put line breaks into names for the diagram."""
    return " ".join(value.split()) if value else ""


def _documentation(el: etree._Element) -> str:
    parts = []
    for d in el.iterchildren(q("documentation")):
        text = "".join(d.itertext()).strip()
        if text:
            parts.append(text)
    return "\n\n".join(parts)


def _annotation_text(el: etree._Element) -> str:
    t = el.find(q("text"))
    return "".join(t.itertext()).strip() if t is not None else ""


def _timer_text(defn: etree._Element) -> str:
    for part in ("timeDate", "timeDuration", "timeCycle"):
        t = defn.find(q(part))
        if t is not None and (t.text or "").strip():
            return t.text.strip()
    return ""


_USES_PM = etree.XPath("boolean(//*[namespace-uri()=$ns] | //@*[namespace-uri()=$ns])")


def _pm_props(el: etree._Element) -> dict[str, Any]:
    """procmodel data on an element: ``pm:*`` attributes and ``<pm:…>`` extension elements."""
    props: dict[str, Any] = {}
    for name, value in el.attrib.items():
        if name.startswith(_PM_PREFIX):
            _put(props, name[len(_PM_PREFIX) :], value)
    ext = el.find(q("extensionElements"))
    if ext is not None:
        for child in ext.iterchildren(q("*", PM)):
            if _local(child) == "generated":
                props["generated"] = "true"
            for name, value in child.attrib.items():
                _put(props, name, value)
            for item in child.iterchildren(q("keyword", PM)):
                if item.text and item.text.strip():
                    props.setdefault("keywords", []).append(item.text.strip())
    return props


def _put(props: dict[str, Any], key: str, value: str) -> None:
    props[key] = value.split() if key in ID_LISTS else value


def _implicit_next(steps: list[dict[str, Any]], index: int) -> str | None:
    j = index + 1
    while j < len(steps) and steps[j].get("attached_to"):
        j += 1
    return steps[j]["id"] if j < len(steps) else None


_STEP_ORDER = (
    "id", "type", "title", "role", "accountable", "consulted", "informed", "goals", "documents",
    "instructions", "deadline", "next", "outcomes", "gateway", "event", "timer", "attached_to",
    "interrupting", "throw", "task", "calls", "notes",
)  # fmt: skip


def _reorder_step(step: dict[str, Any]) -> dict[str, Any]:
    return {k: step[k] for k in _STEP_ORDER if k in step}


def _flow_order(main: list[_Node], nodes: dict[str, _Node], boundary: dict[str, list[_Node]]) -> list[_Node]:
    """Reverse post-order from the start events: each branch reads top to bottom."""
    succ: dict[str, list[str]] = {}
    for n in nodes.values():
        targets = [f.target for f in n.out]
        for b in boundary.get(n.id, ()):
            targets.extend(f.target for f in b.out)
        succ[n.id] = targets
    main_ids = {n.id for n in main}
    roots = [n.id for n in main if n.kind == "startEvent"]
    roots += [n.id for n in main if n.incoming == 0 and n.kind != "startEvent"]
    roots += [n.id for n in main]  # anything left over (cycles without an entry)
    seen: set[str] = set()
    ordered: list[str] = []
    for r in roots:
        if r in seen:
            continue
        seen.add(r)
        post: list[str] = []
        stack = [(r, iter(reversed(succ[r])))]
        while stack:
            node, it = stack[-1]
            for t in it:
                if t not in seen and t in succ:
                    seen.add(t)
                    stack.append((t, iter(reversed(succ[t]))))
                    break
            else:
                stack.pop()
                post.append(node)
        ordered.extend(reversed(post))  # each root's component before the next root's
    return [nodes[x] for x in ordered if x in main_ids]


def _collapse_generated(nodes: dict[str, _Node]) -> None:
    """Remove gateways procmodel inserted only to satisfy BPMN linters (marked ``pm:generated``).

    A flow into a generated gateway is replaced by one flow to each step the gateway leads to,
    through chains of generated gateways (a loop of them leads nowhere). Linear in the flows.
    """
    generated = {k for k, n in nodes.items() if n.generated}
    if not generated:
        return
    reach = _generated_reach(nodes, generated)
    for gid in generated:
        del nodes[gid]
    for n in nodes.values():
        if not any(f.target in generated for f in n.out):
            continue
        new: list[_Flow] = []
        for f in n.out:
            if f.target in generated:
                for target, name, condition in reach[f.target]:
                    new.append(_Flow(f.el, f.id, n.id, target, f.name or name, f.condition or condition))
            else:
                new.append(f)
        n.out = new
    for n in nodes.values():
        n.incoming = 0
    for n in nodes.values():
        for f in n.out:
            nodes[f.target].incoming += 1


def _generated_reach(
    nodes: dict[str, _Node], generated: set[str]
) -> dict[str, list[tuple[str, str, str | None]]]:
    """For each generated gateway: (step, name, condition) of the flows it passes on, in order.

    Raises :class:`XmlProblem` when the gateways fan out far beyond what procmodel writes
    (a hostile file could make the expansion grow exponentially).
    """
    budget = 4 * sum(len(n.out) for n in nodes.values()) + 1000
    reach: dict[str, list[tuple[str, str, str | None]]] = {}
    for start in generated:
        if start in reach:
            continue
        visiting = {start}  # on the stack: a flow back to one of them closes a loop
        stack = [(start, iter(nodes[start].out))]
        while stack:  # depth first without recursion: a chain may be long in a hostile file
            gid, flows = stack[-1]
            for f in flows:
                t = f.target
                if t in generated and t not in reach and t not in visiting:
                    visiting.add(t)
                    stack.append((t, iter(nodes[t].out)))
                    break
            else:
                stack.pop()
                visiting.discard(gid)
                out: list[tuple[str, str, str | None]] = []
                for f in nodes[gid].out:
                    if f.target not in generated:
                        out.append((f.target, f.name, f.condition))
                    else:  # a gateway still on the stack is part of a loop: it leads nowhere
                        out.extend((t, f.name or n, f.condition or c) for t, n, c in reach.get(f.target, ()))
                budget -= len(out)
                if budget < 0:
                    el = nodes[gid].el
                    raise XmlProblem(
                        "PM001",
                        "the gateways marked pm:generated fan out far more than procmodel writes them",
                        el.sourceline or 0,
                        0,
                        hint="Remove the <pm:generated/> marks (procmodel adds them only to its own files).",
                    )
                reach[gid] = out
    return reach
