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
from pathlib import Path
from typing import Any

from lxml import etree

from procmodel.bpmn import artifacts as _art
from procmodel.bpmn import extensions as _ext
from procmodel.bpmn import participants as _people
from procmodel.bpmn import steps as _steps
from procmodel.bpmn.elements import (
    APPLIES_TO_KEYS,
    BPMN_LEN,
    BPMN_PREFIX,
    DATA,
    EVENTS,
    GATEWAYS,
    PROCESS_KEYS,
    PROCESS_ONLY,
    SUBPROCESSES,
    SUPPORTING,
    TASKS,
    documentation_text,
    local_name,
    one_line,
)
from procmodel.bpmn.ids import IdMaker
from procmodel.bpmn.imported import ImportedProcess, ImportResult, KeyPath, Problem, implicit_next
from procmodel.bpmn.namespaces import BPMN, PM, q
from procmodel.bpmn.read_flow import Flow, Node, collapse_generated, flow_order
from procmodel.bpmn.read_state import ReadState
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
        uses_pm = bool(_ext.USES_PM(root, ns=PM))
    refuse_duplicate_ids(root, source)
    return _Reader(root, uses_pm, default_id).run()


# the mapping ---------------------------------------------------------------------


class _Reader:
    """The processes and containers of one file; the parts it hands each element to share a ReadState."""

    def __init__(self, root: etree._Element, uses_pm: bool, default_id: str | None = None) -> None:
        self.state = ReadState(root, uses_pm, default_id)

    # entry ------------------------------------------------------------------------

    def run(self) -> ImportResult:
        participants: dict[str, etree._Element] = {}
        processes: list[etree._Element] = []
        for el in self.state.root:
            if not isinstance(el.tag, str):
                continue
            if (ident := el.get("id")) is not None:
                self.state.by_id[ident] = el
            local = local_name(el)
            if local == "process":
                processes.append(el)
            elif local == "collaboration":
                _people.collaboration(self.state, el, participants)
            elif local in SUPPORTING or local.startswith("global"):
                if local == "extensionElements":
                    _ext.extensions(self.state, el)
            elif local != "category":
                self.state.problem(el, f"<{local}> is not imported")
        for proc in processes:  # lanes first: a call may come before the process it calls
            for lane_set in proc.iterchildren(q("laneSet")):
                _people.lanes(self.state, lane_set)
        for proc in processes:  # ids first: call activities may call a process further down
            part = participants.get(proc.get("id", ""))
            given = _ext.props(self.state, proc).get("id")
            title = one_line((part.get("name") if part is not None else None) or proc.get("name"))
            if given:
                pid = self.state.process_ids.keep(given)
            elif self.state.default_id and len(processes) == 1:
                pid = self.state.process_ids.keep(self.state.default_id)
            else:
                pid = self.state.process_ids.make(title, proc.get("id"), fallback="process")
            self.state.process_of[proc.get("id", "")] = pid
        for proc in processes:
            self._process(proc, participants.get(proc.get("id", "")))
        for ns, (count, line, element) in sorted(self.state.foreign_ns.items()):
            self.state.result.problems.append(
                Problem(
                    "PM007",
                    f"{count} extension element(s) in namespace {ns} (tool-specific data) were not imported",
                    line,
                    element,
                    "Tool-specific settings have no place in a procmodel process; they are left out.",
                )
            )
        self.state.result.problems.sort(key=lambda p: p.line)
        return self.state.result

    # lanes → roles ------------------------------------------------------------------

    # processes ------------------------------------------------------------------------

    def _process(self, proc: etree._Element, participant: etree._Element | None) -> None:
        props = _ext.props(self.state, proc)
        title = one_line((participant.get("name") if participant is not None else None) or proc.get("name"))
        pid = self.state.process_of[proc.get("id", "")]
        data: dict[str, Any] = {"id": pid, "title": title or proc.get("id") or pid}
        lines: dict[KeyPath, int] = {(): proc.sourceline or 0, ("id",): proc.sourceline or 0}
        self._process_props(props, proc, data, lines)
        if participant is not None:
            _ext.extensions_of(self.state, participant)
        self._container(proc, data, lines)

    def _process_props(
        self, props: dict[str, Any], el: etree._Element, data: dict[str, Any], lines: dict[KeyPath, int]
    ) -> None:
        docs = documentation_text(el)
        if docs:
            data["summary"] = docs
        for key in PROCESS_KEYS:
            if key in props:
                data[key] = props[key]
                lines[(key,)] = el.sourceline or 0
        scope = {key: props[key] for key in APPLIES_TO_KEYS if key in props}
        if scope:
            data["applies_to"] = scope
            lines[("applies_to",)] = el.sourceline or 0

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
            if el.tag.startswith(BPMN_PREFIX):
                local = el.tag[BPMN_LEN:]
            else:
                _ext.foreign(self.state, el)
                continue
            ident = el.get("id") or _unnamed_id(el, unnamed)
            if local in TASKS or local in EVENTS or local in GATEWAYS or local == "callActivity":
                nodes[ident] = Node(
                    el, ident, local, generated=_ext.props(self.state, el).get("generated") is not None
                )
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
                _people.lanes(self.state, el)  # lanes inside an embedded sub-process
            elif local in PROCESS_ONLY:
                if local == "extensionElements":
                    _ext.extensions(self.state, el)
                elif local in ("ioSpecification", "property"):
                    self.state.problem(el, f"process-level <{local}> (data inputs/outputs) is not imported")
            else:
                self.state.problem(el, f"<{local}> is not imported")
        if not nodes:
            self.state.problem(
                cont, f"'{data['title']}' has no flow elements; it is not imported as a process"
            )
            return
        for f in flows:
            src = nodes.get(f.source)
            if src is None or f.target not in nodes:
                self.state.problem(
                    f.el, "sequence flow connects elements outside this process; it is not imported"
                )
                continue
            src.out.append(f)
            nodes[f.target].incoming += 1
        collapse_generated(nodes)
        order = self._order(nodes)
        step_ids = IdMaker()
        for node in order:
            props = _ext.props(self.state, node.el)
            given = props.get("id")
            sid = step_ids.keep(given) if given else step_ids.make(node.el.get("name"), node.id)
            node.step["id"] = sid
        by_bpmn = {n.id: n for n in order}
        steps: list[dict[str, Any]] = []
        lines[("steps",)] = cont.sourceline or 0
        documents = _art.data_objects(self.state, data_refs, associations, by_bpmn)
        for index, node in enumerate(order):
            steps.append(_steps.step(self.state, node, index, by_bpmn, lines, documents, data["id"]))
        _art.text_annotations(self.state, annotations, associations, by_bpmn, steps, data_refs)
        self._next(order, by_bpmn, steps, lines)
        unused = [d for d, used in documents.items() if not used]
        if unused:
            data.setdefault("documents", [])
            data["documents"] = [*data["documents"], *(d for d in unused if d not in data["documents"])]
        steps = [_steps.reorder_step(s) for s in steps]
        ordered = {k: data[k] for k in ("id", "title", *PROCESS_KEYS) if k in data}
        ordered["steps"] = steps
        self.state.result.processes.append(
            ImportedProcess(ordered, lines, cont.get("id", ""), cont.sourceline or 0)
        )
        for node in subprocesses:
            self._embedded(node, ordered["id"])

    def _embedded(self, node: Node, parent_id: str) -> None:
        el = node.el
        step = node.step
        child_id = step["calls"]
        title = one_line(el.get("name")) or step["id"]
        data: dict[str, Any] = {"id": child_id, "title": title}
        lines: dict[KeyPath, int] = {(): el.sourceline or 0, ("id",): el.sourceline or 0}
        local = local_name(el)
        if local != "subProcess" or el.get("triggeredByEvent") == "true":
            kind = "event sub-process" if el.get("triggeredByEvent") == "true" else f"<{local}>"
            self.state.problem(
                el,
                f"{kind} '{title}' is imported as a process of its own ('{child_id}'), "
                f"called from '{parent_id}'",
            )
        before = len(self.state.result.processes)
        self._container(el, data, lines)
        if len(self.state.result.processes) == before:  # empty: nothing to call
            self.state.problem(el, f"sub-process '{title}' is empty")

    # flow elements ---------------------------------------------------------------

    def _flow(self, el: etree._Element, ident: str) -> Flow:
        cond = el.find(q("conditionExpression"))
        condition = one_line(cond.text) if cond is not None and cond.text and cond.text.strip() else None
        props = _ext.props(self.state, el)
        derived = str(props.get("derived", "")).split()
        if "condition" in derived:
            condition = None  # written by procmodel only to satisfy BPMN linters
        for child in el:
            local = local_name(child)
            if local == "extensionElements":
                _ext.extensions(self.state, child)
            elif local and local not in ("conditionExpression", "documentation"):
                self.state.problem(child, f"<{local}> on a sequence flow is not imported")
        name = "" if "name" in derived else one_line(el.get("name"))
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
        if not self.state.own:
            main = flow_order(main, nodes, boundary)
        out: list[Node] = []
        for n in main:
            out.append(n)
            out.extend(boundary.get(n.id, ()))
        return out

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
                    self.state.problem(
                        f.el,
                        f"the {what} of a flow out of '{step.get('title') or step['id']}' is not imported "
                        "(only decisions have labelled outcomes)",
                    )
            if step.get("type") == "end":
                if targets:
                    self.state.problem(node.el, "flows out of an end event are not imported")
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

    # problems ----------------------------------------------------------------------------


# helpers ////////////////////////////////////////////////////////////////////////////////


def _unnamed_id(el: etree._Element, seen: Counter[int]) -> str:
    """A stand-in id for an element that has none: its line (and its place on a crowded line)."""
    line = el.sourceline or 0
    seen[line] += 1
    return f"line-{line}" if seen[line] == 1 else f"line-{line}-{seen[line]}"
