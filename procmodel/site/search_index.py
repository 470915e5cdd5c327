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


def page_kind(src_uri: str) -> str:
    """What a page is, for ranking: ``process``, ``goal``, ``role`` or ``page``."""
    first, _, rest = src_uri.partition("/")
    if rest and not rest.startswith("index."):
        return {"processer": "process", "mål": "goal", "roller": "role"}.get(first, "page")
    return "page"


def mark_page(html: str, *, kind: str, terms: str, excluded: bool) -> str:
    """Mark a rendered page's content for the index (``data-pagefind-body``), with its kind as
    metadata and its search terms as hidden text weighted like a title."""
    if excluded:
        return html
    extra = f'<span hidden data-pagefind-meta="kind">{esc(kind)}</span>'
    if terms:
        extra += f'<span hidden data-pagefind-weight="10">{esc(terms)}</span>'
    return _ARTICLE.sub(lambda m: m.group(0) + " data-pagefind-body", html, count=1).replace(
        "data-pagefind-body>", "data-pagefind-body>" + extra, 1
    )


def build_index(site_dir: Path, lang: str) -> None:
    """Run Pagefind over a built site (one language: the site's, with its stemming)."""
    cmd = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(site_dir),
        "--output-subdir",
        INDEX_DIR,
        "--force-language",
        lang,
        "--silent",
    ]
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
