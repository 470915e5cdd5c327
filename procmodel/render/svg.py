"""Make Graphviz SVG fit for inlining in a web page.

Removes the XML declaration, doctype and comments; gives each node and cluster ``<g>`` with a
procmodel id a ``<title>`` equal to its tooltip and each link an ``aria-label`` (its accessible
name); drops the ``<title>`` Graphviz fills with its own names (``cluster_lane_0``, ``a:ledning``,
``s:a->s:b``), which screen readers would read; prefixes Graphviz's own ids (``graph0``,
``node3``, ``a_node3`` …) so several diagrams can share one page; sets a font stack and
``role``/``aria-label`` on the root. The stable ids procmodel sets are kept as they are.
:func:`arrange_svg` then puts the nodes in step order (the tab order) and sets the drawn size.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from lxml import etree

from procmodel.render import style

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
_AUTO_ID = re.compile(r"^(a_)?(graph|node|edge|clust)\d+(-[a-z]+)?$")
#: Class of a node that only marks where the flow splits or joins: its link is no tab stop and is
#: not read out (it leads where the next step's link leads; its name would be the step's id).
MARKER_CLASS = "marker"
_POINTS = re.compile(r"^([\d.]+)pt$")
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)


def finish_svg(raw: bytes, prefix: str, title: str) -> str:
    """Inline-ready SVG text from Graphviz output.

    ``prefix`` makes Graphviz's automatic ids unique per diagram; ``title`` is the accessible
    name of the whole diagram.
    """
    root = etree.fromstring(raw, PARSER)
    for comment in root.xpath("//comment()"):
        _drop(comment)
    root.set("role", "img" if not root.xpath("//svg:a", namespaces={"svg": SVG_NS}) else "group")
    root.set("aria-label", title)
    for g in list(root.iter(f"{{{SVG_NS}}}g")):
        ident = g.get("id", "")
        anchor = g.find(f"{{{SVG_NS}}}g/{{{SVG_NS}}}a")
        tooltip = anchor.get(f"{{{XLINK_NS}}}title") if anchor is not None else None
        t = g.find(f"{{{SVG_NS}}}title")
        if t is not None:
            if tooltip and not _AUTO_ID.match(ident):
                t.text = tooltip
            elif g.get("class") == "graph":
                t.text = title
            else:  # Graphviz's own name of the node, edge or cluster
                _drop(t)
        if anchor is not None and MARKER_CLASS in (g.get("class") or "").split():
            anchor.set("tabindex", "-1")
            anchor.set("aria-hidden", "true")
        elif anchor is not None and tooltip and anchor.get(f"{{{XLINK_NS}}}href"):
            anchor.set("role", "link")  # stated: an accessibility checker may not count xlink:href
            anchor.set("aria-label", tooltip)
        if ident and _AUTO_ID.match(ident):
            g.set("id", f"{prefix}-{ident}")
        elif ident.startswith("a_"):  # anchor of a procmodel id: a_<id> → <id>-link
            g.set("id", f"{ident[2:]}-link")
    for text in root.iter(f"{{{SVG_NS}}}text"):
        text.set("font-family", style.SVG_FONT_FAMILY)
    out = etree.tostring(root, encoding="unicode")
    return out + "\n"


def arrange_svg(svg: str, order: Sequence[str] = (), scale: float = 1.0) -> str:
    """A finished SVG with its nodes in ``order`` and drawn at ``scale``.

    ``order``: ids of node groups in the order keyboard users should meet them (Graphviz writes
    nodes in the order it walks the graph); ``scale``: the drawn size relative to Graphviz's
    (the ``viewBox`` stays, so only ``width`` and ``height`` change).
    """
    root = etree.fromstring(svg.encode("utf-8"), PARSER)
    _reorder(root, order)
    if scale != 1.0:
        for attr in ("width", "height"):
            match = _POINTS.match(root.get(attr, ""))
            if match:
                root.set(attr, f"{float(match.group(1)) * scale:.2f}pt")
    return etree.tostring(root, encoding="unicode") + "\n"


def _reorder(root: etree._Element, order: Sequence[str]) -> None:
    """Move the groups with the ids in ``order`` into that order, where the first of them was."""
    if not order:
        return
    groups = {g.get("id"): g for g in root.iter(f"{{{SVG_NS}}}g") if g.get("id")}
    found = [groups[i] for i in order if i in groups]
    if not found:
        return
    parent = found[0].getparent()
    siblings = [g for g in found if g.getparent() is parent]
    at = min(parent.index(g) for g in siblings)
    for g in siblings:
        parent.remove(g)
    for k, g in enumerate(siblings):
        parent.insert(at + k, g)


def _drop(node: etree._Element) -> None:
    parent = node.getparent()
    if parent is None:
        return
    if node.tail:
        prev = node.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + node.tail
        else:
            parent.text = (parent.text or "") + node.tail
    parent.remove(node)
