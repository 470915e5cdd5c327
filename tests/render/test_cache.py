"""The content-hash cache: an unchanged diagram is never rendered twice."""

from __future__ import annotations

import pytest

from procmodel.render import Renderer
from tests.render.conftest import ENGINES, href


@pytest.mark.parametrize("engine", ENGINES)
def test_second_render_renders_nothing(repo, tmp_path, engine):
    first = Renderer(engine, cache_dir=tmp_path)
    svgs = [first.process_svg(repo, pid, href=href) for pid in sorted(repo.processes)]
    svgs.append(first.map_svg(repo, href=href))
    assert (first.stats.misses, first.stats.hits) == (3, 0)
    second = Renderer(engine, cache_dir=tmp_path)
    again = [second.process_svg(repo, pid, href=href) for pid in sorted(repo.processes)]
    again.append(second.map_svg(repo, href=href))
    assert (second.stats.misses, second.stats.hits) == (0, 3)
    assert again == svgs
    # a change in the DOT (here: other links) is a miss
    second.process_svg(repo, "utredning", href=lambda k, i: f"../{k}/{i}.html")
    assert second.stats.misses == 1


def test_engines_are_cached_apart(repo, tmp_path):
    dot = Renderer(use_cache=False).process_dot(repo, "utredning")
    wasm = Renderer("wasm", cache_dir=tmp_path)
    wasm.render(dot)
    auto = Renderer("auto", cache_dir=tmp_path)
    auto.render(dot)
    assert auto.stats.hits == (1 if auto.engine == "wasm" or not _has_dot() else 0)


def test_no_cache_stores_nothing(repo, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = Renderer("wasm", use_cache=False)
    r.process_svg(repo, "utredning")
    r.process_svg(repo, "utredning")
    assert r.stats.misses == 2 and not (tmp_path / ".procmodel-cache").exists()


def _has_dot() -> bool:
    import shutil

    return shutil.which("dot") is not None
