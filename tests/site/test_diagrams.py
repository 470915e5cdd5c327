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
