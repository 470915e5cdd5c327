"""The preview's site in memory: after an edit of process files, only the pages it touches are made again.

The first build (and any change this module cannot follow) is MkDocs' own full build
(:func:`procmodel.site.build.build_with_plugins`); its state is kept: the loaded
configuration with its plugins, the files, the navigation, the theme's template
environment, the repository and a hash of each generated page. After a save that changed
only process files, :meth:`LiveSite.update`:

1. makes again, with the same page builders as a full build, the pages the change can
   touch (:meth:`LiveSite.other_pages`): the changed processes' own pages first, then the
   pages of the processes that call them or are called by them and of their unit
   variants, the role pages of every role they name (and of the members of a named role
   group), the goal pages of every goal they serve or served (directly or via a municipal
   goal, and the sections above those), the document and unit pages, the start page (its
   map), the section lists, coverage, review and search pages and the search words;
2. renders to HTML, with MkDocs' own page functions, the loaded configuration, the
   navigation and the theme, only the pages whose Markdown (diagrams included) changed,
   and replaces each file in the served folder atomically.

A change to anything else (configuration, roles, goals, documents, the organisation, a
unit's variant file, a BPMN sidecar, ``mkdocs.yml``, the hand-written pages) or one that
adds or removes a page is a full build. The search index (Pagefind) is made again in
the background afterwards (:class:`BackgroundIndex`), so search catches up a few
seconds after the pages.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from procmodel.i18n import artefacts_in
from procmodel.repository import Repository
from procmodel.role_groups import groups_of
from procmodel.site import urls
from procmodel.site.context import SiteContext
from procmodel.site.diagrams import Diagrams
from procmodel.site.document_page import document_files
from procmodel.site.goal_page import goal_page
from procmodel.site.pages import site_context
from procmodel.site.process_page import process_page
from procmodel.site.reports import coverage_page, review_page
from procmodel.site.role_page import role_page
from procmodel.site.search import search_data
from procmodel.site.search_index import INDEX_DIR, index_command
from procmodel.site.search_page import search_page
from procmodel.site.start_page import goals_index, processes_index, roles_index, start_page
from procmodel.site.unit_page import unit_files

Content = str | bytes


def page_hash(content: Content, diagrams: Diagrams | None) -> bytes:
    """What makes two versions of a page the same: its text with the diagrams put in."""
    if isinstance(content, str):
        content = (diagrams.insert(content) if diagrams is not None else content).encode("utf-8")
    return hashlib.blake2b(content, digest_size=16).digest()


def process_files(repo: Repository) -> dict[Path, set[str]]:
    """Each file on disk that defines processes → their ids."""
    out: dict[Path, set[str]] = {}
    for pid, p in repo.processes.items():
        path = repo.sources.files.get(p._file)
        if path is not None:
            out.setdefault(Path(path).resolve(), set()).add(pid)
    return out


def _strings(value: Any, into: set[str]) -> set[str]:
    """Every text inside a dumped model (ids of roles, goals, documents, called processes)."""
    if isinstance(value, str):
        into.add(value)
    elif isinstance(value, dict):
        for k, v in value.items():
            _strings(k, into)
            _strings(v, into)
    elif isinstance(value, list | tuple | set):
        for v in value:
            _strings(v, into)
    return into


@dataclass
class Update:
    """What one incremental update did."""

    changed: list[str] = field(default_factory=list)  # site paths of the pages written ("processer/x")
    made: int = 0  # pages made again as Markdown
    seconds: dict[str, float] = field(default_factory=dict)


class LiveSite:
    """One full build's MkDocs state and pages, updated in place by later edits of process files."""

    def __init__(self, cfg: Any, plugin: Any, repo: Repository, stamps: dict[str, tuple[int, int]]) -> None:
        self.cfg = cfg
        self.plugin = plugin
        self.repo = repo
        self.stamps = stamps  # the watched files as they were when ``repo`` was read
        self.site_dir = Path(cfg.site_dir)
        self.files: Any = None
        self.nav: Any = None
        self.env: Any = None
        self.hashes: dict[str, bytes] = {}
        self.pending: set[str] = set()  # pages an interrupted update left to make
        self._ctx: SiteContext | None = None
        _capture(cfg, self)

    def built(self) -> None:
        """After the full build: remember each generated page."""
        site, diagrams = self.plugin.site, self.plugin.diagrams
        assert site is not None and self.files is not None and self.nav is not None
        self.hashes = {path: page_hash(content, diagrams) for path, content in site.files.items()}

    # what an edit touches ---------------------------------------------------------------

    def context(self, repo: Repository, diagrams: Diagrams | None) -> SiteContext:
        opts = self.plugin.config
        return site_context(
            repo,
            opts.audience,
            self.plugin.lang,
            self.cfg.use_directory_urls,
            diagrams,
            None,
            self.plugin.history,
        )

    def old_context(self) -> SiteContext:
        if self._ctx is None:
            self._ctx = self.context(self.repo, None)
        return self._ctx

    def changed_processes(self, now: dict[str, tuple[int, int]], repo: Repository) -> set[str] | None:
        """Ids of the processes whose files changed since the build, or ``None`` when something
        else changed (a full build then)."""
        changed = {p for p in now.keys() | self.stamps.keys() if now.get(p) != self.stamps.get(p)}
        old, new = process_files(self.repo), process_files(repo)
        pids: set[str] = set()
        for path in map(Path, changed):
            if path not in old or path not in new:
                return None
            pids |= old[path] | new[path]
        return pids

    def first_pages(self, ctx: SiteContext, old_ctx: SiteContext, pids: set[str]) -> list[str] | None:
        """The changed processes' own pages; ``None`` when a process, role or goal came or went
        (or became visible or hidden): a full build then."""
        old, new = old_ctx.repo, ctx.repo
        if (set(old.processes), set(old.roles), set(old.goals)) != (
            set(new.processes),
            set(new.roles),
            set(new.goals),
        ):
            return None
        return sorted(urls.process_path(pid) for pid in pids if pid in new.processes)

    def other_pages(self, ctx: SiteContext, old: SiteContext, pids: set[str]) -> list[str] | None:
        """Every other page the change may touch, cheap ones first; ``None`` when the set of
        pages is not the built one's (a document page came or went: a full build then).
        ``old``: the context of the pages as they are."""
        fixed = _fixed_pages(ctx)
        if set(fixed) | set(_entity_pages(ctx)) != set(self.hashes):
            return None
        named: set[str] = set()
        related: set[str] = set()
        for c in (old, ctx):
            repo = c.repo
            for pid in pids & set(repo.processes):
                named |= _strings(repo.processes[pid].model_dump(mode="json"), set())
                related |= {cpid for cpid, _ in c.callers(pid)}
            related |= {v for v, info in repo.variants.items() if info.base in pids}
        procs = {pid for pid in (named | related) - pids if pid in ctx.repo.processes}
        roles = {
            rid
            for c in (old, ctx)
            for rid in c.repo.roles
            if rid in named or any(g in named for g in groups_of(c.repo.roles, rid))
        }
        goals = {g for g in named if g in ctx.repo.goals}
        for c in (old, ctx):
            for approved in (False, True):
                for gid, cov in c.coverage(approved).items():
                    if any(s.process in pids for s in cov.services):
                        goals.add(gid)
        for gid in list(goals):
            parent = ctx.repo.goal_parent.get(gid)
            while parent:
                goals.add(parent)
                parent = ctx.repo.goal_parent.get(parent)
        rest = [urls.process_path(pid) for pid in procs]
        rest += [urls.role_path(rid) for rid in roles if rid in ctx.repo.roles]
        rest += [urls.goal_path(gid) for gid in goals if gid in ctx.repo.goals]
        rest += fixed
        rest += self.pending  # left by an update that a save stopped
        self.pending = set()
        return sorted(set(rest), key=lambda p: (_cost(p), p))

    # updating -------------------------------------------------------------------------

    def update(
        self,
        repo: Repository,
        stamps: dict[str, tuple[int, int]],
        pids: set[str],
        publish: Callable[[Update, bool], None],
        viewing: Iterable[str] = (),
        stop: Callable[[], bool] = lambda: False,
    ) -> bool:
        """Make again what changing ``pids`` touches; ``False``: a full build is needed.

        ``publish(update, final)`` is called after the changed processes' own pages, after the
        pages being viewed (``viewing``: site paths as :meth:`page_key` gives them), and at the
        end. ``False`` may come after the first call too (the edited pages are right, the rest
        needs the full build). When ``stop()`` says the files changed again, the remaining
        pages are left for the next update (made again then, from the newer files).
        """
        started = time.monotonic()
        from procmodel.site.plugin import default_cache_dir, log

        opts = self.plugin.config
        cache = Path(opts.cache_dir).expanduser() if opts.cache_dir else default_cache_dir()
        diagrams = Diagrams(enabled=opts.diagrams, cache_dir=cache, log=log, defer=True)
        with artefacts_in(self.plugin.lang):
            ctx = self.context(repo, diagrams)
            old = self.old_context()
            first = self.first_pages(ctx, old, pids)
            if first is None:
                return False
            self.plugin.diagrams = diagrams  # its placeholders are what on_post_page puts SVG for
            self.repo, self.stamps, self._ctx = repo, stamps, ctx
            update = Update(seconds={"plan": time.monotonic() - started})
            self._make(ctx, first, diagrams, update, lambda: False)
            update.seconds["first"] = time.monotonic() - started
            publish(update, False)
            rest = self.other_pages(ctx, old, pids)
            if rest is None:
                return False
            rest = [p for p in rest if p not in first]
            seen = set(viewing)
            viewed = [p for p in rest if self.page_key(p) in seen]
            batches = [viewed, [p for p in rest if p not in viewed]]
            update = Update(seconds=dict(update.seconds))
            for n, batch in enumerate(batches):
                left = self._make(ctx, batch, diagrams, update, stop)
                update.seconds["all"] = time.monotonic() - started
                last = n == len(batches) - 1 or bool(left)
                if left:
                    self.pending = set(left).union(*batches[n + 1 :])
                if batch or last:
                    publish(update, last)
                    update = Update(seconds=dict(update.seconds))
                if last:
                    break
        ctx.diagrams = Diagrams(enabled=False)  # the SVG of this update are written: let them go
        return True

    def page_key(self, path: str) -> str | None:
        """The site path of a generated page (``processer/x``; the start page: ``""``)."""
        file = self.files.get_file_from_path(path)
        if file is None:
            return None
        key = unquote(file.url).strip("/")
        return "" if key == "." else key

    def _make(
        self, ctx: SiteContext, paths: list[str], diagrams: Diagrams, update: Update, stop: Callable[[], bool]
    ) -> list[str]:
        """Make ``paths`` again and write those that changed; the paths left when ``stop()``."""
        from mkdocs.commands.build import _build_page, _populate_page
        from mkdocs.structure.files import InclusionLevel

        doc_files = self.files.documentation_pages(inclusion=InclusionLevel.is_included)
        builders = page_builders(ctx)
        stage = Path(self.site_dir.parent, f".stage-{self.site_dir.name}")
        stage.mkdir(exist_ok=True)
        try:
            for n, path in enumerate(paths):
                if stop():
                    return paths[n:]
                for name, content in _make_page(ctx, builders, path):
                    update.made += 1
                    digest = page_hash(content, diagrams)
                    file = self.files.get_file_from_path(name)
                    if digest == self.hashes.get(name) or file is None or file.generated_by is None:
                        continue  # unchanged, or a hand-written page of the same path (it wins)
                    dest = file.abs_dest_path
                    staged = str(stage / f"{n}{Path(dest).suffix}")
                    if isinstance(content, bytes):
                        file.content_bytes = content
                        Path(staged).write_bytes(content)
                    elif not name.endswith(".md"):
                        file.content_string = content
                        Path(staged).write_text(content, encoding="utf-8")
                    else:
                        file.content_string = content
                        _populate_page(file.page, self.cfg, self.files)
                        with _writing_to(file, staged):
                            _build_page(file.page, self.cfg, doc_files, self.nav, self.env)
                    os.replace(staged, dest)
                    self.hashes[name] = digest
                    update.changed.append(self.page_key(name) or "")
        finally:
            shutil.rmtree(stage, ignore_errors=True)
        return []


def _cost(path: str) -> int:
    """Cheap pages first: a process page, then the lists, then goals, then the long role pages."""
    first = path.partition("/")[0]
    return {"processer": 0, "mål": 2, "roller": 3}.get(first, 1)


@contextlib.contextmanager
def _writing_to(file: Any, path: str) -> Iterator[None]:
    """MkDocs writes the page to ``path`` (a staging file) instead of its place in the site."""
    real = file.abs_dest_path
    file.abs_dest_path = path  # a cached_property: the instance value wins
    try:
        yield
    finally:
        file.abs_dest_path = real


def _fixed_pages(ctx: SiteContext) -> list[str]:
    """Pages (and the search words) that list or count every process: made again after any edit."""
    pages = [
        urls.START,
        urls.section_index(urls.PROCESSES),
        urls.section_index(urls.ROLES),
        urls.section_index(urls.GOALS),
        urls.COVERAGE,
        urls.SEARCH,
        f"{urls.ASSETS}/sokord.json",
    ]
    if ctx.audience == "staff":
        pages.append(urls.REVIEW)
    return pages


def _entity_pages(ctx: SiteContext) -> Iterable[str]:
    repo = ctx.repo
    yield from (urls.process_path(pid) for pid in repo.processes)
    yield from (urls.role_path(rid) for rid in repo.roles)
    yield from (urls.goal_path(gid) for gid in repo.goals)
    yield from document_files(ctx)
    yield from unit_files(ctx)
    yield from (f"{urls.ASSETS}/{name}" for name in ("procmodel.css", "procmodel.js"))


def page_builders(ctx: SiteContext) -> dict[str, Callable[[], Content]]:
    """Each page's builder, the ones :func:`procmodel.site.generate_site` uses, by page path
    (the document and unit pages come together: see :func:`_make_page`)."""
    repo = ctx.repo
    out: dict[str, Callable[[], Content]] = {
        urls.START: lambda: start_page(ctx),
        urls.section_index(urls.PROCESSES): lambda: processes_index(ctx),
        urls.section_index(urls.ROLES): lambda: roles_index(ctx),
        urls.section_index(urls.GOALS): lambda: goals_index(ctx),
        urls.COVERAGE: lambda: coverage_page(ctx),
        urls.REVIEW: lambda: review_page(ctx),
        urls.SEARCH: lambda: search_page(ctx),
        f"{urls.ASSETS}/sokord.json": lambda: search_data(repo),
    }
    for pid in repo.processes:
        out[urls.process_path(pid)] = functools.partial(process_page, ctx, pid)
    for rid in repo.roles:
        out[urls.role_path(rid)] = functools.partial(role_page, ctx, rid)
    for gid in repo.goals:
        out[urls.goal_path(gid)] = functools.partial(goal_page, ctx, gid)
    return out


def _make_page(
    ctx: SiteContext, builders: dict[str, Callable[[], Content]], path: str
) -> Iterator[tuple[str, Content]]:
    """The content of ``path``; with the start page, the document and unit pages too."""
    if path in builders:
        yield path, builders[path]()
    if path == urls.START:
        yield from document_files(ctx).items()
        yield from unit_files(ctx).items()


class _Capture:
    """Keeps the navigation and the template environment of a MkDocs build (two events of its own)."""

    def __init__(self, live: LiveSite) -> None:
        self.live = live

    def on_nav(self, nav: Any, *, config: Any, files: Any) -> Any:
        self.live.nav = nav
        return nav

    def on_env(self, env: Any, *, config: Any, files: Any) -> Any:
        self.live.env, self.live.files = env, files
        return env


def _capture(cfg: Any, live: LiveSite) -> None:
    capture = _Capture(live)
    for name in ("nav", "env"):
        cfg.plugins.events[name].append(getattr(capture, f"on_{name}"))


class BackgroundIndex:
    """Pagefind run again over the served site after an update, in the background.

    It writes into a folder of its own, which then takes the place of the site's index; a
    newer update stops a run still going (its index would be stale).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._proc: subprocess.Popen[bytes] | None = None

    def start(self, site_dir: Path, lang: str) -> None:
        self.stop()
        fresh = site_dir / f".{INDEX_DIR}-new"
        shutil.rmtree(fresh, ignore_errors=True)
        cmd = index_command(site_dir, lang, output=fresh)
        with self._lock:
            self._proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            proc = self._proc
        threading.Thread(target=self._finish, args=(proc, site_dir, fresh), daemon=True).start()

    def _finish(self, proc: subprocess.Popen[bytes], site_dir: Path, fresh: Path) -> None:
        _, err = proc.communicate()
        with self._lock:
            if self._proc is not proc:
                return
            self._proc = None
            if proc.returncode != 0:
                detail = err.decode("utf-8", "replace").strip().splitlines()
                print(f"Pagefind failed: {detail[-1] if detail else proc.returncode}", flush=True)
                shutil.rmtree(fresh, ignore_errors=True)
                return
            index = site_dir / INDEX_DIR
            old = site_dir / f".{INDEX_DIR}-old"
            shutil.rmtree(old, ignore_errors=True)
            if index.exists():
                index.rename(old)
            fresh.rename(index)
            shutil.rmtree(old, ignore_errors=True)

    def stop(self) -> None:
        with self._lock:
            proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait()
