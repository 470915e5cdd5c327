"""The follow-up and the annual wheel in headless Chromium, on a desktop and a phone: the matrix
(with its filters), a chart with its table, a unit's work plan and the annual wheel, in a real
MkDocs build of the example library. Screenshots go to ``$PROCMODEL_SCREENSHOTS`` when it is set."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote

import icalendar
import pytest

from procmodel import load_repository

from .site_helpers import AXE, EXAMPLE
from .test_browser import AXE_RUN

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": (1366, 900), "phone": (390, 844)}
PAGES = {
    "matrix": "uppföljning/matris-2026-vt/",
    "chart": "mål/km-ökad-närvaro/",
    "plan": "uppföljning/arbetsplaner/norrbyskolan/",
    "wheel": "årshjul/",
}


@pytest.fixture(params=list(VIEWPORTS))
def sized(request, browser):
    width, height = VIEWPORTS[request.param]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="sv-SE")
    page = context.new_page()
    try:
        yield request.param, page
    finally:
        context.close()


def _open(page, server, name: str, size: str, tmp_path: Path) -> None:
    response = page.goto(server.url + quote(PAGES[name]))
    assert response is not None and response.ok
    page.wait_for_load_state("load")
    # the body never scrolls sideways (a wide table scrolls inside its own box)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shots = Path(os.environ.get("PROCMODEL_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / f"{name}-{size}.png"), full_page=True)


def test_the_matrix_shows_levels_as_text_and_filters_rows(sized, example_server, tmp_path):
    size, page = sized
    _open(page, example_server, "matrix", size, tmp_path)
    table = page.locator("table.pm-followup-matrix")
    assert table.is_visible()
    rows = table.locator("tbody tr")
    assert rows.count() >= 4
    cell = table.locator("tbody tr[data-unit='norrbyskolan'] td.pm-level a").first
    assert cell.locator(".pm-level__value").inner_text().strip() in {"1", "2", "3", "4"}
    assert cell.locator(".pm-level__label").inner_text().strip()
    # the script shows the filters; choosing a school form hides the units without it
    form = page.locator("form.pm-filter")
    assert form.is_visible()
    form.locator("select[data-filter='skolform']").select_option("gymnasieskola")
    visible = [r for r in rows.evaluate_all("rs => rs.filter(r => !r.hidden).map(r => r.dataset.unit)")]
    units = load_repository(EXAMPLE).units
    listed = rows.evaluate_all("rs => rs.map(r => r.dataset.unit)")
    assert visible == [u for u in listed if "gymnasieskola" in units[u].skolformer]
    assert "ekbackegymnasiet" in visible and "norrbyskolan" not in visible
    form.locator("select[data-filter='skolform']").select_option("")
    assert rows.evaluate_all("rs => rs.filter(r => !r.hidden).length") == rows.count()
    # a cell leads to the unit's assessment of that goal, with its evidence
    href = cell.get_attribute("href")
    assert href is not None and "#2026-vt~" in href
    cell.click()
    page.wait_for_load_state("load")
    target = page.locator("section.pm-assessment:target")
    assert target.count() == 1 and target.is_visible()


def test_a_chart_has_its_values_in_a_table(sized, example_server, tmp_path):
    size, page = sized
    _open(page, example_server, "chart", size, tmp_path)
    figure = page.locator("figure.pm-chart").first
    img = figure.locator("img")
    img.scroll_into_view_if_needed()
    page.wait_for_function("i => i.complete && i.naturalWidth > 0", arg=img.element_handle())
    assert img.get_attribute("alt", timeout=1000).startswith("Linjediagram")
    box = img.bounding_box()
    assert box is not None and box["width"] <= VIEWPORTS[size][0]
    figure.locator("details summary").click()
    table = figure.locator("details table")
    assert table.is_visible()
    assert table.locator("tbody tr").count() >= 2
    assert "Exempelkommunen, alla enheter" in table.inner_text()
    shots = Path(os.environ.get("PROCMODEL_SCREENSHOTS") or tmp_path)
    figure.screenshot(path=str(shots / f"chart-table-{size}.png"))


def test_a_units_work_plan_shows_who_does_what_by_when(sized, example_server, tmp_path):
    size, page = sized
    _open(page, example_server, "plan", size, tmp_path)
    activities = page.locator("li.pm-activity")
    assert activities.count() >= 5
    overdue = page.locator("li.pm-activity--overdue")
    assert overdue.count() >= 1 and "försenad" in overdue.first.inner_text()
    assert page.locator("li.pm-activity time").first.get_attribute("datetime")


def test_the_annual_wheel_has_twelve_months_and_a_calendar_file(sized, example_server, tmp_path):
    size, page = sized
    _open(page, example_server, "wheel", size, tmp_path)
    months = page.locator("section.pm-wheel-month")
    assert months.count() == 12
    assert page.locator("section.pm-wheel-month--now").count() == 1
    assert page.locator("li.pm-wheel-event").count() >= 15
    href = page.locator("a.pm-wheel-ics").get_attribute("href")
    assert href is not None
    response = page.request.get(page.url + href)
    assert response.ok
    cal = icalendar.Calendar.from_ical(response.body())
    assert len(list(cal.walk("VEVENT"))) >= 15


@pytest.mark.parametrize("name", list(PAGES))
def test_axe_finds_no_serious_or_critical_violations(sized, example_server, name):
    if not AXE.exists():
        pytest.skip("axe-core is not installed (npm install --prefix tests/node)")
    _size, page = sized
    page.goto(example_server.url + quote(PAGES[name]))
    page.add_script_tag(path=str(AXE))
    assert page.evaluate(AXE_RUN) == []
