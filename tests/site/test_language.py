"""An English site: page furniture and diagrams in English, the process files' own text untouched."""

from __future__ import annotations

import pytest

from procmodel import load_repository
from procmodel.site.diagrams import Diagrams
from procmodel.site.pages import generate_site

from .site_helpers import BASIC


@pytest.fixture(scope="module")
def sites():
    repo = load_repository(BASIC)
    diagrams = Diagrams(enabled=True, engine="wasm")
    return {
        lang: generate_site(repo, audience="staff", lang=lang, diagrams=diagrams) for lang in ("sv", "en")
    }


def test_english_site_has_english_diagram_words(sites) -> None:
    en, sv = sites["en"].files, sites["sv"].files
    process = en["processer/anmälan.md"]
    assert "<svg" in process
    assert "Role: " in process and "Roll: " not in process
    assert 'aria-label="Process map: ' in en["index.md"]
    assert 'aria-label="Processkarta: ' in sv["index.md"]
    assert "Roll: " in sv["processer/anmälan.md"]


def test_one_word_for_a_retired_or_draft_status_on_map_and_pages(sites) -> None:
    """The map's status word is the pages' word ('Utkast' for a draft, in both places)."""
    sv_start = sites["sv"].files["index.md"]
    assert "(Utkast)" in sv_start
    assert "(Draft)" in sites["en"].files["index.md"]


def test_the_build_leaves_the_repository_language_as_it_was(sites) -> None:
    from procmodel.i18n import artefact_language

    assert artefact_language("sv") == "sv"
