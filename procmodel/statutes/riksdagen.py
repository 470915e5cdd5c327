"""Riksdagen's open data for a consolidated statute (``data.riksdagen.se/dokument/sfs-2010-800.*``), parsed.

Three published forms of the same document, all read into a :class:`Statute`:

- ``.text``: a header of ``Label: value`` lines (``SFS nr``, ``Departement/myndighet``,
  ``Utfärdad``, ``Ändrad: t.o.m. SFS 2025:625`` …), then the body, one stycke, list item
  or heading a line: ``1 kap. Rubrik`` opens a chapter, ``5 §`` or ``5 a §`` at the start of
  a line opens a paragraph, a line without closing punctuation just above a paragraph is a
  section heading.
- ``.html``: the same header as ``<b>SFS nr</b>: …<br>``, chapters as ``<h3 name="K3">``,
  headings as ``<h4>``, paragraphs opened by ``<a class="paragraf" name="K3P5">``; read by
  turning it into the lines of the text form (headings marked as such).
- ``.json``: ``{"dokumentstatus": {"dokument": {…}}}`` with ``beteckning``/``dok_id``,
  ``titel``, ``subtitel`` (``t.o.m. SFS …``) and the body in ``html`` or ``text``.

The format has no structured paragraphs, so numbering must be inferred. Two guards: a
chapter number must go up, and a paragraph number must not go down within its chapter (a
stycke that begins "5 § första stycket …" after 7 § is text). A paragraph published in two
versions carries ``/Upphör att gälla U:2026-07-01/`` and ``/Träder i kraft I:2026-07-01/``:
the version in force on the ``as_of`` date is kept, the other dropped with a warning.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from procmodel.http_get import load_json
from procmodel.statutes.parse import (
    Paragraph,
    Statute,
    StatuteError,
    Stycke,
    normalise,
    number_order,
    stycken,
)

_HEADER = re.compile(
    r"^(SFS nr|Departement/myndighet|Utfärdad|Ändrad|Upphävd|Omtryck|Ändringsregister|Källa|Övrig text)"
    r"\s*:\s*(.*)$"
)
_CHAPTER = re.compile(r"^(\d+(?: [a-z])?) kap\.\s+(\S.*)$")
_PARAGRAPH = re.compile(r"^(\d+(?: [a-z])?) §(?:\s+(.*))?$")
_VALIDITY = re.compile(r"^/(Upphör att gälla U|Träder i kraft I):\s*(\d{4}-\d{2}-\d{2})\s*/?\s*")
_MARKER_LINE = re.compile(r"^/[^/]{1,80}/$")
_ITEM = re.compile(r"^(?:[-–] |\d+ ?[a-z]?\. )")
_ACT_ONLY = re.compile(r"^(?:Lag|Förordning|Kungörelse) \(\d{4}:\d+\)\.$")
_CONSOLIDATION = re.compile(r"t\.o\.m\.\s*SFS\s*(\d{4}:\d+)")
_DESIGNATION = re.compile(r"(\d{4}:\d+)")
_TERMINAL = (".", ":", ";", ",", "?", "!")


@dataclass(frozen=True)
class Line:
    """One line of the body; ``heading``: True/False where the source says, None to infer."""

    text: str
    heading: bool | None = None


# --- HTML -> lines ---------------------------------------------------------------------------------


class _HtmlLines(HTMLParser):
    """The body of the HTML form as lines; header and table of contents skipped or kept as text."""

    _BREAKS = {"p", "br", "div", "li", "ul", "ol", "tr", "table", "hr", "h1", "h2", "h3", "h4", "h5", "h6"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[Line] = []
        self._buf: list[str] = []
        self._skip = 0  # inside <style>, <script> or the table of contents
        self._heading = False

    def _flush(self) -> None:
        text = " ".join("".join(self._buf).replace("\u00a0", " ").split())
        self._buf = []
        if text:
            self.lines.append(Line(text, True if self._heading else None))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        if tag in ("style", "script") or (tag == "div" and attr.get("class") == "sfstoc"):
            self._skip += 1
            return
        if self._skip:
            if tag == "div":
                self._skip += 1
            return
        if tag in self._BREAKS or (tag == "a" and attr.get("class") == "paragraf"):
            self._flush()
        if tag in ("h4", "h5", "h6"):
            self._heading = True

    def handle_endtag(self, tag: str) -> None:
        if self._skip:
            if tag in ("style", "script", "div"):
                self._skip -= 1
            return
        if tag in self._BREAKS:
            self._flush()
            self._heading = False

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._buf.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def html_lines(html: str) -> list[Line]:
    """The HTML form as body lines (its ``<h2>`` title dropped)."""
    html = re.sub(r"<h2\b[^>]*>.*?</h2>", "", html, count=1, flags=re.S | re.I)
    parser = _HtmlLines()
    parser.feed(html)
    parser.close()
    return parser.lines


# --- lines -> statute ------------------------------------------------------------------------------


def _infer_headings(lines: list[Line]) -> list[bool]:
    """A line is a heading when the source says so, or when it has no closing punctuation and
    what follows is a paragraph, a chapter or another heading."""
    out = [False] * len(lines)
    following_opens = False
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i]
        opens = bool(_PARAGRAPH.match(line.text) or _CHAPTER.match(line.text))
        if line.heading is not None:
            out[i] = line.heading
        else:
            out[i] = (
                not opens
                and following_opens
                and not line.text.endswith(_TERMINAL)
                and not _ITEM.match(line.text)
                and len(line.text) <= 120
            )
        following_opens = opens or out[i]
    return out


def _stycken(blocks: list[str]) -> tuple[Stycke, ...]:
    """Like the Markdown form's, but 'Lag (2022:940).' on a line of its own ends the block before it."""
    joined: list[str] = []
    for block in blocks:
        if _ACT_ONLY.match(block) and joined:
            joined[-1] = f"{joined[-1]} {block}"
        else:
            joined.append(block)
    return stycken(joined, _ITEM)


def parse_lines(lines: list[Line], meta: dict[str, str], as_of: dt.date) -> Statute:
    """Build the statute from body lines (header lines among them are read into ``meta``)."""
    statute = Statute(dict(meta))
    body: list[Line] = []
    started = False  # the header ends where the first chapter or paragraph begins
    for line in lines:
        started = started or bool(_CHAPTER.match(line.text) or _PARAGRAPH.match(line.text))
        m = _HEADER.match(line.text) if not started else None
        if m:
            statute.meta.setdefault(m.group(1), m.group(2).strip())
        elif _MARKER_LINE.match(line.text):
            continue  # '/Rubriken träder i kraft I:…/' and the like: about a heading, not text
        else:
            body.append(line)
    _fill_meta(statute.meta)
    headings = _infer_headings(body)
    chapter, heading = "", None
    current: tuple[str, str, int, str | None, tuple[str, str] | None] | None = None
    blocks: list[str] = []
    candidates: dict[tuple[str, str], list[tuple[Paragraph, tuple[str, str] | None]]] = {}
    last_number: str | None = None

    def close() -> None:
        if current is not None:
            ch, num, line, head, validity = current
            para = Paragraph(ch, num, _stycken(blocks), head, line)
            candidates.setdefault(para.key, []).append((para, validity))

    for i, line in enumerate(body, start=1):
        text = line.text
        ch = _CHAPTER.match(text) if line.heading is not False else None
        if (
            ch
            and "§" not in ch.group(2)
            and (not chapter or number_order(ch.group(1)) > number_order(chapter))
        ):
            close()
            current, blocks, heading, last_number = None, [], None, None
            chapter = ch.group(1)
            statute.chapters[chapter] = ch.group(2).strip()
            continue
        para = _PARAGRAPH.match(text) if not headings[i - 1] else None
        if para and (last_number is None or number_order(para.group(1)) >= number_order(last_number)):
            close()
            rest = para.group(2) or ""
            validity = None
            v = _VALIDITY.match(rest)
            if v:
                validity = (v.group(1)[-1], v.group(2))  # ('U' or 'I', date)
                rest = rest[v.end() :]
            current, blocks, last_number = (chapter, para.group(1), i, heading, validity), [], para.group(1)
            if rest.strip():
                blocks.append(rest.strip())
            continue
        if headings[i - 1]:
            close()
            current, blocks, heading = None, [], text
            continue
        if current is not None:
            blocks.append(text)
    close()
    for key, found in candidates.items():
        statute.versions[key] = _in_force(found, as_of, statute.warnings)
    if not statute.versions:
        raise StatuteError("1:1: no paragraphs found (expected lines beginning '5 §' after '1 kap. …')")
    return statute


def _in_force(
    found: list[tuple[Paragraph, tuple[str, str] | None]], as_of: dt.date, warnings: list[str]
) -> list[Paragraph]:
    """Of several versions of a paragraph, those in force on ``as_of`` (all of them if that leaves none)."""
    if len(found) == 1:
        return [found[0][0]]
    kept = []
    for para, validity in found:
        if validity is None:
            kept.append(para)
            continue
        kind, day = validity
        try:
            date = dt.date.fromisoformat(day)
        except ValueError:
            warnings.append(f"{para.label}: '{day}' in a version marker is not a date; marker ignored")
            kept.append(para)
            continue
        if (kind == "I" and date > as_of) or (kind == "U" and date <= as_of):
            warnings.append(f"{para.label}: the version {'from' if kind == 'I' else 'until'} {day} left out")
        else:
            kept.append(para)
    return kept or [p for p, _ in found]


def _fill_meta(meta: dict[str, str]) -> None:
    """``beteckning`` and ``andrad_tom`` from what the header or the JSON said."""
    if "beteckning" not in meta:
        m = _DESIGNATION.search(meta.get("SFS nr", "")) or _DESIGNATION.search(meta.get("titel", ""))
        dok = re.match(r"^sfs-(\d{4})-(\d+)$", meta.get("dok_id", ""))
        if m:
            meta["beteckning"] = m.group(1)
        elif dok:
            meta["beteckning"] = f"{dok.group(1)}:{dok.group(2)}"
    if "andrad_tom" not in meta:
        for key in ("Ändrad", "subtitel", "undertitel"):
            m = _CONSOLIDATION.search(meta.get(key, ""))
            if m:
                meta["andrad_tom"] = m.group(1)
                break
    if "rubrik" not in meta and meta.get("titel"):
        meta["rubrik"] = meta["titel"]


# --- the three forms -------------------------------------------------------------------------------


def parse_text(text: str, as_of: dt.date) -> Statute:
    """The ``.text`` form."""
    lines = [
        Line(" ".join(raw.replace("\u00a0", " ").split())) for raw in text.replace("\r\n", "\n").split("\n")
    ]
    return _checked(parse_lines([ln for ln in lines if ln.text], {}, as_of))


def parse_html(html: str, as_of: dt.date) -> Statute:
    """The ``.html`` form."""
    return _checked(parse_lines(html_lines(html), {}, as_of))


def parse_json(data: str, as_of: dt.date) -> Statute:
    """The ``.json`` form: ``dokumentstatus.dokument`` with the body in ``html`` or ``text``."""
    doc = load_json(data, StatuteError, "a Riksdagen document")
    dokument = doc.get("dokumentstatus", {}).get("dokument") if isinstance(doc, dict) else None
    if not isinstance(dokument, dict):
        raise StatuteError(
            '1:1: not a Riksdagen document: expected {"dokumentstatus": {"dokument": {…}}} '
            "as data.riksdagen.se/dokument/sfs-ÅÅÅÅ-NNN.json gives"
        )
    meta = {k: v for k, v in dokument.items() if isinstance(v, str) and k not in ("html", "text")}
    html, text = dokument.get("html"), dokument.get("text")
    if isinstance(html, str) and 'class="paragraf"' in html:
        lines = html_lines(html)
    elif isinstance(text, str) and text.strip():
        lines = [Line(" ".join(r.split())) for r in text.replace("\r\n", "\n").split("\n") if r.strip()]
    elif isinstance(html, str) and html.strip():
        lines = html_lines(html)
    else:
        raise StatuteError("1:1: the document has no text: neither 'html' nor 'text' holds the statute")
    return _checked(parse_lines(lines, meta, as_of))


def _checked(statute: Statute) -> Statute:
    if not statute.designation:
        raise StatuteError("1:1: no SFS number found (expected 'SFS nr: 2010:800' in the header)")
    return statute


def looks_like_markdown(text: str) -> bool:
    """se-lex's Markdown form starts with front matter."""
    return text.lstrip("\ufeff").startswith("---")


__all__ = ["Line", "html_lines", "looks_like_markdown", "normalise", "parse_html", "parse_json", "parse_text"]
