"""procmodel's own data on BPMN elements (``pm:`` attributes and extension elements), and
tool-specific extensions of other vendors, which are counted per namespace and reported once."""

from __future__ import annotations

from typing import Any

from lxml import etree

from procmodel.bpmn.elements import ID_LISTS, PM_PREFIX, local_name
from procmodel.bpmn.namespaces import PM, q
from procmodel.bpmn.read_state import ReadState

USES_PM = etree.XPath("boolean(//*[namespace-uri()=$ns] | //@*[namespace-uri()=$ns])")


def props(state: ReadState, el: etree._Element | None) -> dict[str, Any]:
    """procmodel data on ``el`` (nothing to look for in files that never use the namespace)."""
    if not state.uses_pm or el is None:
        return {}
    if el not in state.props_cache:
        state.props_cache[el] = _pm_props(el)
    return state.props_cache[el]


def extensions(state: ReadState, ext: etree._Element) -> None:
    for child in ext:
        if isinstance(child.tag, str) and not child.tag.startswith(PM_PREFIX):
            foreign(state, child, ext.getparent())


def extensions_of(state: ReadState, el: etree._Element) -> None:
    for child in el:
        if isinstance(child.tag, str) and local_name(child) == "extensionElements":
            extensions(state, child)


def foreign(state: ReadState, el: etree._Element, owner: etree._Element | None = None) -> None:
    ns = etree.QName(el).namespace or "(no namespace)"
    if ns == PM:
        return
    count, line, element = state.foreign_ns.get(ns, (0, 0, None))
    if not count:
        line, element = el.sourceline or 0, (owner if owner is not None else el).get("id")
    state.foreign_ns[ns] = (count + 1, line, element)


def _pm_props(el: etree._Element) -> dict[str, Any]:
    """procmodel data on an element: ``pm:*`` attributes and ``<pm:…>`` extension elements."""
    props: dict[str, Any] = {}
    for name, value in el.attrib.items():
        if name.startswith(PM_PREFIX):
            _put(props, name[len(PM_PREFIX) :], value)
    ext = el.find(q("extensionElements"))
    if ext is not None:
        for child in ext.iterchildren(q("*", PM)):
            if local_name(child) == "generated":
                props["generated"] = "true"
            for name, value in child.attrib.items():
                _put(props, name, value)
            for item in child.iterchildren(q("keyword", PM)):
                if item.text and item.text.strip():
                    props.setdefault("keywords", []).append(item.text.strip())
    return props


def _put(props: dict[str, Any], key: str, value: str) -> None:
    props[key] = value.split() if key in ID_LISTS else value
