"""The site's search index: pages marked for Pagefind, then Pagefind run over the built site.

Pagefind ships as a binary inside a PyPI package (``pagefind[bin]``), so nothing is
downloaded at build time. Its output (``pagefind/`` in the site) is static files that the
browser fetches a few kB of per query; it works from any static host, offline.
"""

from __future__ import annotations

import re
import subprocess
import sys
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


def build_index(site_dir: Path, lang: str) -> None:
    """Run Pagefind over a built site (one language: the site's, with its stemming)."""
    cmd = index_command(site_dir, lang)
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
