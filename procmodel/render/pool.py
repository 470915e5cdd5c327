"""Render many diagrams on every core: a pool of worker processes, each with its own Graphviz.

Each worker renders its share with :func:`~procmodel.render.engine.run_dot_many`, so the
embedded WebAssembly Graphviz is compiled once per worker and native ``dot`` runs in batches
there too. The pool is made on first use and kept for the rest of the run (a site build
renders in several passes); results come back in input order, byte for byte what one process
renders (``tests/render/test_pool.py``). ``jobs=1`` renders in this process.

Workers are fresh interpreters (``spawn``: nothing of a busy parent is copied), which import
the main module again; a script that renders with ``jobs > 1`` needs the usual
``if __name__ == "__main__":`` guard. So the library renders in one process unless told
otherwise (:func:`set_default_jobs`, ``Renderer(jobs=…)``); the command line uses every core.
"""

from __future__ import annotations

import atexit
import math
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed

from procmodel.render import engine as _engine
from procmodel.render.engine import RenderError, resolve_engine, run_dot_many

#: Below this many diagrams per worker, starting workers costs more than it saves.
MIN_PER_WORKER = 4

_default_jobs: int | None = None
_pool: ProcessPoolExecutor | None = None
_pool_size = 0


def cpu_count() -> int:
    """The cores this process may use (the default of ``--jobs``)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def default_jobs() -> int:
    """Workers for renderers made without ``jobs``: as :func:`set_default_jobs` set, else 1."""
    return _default_jobs or 1


def set_default_jobs(jobs: int | None) -> None:
    """Set the workers of renderers made without ``jobs`` (the site build's); ``None``: back to 1."""
    global _default_jobs
    if jobs is not None and jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    _default_jobs = jobs


def run_many(
    dots: Sequence[str],
    fmt: str,
    engine: str,
    progress: Callable[[int], None] | None = None,
    jobs: int = 1,
) -> list[bytes | RenderError]:
    """:func:`~procmodel.render.engine.run_dot_many` spread over ``jobs`` worker processes.

    The native ``dot`` carries a little state from one graph of a batch to the next (element
    ids, cluster order), so native batches are cut where one process cuts them; the embedded
    Graphviz renders each diagram afresh, so its chunks are smaller: a few per worker, and a
    worker with slow diagrams does not hold up the rest.
    """
    batch = _engine._BATCH
    if resolve_engine(engine, fmt) == "native":
        size = batch
        workers = min(jobs, math.ceil(len(dots) / batch))
    else:
        workers = min(jobs, len(dots) // MIN_PER_WORKER)
        size = max(1, min(batch, math.ceil(len(dots) / (max(workers, 1) * 4))))
    if workers <= 1:
        return run_dot_many(dots, fmt, engine, progress)
    chunks = [list(dots[i : i + size]) for i in range(0, len(dots), size)]
    pool = _executor(workers)
    futures: dict[Future[list[bytes | RenderError]], int] = {
        pool.submit(run_dot_many, chunk, fmt, engine): k for k, chunk in enumerate(chunks)
    }
    results: list[list[bytes | RenderError]] = [[] for _ in chunks]
    for future in as_completed(futures):
        k = futures[future]
        results[k] = future.result()
        if progress:
            progress(len(chunks[k]))
    return [result for chunk in results for result in chunk]


def _executor(workers: int) -> ProcessPoolExecutor:
    """The run's pool of ``workers`` processes (fresh interpreters: nothing of this one is copied)."""
    global _pool, _pool_size
    if _pool is None or _pool_size != workers:
        shutdown()
        _pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))
        _pool_size = workers
    return _pool


def shutdown() -> None:
    """Stop the workers (at exit, or when a pool of another size is wanted)."""
    global _pool
    if _pool is not None:
        _pool.shutdown(wait=True, cancel_futures=True)
        _pool = None


atexit.register(shutdown)
