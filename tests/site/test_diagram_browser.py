"""Process diagrams in headless Chromium on a phone (390×844) and a desktop (1366×900), on the
built example site: the narrow flow fits, its numbers are the step list's, the first step is on
the first screen, lane names stay in view, and a keyboard meets the steps in order by name."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from procmodel import load_repository
from procmodel.model import StepType
from procmodel.numbering import step_numbers

from .site_helpers import EXAMPLE

pytestmark = pytest.mark.browser

PID = "särskilt-stöd"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}

MARKERS = {StepType.merge, StepType.join, StepType.parallel}
#: The diagram the reader sees (the other one is display: none).
VISIBLE = "[...document.querySelectorAll('.pm-diagram__scroll')].filter(e => e.offsetParent !== null)"


@pytest.fixture(scope="module")
def process():
    if not list(EXAMPLE.rglob(f"{PID}.yaml")):
        pytest.skip(f"no {PID} process in the example library")
    repo = load_repository(EXAMPLE)
    return repo, repo.processes[PID]


def _open(browser, server, viewport):
    context = browser.new_context(viewport=viewport, locale="sv-SE")
    page = context.new_page()
    page.goto(server.url + quote(f"processer/{PID}/"))
    return context, page


def _names(repo, process) -> list[str]:
    """The accessible name of each step's box, in step order: number, title, role."""
    numbers = step_numbers(process)
    out = []
    for s in process.steps:
        if s.type in MARKERS and not s.title:
            continue  # a bare split or join is no tab stop
        role = repo.roles[s.role].name if s.role else None
        name = (f"{numbers[s.id]}. " if s.id in numbers else "") + s.label + (f" ({role})" if role else "")
        out.append(name)
    return out


def _numbers_in_diagram(page) -> dict[str, str]:
    """Step id → the first line of text of its box in the visible diagram."""
    return page.evaluate(
        f"""pid => {{
        const [box] = {VISIBLE};
        const out = {{}};
        for (const a of box.querySelectorAll('svg a[role=link]')) {{
          const text = a.querySelector('text');
          const sid = a.closest('g.node').id.replace('step-' + pid + '-', '').replace(/-flow$/, '');
          out[sid] = text ? text.textContent : '';
        }}
        return out;
      }}""",
        PID,
    )


def _numbers_in_list(page) -> dict[str, str]:
    """Step id → its number in the step list ("" for a step without one)."""
    return page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('ol.pm-steps > li > h3')].map(
          h => [h.id.replace(/^steg-/, ''),
                (h.querySelector('.pm-step__no') || {textContent: ''}).textContent]))"""
    )


def _assert_numbers_match(page) -> None:
    diagram, listed = _numbers_in_diagram(page), _numbers_in_list(page)
    checked = 0
    for sid, number in listed.items():
        if number:
            assert diagram[sid].startswith(number + " "), (sid, number, diagram[sid])
            checked += 1
        else:
            assert not diagram[sid][:1].isdigit(), (sid, diagram[sid])
    assert checked == len([n for n in listed.values() if n]) > 10


def test_on_a_phone_the_flow_reads_top_to_bottom_within_one_screen_sideways(browser, example_server, process):
    context, page = _open(browser, example_server, PHONE)
    try:
        sizes = page.evaluate(
            f"() => {VISIBLE}.map(e => [e.className, e.scrollWidth, e.clientWidth, e.scrollHeight])"
        )
        assert len(sizes) == 1, sizes
        cls, scroll_width, client_width, height = sizes[0]
        assert "pm-diagram__narrow" in cls
        assert scroll_width <= 2 * client_width, sizes
        assert height > 2 * scroll_width  # it runs down the page
        _assert_numbers_match(page)
        # the first step is on the first screen below the diagram's heading
        got = page.evaluate(
            f"""() => {{
            const heading = document.getElementById('flodet');
            const header = document.querySelector('.md-header').getBoundingClientRect().height;
            window.scrollTo(0, heading.getBoundingClientRect().top + window.scrollY - header);
            const [box] = {VISIBLE};
            const first = [...box.querySelectorAll('svg a[role=link]')].find(
              a => /^1\\. /.test(a.getAttribute('aria-label')));
            const r = first.getBoundingClientRect(), h = heading.getBoundingClientRect(),
                  c = box.getBoundingClientRect();
            return {{top: r.top, bottom: r.bottom, left: r.left, right: r.right, headingBottom: h.bottom,
                     boxLeft: c.left, boxRight: c.right, height: window.innerHeight}};
          }}"""
        )
        assert got["headingBottom"] <= got["top"] and got["bottom"] <= got["height"], got
        assert got["boxLeft"] <= got["left"] and got["right"] <= got["boxRight"], got
    finally:
        context.close()


def test_on_a_desktop_the_swimlanes_are_numbered_and_keep_their_lane_names_in_view(
    browser, example_server, process
):
    context, page = _open(browser, example_server, DESKTOP)
    try:
        cls = page.evaluate(f"() => {VISIBLE}.map(e => e.className)")
        assert len(cls) == 1 and "pm-diagram__wide" in cls[0]
        _assert_numbers_match(page)
        for scroll in (0, 1500, 4000):
            got = page.evaluate(
                f"""s => {{
                const [box] = {VISIBLE};
                box.scrollLeft = s;
                const labels = box.querySelector('svg.pm-lane-labels').getBoundingClientRect();
                const lane = box.querySelector('[id$="-1-header"]').getBoundingClientRect();
                const left = box.getBoundingClientRect().left;
                return [box.scrollLeft, labels.left, labels.width, left, lane.left];
              }}""",
                scroll,
            )
            scrolled, labels_left, labels_width, box_left, lane_left = got
            assert abs(labels_left - box_left) <= 2, got  # the lane names stay at the left edge
            assert 100 < labels_width < 400
            if scrolled > labels_width:
                assert lane_left < box_left  # ... while the diagram's own headers scroll away
        text = page.locator(".pm-lane-labels").first.text_content()
        assert "Lärare" in text and "Rektor" in text
    finally:
        context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_keyboard_can_skip_the_diagram_or_meet_its_steps_in_order_by_name(
    browser, example_server, process, viewport
):
    repo, p = process
    context, page = _open(browser, example_server, viewport)
    try:
        skip = page.locator(".pm-skip a")
        assert skip.text_content() == "Hoppa över diagrammet"
        assert skip.get_attribute("href") == "#steg"
        # the skip link is the first tab stop of the diagram's section, before any step of it
        page.locator("#flodet").evaluate("h => { h.tabIndex = -1; h.focus(); }")
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.closest('#flodet') !== null"):
            page.keyboard.press("Tab")  # past the heading's own permalink
        assert page.evaluate("() => document.activeElement.closest('.pm-skip') !== null")
        page.keyboard.press("Tab")  # the scrolling box, so the arrow keys can scroll it
        assert page.evaluate("() => document.activeElement.classList.contains('pm-diagram__scroll')")
        names = []
        for _ in range(len(p.steps) + 2):
            page.keyboard.press("Tab")
            inside = page.evaluate(f"() => {VISIBLE}[0].contains(document.activeElement)")
            if not inside:
                break
            names.append(page.evaluate("() => document.activeElement.getAttribute('aria-label')"))
        expected = _names(repo, p)
        assert len(names) == len(expected), names
        for name, want in zip(names, expected, strict=True):
            # a box that calls a process says which, after the step's own name
            assert name == want or name.startswith(want + ". "), (name, want)
        # the names the browser computes are the step titles, not Graphviz's ids
        box = page.locator(".pm-diagram__narrow" if viewport is PHONE else ".pm-diagram__wide")
        for name in names[:3]:
            assert box.get_by_role("link", name=name, exact=True).count() == 1, name
        assert box.get_by_text("cluster_lane_0").count() == 0
        # and Enter on the skip link goes to the step list
        skip.focus()
        page.keyboard.press("Enter")
        page.wait_for_function("() => location.hash === '#steg'")
    finally:
        context.close()
