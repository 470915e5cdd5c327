"""The words in the diagrams: the repository's language, or the one a build asks for."""

from __future__ import annotations

import dataclasses

from procmodel.i18n import artefacts_in
from procmodel.model import Status
from procmodel.render import Renderer
from procmodel.site.i18n import Words
from tests.render.conftest import parse

PID = "åtgärda-kränkning"
GOAL = "sl-6-10"


def _dots(renderer: Renderer, repo) -> str:
    return "\n".join(
        [renderer.process_dot(repo, PID), renderer.map_dot(repo), renderer.red_thread_dot(repo, GOAL)]
    )


def test_diagrams_speak_the_repository_language_swedish_by_default(repo) -> None:
    dots = _dots(Renderer("wasm"), repo)
    assert repo.config.language == "sv"
    for text in ('tooltip="Roll: Lärare"', "Anropar processen: ", 'tooltip="stöds av"', "Nationellt mål: "):
        assert text in dots
    for english in ("Role: ", "Calls the process", "supported by", "National goal"):
        assert english not in dots


def test_an_english_build_gets_english_tooltips_lane_headers_and_names(repo) -> None:
    renderer = Renderer("wasm")
    with artefacts_in("en"):
        dots = _dots(renderer, repo)
        svg = parse(renderer.process_svg(repo, PID))
        map_svg = parse(renderer.map_svg(repo))
        thread_svg = parse(renderer.red_thread_svg(repo, GOAL))
    for text in (
        'tooltip="Role: Lärare"',
        "Calls the process: ",
        'tooltip="supported by"',
        "National goal: ",
    ):
        assert text in dots
    for swedish in ("Roll: ", "Anropar", "stöds av", "Nationellt mål", "Kommunalt mål", "Tjänar"):
        assert swedish not in dots
    assert svg.get("aria-label").startswith("Process diagram: ")
    assert map_svg.get("aria-label") == f"Process map: {repo.config.name}"
    assert thread_svg.get("aria-label").startswith("Red thread: ")


def test_a_repository_configured_in_english_draws_in_english(repo) -> None:
    english = dataclasses.replace(repo, config=repo.config.model_copy(update={"language": "en"}))
    assert 'tooltip="Role: Lärare"' in Renderer("wasm").process_dot(english, PID)


def test_the_map_names_a_status_with_the_pages_word(repo) -> None:
    """One word per status: the map's '(Upphävd)' is the pages' status.retired."""
    process = repo.processes[PID]
    for status, lang in (("retired", "sv"), ("draft", "sv"), ("retired", "en"), ("review", "en")):
        changed = process.model_copy(update={"status": Status(status)})
        view = dataclasses.replace(repo, processes={**repo.processes, PID: changed})
        with artefacts_in(lang):
            dot = Renderer("wasm").map_dot(view)
        assert f"({Words(lang)('status.' + status)})" in dot
    assert Words("sv")("status.retired") == "Upphävd"
