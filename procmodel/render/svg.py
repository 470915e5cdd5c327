"""Make Graphviz SVG fit for inlining in a web page.

Removes the XML declaration, doctype and comments; gives each node and cluster ``<g>`` with a
procmodel id a ``<title>`` equal to its tooltip (its accessible name); prefixes Graphviz's own
ids (``graph0``, ``node3``, ``a_node3`` …) so several diagrams can share one page; sets a font
stack and ``role``/``aria-label`` on the root. The stable ids procmodel sets are kept as they are.
"""

from __future__ import annotations

import re

from lxml import etree

from procmodel.render import style

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
_AUTO_ID = re.compile(r"^(a_)?(graph|node|edge|clust)\d+(-[a-z]+)?$")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)


def finish_svg(raw: bytes, prefix: str, title: str) -> str:
    """Inline-ready SVG text from Graphviz output.

    ``prefix`` makes Graphviz's automatic ids unique per diagram; ``title`` is the accessible
    name of the whole diagram.
    """
    root = etree.fromstring(raw, _PARSER)
    for comment in root.xpath("//comment()"):
        _drop(comment)
    root.set("role", "img" if not root.xpath("//svg:a", namespaces={"svg": SVG_NS}) else "group")
    root.set("aria-label", title)
    for g in root.iter(f"{{{SVG_NS}}}g"):
        ident = g.get("id", "")
        anchor = g.find(f"{{{SVG_NS}}}g/{{{SVG_NS}}}a")
        tooltip = anchor.get(f"{{{XLINK_NS}}}title") if anchor is not None else None
        t = g.find(f"{{{SVG_NS}}}title")
        if t is not None:
            if tooltip and not _AUTO_ID.match(ident):
                t.text = tooltip
            elif g.get("class") == "graph":
                t.text = title
        if ident and _AUTO_ID.match(ident):
            g.set("id", f"{prefix}-{ident}")
        elif ident.startswith("a_"):  # anchor of a procmodel id: a_<id> → <id>-link
            g.set("id", f"{ident[2:]}-link")
    for text in root.iter(f"{{{SVG_NS}}}text"):
        text.set("font-family", style.SVG_FONT_FAMILY)
    out = etree.tostring(root, encoding="unicode")
    return out + "\n"


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
