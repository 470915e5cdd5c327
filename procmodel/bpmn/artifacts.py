"""Data objects and stores (documents) and text annotations (notes) of an imported container."""

from __future__ import annotations

from typing import Any

from lxml import etree

from procmodel.bpmn import extensions as _ext
from procmodel.bpmn.elements import local_name, one_line
from procmodel.bpmn.namespaces import q
from procmodel.bpmn.read_flow import Node
from procmodel.bpmn.read_state import ReadState


def data_objects(
    state: ReadState,
    refs: dict[str, etree._Element],
    associations: list[etree._Element],
    by_bpmn: dict[str, Node],
) -> dict[str, bool]:
    """Document ids of the data objects/stores here → whether a step uses them."""
    out: dict[str, bool] = {}
    referenced = {r.get("dataObjectRef") for r in refs.values() if r.get("dataObjectRef")}
    for ident, el in refs.items():
        if local_name(el) == "dataObject" and ident in referenced:
            continue  # drawn through its reference
        target = (
            state.by_id.get(el.get("dataStoreRef") or "") if local_name(el) == "dataStoreReference" else None
        )
        props = _ext.props(state, el)
        name = one_line(el.get("name")) or (one_line(target.get("name")) if target is not None else "")
        doc = props.get("id") or state.doc_ids.make(name, ident, fallback="dokument")
        state.result.documents.setdefault(doc, name or doc)
        state.doc_of[ident] = doc
        out[doc] = False
        for child in el:
            if isinstance(child.tag, str) and local_name(child) == "dataState":
                state.problem(child, f"data state of '{name or ident}' is not imported")
    for a in associations:  # plain associations between data and steps also link them
        src, dst = a.get("sourceRef", ""), a.get("targetRef", "")
        if src in state.doc_of and dst in by_bpmn:
            state.node_refs.setdefault(dst, []).append(src)
        elif dst in state.doc_of and src in by_bpmn:
            state.node_refs.setdefault(src, []).append(dst)
    return out


def associated_documents(
    state: ReadState, node_id: str, refs: list[str], documents: dict[str, bool]
) -> list[str]:
    found: list[str] = []
    for r in (*refs, *state.node_refs.get(node_id, ())):
        d = state.doc_of.get(r)
        if d is not None and d not in found:
            found.append(d)
            documents[d] = True
    return found


def text_annotations(
    state: ReadState,
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
            state.problem(a, "association is not imported (only annotations on steps become notes)")
    for ident, el in annotations.items():
        if ident not in used and _annotation_text(el):
            state.problem(el, "text annotation that is attached to no step is not imported")


def _annotation_text(el: etree._Element) -> str:
    t = el.find(q("text"))
    return "".join(t.itertext()).strip() if t is not None else ""
