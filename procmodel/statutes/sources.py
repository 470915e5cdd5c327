"""Where a consolidated statute comes from: a file in one of the known forms, or Riksdagen's open data.

A file is read by its suffix: ``.md`` is se-lex's Markdown, ``.json``, ``.html`` and ``.text``
(or ``.txt``) are Riksdagen's forms; any other name by its content (front matter ``---`` is
Markdown, ``{`` JSON, ``<`` HTML, else text). ``fetch_statute`` GETs the JSON form
of one SFS number from ``data.riksdagen.se`` (or from ``PROCMODEL_RIKSDAGEN_URL``, a mirror or a
test server) and reads it the same way.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

from procmodel.http_get import fetch_parsed
from procmodel.statutes.parse import Statute, StatuteError, parse_statute
from procmodel.statutes.riksdagen import looks_like_markdown, parse_html, parse_json, parse_text

RIKSDAGEN = "https://data.riksdagen.se/dokument"
_SFS = re.compile(r"^(?:SFS\s*)?(\d{4}):(\d{1,4})$")


_BY_SUFFIX = {".md": "md", ".json": "json", ".html": "html", ".htm": "html", ".text": "text", ".txt": "text"}


def parse_any(text: str, as_of: dt.date, form: str | None = None) -> Statute:
    """Parse the text of a statute in ``form`` ('md', 'json', 'html', 'text'), or whichever it looks like."""
    text = text.lstrip("\ufeff")
    if form is not None:
        return {
            "md": lambda t, _d: parse_statute(t),
            "json": parse_json,
            "html": parse_html,
            "text": parse_text,
        }[form](text, as_of)
    if looks_like_markdown(text):
        return parse_statute(text)
    head = text.lstrip()[:1]
    if head == "{":
        return parse_json(text, as_of)
    if head == "<":
        return parse_html(text, as_of)
    return parse_text(text, as_of)


def read_statute_file(path: Path, as_of: dt.date | None = None) -> Statute:
    """Read a statute file in any known form; a StatuteError naming the file when it is not one."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise StatuteError(f"{path}: cannot read the statute file ({exc})") from None
    try:
        return parse_any(text, as_of or dt.date.today(), _BY_SUFFIX.get(path.suffix.lower()))
    except StatuteError as exc:
        raise StatuteError(f"{path}:{exc}") from None


def riksdagen_url(designation: str) -> str:
    """``2010:800`` → ``https://data.riksdagen.se/dokument/sfs-2010-800.json``."""
    m = _SFS.match(designation.strip())
    if not m:
        raise StatuteError(f"--fetch {designation!r}: give an SFS number like 2010:800")
    base = os.environ.get("PROCMODEL_RIKSDAGEN_URL", RIKSDAGEN).rstrip("/")
    return f"{base}/sfs-{m.group(1)}-{m.group(2)}.json"


def fetch_statute(designation: str, as_of: dt.date | None = None, timeout: float = 30.0) -> Statute:
    """The consolidated statute ``designation`` from Riksdagen's open data (real HTTP)."""
    url = riksdagen_url(designation)
    day = as_of or dt.date.today()
    statute = fetch_parsed(
        url, lambda body: parse_json(body, day), StatuteError, what=f"SFS {designation}", timeout=timeout
    )
    wanted = ":".join(_SFS.match(designation.strip()).groups())  # type: ignore[union-attr]
    if statute.designation != wanted:
        raise StatuteError(f"{url}: the answer is SFS {statute.designation}, not SFS {wanted}")
    statute.meta.setdefault("url", url)
    return statute
