"""The lane names of a swimlane diagram as an SVG of their own, to keep in view while scrolling.

A swimlane diagram is far wider than a screen, and its lane names sit at its left edge: scrolled
sideways, a box no longer says whose step it is. :func:`lane_labels_svg` copies the left column
of a finished swimlane SVG (the lane backgrounds and headers, at the same scale and height) into
a second SVG that the page pins over the diagram's left edge (``position: sticky``). It is a
visual aid only (``aria-hidden``): the diagram itself keeps its lane headers for screen readers.
"""

from __future__ import annotations

import copy
import re

from lxml import etree

from procmodel.render import style
from procmodel.render.svg import PARSER, SVG_NS

_TRANSLATE = re.compile(r"translate\(\s*(-?[\d.]+)[ ,]+(-?[\d.]+)\s*\)")
#: Points of lane background kept right of the headers.
MARGIN = 6.0


def lane_labels_svg(svg: str) -> str:
    """The lane-label column of the finished swimlane SVG ``svg``, or "" when it has no lanes."""
    root = etree.fromstring(svg.encode("utf-8"), PARSER)
    graph = root.find(f"{{{SVG_NS}}}g")
    if graph is None:
        return ""
    headers = [
        g for g in graph.iterfind(f"{{{SVG_NS}}}g") if _is_lane(g) and g.get("id", "").endswith("-header")
    ]
    lanes = [g for g in graph.iterfind(f"{{{SVG_NS}}}g") if _is_lane(g) and g.get("class") == "cluster"]
    if not headers:
        return ""
    right = max(_max_x(h) for h in headers)
    match = _TRANSLATE.search(graph.get("transform", ""))
    shift = float(match.group(1)) if match else 0.0
    view = [float(v) for v in root.get("viewBox", "0 0 0 0").split()]
    width = min(shift + right + MARGIN, view[2])
    out = etree.Element(f"{{{SVG_NS}}}svg", nsmap={None: SVG_NS})
    out.set("class", "pm-lane-labels")
    out.set("aria-hidden", "true")
    out.set("focusable", "false")
    drawn = float(root.get("width", "0").removesuffix("pt") or 0)
    scale = drawn / view[2] if view[2] and drawn else 1.0  # the diagram may be drawn scaled
    out.set("width", f"{width * scale:.2f}pt")
    out.set("height", root.get("height", ""))
    out.set("viewBox", f"{view[0]:.2f} {view[1]:.2f} {width:.2f} {view[3]:.2f}")
    body = etree.SubElement(out, f"{{{SVG_NS}}}g", transform=graph.get("transform", ""))
    background = graph.find(f"{{{SVG_NS}}}polygon")
    if background is not None:
        body.append(_bare(background))
    for g in [*lanes, *headers]:
        body.append(_bare(g))
    top, bottom = -view[3], 0.0
    etree.SubElement(
        body,
        f"{{{SVG_NS}}}line",
        x1=f"{width - shift:.2f}",
        x2=f"{width - shift:.2f}",
        y1=f"{top:.2f}",
        y2=f"{bottom + shift:.2f}",
        stroke=style.LANE_BORDER,
        **{"stroke-width": "1"},
    )
    return etree.tostring(out, encoding="unicode") + "\n"


def _is_lane(g: etree._Element) -> bool:
    return g.get("id", "").startswith("lane-")


def _max_x(g: etree._Element) -> float:
    xs = []
    for poly in g.iter(f"{{{SVG_NS}}}polygon"):
        xs += [float(p.split(",")[0]) for p in poly.get("points", "").split()]
    return max(xs, default=0.0)


def _bare(element: etree._Element) -> etree._Element:
    """A copy of ``element`` without ids, titles or links (the copy must not be a second target)."""
    twin = copy.deepcopy(element)
    for node in list(twin.iter()):
        if not isinstance(node.tag, str):
            continue
        node.attrib.pop("id", None)
        if etree.QName(node).localname == "title":
            node.getparent().remove(node)
    for a in list(twin.iter(f"{{{SVG_NS}}}a")):  # keep the drawing, drop the link element
        parent = a.getparent()
        at = parent.index(a)
        for k, child in enumerate(list(a)):
            parent.insert(at + k, child)
        parent.remove(a)
    return twin
