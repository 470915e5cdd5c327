"""The top-to-bottom flow for narrow screens, and what every process diagram shares with it:
step numbers as in the step list, tab order = step order, step titles as accessible names."""

from __future__ import annotations

import re

import pytest

from procmodel.numbering import step_numbers
from procmodel.render import step_dom_id, step_order
from procmodel.render.lane_labels import lane_labels_svg
from procmodel.render.svg import arrange_svg
from procmodel.render.top_down import flow_dom_id
from tests.render.conftest import SVG, XLINK, bbox, by_id, href, parse

PID = "åtgärda-kränkning"
#: Graphviz's own names of nodes, edges and clusters, which must not reach a screen reader.
GRAPHVIZ_NAME = re.compile(r"^(cluster_|[a-z]+:|.*->)")


def _texts(g) -> list[str]:
    return ["".join(t.itertext()) for t in g.iter(f"{SVG}text")]


def _role_name(repo, step) -> str | None:
    return repo.roles[step.role].name if step.role else None


def test_numbers_are_the_step_list_s_and_events_have_none(repo):
    process = repo.processes[PID]
    numbers = step_numbers(process)
    kinds = {s.id: s.type.value for s in process.steps}
    assert {kinds[s] for s in numbers} <= {"task", "decision", "subprocess"}
    assert "väntan" not in numbers and "påminnelse" not in numbers  # events happen; nobody does them
    assert list(numbers.values()) == list(range(1, len(numbers) + 1))


def test_every_box_carries_its_step_number_in_both_diagrams(repo, renderer):
    process = repo.processes[PID]
    numbers = step_numbers(process)
    wide = parse(renderer.process_svg(repo, PID, href=href))
    narrow = parse(renderer.top_down_svg(repo, PID, href=href))
    for step in process.steps:
        for root, ident in ((wide, step_dom_id(PID, step.id)), (narrow, flow_dom_id(PID, step.id))):
            g = by_id(root, ident)
            assert g is not None, ident
            first = (_texts(g) or [""])[0]
            if step.id in numbers:
                assert first.startswith(f"{numbers[step.id]}. "), (ident, first)
            else:
                assert not re.match(r"^\d+\. ", first), (ident, first)


def test_the_narrow_flow_names_the_role_on_each_box_and_runs_downwards(repo, renderer):
    process = repo.processes[PID]
    root = parse(renderer.top_down_svg(repo, PID, href=href))
    assert not root.xpath("//*[starts-with(@id, 'lane-')]")  # no lanes
    for step in process.steps:
        role = _role_name(repo, step)
        if role:
            assert f"({role})" in _texts(by_id(root, flow_dom_id(PID, step.id))), step.id
    # the flow goes down: each step of the main path lies below the one before it
    path = ["start", "anmäl", "väntan", "allvarlig"]
    ys = [bbox(by_id(root, flow_dom_id(PID, s)))[1] for s in path]
    assert ys == sorted(ys)
    width = float(root.get("width").removesuffix("pt"))
    height = float(root.get("height").removesuffix("pt"))
    assert height > width


def test_links_come_in_step_order_named_by_the_step(repo, renderer):
    process = repo.processes[PID]
    numbers = step_numbers(process)
    for svg, dom_id in (
        (renderer.process_svg(repo, PID, href=href), step_dom_id),
        (renderer.top_down_svg(repo, PID, href=href), flow_dom_id),
    ):
        root = parse(svg)
        links = [a for a in root.iter(f"{SVG}a") if a.get(f"{XLINK}href")]
        owners = [a.getparent().getparent().get("id") for a in links]
        assert owners == step_order(repo, PID, dom_id)
        bare = {"samtal", "klart", "följ-upp"}  # untitled split, join, merge: no tab stop, not read out
        for step, a in zip(process.steps, links, strict=True):
            if step.id in bare:
                assert a.get("tabindex") == "-1" and a.get("aria-hidden") == "true"
                assert a.get("aria-label") is None
                continue
            assert a.get("tabindex") is None
            name = a.get("aria-label")
            assert a.get("role") == "link"
            assert step.label in name, name
            if step.id in numbers:
                assert name.startswith(f"{numbers[step.id]}. {step.label}")
            role = _role_name(repo, step)
            if role:
                assert name.endswith(f"({role})") or "Anropar" in name


def test_no_graphviz_name_is_left_as_a_title(repo, renderer):
    svgs = [
        renderer.process_svg(repo, PID, href=href),
        renderer.top_down_svg(repo, PID, href=href),
        renderer.map_svg(repo, href=href),
    ]
    for svg in svgs:
        titles = [t.text or "" for t in parse(svg).iter(f"{SVG}title")]
        assert titles
        assert not [t for t in titles if GRAPHVIZ_NAME.match(t)], titles


def test_lane_labels_copy_the_headers_at_the_same_scale_without_ids(repo, renderer):
    svg = renderer.process_svg(repo, PID, href=href)
    labels = parse(lane_labels_svg(svg))
    diagram = parse(svg)
    assert labels.get("aria-hidden") == "true" and labels.get("class") == "pm-lane-labels"
    assert labels.get("height") == diagram.get("height")
    width = float(labels.get("width").removesuffix("pt"))
    assert 0 < width < float(diagram.get("width").removesuffix("pt")) / 3
    # same units per point as the diagram: the viewBox is cut, not scaled
    assert float(labels.get("viewBox").split()[2]) == pytest.approx(width, abs=0.5)
    texts = " ".join("".join(t.itertext()) for t in labels.iter(f"{SVG}text"))
    for lane in ("Lärare", "Rektor", "Kurator"):
        assert lane in texts
    assert not [el for el in labels.iter() if isinstance(el.tag, str) and el.get("id")]
    assert not list(labels.iter(f"{SVG}a")) and not list(labels.iter(f"{SVG}title"))
    assert lane_labels_svg(renderer.top_down_svg(repo, PID, href=href)) == ""  # no lanes, no column
    # drawn at half size, the column is too
    half = parse(lane_labels_svg(arrange_svg(svg, scale=0.5)))
    assert half.get("viewBox") == labels.get("viewBox")
    assert float(half.get("width").removesuffix("pt")) == pytest.approx(width / 2, abs=0.3)
    assert float(half.get("height").removesuffix("pt")) == pytest.approx(
        float(diagram.get("height").removesuffix("pt")) / 2, abs=0.01
    )
