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

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from procmodel.bpmn.elements import (
    DATA,
    EVENT_DEFINITIONS,
    EVENTS,
    GATEWAYS,
    ID_LISTS,
    NODE_PARTS,
    PROCESS_KEYS,
    PROCESS_ONLY,
    SUBPROCESSES,
    SUPPORTING,
    TASKS,
)
from procmodel.bpmn.ids import IdMaker, slugify
from procmodel.bpmn.imported import ImportedProcess, ImportResult, KeyPath, Problem, implicit_next
from procmodel.bpmn.namespaces import BPMN, PM, q
from procmodel.bpmn.read_flow import Flow, Node, collapse_generated, flow_order
from procmodel.bpmn.refusals import refuse_duplicate_ids
from procmodel.bpmn.xml import XmlProblem, parse_bytes, read_limited

__all__ = ["ImportResult", "ImportedProcess", "Problem", "read_bpmn", "read_bpmn_file"]


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
    refuse_duplicate_ids(root, source)
    return _Reader(root, uses_pm, default_id).run()


# the mapping ---------------------------------------------------------------------


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
        nodes: dict[str, Node] = {}
        flows: list[Flow] = []
        annotations: dict[str, etree._Element] = {}
        associations: list[etree._Element] = []
        data_refs: dict[str, etree._Element] = {}
        subprocesses: list[Node] = []
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
                nodes[ident] = Node(el, ident, local, generated=self._props(el).get("generated") is not None)
            elif local in SUBPROCESSES:
                node = Node(el, ident, local)
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
        collapse_generated(nodes)
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

    def _embedded(self, node: Node, parent_id: str) -> None:
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

    def _flow(self, el: etree._Element, ident: str) -> Flow:
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
        return Flow(el, ident, el.get("sourceRef", ""), el.get("targetRef", ""), name, condition)

    def _order(self, nodes: dict[str, Node]) -> list[Node]:
        """Steps in reading order: document order for procmodel's files, else flow order."""
        boundary: dict[str, list[Node]] = {}
        main: list[Node] = []
        for n in nodes.values():
            host = n.el.get("attachedToRef") if n.kind == "boundaryEvent" else None
            if host in nodes:
                boundary.setdefault(host, []).append(n)
            else:
                main.append(n)
        if not self.own:
            main = flow_order(main, nodes, boundary)
        out: list[Node] = []
        for n in main:
            out.append(n)
            out.extend(boundary.get(n.id, ()))
        return out

    def _step(
        self,
        node: Node,
        index: int,
        by_bpmn: dict[str, Node],
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
        order: list[Node],
        by_bpmn: dict[str, Node],
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
            implicit = implicit_next(steps, index)
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
        self, refs: dict[str, etree._Element], associations: list[etree._Element], by_bpmn: dict[str, Node]
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
        by_bpmn: dict[str, Node],
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


_STEP_ORDER = (
    "id", "type", "title", "role", "accountable", "consulted", "informed", "goals", "documents",
    "instructions", "deadline", "next", "outcomes", "gateway", "event", "timer", "attached_to",
    "interrupting", "throw", "task", "calls", "notes",
)  # fmt: skip


def _reorder_step(step: dict[str, Any]) -> dict[str, Any]:
    return {k: step[k] for k in _STEP_ORDER if k in step}
