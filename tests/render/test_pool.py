"""Diagrams rendered by a pool of worker processes are byte for byte those of one process."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from procmodel import load_repository
from procmodel.render import Renderer, pool
from procmodel.render import engine as render_engine
from procmodel.render.engine import native_dot

EXAMPLES = Path(__file__).parents[2] / "processes"
NATIVE = pytest.mark.skipif(not native_dot(), reason="no native dot on PATH")


def _dots(renderer: Renderer) -> list[str]:
    repo = load_repository(EXAMPLES)
    dots = [renderer.process_dot(repo, pid) for pid in sorted(repo.processes)] + [renderer.map_dot(repo)]
    assert len(dots) >= 2 * pool.MIN_PER_WORKER
    return dots


def _parallel(engine: str, dots: list[str]) -> tuple[list[bytes], list[int]]:
    done: list[int] = []
    try:
        out = Renderer(engine, use_cache=False, jobs=2).render_many(dots, "svg", progress=done.append)
        assert pool._pool is not None  # the work went to the workers
    finally:
        pool.shutdown()
    return out, done


def test_a_pool_renders_byte_for_byte_what_one_process_renders() -> None:
    serial = Renderer("wasm", use_cache=False, jobs=1)
    dots = _dots(serial)
    parallel, done = _parallel("wasm", dots)
    assert parallel == serial.render_many(dots, "svg")
    assert sum(done) == len(dots)


@NATIVE
def test_a_pool_renders_every_diagram_with_the_native_dot(monkeypatch: pytest.MonkeyPatch) -> None:
    # native batches are cut where one process cuts them: small ones here, so there are several.
    # Debian's dot 2.43 does not lay a graph out the same way twice (element order, lanes), even
    # in one process, so the diagrams are compared by what they draw, not byte for byte.
    monkeypatch.setattr(render_engine, "_BATCH", 4)
    serial = Renderer("native", use_cache=False, jobs=1)
    dots = _dots(serial)
    parallel, done = _parallel("native", dots)
    assert sum(done) == len(dots)
    for one, other in zip(parallel, serial.render_many(dots, "svg"), strict=True):
        assert _drawn(one) == _drawn(other)
        assert b'id="page' not in one  # dot 2.43's page prefix on later files of a run is removed


def _drawn(svg: bytes) -> Counter[str]:
    """The element ids and texts of a diagram."""
    text = svg.decode("utf-8")
    return Counter(re.findall(r'<g id="([^"]+)"', text) + re.findall(r">([^<>]+)</text>", text))


def test_too_few_diagrams_for_a_pool_are_rendered_here() -> None:
    repo = load_repository(EXAMPLES)
    renderer = Renderer("wasm", use_cache=False, jobs=8)
    pid = sorted(repo.processes)[0]
    pool.shutdown()
    assert renderer.render_many([renderer.process_dot(repo, pid)], "svg")[0].startswith(b"<?xml")
    assert pool._pool is None


def test_the_default_is_every_core_or_what_jobs_says() -> None:
    try:
        pool.set_default_jobs(3)
        assert Renderer("wasm").jobs == 3
        pool.set_default_jobs(None)
        assert pool.default_jobs() == 1  # the library renders here unless told (a script needs a guard)
        assert pool.cpu_count() >= 1
        with pytest.raises(ValueError, match="at least 1"):
            pool.set_default_jobs(0)
    finally:
        pool.set_default_jobs(None)
