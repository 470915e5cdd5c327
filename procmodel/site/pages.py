"""The standalone page generator: repository → {site path: Markdown, SVG-in-Markdown or asset}.

Independent of MkDocs (the plugin in :mod:`procmodel.site.plugin` is a thin adapter
over :func:`generate_site`), so the pages can be tested, and moved to another static
site generator, without it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from importlib import resources
from pathlib import Path

from procmodel.history import RepositoryHistory
from procmodel.i18n import artefacts_in
from procmodel.repository import Repository
from procmodel.site import urls
from procmodel.site.calendar_page import calendar_files, wheel_path
from procmodel.site.changes_page import CHANGES, changes_page
from procmodel.site.context import SiteContext
from procmodel.site.diagram_inputs import site_inputs
from procmodel.site.diagrams import Diagrams
from procmodel.site.document_page import document_files
from procmodel.site.followup_pages import add_followup
from procmodel.site.followup_urls import followup_index
from procmodel.site.goal_page import goal_page
from procmodel.site.i18n import LANGUAGES, Words
from procmodel.site.process_page import process_page
from procmodel.site.reports import coverage_page, review_page
from procmodel.site.role_page import role_page
from procmodel.site.search import search_data, site_script
from procmodel.site.search_page import script_texts, search_page
from procmodel.site.start_page import goals_index, processes_index, roles_index, start_page
from procmodel.site.unit_followup import wheel_extra
from procmodel.site.unit_page import LIKVARDIGHET, UNITS, unit_files
from procmodel.site.visibility import SiteAudience, audience_view

ASSET_FILES = ("procmodel.css", "procmodel.js")


@dataclass
class GeneratedSite:
    """Everything a static-site generator needs to publish the repository."""

    files: dict[str, str | bytes] = field(default_factory=dict)  # site path → content
    sources: dict[str, Path] = field(default_factory=dict)  # page → file it was made from
    nav: list[dict[str, str]] = field(default_factory=list)  # title → page, for the menu
    lang: str = "sv"
    audience: str = "public"
    #: pages made only when asked for (``later=True``): page → its maker. ``files`` holds what was
    #: added to the end of such a page after it (the follow-up's sections), "" when nothing was
    later: dict[str, Callable[[], str]] = field(default_factory=dict)

    def pages(self) -> list[str]:
        return sorted(p for p in self.files if p.endswith(".md"))

    def make(self, path: str) -> str:
        """The Markdown of a page made later, with what was added to it (once: its maker is let go)."""
        made = self.later.pop(path)()
        added = self.files[path]
        return made + added if isinstance(added, str) else made


def site_language(repo: Repository, lang: str | None) -> str:
    """The language asked for, else the repository's (procmodel.yaml ``language``)."""
    chosen = lang or repo.config.language
    if chosen not in LANGUAGES:
        raise ValueError(f"unsupported site language {chosen!r}; choose one of {', '.join(LANGUAGES)}")
    return chosen


def generate_site(
    repo: Repository,
    *,
    audience: SiteAudience = "public",
    lang: str | None = None,
    directory_urls: bool = True,
    diagrams: Diagrams | None = None,
    today: dt.date | None = None,
    history: RepositoryHistory | None = None,
    later: bool = False,
) -> GeneratedSite:
    """Generate every page of the site for one audience, pages and diagrams in one language.

    ``diagrams``: a :class:`Diagrams` (``None``: pages without diagrams). ``today``:
    the date reviews are measured against (default: ``today`` in procmodel.yaml, else the
    real date). ``history``: the processes' git history (:func:`procmodel.history.read_history`;
    ``None``: no "Senast ändrad", change history or "Senaste ändringar" page). ``later``: the
    process, role and goal pages (most of the work) are made only when asked for
    (:meth:`GeneratedSite.make`: a build in two processes makes each page in one of them).
    """
    language = site_language(repo, lang)
    with artefacts_in(language):
        ctx = site_context(repo, audience, lang, directory_urls, diagrams, today, history)
        # the diagrams' inputs: the whole repository, of which the audience's view is made
        available = ctx.diagrams.available
        inputs = site_inputs(repo, audience, language, f"{directory_urls=}") if available else None
        return _generate_site(ctx, inputs, later)


def _made_in(language: str, make: Callable[[], str]) -> str:
    """``make()`` in ``language``, as :func:`generate_site` makes its pages."""
    with artefacts_in(language):
        return make()


def site_context(
    repo: Repository,
    audience: SiteAudience,
    lang: str | None,
    directory_urls: bool,
    diagrams: Diagrams | None,
    today: dt.date | None,
    history: RepositoryHistory | None = None,
) -> SiteContext:
    """The state every page builder reads: the audience's view of ``repo``, words, URLs, date, diagrams,
    git history.

    (Also used by ``procmodel serve`` to make again only the pages an edit touches.)
    """
    return SiteContext(
        repo=audience_view(repo, audience),
        audience=audience,
        words=Words(site_language(repo, lang)),
        urls=urls.Urls(directory_urls),
        today=today or repo.config.today or dt.date.today(),
        diagrams=diagrams or Diagrams(enabled=False),
        history=history,
    )


def _generate_site(ctx: SiteContext, inputs: str | None = None, later: bool = False) -> GeneratedSite:
    view, language, audience, history = ctx.repo, ctx.words.lang, ctx.audience, ctx.history
    site = GeneratedSite(lang=language, audience=audience)
    files = site.files

    def page(path: str, make: Callable[[], str]) -> None:
        if later:
            site.later[path] = partial(_made_in, language, make)
            files[path] = ""
        else:
            files[path] = make()

    hrefs = {pid: urls.make_href(view, urls.process_path(pid), ctx.urls, pid) for pid in view.processes}
    leaves = [gid for gid, goal in view.goals.items() if not goal.goals]  # goal pages with a red thread
    goal_hrefs = {gid: urls.make_href(view, urls.goal_path(gid), ctx.urls) for gid in leaves}
    ctx.diagrams.prerender(view, hrefs, goal_hrefs, inputs)

    files[urls.START] = start_page(ctx)
    files[urls.section_index(urls.PROCESSES)] = processes_index(ctx)
    files[urls.section_index(urls.ROLES)] = roles_index(ctx)
    files[urls.section_index(urls.GOALS)] = goals_index(ctx)
    files[urls.COVERAGE] = coverage_page(ctx)
    if audience == "staff":  # review states are internal: the public site has no review page
        files[urls.REVIEW] = review_page(ctx)
    files[urls.SEARCH] = search_page(ctx)
    if history is not None:
        files[CHANGES] = changes_page(ctx)
    for pid in sorted(view.processes):
        path = urls.process_path(pid)
        page(path, partial(process_page, ctx, pid))
        source = view.sources.files.get(view.processes[pid]._file)
        if source is not None:
            site.sources[path] = source
    for rid in sorted(view.roles):
        page(urls.role_path(rid), partial(role_page, ctx, rid))
    for gid in view.goals:
        page(urls.goal_path(gid), partial(goal_page, ctx, gid))
        cat_file = view.sources.files.get(view.catalogs[view.goal_catalog[gid]]._file)
        if cat_file is not None:
            site.sources[urls.goal_path(gid)] = cat_file
    files.update(document_files(ctx))
    files.update(unit_files(ctx))
    files.update(calendar_files(ctx, wheel_extra(ctx)))
    if view.followup:
        add_followup(ctx, files)
    for name in ASSET_FILES:
        text = resources.files("procmodel.site.assets").joinpath(name).read_text("utf-8")
        texts = script_texts(ctx.words, ctx.urls.directory_urls)
        files[f"{urls.ASSETS}/{name}"] = site_script(text, texts) if name.endswith(".js") else text
    files[f"{urls.ASSETS}/sokord.json"] = search_data(view)

    w = ctx.words
    site.nav = [
        {w("nav.start"): urls.START},
        {w("nav.processes"): urls.section_index(urls.PROCESSES)},
        {w("nav.roles"): urls.section_index(urls.ROLES)},
        {w("nav.goals"): urls.section_index(urls.GOALS)},
        {w("nav.coverage"): urls.COVERAGE},
    ]
    if wheel_path() in files:
        site.nav.insert(-1, {w("nav.wheel"): wheel_path()})
    if view.units:
        site.nav.insert(3, {w("nav.units"): urls.section_index(UNITS)})
        site.nav.insert(4, {w("nav.likvardighet"): LIKVARDIGHET})
    if view.followup:
        site.nav.insert(-1, {w("nav.followup"): followup_index()})
    if CHANGES in files:
        site.nav.append({w("nav.changes"): CHANGES})
    if urls.REVIEW in files:
        site.nav.append({w("nav.review"): urls.REVIEW})
    return site
