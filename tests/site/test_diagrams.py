"""The diagram layer fails loudly: a bug breaks the build, a diagram Graphviz cannot draw fails --strict.

These plant the faults the review used to show that a broken diagram pipeline passed every
check: the link callback raising, and the renderer refusing every diagram.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from procmodel import load_repository
from procmodel.render import Renderer, RenderError
from procmodel.site import generate_site, urls
from procmodel.site.build import SiteError
from procmodel.site.diagrams import Diagrams
from procmodel.site.search_index import INDEX_DIR

from .site_helpers import BASIC, build


class PlantedBug(Exception):
    """Stands for any programming error in the diagram code."""


def _raise_bug(*args: object, **kwargs: object) -> str:
    raise PlantedBug("planted bug in the diagram link code")


def _refuse(self: Renderer, dot: str, title: str) -> str:
    raise RenderError("planted: Graphviz could not draw this diagram")


def test_every_process_diagram_is_drawn_and_none_dropped(tmp_path: Path) -> None:
    repo = load_repository(BASIC)
    drawn = Diagrams(cache_dir=tmp_path)
    site = generate_site(repo, audience="staff", diagrams=drawn)
    assert drawn.dropped == []
    for pid in repo.processes:
        assert "<svg" in site.files[f"processer/{pid}.md"], pid


def test_a_bug_in_the_link_code_fails_the_page_generator(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(urls, "listed_step", _raise_bug)
    with pytest.raises(PlantedBug):
        generate_site(load_repository(BASIC), diagrams=Diagrams(cache_dir=tmp_path))


def test_a_bug_in_the_link_code_fails_the_build(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(urls, "listed_step", _raise_bug)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    with pytest.raises(PlantedBug):
        build(BASIC, tmp_path / "site")


def test_a_diagram_graphviz_cannot_draw_is_dropped_and_named(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(Renderer, "svg", _refuse)
    dropping = Diagrams(cache_dir=tmp_path)
    site = generate_site(load_repository(BASIC), audience="public", diagrams=dropping)
    assert "<svg" not in site.files["processer/anmälan.md"]
    assert dropping.dropped and all("planted: Graphviz could not draw" in d for d in dropping.dropped)


def test_a_dropped_diagram_fails_the_strict_build(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(Renderer, "svg", _refuse)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    with pytest.raises(SiteError, match="strict"):
        build(BASIC, tmp_path / "site")  # build() is strict, as `procmodel build --strict`


def test_deferred_diagrams_are_placeholders_that_insert_gives_back_the_same_pages(tmp_path: Path) -> None:
    repo = load_repository(BASIC)
    inline = generate_site(repo, audience="staff", diagrams=Diagrams(cache_dir=tmp_path))
    deferred = Diagrams(cache_dir=tmp_path, defer=True)
    placed = generate_site(repo, audience="staff", diagrams=deferred)
    assert placed.files.keys() == inline.files.keys()
    with_diagram = [
        p
        for p, text in inline.files.items()
        if p.endswith(".md") and isinstance(text, str) and "<svg" in text
    ]
    assert "index.md" in with_diagram and len(with_diagram) > len(repo.processes)  # map, processes, goals
    for path in with_diagram:
        markdown = placed.files[path]
        assert isinstance(markdown, str)
        assert "<svg" not in markdown and "<!--procmodel-diagram " in markdown, path
        assert deferred.insert(markdown) == inline.files[path], path


def test_a_forged_placeholder_is_left_as_it_is(tmp_path: Path) -> None:
    deferred = Diagrams(cache_dir=tmp_path, defer=True)
    generate_site(load_repository(BASIC), diagrams=deferred)
    forged = "<p><!--procmodel-diagram 0123456789abcdef 0--></p>"
    assert deferred.insert(forged) == forged


def test_the_built_pages_hold_the_diagrams_and_no_placeholder(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    site = build(BASIC, tmp_path / "site")
    page = (site / "processer" / "anmälan" / "index.html").read_text(encoding="utf-8")
    assert '<figure class="pm-diagram pm-diagram--process"' in page
    assert page.count("<svg") >= 1 and "procmodel-diagram" not in page
    assert "procmodel-diagram" not in (site / "index.html").read_text(encoding="utf-8")
    # the search index (Pagefind, built from the finished pages) saw no placeholder either
    assert (site / INDEX_DIR).is_dir()
    assert not any(
        b"procmodel-diagram" in p.read_bytes() for p in (site / INDEX_DIR).rglob("*") if p.is_file()
    )
