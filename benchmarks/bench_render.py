"""Diagram rendering on the 2,000 × 25 synthetic repository.

Cold: every process's swimlane diagram (plus the map) rendered to SVG with no cache, once with
the native ``dot`` (many diagrams per process via ``dot -O``) and once with the embedded
WebAssembly Graphviz (loaded once). Warm: the same set again from a filled cache, which is what
an unchanged repository costs on a rebuild (DOT generation + hashing + cache reads).
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from generate import cached_repository

from procmodel import load_repository
from procmodel.render import Renderer
from procmodel.render.engine import graphviz_version
from procmodel.repository import Repository

PROCESSES = 2000
STEPS = 25


def run(workdir: Path) -> list[str]:
    """Measure cold (native, wasm) and warm-cache rendering; return the lines to print."""
    repo = load_repository(cached_repository(workdir, PROCESSES, STEPS))
    lines = [f"repository: {len(repo.processes)} processes × {STEPS} steps"]
    engines = ["native", "wasm"] if shutil.which("dot") else ["wasm"]
    if "native" not in engines:
        lines.append("native: skipped (no `dot` on PATH)")
    with tempfile.TemporaryDirectory(prefix="procmodel-render-cache-", dir=workdir) as tmp:
        cache = Path(tmp)
        for engine in engines:
            renderer = Renderer(engine, cache_dir=cache / engine)
            started = time.perf_counter()
            dots = _dots(renderer, repo)
            built = time.perf_counter()
            renderer.render_many(dots, "svg")
            done = time.perf_counter()
            seconds = done - started
            lines.append(
                f"cold {engine:6} ({graphviz_version(engine)}): {len(dots)} diagrams in {seconds:.1f} s "
                f"= {len(dots) / seconds:.1f} diagrams/s (DOT building {built - started:.1f} s)"
            )
        engine = engines[0]
        renderer = Renderer(engine, cache_dir=cache / engine)
        started = time.perf_counter()
        renderer.render_many(_dots(renderer, repo), "svg")
        warm = time.perf_counter() - started
        lines.append(f"warm cache ({engine}): {warm:.2f} s for all diagrams ({renderer.stats})")
    return lines


def _dots(renderer: Renderer, repo: Repository) -> list[str]:
    return [renderer.process_dot(repo, pid) for pid in sorted(repo.processes)] + [renderer.map_dot(repo)]
