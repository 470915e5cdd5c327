"""Skolverket's Syllabus API: one curriculum (``GET /v1/curriculums/{code}``), its Mål and Riktlinjer lists.

The answer is ``{"curriculum": {code, name, version, skolfsGrund, skolfsAndring, modifiedDate,
sections: [{heading, content, type, sortOrder}]}}`` (with ``api…`` fields beside it); each
section's ``content`` is HTML and nothing below a section has an id. The lists are read from
that HTML: a numbered heading (``<h3>2.1 Normer och värden</h3>``) opens a section, a heading
``Mål`` or ``Riktlinjer`` (or a heading about someone's ``ansvar``) says what the lists under it
are, the paragraph just before a ``<ul>``/``<ol>`` is its lead ("Läraren ska"), and each top-level
``<li>`` is one item. Text is kept as Skolverket gives it (whitespace collapsed).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from procmodel.http_get import fetch_parsed, load_json

SYLLABUS = "https://api.skolverket.se/syllabus/v1"
_NUMBERED = re.compile(r"^(\d+(?:\.\d+)*)\.?\s+(\S.*)$")
_INLINE = ("a", "b", "i", "em", "strong", "span", "sup", "sub", "abbr")
_CLOSES = ("li", "p", "h1", "h2", "h3", "h4", "h5", "h6")
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,30}$")


class CurriculumError(ValueError):
    """Not a curriculum answer of the Syllabus API, or it could not be fetched."""


@dataclass(frozen=True)
class ListItem:
    """One item of a Mål or Riktlinjer list."""

    section: str  # '2.1'
    section_title: str  # 'Normer och värden'
    kind: str  # 'mal' or 'rl'
    lead: str  # 'Läraren ska'
    text: str
    position: int  # 1-based, within its list


@dataclass
class Curriculum:
    """What the importer needs of one curriculum."""

    code: str
    name: str
    version: str = ""
    skolfs_grund: str = ""
    skolfs_andring: str = ""
    modified: str = ""
    items: list[ListItem] = field(default_factory=list)

    @property
    def source(self) -> str:
        """'SKOLFS 2010:37 i lydelse enligt SKOLFS 2022:13 (Skolverkets Syllabus-API, LGR22 version 7)'."""
        head = self.skolfs_grund or self.name
        if self.skolfs_andring and self.skolfs_andring != self.skolfs_grund:
            head += f" i lydelse enligt {self.skolfs_andring}"
        version = f" version {self.version}" if self.version else ""
        return f"{head} (Skolverkets Syllabus-API, {self.code}{version})"


class _Lists(HTMLParser):
    """Headings, paragraphs and top-level list items of one section's HTML, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple[str, str]] = []  # ('h', text) | ('p', text) | ('li', text) | ('end', '')
        self._buf: list[str] = []
        self._kind: str | None = None
        self._lists = 0

    def _text(self) -> str:
        text = " ".join("".join(self._buf).replace("\u00a0", " ").replace("\u00ad", "").split())
        self._buf = []
        return text

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _INLINE:
            self._buf.append(" ")  # a block tag inside an item (a nested list, <p>, <br>) separates words
        if tag in ("ul", "ol"):
            if self._lists == 0 and self._kind == "p":
                self._emit()
            self._lists += 1
        elif tag == "li" and self._lists == 1:
            self._emit()
            self._kind = "li"
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6") or (tag == "p" and self._lists == 0):
            self._emit()
            self._kind = "h" if tag.startswith("h") else "p"

    def handle_endtag(self, tag: str) -> None:
        if tag not in _INLINE:
            self._buf.append(" ")
        if tag in ("ul", "ol"):
            self._lists = max(0, self._lists - 1)
            if self._lists == 0:
                self._emit()
                self.events.append(("end", ""))
        elif tag in _CLOSES and not (tag == "p" and self._lists) and (tag != "li" or self._lists == 1):
            self._emit()

    def handle_data(self, data: str) -> None:
        if self._kind is not None:
            self._buf.append(data)

    def _emit(self) -> None:
        if self._kind is not None:
            text = self._text()
            if text:
                self.events.append((self._kind, text))
        self._kind = None
        self._buf = []


def list_items(html: str, section: str = "", section_title: str = "") -> list[ListItem]:
    """The Mål and Riktlinjer items of one section's HTML."""
    parser = _Lists()
    parser.feed(html)
    parser.close()
    parser._emit()
    out: list[ListItem] = []
    kind: str | None = None
    lead = ""
    position = 0
    for event, text in parser.events:
        if event == "h":
            numbered = _NUMBERED.match(text)
            if numbered:
                section, section_title = numbered.group(1), numbered.group(2)
                kind = "rl" if "ansvar" in section_title.casefold() else None  # '2.8 Rektorns ansvar'
            elif text.casefold().startswith("mål"):
                kind = "mal"
            elif text.casefold().startswith("riktlinje") or "ansvar" in text.casefold():
                kind = "rl"
            lead = ""
        elif event == "p":
            lead, position = text, 0
        elif event == "li" and kind and section:
            position += 1
            out.append(ListItem(section, section_title, kind, lead, text, position))
        elif event == "end":
            position = 0
    return out


def parse_curriculum(data: str) -> Curriculum:
    """The JSON answer of ``/v1/curriculums/{code}``; a CurriculumError naming line and column."""
    doc = load_json(data, CurriculumError, "a curriculum")
    cur = doc.get("curriculum") if isinstance(doc, dict) else None
    if not isinstance(cur, dict) or not isinstance(cur.get("sections"), list):
        raise CurriculumError(
            '1:1: not a curriculum: expected {"curriculum": {"code": …, "sections": [{"heading", '
            '"content"}]}} as api.skolverket.se/syllabus/v1/curriculums/{code} gives'
        )
    result = Curriculum(
        code=str(cur.get("code") or ""),
        name=str(cur.get("name") or ""),
        version=str(cur.get("version") or ""),
        skolfs_grund=str(cur.get("skolfsGrund") or ""),
        skolfs_andring=str(cur.get("skolfsAndring") or ""),
        modified=str(cur.get("modifiedDate") or ""),
    )
    if not result.code:
        raise CurriculumError("1:1: the curriculum has no 'code'")
    sections = [s for s in cur["sections"] if isinstance(s, dict)]
    for s in sorted(sections, key=_sort_order):
        heading = str(s.get("heading") or "")
        numbered = _NUMBERED.match(heading)
        result.items.extend(
            list_items(
                str(s.get("content") or ""),
                numbered.group(1) if numbered else "",
                numbered.group(2) if numbered else "",
            )
        )
    return result


def curriculum_url(code: str) -> str:
    """``LGR22`` → ``https://api.skolverket.se/syllabus/v1/curriculums/LGR22``."""
    if not _CODE.match(code):
        raise CurriculumError(f"{code!r}: not a curriculum code (e.g. LGR22) and not a file")
    base = os.environ.get("PROCMODEL_SYLLABUS_URL", SYLLABUS).rstrip("/")
    return f"{base}/curriculums/{code}"


def fetch_curriculum(code: str, timeout: float = 30.0) -> Curriculum:
    """Curriculum ``code`` from Skolverket's Syllabus API (real HTTP)."""
    return fetch_parsed(
        curriculum_url(code),
        parse_curriculum,
        CurriculumError,
        what=f"the curriculum {code}",
        timeout=timeout,
    )


def _sort_order(section: dict[str, Any]) -> int:
    """A section's ``sortOrder``; 0 when it has none (the API's order is then kept, sorted is stable)."""
    order = section.get("sortOrder")
    return order if isinstance(order, int) else 0
