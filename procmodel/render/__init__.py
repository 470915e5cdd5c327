"""Diagrams: swimlane process diagrams, the process map and red-thread views, via Graphviz.

Use :class:`Renderer`; it builds DOT from the repository graph, renders it with the native
``dot`` or the embedded WebAssembly Graphviz (:mod:`procmodel.render.engine`) and caches each
output by content hash (:mod:`procmodel.render.cache`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Collection, Sequence
from pathlib import Path

from procmodel.naming import list_item_label
from procmodel.render.cache import DEFAULT_CACHE_DIR, CacheStats, DiagramCache, cache_key
from procmodel.render.dot import Href, goal_dom_id, process_dom_id, step_dom_id
from procmodel.render.engine import RenderError, resolve_engine, run_dot, run_dot_many
from procmodel.render.lane_stack import is_pinned, stack_lanes
from procmodel.render.pool import default_jobs, run_many
from procmodel.render.process_map import map_dot
from procmodel.render.red_thread import red_thread_dot
from procmodel.render.svg import arrange_svg, finish_svg
from procmodel.render.swimlane import assign_lanes, process_dot
from procmodel.render.top_down import flow_dom_id, top_down_dot
from procmodel.render.words import diagram_words
from procmodel.repository import Repository

__all__ = [
    "RenderError",
    "Renderer",
    "assign_lanes",
    "goal_dom_id",
    "process_dom_id",
    "run_dot",
    "step_dom_id",
    "step_order",
]


class Renderer:
    """Builds and renders diagrams; one instance per run so the cache statistics add up.

    ``engine``: ``auto`` (native ``dot`` if on PATH, else WebAssembly), ``native`` or ``wasm``.
    ``cache_dir``: where rendered outputs are kept (default ``.procmodel-cache/`` in the working
    directory); ``use_cache=False`` renders everything afresh. ``jobs``: worker processes
    for the cache misses (default: :func:`~procmodel.render.pool.default_jobs`; 1 renders in
    this process).
    """

    def __init__(
        self,
        engine: str = "auto",
        cache_dir: Path | None = None,
        *,
        use_cache: bool = True,
        jobs: int | None = None,
    ) -> None:
        resolve_engine(engine)  # fail early on an unusable engine
        self.engine = engine
        self.jobs = jobs or default_jobs()
        self.cache = DiagramCache((cache_dir or DEFAULT_CACHE_DIR) if use_cache else None)
        self.stats = CacheStats()

    # DOT builders --------------------------------------------------------------------

    def process_dot(
        self, repo: Repository, process_id: str, href: Href | None = None, goal_badges: bool = False
    ) -> str:
        """DOT of the swimlane diagram of one process (at most :data:`MAX_DIAGRAM_STEPS` steps)."""
        _require(process_id in repo.processes, f"no process with id {process_id!r}")
        steps = len(repo.processes[process_id].steps)
        _require(
            steps <= MAX_DIAGRAM_STEPS,
            f"process {process_id!r} has {steps:,} steps; diagrams are drawn for processes of up to "
            f"{MAX_DIAGRAM_STEPS} steps (Graphviz's lane layout grows much faster than the process). "
            "Split it into sub-processes, each with a diagram of its own",
        )
        return process_dot(repo, process_id, href=href, goal_badges=goal_badges)

    def top_down_dot(self, repo: Repository, process_id: str, href: Href | None = None) -> str:
        """DOT of the top-to-bottom flow of one process (for narrow screens; no lanes)."""
        _require(process_id in repo.processes, f"no process with id {process_id!r}")
        return top_down_dot(repo, process_id, href=href)

    def map_dot(
        self, repo: Repository, href: Href | None = None, processes: Collection[str] | None = None
    ) -> str:
        """DOT of the process map (only ``processes`` when given)."""
        return map_dot(repo, href=href, processes=processes)

    def red_thread_dot(
        self,
        repo: Repository,
        goal_id: str,
        href: Href | None = None,
        processes: Collection[str] | None = None,
    ) -> str:
        """DOT of the red thread through one goal (only steps of ``processes`` when given)."""
        _require(goal_id in repo.goals, f"no goal with id {goal_id!r}")
        return red_thread_dot(repo, goal_id, href=href, processes=processes)

    # SVG for the site ----------------------------------------------------------------

    def process_svg(
        self,
        repo: Repository,
        process_id: str,
        href: Href | None = None,
        goal_badges: bool = False,
        scale: float = 1.0,
    ) -> str:
        """Inline-ready SVG of one process's swimlane diagram, drawn at ``scale``."""
        dot = self.process_dot(repo, process_id, href, goal_badges)
        title = process_title(repo, process_id)
        return arrange_svg(self.svg(dot, title), step_order(repo, process_id), scale)

    def top_down_svg(self, repo: Repository, process_id: str, href: Href | None = None) -> str:
        """Inline-ready SVG of the top-to-bottom flow of one process."""
        title = process_title(repo, process_id)
        svg = self.svg(self.top_down_dot(repo, process_id, href), title)
        return arrange_svg(svg, step_order(repo, process_id, flow_dom_id), TOP_DOWN_SCALE)

    def map_svg(
        self, repo: Repository, href: Href | None = None, processes: Collection[str] | None = None
    ) -> str:
        """Inline-ready SVG of the process map."""
        return self.svg(self.map_dot(repo, href, processes), map_title(repo))

    def red_thread_svg(
        self,
        repo: Repository,
        goal_id: str,
        href: Href | None = None,
        processes: Collection[str] | None = None,
    ) -> str:
        """Inline-ready SVG of the red thread through one goal."""
        dot = self.red_thread_dot(repo, goal_id, href, processes)
        return self.svg(dot, red_thread_title(repo, goal_id))

    # rendering -----------------------------------------------------------------------

    def svg(self, dot: str, title: str) -> str:
        """Render DOT to inline-ready SVG text (cached)."""
        return finish_svg(self.render(dot, "svg"), "d" + cache_key(dot, "", "svg")[:8], title)

    def render(self, dot: str, fmt: str = "svg") -> bytes:
        """Graphviz output for one DOT text, from the cache when it is there."""
        return self.render_many([dot], fmt)[0]

    def render_many(
        self, dots: Sequence[str], fmt: str = "svg", progress: Callable[[int], None] | None = None
    ) -> list[bytes]:
        """Outputs for many DOT texts: cache hits first, the misses in one batch.

        Raises :class:`RenderError` naming the first diagram that failed.
        """
        engine = resolve_engine(self.engine, fmt)
        keys = [cache_key(dot, engine, fmt) for dot in dots]
        out: list[bytes | None] = [self.cache.get(k, fmt) for k in keys]
        missing = [i for i, data in enumerate(out) if data is None]
        self.stats.hits += len(dots) - len(missing)
        if progress and len(dots) > len(missing):
            progress(len(dots) - len(missing))
        if missing:
            # swimlanes: pass 1 lays them out, pass 2 renders them with the lanes stacked in order
            todo = stack_lanes(
                [dots[i] for i in missing],
                lambda batch, out_fmt: run_many(batch, out_fmt, engine, jobs=self.jobs),
            )
            results = _run_apart(todo, fmt, engine, progress, self.jobs)
            crashed = [k for k, r in enumerate(results) if isinstance(r, RenderError) and ORTHO in todo[k]]
            retried = _without_ortho_crash([todo[k] for k in crashed], fmt, engine)
            for k, result in zip(crashed, retried, strict=True):
                results[k] = result
            for i, result in zip(missing, results, strict=True):
                if isinstance(result, RenderError):
                    raise RenderError(f"{_graph_name(dots[i])}: {result}")
                self.cache.put(keys[i], fmt, result)
                out[i] = result
            self.stats.misses += len(missing)
        return [data for data in out if data is not None]


def step_order(
    repo: Repository, process_id: str, dom_id: Callable[[str, str], str] = step_dom_id
) -> list[str]:
    """DOM ids of a process's step nodes in step-list order (the diagram's tab order)."""
    return [dom_id(process_id, s.id) for s in repo.processes[process_id].steps]


ORTHO = 'splines="ortho"'
#: The top-to-bottom flow is for phones: drawn at 80 %, its text is still 11.7 px.
TOP_DOWN_SCALE = 0.8
#: The swimlanes on a page: at 85 % (text 12.5 px) a screen shows more of the flow.
SWIMLANE_SCALE = 0.85
#: Graphviz's swimlane layout grows far faster than linearly: a generated process of 500 steps
#: renders in 11 s, one of 1,000 in 9.5 min (native dot 2.43, 2 cores); see benchmarks/README.md.
MAX_DIAGRAM_STEPS = 500


def _run_apart(
    dots: Sequence[str], fmt: str, engine: str, progress: Callable[[int], None] | None, jobs: int
) -> list[bytes | RenderError]:
    """``run_dot_many``, pinned swimlanes in their own batch.

    One native ``dot`` process keeps the layout a graph selected (``layout="nop2"``) for the
    graphs after it, so pinned and ordinary diagrams must not share a process.
    """
    out: list[bytes | RenderError | None] = [None] * len(dots)
    for pinned_group in (True, False):
        indices = [i for i, dot in enumerate(dots) if is_pinned(dot) is pinned_group]
        if indices:
            results = run_many([dots[i] for i in indices], fmt, engine, progress, jobs)
            for i, result in zip(indices, results, strict=True):
                out[i] = result
    return [r for r in out if r is not None]


def _without_ortho_crash(sources: Sequence[str], fmt: str, engine: str) -> list[bytes | RenderError]:
    """Render ``sources`` whose orthogonal edge routing crashed Graphviz.

    The orthogonal router of older native Graphviz (2.43) aborts on many pinned swimlanes; the
    embedded Graphviz routes them fine. So a pinned diagram is routed by the embedded Graphviz
    and drawn by the native one (positions and routes as given), all in one native batch.
    Otherwise, or if that fails too, the diagram is drawn with curved edges (the cache key
    stays the original DOT).
    """
    out: list[bytes | RenderError | None] = [None] * len(sources)
    if engine == "native":
        routed: dict[int, str] = {}
        for k, source in enumerate(sources):
            if is_pinned(source):
                with contextlib.suppress(RenderError, UnicodeDecodeError):
                    routed[k] = run_dot(source, "dot", "wasm").decode("utf-8")
        drawn = run_dot_many(list(routed.values()), fmt, "native") if routed else []
        for k, result in zip(routed, drawn, strict=True):
            if isinstance(result, bytes):
                out[k] = result
    rest = [k for k, result in enumerate(out) if result is None]
    curved = run_dot_many([sources[k].replace(ORTHO, 'splines="spline"', 1) for k in rest], fmt, engine)
    for k, result in zip(rest, curved, strict=True):
        out[k] = result
    return [r if r is not None else RenderError("no output") for r in out]


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise RenderError(message)


def _graph_name(dot: str) -> str:
    first = dot.split("\n", 1)[0]
    return first.removeprefix("digraph ").removesuffix(" {").strip('"') or "diagram"


def process_title(repo: Repository, process_id: str) -> str:
    """The accessible name of a process's diagrams (the swimlanes and the top-to-bottom flow)."""
    return diagram_words(repo)("diagram.process_title", title=repo.processes[process_id].title)


def map_title(repo: Repository) -> str:
    """The accessible name of the process map."""
    return diagram_words(repo)("diagram.map_title", name=repo.config.name)


def red_thread_title(repo: Repository, goal_id: str) -> str:
    """The accessible name of a goal's red-thread diagram (a list item named by its place)."""
    words = diagram_words(repo)
    goal = list_item_label(repo, goal_id, words("site.goal.point")) or repo.goals[goal_id].label
    return words("diagram.red_thread_title", goal=goal)
