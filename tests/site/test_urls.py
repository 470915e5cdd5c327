"""The URL scheme: source paths, URLs and relative links."""

from __future__ import annotations

import pytest

from procmodel.site import urls
from procmodel.site.calendar_page import wheel_path
from procmodel.site.followup_urls import followup_unit_path, indicator_path, plan_path
from procmodel.site.unit_paths import unit_path

DIR = urls.Urls(directory_urls=True)
FLAT = urls.Urls(directory_urls=False)


@pytest.mark.parametrize(
    ("from_page", "to_page", "anchor", "expected"),
    [
        ("processer/a.md", "processer/b.md", None, "../b/"),
        ("processer/a.md", "roller/rektor.md", None, "../../roller/rektor/"),
        ("processer/a.md", "index.md", None, "../../"),
        ("index.md", "processer/a.md", "steg-x", "processer/a/#steg-x"),
        ("processer/a.md", "processer/a.md", "steg-x", "#steg-x"),
        ("processer/a.md", "mål/sl-6-10.md", None, "../../m%C3%A5l/sl-6-10/"),
        ("täckning.md", "processer/index.md", None, "../processer/"),
        ("processer/a.md", "assets/procmodel/procmodel.css", None, "../../assets/procmodel/procmodel.css"),
    ],
)
def test_relative_links_with_directory_urls(from_page, to_page, anchor, expected):
    assert DIR.link(from_page, to_page, anchor) == expected


def test_relative_links_without_directory_urls():
    assert FLAT.link("processer/a.md", "roller/rektor.md") == "../roller/rektor.html"
    assert FLAT.link("index.md", "processer/index.md") == "processer/index.html"


def test_anchor_is_percent_encoded():
    assert DIR.link("index.md", "processer/a.md", "steg-åtgärd") == "processer/a/#steg-%C3%A5tg%C3%A4rd"


def test_reserved_page_names_get_a_suffix():
    assert urls.process_path("index") == "processer/index-.md"
    assert urls.process_path("README") == "processer/README-.md"
    assert urls.process_path("kränkande-behandling") == "processer/kränkande-behandling.md"


def test_unit_wheel_and_followup_pages_of_a_reserved_id_get_the_same_suffix():
    assert unit_path("index") == "enheter/index-.md"
    assert wheel_path("Readme") == "årshjul/Readme-.md"
    assert followup_unit_path("index") == "uppföljning/enheter/index-.md"
    assert plan_path("index") == "uppföljning/arbetsplaner/index-.md"
    assert indicator_path("index") == "uppföljning/indikatorer/index-.md"
    assert plan_path("lillhagenskolan") == "uppföljning/arbetsplaner/lillhagenskolan.md"
