"""The site's search boxes in headless Chromium: the header dialog (keys / and s), the start
page's question box, the results page and what it shows when nothing is found."""

from __future__ import annotations

import gzip
from urllib.parse import quote, unquote

import pytest

from procmodel import load_repository

from .site_helpers import EXAMPLE

pytestmark = pytest.mark.browser


def url_of(server, path: str) -> str:
    return server.url + quote(path)


def wait_for_results(page, query: str, scope: str = "") -> list[str]:
    page.wait_for_function(
        "([q, s]) => document.querySelector(s + '[data-pm-results], ' + s + ' .pm-results')"
        "?.dataset.query === q",
        arg=[query, scope],
        timeout=15_000,
    )
    hrefs = page.locator(f"{scope} .pm-hit__title").evaluate_all("els => els.map(e => e.href)")
    return [unquote(h) for h in hrefs]


@pytest.mark.parametrize("key", ["/", "s"])
def test_header_search_opens_with_a_key_and_links_the_best_step(page, example_server, key):
    page.goto(url_of(example_server, "processer/frånvarohantering/"))
    page.keyboard.press(key)
    dialog = page.locator("dialog.pm-search-dialog")
    assert dialog.is_visible() and dialog.get_attribute("aria-label") == "Sök"
    page.keyboard.type("min dotter blir mobbad", delay=5)
    hits = wait_for_results(page, "min dotter blir mobbad", "dialog.pm-search-dialog")
    assert hits[0].endswith("/processer/kränkande-behandling/")
    first = dialog.locator(".pm-hit").first
    assert "Hur gör vi när" in first.locator(".pm-hit__question").inner_text()
    step = first.locator(".pm-hit__step-link").get_attribute("href")
    assert "#steg-" in unquote(step)
    assert first.locator(".pm-hit__excerpt mark").count() >= 1
    page.keyboard.press("Escape")
    assert not dialog.is_visible()


def test_typing_s_in_a_box_does_not_open_the_dialog(page, example_server):
    page.goto(example_server.url)
    page.locator("#pm-ask-q").type("skolk", delay=5)
    assert page.locator("dialog.pm-search-dialog").count() == 0


def test_start_page_box_shows_results_and_enter_opens_the_results_page(page, example_server):
    page.goto(example_server.url)
    box = page.locator("#pm-ask-q")
    box.type("skolkade", delay=5)
    assert wait_for_results(page, "skolkade")[0].endswith("/processer/frånvarohantering/")
    box.press("Enter")
    page.wait_for_url("**/s%C3%B6k/?q=skolkade")
    assert wait_for_results(page, "skolkade")[0].endswith("/processer/frånvarohantering/")
    assert page.locator("#pm-results-q").input_value() == "skolkade"
    assert page.locator("[data-pm-no-answer]").is_hidden()


def test_no_answer_shows_common_questions_the_a_to_z_list_and_who_to_ask(page, example_server):
    repo = load_repository(EXAMPLE)
    page.goto(url_of(example_server, "sök/") + "?q=" + quote("xyzzy kvastskaft"))
    assert wait_for_results(page, "xyzzy kvastskaft") == []
    assert "Ingen process svarar på" in page.locator("[data-pm-status]").inner_text()
    block = page.locator("[data-pm-no-answer]")
    assert block.is_visible()
    assert block.locator(".pm-questions li").count() >= 3
    public = sorted(p.title for p in repo.processes.values() if p.audience.value == "public")
    listed = block.locator(".pm-a-z li").all_inner_texts()
    assert sorted(listed) == public
    contact = repo.config.contact
    assert contact is not None and contact.name in block.locator(".pm-contact").inner_text()


def test_public_index_holds_no_staff_only_page(example_site):
    repo = load_repository(EXAMPLE)
    staff = [p for p in repo.processes.values() if p.audience.value == "staff"]
    assert staff
    fragments = list((example_site / "pagefind" / "fragment").glob("*.pf_fragment"))
    assert fragments
    text = "\n".join(gzip.decompress(f.read_bytes()).decode("utf-8", "replace") for f in fragments)
    assert "/processer/kränkande-behandling/" in text
    leaks = [p.id for p in staff if f"/processer/{p.id}/" in text or f"{p.title}." in text]
    assert leaks == []
    shown = [u for u in ("/täckning/", "/granskning/", "/sök/", "/") if f'"url":"{u}"' in text]
    assert shown == []


def test_english_site_searches_in_english(browser, tmp_path):
    from .site_helpers import BASIC, SiteServer, build

    site = build(BASIC, tmp_path / "site", "public", lang="en")
    server = SiteServer(site)
    page = browser.new_page()
    try:
        page.goto(server.url)
        page.keyboard.press("/")
        assert page.locator("dialog.pm-search-dialog").get_attribute("aria-label") == "Search"
        page.keyboard.type("kränkning", delay=5)
        hits = wait_for_results(page, "kränkning", "dialog.pm-search-dialog")
        assert hits[0].endswith("/processer/anmälan/")
    finally:
        page.close()
        server.close()
