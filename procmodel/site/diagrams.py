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

The page form of a diagram (Graphviz's SVG made fit for the page: :func:`~procmodel.render.svg.finish_svg`,
then step order, scale and lane-label column) is kept on disk beside the rendered SVG, under a key
of the rendered SVG's own key, the form, the accessible name and the code that makes it
(:func:`page_form_key`): a warm build reads it instead of parsing and rewriting every SVG again.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
import secrets
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from lxml import etree

from procmodel.graph import goal_node, sources
from procmodel.i18n import artefact_language, say
from procmodel.progress import current
from procmodel.render import (
    MAX_DIAGRAM_STEPS,
    SWIMLANE_SCALE,
    TOP_DOWN_SCALE,
    Renderer,
    RenderError,
    lane_labels,
    red_thread_title,
    step_order,
    style,
)
from procmodel.render import svg as svg_module
from procmodel.render.cache import DiagramCache, cache_key
from procmodel.render.dot import Href
from procmodel.render.engine import resolve_engine
from procmodel.render.lane_labels import lane_labels_svg
from procmodel.render.svg import arrange_svg
from procmodel.render.top_down import flow_dom_id
from procmodel.repository import Repository
from procmodel.site.diagram_inputs import DotKeys

LOG = logging.getLogger("procmodel.site")

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>\s*|<!DOCTYPE[^>]*>\s*", re.IGNORECASE)
_PLACEHOLDER_PREFIX = "<!--procmodel-diagram "
_PLACEHOLDER = re.compile(r"<!--procmodel-diagram [0-9a-f]{16} [0-9]+-->")
#: File suffix of a diagram's page form in the diagram cache (the rendered SVG is ``.svg``).
PAGE_FORM = "page.svg"
#: The page forms: what is done to the finished SVG (``order``: the ids of its steps, in tab order).
FORMS: dict[str, Callable[[str, Sequence[str]], str]] = {
    "plain": lambda svg, order: svg,
    "swimlane": lambda svg, order: _with_lane_labels(arrange_svg(svg, order, SWIMLANE_SCALE)),
    "top_down": lambda svg, order: arrange_svg(svg, order, TOP_DOWN_SCALE),
}


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
        # prerender: "process <id>", "top_down <id>" or "thread <goal id>" → its DOT's builder,
        # the cache key of its DOT (for the engine in use) and (when it was built) the DOT
        self._builders: dict[str, Callable[[], str]] = {}
        self._keys: dict[str, str] = {}
        self._dots: dict[str, str] = {}
        self.defer = defer
        # placeholder → SVG; the nonce keeps page text from ever matching a placeholder
        self._deferred: dict[str, str] = {}
        self._nonce = secrets.token_hex(8)
        self._engine: str | None = None  # the engine the renderer's "auto" means (prerender)
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

    @property
    def cache(self) -> DiagramCache | None:
        """The cache the diagrams are kept in (the site's charts are kept there too), if any."""
        if self.renderer is None or self.renderer.cache.directory is None:
            return None
        return self.renderer.cache

    def prerender(
        self,
        repo: Repository,
        hrefs: dict[str, Href],
        goal_hrefs: dict[str, Href] | None = None,
        inputs: str | None = None,
    ) -> None:
        """Build every process diagram's DOT once (and the red thread of each goal of ``goal_hrefs``)
        and render the cache misses in one batch, on every core the renderer has.

        ``inputs``: a digest of everything ``repo`` and the links are made of
        (:func:`~procmodel.site.diagram_inputs.site_inputs`). When the DOT keys of a build with the
        same inputs are in the cache, no DOT is built: a page form missing from the cache builds
        its own DOT when its page asks for it.
        """
        r = self.renderer
        if r is None:
            return
        self._engine = resolve_engine(r.engine, "svg")
        shown_processes = sorted(repo.processes)
        builders: dict[str, Callable[[], str]] = {}
        # in this order in the batch: one native Graphviz process lays out several graphs in turn
        for pid, href in hrefs.items():
            builders[f"process {pid}"] = functools.partial(r.process_dot, repo, pid, href)
        for pid, href in hrefs.items():
            builders[f"top_down {pid}"] = functools.partial(r.top_down_dot, repo, pid, href)
        for gid, href in (goal_hrefs or {}).items():
            # a thread served by too many steps is not drawn (goal_page); nor is it rendered here
            if len(sources(repo.graph, goal_node(gid), "serves")) <= MAX_DIAGRAM_STEPS:
                builders[f"thread {gid}"] = functools.partial(
                    r.red_thread_dot, repo, gid, href, shown_processes
                )
        self._builders = builders
        shown = current()
        shown.step(say("progress.build.diagrams"), total=len(builders))
        key = None
        if inputs is not None:
            key = _digest(inputs, self._engine, artefact_language(repo.config.language), *builders)
        kept = DotKeys(r.cache, key)
        self._dots = {}  # none of an earlier build's
        if kept.complete(builders):
            self._keys = {name: kept.kept[name] for name in builders}
            shown.advance(len(builders))
            return
        self._dots = {name: build() for name, build in builders.items()}
        self._keys = {name: cache_key(dot, self._engine, "svg") for name, dot in self._dots.items()}
        kept.keep(self._keys)
        try:
            r.render_many(list(self._dots.values()), "svg", progress=shown.advance)
        except RenderError as exc:  # each diagram is tried again alone; the broken one is reported then
            self.log.debug("procmodel: batch rendering failed: %s", exc)

    def process(self, repo: Repository, pid: str, href: Href, title: str | None = None) -> str:
        """A process's swimlane diagram; ``title`` is its accessible name."""
        if f"process {pid}" in self._keys and title is not None:
            return self._page_form(f"process {pid}", title, "swimlane", step_order(repo, pid))
        # the renderer puts the steps in order at the page's scale: only the lane labels are left
        return self._call("process_svg", repo, pid, href=href, scale=SWIMLANE_SCALE, post=_with_lane_labels)

    def top_down(self, repo: Repository, pid: str, href: Href, title: str | None = None) -> str:
        """A process's top-to-bottom flow (for narrow screens); ``title`` is its accessible name."""
        if f"top_down {pid}" in self._keys and title is not None:
            return self._page_form(f"top_down {pid}", title, "top_down", step_order(repo, pid, flow_dom_id))
        return self._call("top_down_svg", repo, pid, href=href)

    def map(self, repo: Repository, href: Href) -> str:
        return self._call("map_svg", repo, href=href, processes=sorted(repo.processes))

    def red_thread(self, repo: Repository, gid: str, href: Href) -> str:
        if f"thread {gid}" in self._keys:
            return self._page_form(f"thread {gid}", red_thread_title(repo, gid), "plain")
        return self._call("red_thread_svg", repo, gid, href=href, processes=sorted(repo.processes))

    def _page_form(self, name: str, title: str, form: str, order: Sequence[str] = ()) -> str:
        """The page form ``form`` of the prerendered diagram ``name`` with the accessible name
        ``title``: from the cache when it is there, else made (and its DOT built if need be)."""
        r = self.renderer
        if r is None:
            return ""
        key = page_form_key(self._keys[name], form, title, order)
        kept = r.cache.get(key, PAGE_FORM)
        if kept is not None:
            return self._place(kept.decode("utf-8"))
        dot = self._dots.get(name)
        if dot is None:
            try:
                dot = self._builders[name]()
            except RenderError as exc:
                self._left_out(name, exc)
                return ""
            key = page_form_key(cache_key(dot, self._engine or "", "svg"), form, title, order)
        svg = self._made("svg", dot, title, post=lambda svg: FORMS[form](svg, order))
        if svg is None:
            return ""
        r.cache.put(key, PAGE_FORM, svg.encode("utf-8"))
        return self._place(svg)

    def _call(
        self, method: str, *args: object, post: Callable[[str], str] | None = None, **kwargs: object
    ) -> str:
        """The SVG the renderer's ``method`` gives, passed through ``post``, placed on the page."""
        svg = self._made(method, *args, post=post, **kwargs)
        return "" if svg is None else self._place(svg)

    def _made(
        self, method: str, *args: object, post: Callable[[str], str] | None = None, **kwargs: object
    ) -> str | None:
        """The SVG the renderer's ``method`` gives, passed through ``post``; None when it is dropped."""
        if self.renderer is None:
            return None
        try:
            svg = getattr(self.renderer, method)(*args, **kwargs)
        except RenderError as exc:
            self._left_out(method, exc)
            return None
        svg = _XML_DECL.sub("", svg).strip()
        if post is not None:
            svg = post(svg).strip()
        return svg

    def _left_out(self, what: str, exc: RenderError) -> None:
        """Count and log a diagram that is not drawn (``what``: its method or prerendered name)."""
        self.dropped.append(f"{what}: {exc}")
        self.log.warning("procmodel: diagram left out (%s): %s", what, exc)

    def _place(self, svg: str) -> str:
        """``svg`` as it goes on the page: itself, or (``defer``) the placeholder :meth:`insert` replaces."""
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


def _with_lane_labels(svg: str) -> str:
    """A swimlane SVG arranged for the page (in step order, at its size on the page), a blank
    line, then its lane-label column (which the page keeps in view while the diagram scrolls
    sideways)."""
    return svg.rstrip("\n") + "\n\n" + lane_labels_svg(svg)


def page_form_key(rendered_key: str, form: str, title: str, order: Sequence[str] = ()) -> str:
    """The cache key of a diagram's page form: the key of its rendered SVG (which holds the DOT,
    engine and renderer version), the form, its accessible name, the step order and the code."""
    return _digest(_page_form_code(), rendered_key, form, title, *order)


def _digest(*parts: str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8") + b"\0")
    return h.hexdigest()


@functools.cache
def _page_form_code() -> str:
    """A digest of the code that makes a page form (this module, the SVG finishing and lane-label
    code, the style, the renderer and the lxml that writes the SVG): a change to any is a new key."""
    h = hashlib.sha256(f"lxml {etree.LXML_VERSION} libxml {etree.LIBXML_VERSION}".encode())
    for module in (sys.modules[__name__], svg_module, lane_labels, style, sys.modules[Renderer.__module__]):
        h.update(Path(str(module.__file__)).read_bytes())
    return h.hexdigest()
