"""The content-hash cache: an unchanged diagram is never rendered twice."""

from __future__ import annotations

import os
import time

import pytest

from procmodel.render import Renderer
from procmodel.render.cache import KEEP_DAYS, DiagramCache
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


def _aged(path, days):
    old = time.time() - days * 24 * 3600
    os.utime(path, (old, old))


def test_an_entry_read_is_marked_as_used(tmp_path):
    cache = DiagramCache(tmp_path)
    cache.put("ab" + "0" * 62, "svg", b"<svg/>")
    entry = tmp_path / "ab" / ("ab" + "0" * 62 + ".svg")
    _aged(entry, 100)
    assert cache.get("ab" + "0" * 62, "svg") == b"<svg/>"
    assert entry.stat().st_mtime > time.time() - 60


def test_entries_unused_for_long_are_pruned_once_a_day_and_nothing_else(tmp_path):
    old, new = "aa" + "1" * 62, "bb" + "2" * 62
    cache = DiagramCache(tmp_path)
    cache.put(old, "svg", b"old")
    cache.put(new, "svg", b"new")
    _aged(tmp_path / "aa" / f"{old}.svg", KEEP_DAYS + 1)
    (tmp_path / "check").mkdir()
    (tmp_path / "check" / "report.json").write_text("{}")
    (tmp_path / "cache-key").write_text("secret")
    (tmp_path / "zz").mkdir()
    (tmp_path / "zz" / "notes.txt").write_text("not an entry")
    _aged(tmp_path / "check" / "report.json", KEEP_DAYS + 1)
    _aged(tmp_path / "cache-key", KEEP_DAYS + 1)
    _aged(tmp_path / "zz" / "notes.txt", KEEP_DAYS + 1)

    later = time.time() + 2 * 24 * 3600  # the prune the first store made is a day old
    assert DiagramCache(tmp_path).prune(later) == 1
    assert cache.get(old, "svg") is None and cache.get(new, "svg") == b"new"
    assert (tmp_path / "check" / "report.json").exists() and (tmp_path / "cache-key").exists()
    assert (tmp_path / "zz" / "notes.txt").exists()
    cache.put(old, "svg", b"old")
    _aged(tmp_path / "aa" / f"{old}.svg", KEEP_DAYS + 1)
    assert DiagramCache(tmp_path).prune(later + 3600) == 0  # pruned less than a day before


def test_the_first_store_of_a_run_prunes(tmp_path):
    stale = "cc" + "3" * 62
    DiagramCache(tmp_path).put(stale, "svg", b"x")
    _aged(tmp_path / "cc" / f"{stale}.svg", KEEP_DAYS + 1)
    _aged(tmp_path / ".diagrams-pruned", 2)
    DiagramCache(tmp_path).put("dd" + "4" * 62, "svg", b"y")
    assert not (tmp_path / "cc" / f"{stale}.svg").exists()


def test_a_cache_folder_procmodel_makes_ignores_itself_and_a_folder_of_yours_is_left_alone(tmp_path):
    made, ours, yours = tmp_path / "new" / "diagrams", tmp_path / ".procmodel-cache", tmp_path / "mine"
    ours.mkdir()  # an older render made it without a .gitignore
    yours.mkdir()
    (yours / "notes.txt").write_text("mine", encoding="utf-8")
    for folder in (made, ours, yours):
        DiagramCache(folder).put("ab" * 32, "svg", b"<svg/>")
        assert (folder / "ab" / f"{'ab' * 32}.svg").read_bytes() == b"<svg/>"
    assert (made / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    assert (ours / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    assert not (yours / ".gitignore").exists()
