"""The MkDocs plugin: a thin adapter over :func:`procmodel.site.generate_site`.

``mkdocs.yml``::

    plugins:
      - procmodel:
          repository: processes      # the folder holding procmodel.yaml
          audience: public           # public | staff
          # lang: sv                 # default: theme.language, else procmodel.yaml

Generated pages are added in memory in ``on_files`` (nothing is written into the docs
folder, so ``mkdocs serve`` does not rebuild in a loop) and ``processes/`` is watched in
``on_serve`` (for plain ``mkdocs serve``; ``procmodel serve`` has its own server and hands
the plugin the repository it has already loaded and checked, :attr:`ProcmodelPlugin.preloaded`).
A generated page's raw HTML blocks skip Python-Markdown (``on_page_markdown`` holds them,
``on_page_content`` puts them back: :mod:`procmodel.site.html_blocks`), as its diagrams do
(``on_post_page``). The site's search is Pagefind, run over the built site in ``on_post_build``
(mkdocs-material's own search plugin is switched off: one index, one search box).
``procmodel build`` / ``procmodel serve`` override the options with the
environment variables ``PROCMODEL_REPOSITORY``, ``PROCMODEL_AUDIENCE`` and ``PROCMODEL_LANG``.
"""

from __future__ import annotations

import gc
import logging
import os
from pathlib import Path

import markdown
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

from procmodel.cache_entries import caches_off
from procmodel.check_cache import parse_cache
from procmodel.history import RepositoryHistory, site_history
from procmodel.i18n import say
from procmodel.load.repository import RepositoryError, load_repository
from procmodel.model import Severity
from procmodel.progress import current
from procmodel.repository import Repository
from procmodel.site import urls
from procmodel.site.diagrams import Diagrams
from procmodel.site.html_blocks import HtmlBlocks, why_not_held
from procmodel.site.i18n import LANGUAGES, Words
from procmodel.site.page_split import PageSplit, SplitError, why_not
from procmodel.site.pages import GeneratedSite, generate_site
from procmodel.site.search import search_terms
from procmodel.site.search_index import IndexInput, SearchIndexError, build_index, mark_page, page_kind
from procmodel.site.visibility import AUDIENCES

log = logging.getLogger("mkdocs.plugins.procmodel")

ENV_REPOSITORY = "PROCMODEL_REPOSITORY"
ENV_AUDIENCE = "PROCMODEL_AUDIENCE"
ENV_LANG = "PROCMODEL_LANG"
REQUIRED_EXTENSIONS = ("attr_list", "toc")
SOURCE_LINKS = ("staff", "always", "never")
THEME_DIR = str(Path(__file__).parent / "theme")
#: words the theme templates use (``procmodel_words.<name>``): template name → catalog key
TEMPLATE_WORDS = {
    "not_found_title": "notfound.title",
    "not_found_text": "notfound.text",
    "not_found_start": "notfound.start",
    "source": "theme.source",
    "source_name": "theme.source_name",
}


class ProcmodelConfig(base.Config):
    """Options of the ``procmodel`` plugin."""

    repository = c.Type(str, default="processes")
    audience = c.Choice(AUDIENCES, default="public")
    lang = c.Optional(c.Choice(LANGUAGES))
    diagrams = c.Type(bool, default=True)
    # where "edit this page" and the repository link appear: staff builds only (default), always, never
    source_links = c.Choice(SOURCE_LINKS, default="staff")
    cache_dir = c.Optional(c.Type(str))
    history = c.Type(bool, default=True)  # "Senast ändrad", change history and "Senaste ändringar" from git


class ProcmodelPlugin(BasePlugin[ProcmodelConfig]):
    """Publishes a procmodel repository: one page per process, role and goal, and more."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.site: GeneratedSite | None = None
        self.diagrams: Diagrams | None = None
        self.history: RepositoryHistory | None = None  # of the last full build (the preview reuses it)
        self.repo_root: Path | None = None
        self.lang = "sv"
        #: A repository already loaded (and checked) by ``procmodel serve``: used instead of loading.
        self.preloaded: Repository | None = None
        self.content_lang = "sv"  # the language the process files are written in (search stemming)
        self.unsearched: set[str] = set()  # source paths of pages left out of the search index
        self.generated: set[str] = set()  # source paths of the generated pages (their HTML skips Markdown)
        self.html_blocks = HtmlBlocks()
        self.tab_length = 4  # Markdown's, with the site's extensions
        self.why_not_held: str | None = None  # why the generated HTML must go through Markdown
        self.index_input: IndexInput | None = None  # the pages Pagefind reads (None: the built site)
        self.split: PageSplit | None = None  # the pages built by a second process (page_split)
        self.why_not_split: str | None = "not built yet"

    # configuration ------------------------------------------------------------------

    @event_priority(100)  # before the search plugin reads the theme language
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        opts = self.config
        opts.repository = os.environ.get(ENV_REPOSITORY) or opts.repository
        audience = os.environ.get(ENV_AUDIENCE) or opts.audience
        if audience not in AUDIENCES:
            raise PluginError(f"procmodel: audience must be 'public' or 'staff', not {audience!r}")
        opts.audience = audience
        self.repo_root = self.repository_root(config)
        lang = os.environ.get(ENV_LANG) or opts.lang
        if lang is None:
            theme_lang = config.theme.get("language")
            lang = theme_lang if theme_lang in LANGUAGES else None
        if lang is not None and lang not in LANGUAGES:
            raise PluginError(f"procmodel: language must be one of {', '.join(LANGUAGES)}, not {lang!r}")
        self.lang = lang or "sv"
        if os.environ.get(ENV_LANG):
            config.theme["language"] = self.lang
        # nothing external: the theme's web fonts come from Google, so use the system fonts
        config.theme["font"] = False
        config.extra["generator"] = False  # no "Made with Material for MkDocs" in the footer
        # our templates (404 page, repository link) in the site's language, before the theme's own
        if THEME_DIR not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, THEME_DIR)
        links = opts.source_links
        if links == "never" or (links == "staff" and audience != "staff"):
            # the repository and its edit links are for staff: a public page shows neither
            config.repo_url = None
            config.repo_name = None
            config.edit_uri = None
        for ext in REQUIRED_EXTENSIONS:
            if ext not in config.markdown_extensions:
                config.markdown_extensions.append(ext)
        _drop_material_search(config)
        md = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
        self.tab_length, self.why_not_held = md.tab_length, why_not_held(md)
        if self.why_not_held:
            log.info("procmodel: generated pages go through Markdown whole: %s", self.why_not_held)
        if urls.CSS not in config.extra_css:
            config.extra_css.append(urls.CSS)
        if urls.JS not in [str(s) for s in config.extra_javascript]:
            config.extra_javascript.append(urls.JS)
        return config

    def repository_root(self, config: MkDocsConfig) -> Path:
        """The repository folder: ``$PROCMODEL_REPOSITORY``, else the option, relative to mkdocs.yml."""
        base_dir = Path(config.config_file_path or ".").resolve().parent
        return (base_dir / (os.environ.get(ENV_REPOSITORY) or self.config.repository)).resolve()

    # pages ----------------------------------------------------------------------------

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.repo_root is not None
        current().step(say("progress.reading"))
        repo, self.preloaded = self.preloaded, None
        if repo is None:
            repo = self._load()
        # the repository and the pages made of it live until the build ends: the collector need
        # not walk them in each full collection of the build (on_post_build lets it again)
        gc.freeze()
        cache = Path(self.config.cache_dir).expanduser() if self.config.cache_dir else default_cache_dir()
        # strict counts drops; the SVG goes into the finished HTML (on_post_page), not through Markdown
        diagrams = Diagrams(enabled=self.config.diagrams, cache_dir=cache, log=log, defer=True)
        self.diagrams = diagrams
        history, no_history = site_history(repo) if self.config.history else (None, None)
        if no_history:
            log.info("procmodel: no change history on the pages: %s", no_history)
        self.history = history
        # a build in two processes makes most pages where they are built (on_page_markdown)
        self.why_not_split = why_not(config)
        try:
            site = generate_site(
                repo,
                audience=self.config.audience,
                lang=self.lang,
                directory_urls=config.use_directory_urls,
                diagrams=diagrams,
                history=history,
                later=self.why_not_split is None,
            )
        except ValueError as exc:
            raise PluginError(f"procmodel: {exc}") from None
        for path in [p for p in site.later if _in_nav(site, p)]:  # the menu of every page shows its title
            site.files[path] = site.make(path)
        self.site = site
        gc.freeze()
        self.content_lang = repo.config.language
        # a unit's variant is found through its unit's page: the central process answers a search
        self.unsearched = {urls.process_path(pid) for pid in repo.variants}
        base_dir = Path(config.config_file_path or ".").resolve().parent
        self.generated = set()
        self.html_blocks = HtmlBlocks(tab_length=self.tab_length)  # a fresh token for each build
        for path, content in site.files.items():
            existing = files.get_file_from_path(path)
            if existing is not None and existing.generated_by is None:
                log.info("procmodel: keeping your own %s instead of the generated page", path)
                continue
            if existing is not None:
                files.remove(existing)
            f = File.generated(
                config,
                path,
                content=content,
                inclusion=InclusionLevel.NOT_IN_NAV
                if path.endswith(".md") and not _in_nav(site, path)
                else InclusionLevel.UNDEFINED,
            )
            source = site.sources.get(path)
            f.edit_uri = _relative(source, base_dir) if source is not None else None
            files.append(f)
            self.generated.add(path)
        if config.nav is None:
            config.nav = site.nav + _own_pages(files, site)
        current().step(say("progress.build.pages"), total=len(files.documentation_pages()))
        # Pagefind reads the marked pages without their diagrams, unless another plugin changes a
        # page after this one does (then it reads the pages as they are written)
        last = config.plugins.events["post_page"][-1:]
        by_us = [getattr(m, "__self__", None) for m in last] == [self]
        self.index_input = IndexInput(Path(config.site_dir).parent) if by_us else None
        return files

    @event_priority(-100)  # the navigation as every plugin left it
    def on_nav(self, nav, *, config: MkDocsConfig, files: Files):
        """Split the pages between two processes (:mod:`.page_split`), where the build may."""
        why = self.why_not_split
        if why is None:
            if self.index_input is not None:
                self.index_input.ready()  # one folder for both processes' pages
            try:
                self.split = PageSplit.start(config, files, self.generated)
            except OSError as exc:  # no second process to be had: this one builds every page
                log.info("procmodel: the pages are built in one process: no second process (%s)", exc)
                return nav
            if not self.split.in_child:
                log.info(
                    "procmodel: the pages are built in two processes (%d of them in the second)",
                    len(self.split.child_pages),
                )
        else:
            log.debug("procmodel: the pages are built in one process: %s", why)
        return nav

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        words = Words(self.lang)
        env.globals["procmodel_words"] = {name: words(key) for name, key in TEMPLATE_WORDS.items()}
        return env

    def _load(self) -> Repository:
        """Load the repository; its unreadable files are logged (``--strict`` fails on them)."""
        assert self.repo_root is not None
        # the files parsed by earlier runs (procmodel check, a build), kept in the repository's cache
        parsed = None if caches_off() else parse_cache(self.repo_root)
        try:
            repo = load_repository(self.repo_root, parsed)
        except RepositoryError as exc:
            raise PluginError(
                f"procmodel: {exc}. Set 'repository' under plugins → procmodel in mkdocs.yml "
                "to the folder that holds procmodel.yaml."
            ) from None
        for finding in repo.sources.resolve(list(repo.findings)):
            if finding.severity is Severity.error:
                log.warning(
                    "%s: %s %s: %s",
                    finding.location or finding.file,
                    finding.rule,
                    finding.name,
                    finding.message,
                )
        return repo

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        """For plain ``mkdocs serve``: watch the repository too (``procmodel serve`` has its own server)."""
        if self.repo_root is not None and self.repo_root.exists():
            server.watch(str(self.repo_root))
        return server

    def _elsewhere(self, page: Page) -> bool:
        """The other process of a split build builds ``page``."""
        return self.split is not None and not self.split.owns(page)

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """A generated page's raw HTML blocks wait outside Markdown (:mod:`.html_blocks`)."""
        if self.split is not None and self._elsewhere(page):
            return self.split.elsewhere_markdown(page, markdown, page.file.src_uri in self.generated)
        if page.file.src_uri not in self.generated:
            return markdown
        if self.site is not None and page.file.src_uri in self.site.later:
            markdown, page.meta = get_data(self.site.make(page.file.src_uri))
        if self.why_not_held is not None:
            return markdown
        return self.html_blocks.hold(page.file.src_uri, markdown)

    @event_priority(100)  # before any other plugin reads the content
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Put a generated page's raw HTML blocks back, and their ids among the page's anchors."""
        if self.split is not None and self._elsewhere(page):
            self.split.elsewhere_converted(page)
            return html
        if page.file.src_uri not in self.generated:
            return html
        html, anchors = self.html_blocks.restore(page.file.src_uri, html)
        if page.present_anchor_ids is not None:
            page.present_anchor_ids |= anchors
        return html

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Put the diagrams in (after Markdown, which never sees them), then mark the page's
        content for the search index (unless its front matter excludes it)."""
        current().advance()
        if self._elsewhere(page):
            return ""  # the other process writes it
        meta = page.meta or {}
        search = meta.get("search")
        excluded = isinstance(search, dict) and bool(search.get("exclude"))
        excluded = excluded or page.file.src_uri in self.unsearched
        output = mark_page(
            output, kind=page_kind(page.file.src_uri), terms=search_terms(dict(meta)), excluded=excluded
        )
        final = self.diagrams.insert(output) if self.diagrams is not None else output
        if self.index_input is not None:
            self.index_input.add(page.file.dest_uri, output, as_written=final == output)
        return final

    @event_priority(-100)  # after every other plugin has written its files
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Index the built site with Pagefind, stemming words in the language the processes are
        written in (``language`` in procmodel.yaml), whatever the language of the furniture."""
        split, self.split = self.split, None
        if split is not None:
            self._join(split)
        gc.unfreeze()
        current().step(say("progress.build.search"))
        try:
            build_index(Path(config.site_dir), self.content_lang, self.index_input)
        except SearchIndexError as exc:
            raise PluginError(f"procmodel: {exc}") from None
        finally:
            self._close_index_input()

    def _join(self, split: PageSplit) -> None:
        """The end of a split build: the child hands over and exits; the parent takes over."""
        index = self.index_input
        if split.in_child:
            split.finish_child(carried=index.kept() if index is not None else None)
        try:
            kept = split.join()
        except SplitError as exc:
            raise PluginError(f"procmodel: {exc}") from None
        if index is not None and kept is not None:
            index.take(kept)

    def on_build_error(self, *, error: Exception) -> None:
        split, self.split = self.split, None
        if split is not None and split.in_child:
            split.finish_child(error=f"{type(error).__name__}: {error}")
        if split is not None:
            split.stop()
        gc.unfreeze()  # what on_files froze is collected as usual again
        self._close_index_input()

    def on_shutdown(self) -> None:
        """The build stopped without an error event (Ctrl-C): stop the child, drop the staging."""
        split, self.split = self.split, None
        if split is not None and not split.in_child:
            split.stop()
        self._close_index_input()

    def _close_index_input(self) -> None:
        if self.index_input is not None:
            self.index_input.close()
        self.index_input = None


def _drop_material_search(config: MkDocsConfig) -> None:
    """Switch off mkdocs-material's lunr search: the site searches with Pagefind instead.

    Its events are unregistered too (they were collected when the plugins were loaded), so it
    neither indexes the site nor draws a second search box.
    """
    for name in ("search", "material/search"):
        plugin = config.plugins.get(name)
        if plugin is None:
            continue
        for methods in config.plugins.events.values():
            methods[:] = [m for m in methods if getattr(m, "__self__", None) is not plugin]
        del config.plugins[name]
        log.info("procmodel: the site searches with Pagefind; mkdocs-material's search plugin is off")


def default_cache_dir() -> Path:
    """Diagram cache outside the repository: ``$XDG_CACHE_HOME/procmodel/diagrams``."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "procmodel" / "diagrams"


def _in_nav(site: GeneratedSite, path: str) -> bool:
    return any(path in entry.values() for entry in site.nav)


def _own_pages(files: Files, site: GeneratedSite) -> list[str]:
    """Hand-written pages in the docs folder, after the generated menu."""
    return sorted(
        f.src_uri
        for f in files.documentation_pages()
        if f.generated_by is None and f.src_uri not in site.files
    )


def _relative(path: Path, base_dir: Path) -> str | None:
    try:
        return path.resolve().relative_to(base_dir).as_posix()
    except ValueError:
        return None
