"""Shared fixtures for the diagram tests: the small repository and both Graphviz engines."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lxml import etree

from procmodel import load_repository
from procmodel.render import Renderer

FIXTURE = Path(__file__).parent / "fixtures" / "repo"
SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"

ENGINES = [
    pytest.param("native", marks=pytest.mark.skipif(shutil.which("dot") is None, reason="no dot on PATH")),
    "wasm",
]


def href(kind: str, ident: str) -> str:
    """Links as the site would make them."""
    return f"/{kind}/{ident}/"


@pytest.fixture(scope="session")
def repo():
    return load_repository(FIXTURE)


@pytest.fixture(params=ENGINES)
def renderer(request, tmp_path) -> Renderer:
    return Renderer(request.param, cache_dir=tmp_path / "cache")


def parse(svg: str) -> etree._Element:
    return etree.fromstring(svg.encode("utf-8"))


def by_id(root: etree._Element, ident: str) -> etree._Element | None:
    found = root.xpath("//*[@id=$i]", i=ident)
    return found[0] if found else None


def bbox(g: etree._Element) -> tuple[float, float, float, float]:
    """(x0, y0, x1, y1) of the shapes drawn in a node or cluster group."""
    xs: list[float] = []
    ys: list[float] = []
    for el in g.iter():
        tag = etree.QName(el).localname
        if tag == "polygon":
            for pt in el.get("points").split():
                x, y = pt.split(",")
                xs.append(float(x))
                ys.append(float(y))
        elif tag == "ellipse":
            cx, cy, rx, ry = (float(el.get(k)) for k in ("cx", "cy", "rx", "ry"))
            xs += [cx - rx, cx + rx]
            ys += [cy - ry, cy + ry]
        elif tag == "path" and etree.QName(g).localname == "g":
            nums = [
                float(n) for n in el.get("d").replace("M", " ").replace("C", " ").replace(",", " ").split()
            ]
            xs += nums[0::2]
            ys += nums[1::2]
    return min(xs), min(ys), max(xs), max(ys)
