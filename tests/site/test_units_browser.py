"""The unit pages and the likvärdighet page of the example library in headless Chromium, for
both audiences, on a desktop (1366×900) and a phone (390×844)."""

from __future__ import annotations

from urllib.parse import quote, unquote

import pytest

from procmodel import load_repository
from procmodel.site.unit_page import unit_path

from .site_helpers import AXE, EXAMPLE
from .test_browser import AXE_RUN

pytestmark = pytest.mark.browser

DESKTOP, PHONE = (1366, 900), (390, 844)
STAFF_ONLY = "beredskap-vid-våld@norrbyskolan"  # a variant of a staff-only central process
PUBLIC = "frånvarohantering@ekbackegymnasiet"


def url_of(server, path: str) -> str:
    return server.url + quote(path)


def open_page(browser, server, path: str, viewport: tuple[int, int], js: bool = True):
    context = browser.new_context(
        viewport={"width": viewport[0], "height": viewport[1]}, locale="sv-SE", java_script_enabled=js
    )
    page = context.new_page()
    response = page.goto(url_of(server, path))
    return context, page, response


def matrix_links(page) -> list[str]:
    hrefs = page.locator("table.pm-likv tbody a").evaluate_all("els => els.map(e => e.href)")
    return [unquote(h) for h in hrefs]


@pytest.mark.parametrize("site", ["example_server", "example_staff_server"])
def test_every_unit_has_a_page_and_the_likvärdighet_page_lists_them(browser, request, site):
    server = request.getfixturevalue(site)
    units = load_repository(EXAMPLE).units
    context, page, _ = open_page(browser, server, "likvärdighet/", DESKTOP)
    try:
        names = page.locator("table.pm-likv tbody th").all_inner_texts()
        assert names == [u.name for u in units.values()]
        for unit in units.values():
            response = page.goto(url_of(server, unit_path(unit.id).removesuffix(".md") + "/"))
            assert response is not None and response.status == 200, unit.id
            assert page.locator("h1").inner_text().rstrip("¶") == f"Så gör vi på {unit.name}"
            assert page.locator(".pm-unit-coverage").inner_text().startswith("Vi arbetar mot ")
    finally:
        context.close()


def test_a_staff_only_variant_is_in_the_staff_build_only(browser, example_server, example_staff_server):
    seen = {}
    for name, server in (("public", example_server), ("staff", example_staff_server)):
        context, page, _ = open_page(browser, server, "likvärdighet/", DESKTOP)
        try:
            seen[name] = " ".join(matrix_links(page))
            norrby = page.goto(url_of(server, "enheter/norrbyskolan/"))
            assert norrby is not None and norrby.status == 200
            seen[name + "-unit"] = page.content()
            variant = page.goto(url_of(server, f"processer/{STAFF_ONLY}/"))
            seen[name + "-status"] = variant.status if variant is not None else 0
        finally:
            context.close()
    assert f"processer/{STAFF_ONLY}/" in seen["staff"] and f"processer/{STAFF_ONLY}/" not in seen["public"]
    assert f"processer/{PUBLIC}/" in seen["public"]
    assert "Beredskapsplan" in seen["staff-unit"] and "Beredskapsplan" not in seen["public-unit"]
    assert seen["staff-status"] == 200 and seen["public-status"] == 404


@pytest.mark.parametrize("site", ["example_server", "example_staff_server"])
def test_on_a_phone_the_matrix_scrolls_inside_its_box_with_the_units_in_view(browser, request, site):
    context, page, _ = open_page(browser, request.getfixturevalue(site), "likvärdighet/", PHONE)
    try:
        assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE[0]  # no sideways page
        wrap = page.locator(".pm-likv-wrap").first
        assert wrap.evaluate("e => e.scrollWidth > e.clientWidth")  # the table is wider: it scrolls
        first = page.locator("table.pm-likv tbody th").first
        before = first.bounding_box()
        wrap.evaluate("e => { e.scrollLeft = 400; }")
        page.wait_for_function("() => document.querySelector('.pm-likv-wrap').scrollLeft > 0")
        after = first.bounding_box()
        assert before is not None and after is not None and abs(after["x"] - before["x"]) < 1  # sticky
        assert page.evaluate("() => window.scrollX") == 0
    finally:
        context.close()


def test_the_headers_sort_the_rows_and_the_table_works_without_the_script(browser, example_staff_server):
    context, page, _ = open_page(browser, example_staff_server, "likvärdighet/", DESKTOP)
    try:
        rows = page.locator("table.pm-likv tbody tr")
        served = "els => els.map(e => e.children[2].dataset.sort)"
        header = page.locator("table.pm-likv thead th").nth(2)
        header.locator("button.pm-sort").click()
        assert header.get_attribute("aria-sort") == "ascending"
        ascending = rows.evaluate_all(served)
        assert ascending == sorted(ascending, key=float) and len(set(ascending)) > 1
        header.locator("button.pm-sort").click()
        assert header.get_attribute("aria-sort") == "descending"
        assert rows.evaluate_all(served) == sorted(ascending, key=float, reverse=True)
        name = page.locator("table.pm-likv thead th").first.locator("button.pm-sort")
        assert name.get_attribute("aria-label") == "Sortera efter Enhet"
        assert page.locator(".pm-sort-hint").first.is_visible()  # "click a heading" only when it works
    finally:
        context.close()
    context, page, _ = open_page(browser, example_staff_server, "likvärdighet/", PHONE, js=False)
    try:
        assert page.locator("button.pm-sort").count() == 0
        assert not page.locator(".pm-sort-hint").first.is_visible()
        names = page.locator("table.pm-likv tbody th").all_inner_texts()
        assert names == [u.name for u in load_repository(EXAMPLE).units.values()]
        assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE[0]
    finally:
        context.close()


@pytest.mark.parametrize("path", ["likvärdighet/", "enheter/lillhagenskolan/"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE])
def test_axe_finds_nothing_serious_on_the_unit_and_likvärdighet_pages(
    browser, example_server, path, viewport
):
    if not AXE.exists():
        pytest.skip("axe-core is not installed (npm install --prefix tests/node)")
    context, page, _ = open_page(browser, example_server, path, viewport)
    try:
        page.add_script_tag(path=str(AXE))
        assert page.evaluate(AXE_RUN) == []
    finally:
        context.close()
