"""The process map and the red-thread diagram: nodes, links, areas and audience filters."""

from __future__ import annotations

from procmodel.render import goal_dom_id, process_dom_id, step_dom_id
from tests.render.conftest import SVG, XLINK, bbox, by_id, href, parse


def test_map_groups_processes_by_area_with_links(repo, renderer):
    root = parse(renderer.map_svg(repo, href=href))
    for pid, process in repo.processes.items():
        g = by_id(root, process_dom_id(pid))
        assert g.find(f".//{SVG}a").get(f"{XLINK}href") == f"/process/{pid}/"
        assert process.title in g.find(f"{SVG}title").text
        x0, y0, x1, y1 = bbox(g)
        ax0, ay0, ax1, ay1 = bbox(by_id(root, f"area-{process.area}"))
        assert ax0 <= x0 and x1 <= ax1 and ay0 <= y0 and y1 <= ay1
    assert by_id(root, "calls-åtgärda-kränkning-utredning") is not None
    # ledning above kärna above stöd
    assert bbox(by_id(root, "area-kärna"))[1] < bbox(by_id(root, "area-stöd"))[1]


def test_map_area_titles_are_nodes_left_of_their_processes(repo, renderer):
    """Titles are nodes, not cluster labels, so call arrows are routed around them."""
    root = parse(renderer.map_svg(repo, href=href))
    for area in {p.area for p in repo.processes.values()}:
        title = by_id(root, f"area-{area}-title")
        assert title is not None, area
        texts = title.findall(f"{SVG}text")
        assert texts and texts[0].get("text-anchor") == "start"  # flush left
        ax0, ay0, ax1, ay1 = bbox(by_id(root, f"area-{area}"))
        for text in texts:
            x, y = float(text.get("x")), float(text.get("y"))
            assert ax0 < x < ax1 and ay0 < y < ay1, area
            for process in (p for p in repo.processes.values() if p.area == area):
                assert x < bbox(by_id(root, process_dom_id(process.id)))[0], process.id


def test_public_map_has_no_staff_process(repo, renderer):
    public = {pid for pid, p in repo.processes.items() if p.audience.value == "public"}
    svg = renderer.map_svg(repo, href=href, processes=public)
    assert "utredning" not in svg.replace("åtgärda-kränkning", "")
    assert by_id(parse(svg), process_dom_id("åtgärda-kränkning")) is not None


def test_red_thread_from_statute_to_steps(repo, renderer):
    root = parse(renderer.red_thread_svg(repo, "sl-6-10", href=href))
    goal = by_id(root, goal_dom_id("sl-6-10"))
    assert goal.find(f".//{SVG}a").get(f"{XLINK}href") == "/goal/sl-6-10/"
    assert by_id(root, goal_dom_id("km-trygghet")) is not None  # municipal goal that supports it
    for pid, sid in [("åtgärda-kränkning", "anmäl"), ("utredning", "intervjua")]:
        step = by_id(root, step_dom_id(pid, sid))
        assert step.find(f".//{SVG}a").get(f"{XLINK}href") == f"/step/{pid}/{sid}/"
        assert by_id(root, process_dom_id(pid)) is not None
    # left to right: national goal, municipal goal, processes
    assert bbox(goal)[0] < bbox(by_id(root, goal_dom_id("km-trygghet")))[0]
    assert (
        bbox(by_id(root, goal_dom_id("km-trygghet")))[0] < bbox(by_id(root, process_dom_id("utredning")))[0]
    )


def test_red_thread_respects_the_audience(repo, renderer):
    svg = renderer.red_thread_svg(repo, "sl-6-10", href=href, processes={"åtgärda-kränkning"})
    assert "utredning" not in svg


def test_red_thread_of_unserved_goal_says_so(repo, renderer):
    assert "kopplade till målet" in renderer.red_thread_svg(repo, "sl-5", href=href)
    # a process that names the goal itself is on the thread even when no step does
    root = parse(renderer.red_thread_svg(repo, "sl-6-7", href=href))
    assert by_id(root, process_dom_id("åtgärda-kränkning")) is not None
    assert by_id(root, "serves-åtgärda-kränkning-sl-6-7") is not None
