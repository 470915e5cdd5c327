"""The preview's rebuild session, in process: what holds a build back, and memory over many rebuilds."""

from __future__ import annotations

import gc
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from procmodel.site.build import prepared
from procmodel.site.preview_worker import RebuildSession

from .site_helpers import BASIC


@pytest.fixture
def session(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[RebuildSession, Path]]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    repo = shutil.copytree(BASIC, tmp_path / "processes")
    work = tmp_path / "work"
    work.mkdir()
    with prepared(str(repo), None, "staff", None, workdir=work) as cfg:
        yield RebuildSession(cfg), repo


def _rss_kib() -> int:
    status = Path("/proc/self/status").read_text()
    return int(status.split("VmRSS:")[1].split()[0])


def test_only_new_errors_hold_a_build_back(session, tmp_path):
    s, repo = session
    first = s.rebuild(tmp_path / "b1", None)
    assert first["built"] and first["error_count"] > 0  # the fixture has errors: still built
    assert (tmp_path / "b1" / "index.html").is_file()
    assert not any(e["new"] for e in first["errors"])

    again = s.rebuild(tmp_path / "b2", set(first["keys"]))
    assert again["built"]  # the same errors as the served site: not held

    source = repo / "flöden" / "frånvaro.yaml"
    source.write_text(source.read_text("utf-8").replace("role: mentor", "role: okänd", 1), "utf-8")
    held = s.rebuild(tmp_path / "b3", set(first["keys"]))
    assert not held["built"] and not (tmp_path / "b3").exists()
    assert held["errors"][0]["new"] and held["errors"][0]["rule"] == "PM101"
    assert held["error_count"] == first["error_count"] + 1

    fewer = set(first["keys"]) | set(held["keys"])
    source.write_text(source.read_text("utf-8").replace("role: okänd", "role: mentor"), "utf-8")
    assert s.rebuild(tmp_path / "b4", fewer)["built"]  # fewer errors than served: published


def test_watch_paths_cover_the_repository_and_the_configuration(session):
    s, repo = session
    paths = s.watch_paths()
    assert str(repo.resolve()) in paths and str(s.config_file.resolve()) in paths


def test_memory_stays_flat_over_many_rebuilds(session, tmp_path):
    """50 rebuilds with edits in between: resident memory must level off (a resource bound)."""
    s, repo = session
    source = repo / "flöden" / "frånvaro.yaml"
    original = source.read_text("utf-8")
    titles = ("title: Frånvarohantering", "title: Frånvaro, ändrad")
    samples = []
    for i in range(50):
        source.write_text(original.replace(titles[0], titles[i % 2]), "utf-8")
        out = tmp_path / "out"
        assert s.rebuild(out, None)["built"]
        shutil.rmtree(out)
        gc.collect()
        samples.append(_rss_kib())
    warm, last = samples[9], samples[-1]
    # 40 rebuilds after the warm-up may add allocator noise, not a build's worth each
    assert last - warm < 6 * 1024, samples


def test_a_reload_after_an_edit_parses_only_the_edited_file(tmp_path):
    from procmodel.load.repository import load_repository
    from procmodel.site.preview_worker import MemoryParses

    repo = shutil.copytree(BASIC, tmp_path / "processes")
    parses = MemoryParses()
    first = load_repository(repo, parse_cache=parses)
    files = parses.parsed
    assert files == len(list(repo.rglob("*.yaml")))
    source = repo / "flöden" / "frånvaro.yaml"
    source.write_text(source.read_text("utf-8").replace("Frånvarohantering", "Frånvaro, ny"), "utf-8")
    again = load_repository(repo, parse_cache=parses)
    assert parses.parsed == files + 1
    assert again.processes["frånvaro"].title == "Frånvaro, ny" != first.processes["frånvaro"].title
    assert again.processes["anmälan"] is not first.processes["anmälan"]  # each load its own objects
