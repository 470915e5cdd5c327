"""Inline SVG diagrams for the pages, through :mod:`procmodel.render`.

The site supplies the ``href`` callbacks so every node links to the right place
relative to the page that embeds it; a click on a step of a process diagram
scrolls to that step on the same page. Without a diagram engine the pages are
still complete: the step lists are the text alternative of every diagram.

Only a :class:`~procmodel.render.RenderError` (Graphviz could not draw a diagram, or no
engine can run) drops a diagram; it is logged as a warning on ``log`` and kept in
``dropped``, so ``mkdocs build --strict`` (the plugin passes its own logger) fails on it.
Any other exception is a bug and propagates.

With ``defer=True`` (the MkDocs plugin) a page gets a placeholder comment instead of the
SVG and :meth:`Diagrams.insert` puts the SVG into the finished HTML, so a diagram is never
parsed by Python-Markdown (as a raw HTML block) nor by the search plugin: a page's build
cost does not grow with its diagram.
"""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Callable
from pathlib import Path

from procmodel.graph import goal_node, sources
from procmodel.i18n import say
from procmodel.progress import current
from procmodel.render import (
    MAX_DIAGRAM_STEPS,
    SWIMLANE_SCALE,
    TOP_DOWN_SCALE,
    Renderer,
    RenderError,
    red_thread_title,
    step_order,
)
from procmodel.render.dot import Href
from procmodel.render.lane_labels import lane_labels_svg
from procmodel.render.svg import arrange_svg
from procmodel.render.top_down import flow_dom_id
from procmodel.repository import Repository

LOG = logging.getLogger("procmodel.site")

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>\s*|<!DOCTYPE[^>]*>\s*", re.IGNORECASE)
_PLACEHOLDER_PREFIX = "<!--procmodel-diagram "
_PLACEHOLDER = re.compile(r"<!--procmodel-diagram [0-9a-f]{16} [0-9]+-->")


class Diagrams:
    """Makes diagrams for one site build; ``enabled=False`` or a missing engine gives none."""

    def __init__(
        self,
        enabled: bool = True,
        cache_dir: Path | None = None,
        engine: str = "auto",
        log: logging.Logger = LOG,
        defer: bool = False,
    ) -> None:
        self.renderer: Renderer | None = None
        self.problem: str | None = None
        self.dropped: list[str] = []  # "method: why" of every diagram left out
        self.log = log
        self._dots: dict[str, str] = {}  # process id → DOT of its diagram (prerender)
        self._top_down: dict[str, str] = {}  # process id → DOT of its top-to-bottom flow (prerender)
        self._threads: dict[str, str] = {}  # goal id → DOT of its red thread (prerender)
        self.defer = defer
        # placeholder → SVG; the nonce keeps page text from ever matching a placeholder
        self._deferred: dict[str, str] = {}
        self._nonce = secrets.token_hex(8)
        if not enabled:
            return
        try:
            self.renderer = Renderer(engine=engine, cache_dir=cache_dir)
        except RenderError as exc:
            self.problem = f"diagrams left out: {exc}"
            log.warning("procmodel: %s", self.problem)

    @property
    def available(self) -> bool:
        return self.renderer is not None

    def prerender(
        self, repo: Repository, hrefs: dict[str, Href], goal_hrefs: dict[str, Href] | None = None
    ) -> None:
        """Build every process diagram's DOT once (and the red thread of each goal of ``goal_hrefs``)
        and render the cache misses in one batch, on every core the renderer has."""
        r = self.renderer
        if r is None:
            return
        self._dots = {pid: r.process_dot(repo, pid, hrefs[pid]) for pid in hrefs}
        self._top_down = {pid: r.top_down_dot(repo, pid, hrefs[pid]) for pid in hrefs}
        shown_processes = sorted(repo.processes)
        for gid, href in (goal_hrefs or {}).items():
            # a thread served by too many steps is not drawn (goal_page); nor is it rendered here
            if len(sources(repo.graph, goal_node(gid), "serves")) <= MAX_DIAGRAM_STEPS:
                self._threads[gid] = r.red_thread_dot(repo, gid, href, shown_processes)
        dots = [*self._dots.values(), *self._top_down.values(), *self._threads.values()]
        shown = current()
        shown.step(say("progress.build.diagrams"), total=len(dots))
        try:
            r.render_many(dots, "svg", progress=shown.advance)
        except RenderError as exc:  # each diagram is tried again alone; the broken one is reported then
            self.log.debug("procmodel: batch rendering failed: %s", exc)

    def process(self, repo: Repository, pid: str, href: Href, title: str | None = None) -> str:
        """A process's swimlane diagram; ``title`` is its accessible name."""
        dot = self._dots.get(pid)
        if dot is not None and title is not None:
            order = step_order(repo, pid)
            return self._call("svg", dot, title, post=lambda svg: _swimlane(svg, order))
        return self._call("process_svg", repo, pid, href=href, post=_swimlane)

    def top_down(self, repo: Repository, pid: str, href: Href, title: str | None = None) -> str:
        """A process's top-to-bottom flow (for narrow screens); ``title`` is its accessible name."""
        dot = self._top_down.get(pid)
        if dot is not None and title is not None:
            order = step_order(repo, pid, flow_dom_id)
            return self._call("svg", dot, title, post=lambda svg: arrange_svg(svg, order, TOP_DOWN_SCALE))
        return self._call("top_down_svg", repo, pid, href=href)

    def map(self, repo: Repository, href: Href) -> str:
        return self._call("map_svg", repo, href=href, processes=sorted(repo.processes))

    def red_thread(self, repo: Repository, gid: str, href: Href) -> str:
        dot = self._threads.get(gid)
        if dot is not None:
            return self._call("svg", dot, red_thread_title(repo, gid))
        return self._call("red_thread_svg", repo, gid, href=href, processes=sorted(repo.processes))

    def _call(
        self, method: str, *args: object, post: Callable[[str], str] | None = None, **kwargs: object
    ) -> str:
        """The SVG the renderer's ``method`` gives, passed through ``post``."""
        if self.renderer is None:
            return ""
        try:
            svg = getattr(self.renderer, method)(*args, **kwargs)
        except RenderError as exc:
            self.dropped.append(f"{method}: {exc}")
            self.log.warning("procmodel: diagram left out (%s): %s", method, exc)
            return ""
        svg = _XML_DECL.sub("", svg).strip()
        if post is not None:
            svg = post(svg).strip()
        if not self.defer:
            return svg
        # the blank lines a Markdown HTML block could not hold are dropped, as on a page without defer
        token = f"{_PLACEHOLDER_PREFIX}{self._nonce} {len(self._deferred)}-->"
        self._deferred[token] = "\n".join(line for line in svg.splitlines() if line.strip())
        return token

    def insert(self, html: str) -> str:
        """``html`` with the SVG of each of this build's placeholders in its place."""
        if _PLACEHOLDER_PREFIX not in html:
            return html
        return _PLACEHOLDER.sub(lambda m: self._deferred.get(m.group(0), m.group(0)), html)


def _swimlane(svg: str, order: list[str] | None = None) -> str:
    """A swimlane SVG in step order at its size on the page, then its lane-label column (which
    the page keeps in view while the diagram scrolls sideways)."""
    svg = arrange_svg(svg, order or (), SWIMLANE_SCALE)
    return svg + "\n" + lane_labels_svg(svg)
