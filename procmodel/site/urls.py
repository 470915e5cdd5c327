"""The URL scheme of the site, in one place.

Every generated page has a source path (``processer/kränkande-behandling.md``) and,
depending on MkDocs' ``use_directory_urls``, a URL (``processer/kränkande-behandling/``
or ``processer/kränkande-behandling.html``). Links inside generated HTML are
relative, so the site works from any sub-path and straight from the file system.
"""

from __future__ import annotations

import functools
import posixpath
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote

from procmodel.site.steps import listed_step

if TYPE_CHECKING:
    from procmodel.render.dot import Href
    from procmodel.repository import Repository

START = "index.md"
PROCESSES = "processer"
ROLES = "roller"
GOALS = "mål"
COVERAGE = "täckning.md"
REVIEW = "granskning.md"
SEARCH = "sök.md"
ASSETS = "assets/procmodel"
CSS = f"{ASSETS}/procmodel.css"
JS = f"{ASSETS}/procmodel.js"

#: Page names MkDocs treats specially; ids that collide get a suffix.
_RESERVED = {"index", "readme"}


def page_stem(ident: str) -> str:
    """An id as a page's file name: ``index`` and ``readme`` get a suffix (MkDocs reads them as sections)."""
    return f"{ident}-" if ident.lower() in _RESERVED else ident


def process_path(pid: str) -> str:
    """Source path of a process page."""
    return f"{PROCESSES}/{page_stem(pid)}.md"


def role_path(rid: str) -> str:
    """Source path of a role page ("Mina uppgifter")."""
    return f"{ROLES}/{page_stem(rid)}.md"


def goal_path(gid: str) -> str:
    """Source path of a goal page."""
    return f"{GOALS}/{page_stem(gid)}.md"


def section_index(section: str) -> str:
    """Source path of a section's list page (``processer/index.md``)."""
    return f"{section}/index.md"


def step_anchor(sid: str) -> str:
    """Element id of a step on its process page."""
    return f"steg-{sid}"


@dataclass(frozen=True)
class Urls:
    """Turns source paths into URLs and relative links for one site build."""

    directory_urls: bool = True

    def url(self, path: str) -> str:
        """Site-relative URL of a source path (``processer/x.md`` → ``processer/x/``)."""
        stem, ext = posixpath.splitext(path)
        if ext != ".md":
            return path
        if not self.directory_urls:
            return f"{stem}.html"
        if posixpath.basename(stem) == "index":
            parent = posixpath.dirname(stem)
            return f"{parent}/" if parent else ""
        return f"{stem}/"

    def link(self, from_path: str, to_path: str, anchor: str | None = None) -> str:
        """Relative, percent-encoded href from the page ``from_path`` to ``to_path``."""
        frag = f"#{_quote_anchor(anchor)}" if anchor else ""
        if from_path == to_path and frag:
            return frag
        return _relative(self.directory_urls, from_path, to_path) + frag


# A build links some 70,000 distinct pairs of pages: each page's folder and each target's parts
# are worked out (and percent-encoded) once, so a pair costs only the walk to their common folder.


@functools.lru_cache(maxsize=65536)
def _relative(directory_urls: bool, from_path: str, to_path: str) -> str:
    base = _base_parts(directory_urls, from_path)
    parts, slash = _target_parts(directory_urls, to_path)
    common, most = 0, min(len(base), len(parts))
    while common < most and base[common] == parts[common]:
        common += 1
    rel = "/".join(("..",) * (len(base) - common) + parts[common:])
    if slash:
        rel = f"{rel}/" if rel else "./"
    return rel


@functools.lru_cache(maxsize=16384)
def _base_parts(directory_urls: bool, path: str) -> tuple[str, ...]:
    """The percent-encoded folders of the page at ``path``, which its relative links start from."""
    here = Urls(directory_urls).url(path)
    folder = here if here.endswith("/") else posixpath.dirname(here)
    return tuple(_quote_part(p) for p in folder.split("/") if p)


@functools.lru_cache(maxsize=16384)
def _target_parts(directory_urls: bool, path: str) -> tuple[tuple[str, ...], bool]:
    """The percent-encoded parts of ``path``'s URL, and whether it ends with a slash (a folder)."""
    target = Urls(directory_urls).url(path)
    return tuple(_quote_part(p) for p in target.split("/") if p), target.endswith("/") or not target


def _quote_part(part: str) -> str:
    return quote(part, safe="/.-_~")


@functools.lru_cache(maxsize=65536)
def _quote_anchor(anchor: str) -> str:
    return quote(anchor, safe="")


def make_href(repo: Repository, page: str, u: Urls, process_id: str | None = None) -> Href:
    """Links for diagram nodes as seen from ``page``.

    Steps of ``process_id`` (the page's own process) link to their anchor on the page.
    Only processes in ``repo`` (the audience's view) and known goals get links.
    """

    def href(kind: str, ident: str) -> str | None:
        if kind == "process":
            return u.link(page, process_path(ident)) if ident in repo.processes else None
        if kind == "goal":
            return u.link(page, goal_path(ident)) if ident in repo.goals else None
        if kind == "step":
            pid, _, sid = ident.partition("/")
            process = repo.processes.get(pid)
            if process is None or process.step(sid) is None:
                return None
            anchor = step_anchor(listed_step(process, repo.flow(process), sid))
            if pid == process_id:
                return u.link(page, page, anchor)
            return u.link(page, process_path(pid), anchor)
        return None

    return href
