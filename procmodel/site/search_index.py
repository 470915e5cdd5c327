"""The site's search index: pages marked for Pagefind, then Pagefind run over the built site.

Pagefind ships as a binary inside a PyPI package (``pagefind[bin]``), so nothing is
downloaded at build time. Its output (``pagefind/`` in the site) is static files that the
browser fetches a few kB of per query; it works from any static host, offline.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from procmodel.site.markup import esc

#: Where the index is written inside the site.
INDEX_DIR = "pagefind"

_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset"')


class SearchIndexError(Exception):
    """Pagefind is missing or failed; the message says what to do."""


_SECTIONS = {"processer": "process", "mål": "goal", "roller": "role"}
#: Status notices on a process page (see process_page), for ranking: approved processes first.
_STATUS_MARKS = {"pm-draft": "draft", "pm-in-review": "review", "pm-retired": "retired"}


def page_kind(src_uri: str) -> str:
    """What a page is, for ranking: ``process``, ``goal``, ``role``, ``index`` (a section's list
    page, left out of the index: it repeats what the pages say) or ``page``."""
    first, _, rest = src_uri.partition("/")
    if first in _SECTIONS and rest.startswith("index."):
        return "index"
    return _SECTIONS.get(first, "page") if rest else "page"


def mark_page(html: str, *, kind: str, terms: str, excluded: bool) -> str:
    """Mark a rendered page's content for the index (``data-pagefind-body``), with its kind and
    status as metadata and its search terms as hidden text weighted like a title."""
    if excluded or kind == "index":
        return html
    extra = f'<span hidden data-pagefind-meta="kind:{esc(kind)}"></span>'
    status = next((v for k, v in _STATUS_MARKS.items() if f"pm-status {k}" in html), None)
    if kind == "process" and status:
        extra += f'<span hidden data-pagefind-meta="status:{status}"></span>'
    extra += _weighted_terms(terms)
    html = _ARTICLE.sub(lambda m: m.group(0) + " data-pagefind-body", html, count=1).replace(
        "data-pagefind-body>", "data-pagefind-body>" + extra, 1
    )
    # a process's question is shown in every result (the lead paragraph of its page)
    return html.replace('<p class="pm-question">', '<p class="pm-question" data-pagefind-meta="question">', 1)


_STATUTE_TOKEN = re.compile(r"\d+kap\d*[a-z]?")


def _weighted_terms(terms: str) -> str:
    """The search terms as hidden text weighted like a title, and how much the page works with
    each statute it cites as metadata (``statutes:6kap10=5 6kap9=2``: a token's repeats, see
    :func:`procmodel.site.search.process_tags`). Pagefind hardly counts repeats of a word, so
    the site's script weighs statute queries by this figure."""
    if not terms:
        return ""
    statutes: dict[str, int] = {}
    for word in terms.split():
        if _STATUTE_TOKEN.fullmatch(word):
            statutes[word] = statutes.get(word, 0) + 1
    out = f'<span hidden data-pagefind-weight="10">{esc(terms)}</span>'
    if statutes:
        value = " ".join(f"{t}={n}" for t, n in statutes.items())
        out += f'<span hidden data-pagefind-meta="statutes:{esc(value)}"></span>'
    return out


def index_command(site_dir: Path, lang: str, output: Path | None = None) -> list[str]:
    """The Pagefind command line for a built site; ``output``: a folder for the index other than
    the site's ``pagefind/`` (``procmodel serve`` indexes in the background and then swaps it in)."""
    where = ["--output-path", str(output)] if output is not None else ["--output-subdir", INDEX_DIR]
    return [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(site_dir),
        *where,
        "--exclude-selectors",
        ".headerlink",  # the ¶ of each heading's permalink
        "--force-language",
        lang,
        "--silent",
    ]


#: The attribute that makes a page one Pagefind indexes (once any page has it, it leaves out the rest).
BODY = "data-pagefind-body"


class IndexInput:
    """What Pagefind reads instead of the built site: the pages it indexes, without their diagrams.

    A built process page is mostly inline SVG, which Pagefind parses and then leaves out of the
    index (with ``svg`` elements' content), and a page without :data:`BODY` it parses and then
    leaves out whole. So each marked page is kept (:meth:`add`) as it was before its diagrams
    went in, in a folder of its own at the path it has in the site, and Pagefind reads that
    folder: the index is the same, made in about half the time.
    """

    def __init__(self, scratch: Path | None = None) -> None:
        # where the folder is made: beside the site, on its file system, as Pagefind indexes pages
        # in the order it finds them there (a folder in memory was 0.6 s faster and numbered the
        # pages in another order)
        self.scratch = scratch
        self.folder: Path | None = None
        self.pages: set[str] = set()  # site paths kept here (the site's own copies are not read)
        self.given_up = False  # the folder could not take a page: Pagefind reads the site
        self.linked: list[str] = []  # site paths of kept pages that are the site's own files

    def add(self, dest: str, html: str, *, as_written: bool = False) -> None:
        """Keep the page at site path ``dest`` as Pagefind is to read it (if it is indexed at all);
        ``as_written``: ``html`` is what the site's file will hold (a page without diagrams), which
        is then linked into the folder once it is written, not written twice."""
        self.pages.add(dest)
        if BODY not in html:
            return
        self.ready()
        if self.given_up:
            return
        try:
            if as_written:
                self.linked.append(dest)
            else:  # as MkDocs writes it
                self._target(dest).write_bytes(html.encode("utf-8", errors="xmlcharrefreplace"))
        except OSError:  # a full disk: the built site is indexed as it is, as before
            self._give_up()

    def ready(self) -> None:
        """Make the folder, if it is not made yet (at the first page kept, or before a build forks,
        so both processes keep pages in it)."""
        if self.folder is None and not self.given_up:
            try:
                self.folder = Path(tempfile.mkdtemp(prefix=".procmodel-search-", dir=self.scratch))
            except OSError:
                self._give_up()

    def kept(self) -> tuple[set[str], list[str], bool]:
        """What :meth:`add` noted (for :meth:`take` in another process of the same build)."""
        return self.pages, self.linked, self.given_up

    def take(self, kept: tuple[set[str], list[str], bool]) -> None:
        """Note the pages another process of the build kept in the same folder (:meth:`kept`)."""
        pages, linked, given_up = kept
        self.pages |= pages
        self.linked += linked
        if given_up:
            self._give_up()

    def site_for(self, site_dir: Path) -> Path | None:
        """The folder to index in place of ``site_dir``: the kept pages and the site's other HTML
        files that may be indexed; None when no kept page is (Pagefind then indexes every page)."""
        if self.folder is None or self.given_up:
            return None
        try:
            for dest in self.linked:
                target = self._target(dest)
                try:
                    os.link(site_dir / dest, target)
                except OSError:  # a file system without hard links
                    shutil.copyfile(site_dir / dest, target)
            for page in site_dir.rglob("*.html"):
                dest = page.relative_to(site_dir).as_posix()
                if dest not in self.pages and BODY.encode() in page.read_bytes():
                    shutil.copyfile(page, self._target(dest))
        except OSError:  # as in add: the built site is indexed as it is
            self._give_up()
            return None
        return self.folder

    def _target(self, dest: str) -> Path:
        """Where the page at site path ``dest`` goes in the folder (its folders made)."""
        assert self.folder is not None
        target = self.folder / dest
        target.parent.mkdir(parents=True, exist_ok=True)
        return target

    def _give_up(self) -> None:
        """The folder cannot take the pages: remove it, and let Pagefind read the built site."""
        self.close()
        self.given_up = True

    def close(self) -> None:
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
        self.folder = None
        self.pages = set()
        self.linked = []


def build_index(site_dir: Path, lang: str, pages: IndexInput | None = None) -> None:
    """Run Pagefind over a built site (one language: the site's, with its stemming); ``pages``:
    what to read instead of the site's HTML (:class:`IndexInput`), the index written into the site."""
    staged = pages.site_for(site_dir) if pages is not None else None
    if staged is None:
        cmd = index_command(site_dir, lang)
    else:
        cmd = index_command(staged, lang, output=site_dir / INDEX_DIR)
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise SearchIndexError(f"could not start Pagefind: {exc.strerror}") from None
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        if "No module named pagefind" in (done.stderr or "") or "Could not find pagefind binary" in (
            done.stderr or ""
        ):
            raise SearchIndexError(
                "Pagefind is not installed: pip install 'pagefind[bin]' (procmodel depends on it)"
            )
        raise SearchIndexError("Pagefind failed: " + (detail[-1] if detail else f"exit {done.returncode}"))
