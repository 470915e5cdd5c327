"""The Markdown form of a consolidated statute (se-lex's conversion of the SFS texts), parsed.

Front matter (``beteckning``, ``rubrik`` …) between ``---`` lines; ``## N kap. Rubrik`` for a
chapter; ``#### N §`` or ``#### N a §`` for a paragraph (``### N §`` in a statute without
chapters); other headings are section headings. A paragraph's text runs to the next heading:
stycken are blank-line separated, lists are ``- `` or ``1. `` items, and the last stycke ends
with the amending act, e.g. ``Lag ([2022:940](…)).``

The conversion has known flaws the parser copes with: text after the amending act is a heading
left as text and is dropped; a paragraph with two versions in the
file (one not yet in force) gives two versions, never a silent choice; a line such as
``## 7 kap. 23 §, eller`` inside 28 kap. is text, not a new chapter (chapters only go up).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
_CHAPTER = re.compile(r"^(\d+(?: [a-z])?) kap\.(?:\s+(.*))?$")
_PARAGRAPH = re.compile(r"^(\d+(?: [a-z])?) §$")
_DAMAGED_PARAGRAPH = re.compile(r"^\S.*\s(\d+(?: [a-z])?) §$")
_ITEM = re.compile(r"^(?:- |\d+ ?[a-z]?\. )")
_AMENDED = re.compile(r"(?:Lag|Förordning|Kungörelse) \((\d{4}:\d+)\)\.\s*$")
_SFS = re.compile(r"\((\d{4}:\d+)\)\.\s*$")


class StatuteError(ValueError):
    """The file is not a consolidated statute in the Markdown format."""


def normalise(text: str) -> str:
    """Text for comparing: Markdown links reduced to their text, whitespace collapsed."""
    return " ".join(_LINK.sub(r"\1", text).replace("\u00a0", " ").split())


@dataclass(frozen=True)
class Stycke:
    """One stycke: its running text and the list items that belong to it."""

    text: str
    items: tuple[str, ...] = ()

    def render(self) -> str:
        lines = [self.text] if self.text else []
        return "\n".join(lines + list(self.items))


@dataclass(frozen=True)
class Paragraph:
    """One paragraph (§) in one version."""

    chapter: str  # '3', '6 a', or '' in a statute without chapters
    number: str  # '5', '12 a'
    stycken: tuple[Stycke, ...]
    heading: str | None = None  # the nearest section heading above it
    line: int = 0

    @property
    def key(self) -> tuple[str, str]:
        return (self.chapter, self.number)

    @property
    def label(self) -> str:
        """Official numbering, e.g. '3 kap. 5 §'."""
        return f"{self.chapter} kap. {self.number} §" if self.chapter else f"{self.number} §"

    @property
    def text(self) -> str:
        """The text, stycken separated by a blank line, list items one a line, links as plain text."""
        return "\n\n".join(_LINK.sub(r"\1", s.render()) for s in self.stycken)

    @property
    def amended_by(self) -> str | None:
        """The act that last gave the paragraph its wording ('2022:146'), when the text names it."""
        if not self.stycken:
            return None
        last = normalise(self.stycken[-1].render())
        m = _AMENDED.search(last) or _SFS.search(last)
        return m.group(1) if m else None


@dataclass
class Statute:
    """A consolidated statute: front matter, chapter titles and every paragraph's versions."""

    meta: dict[str, str]
    chapters: dict[str, str] = field(default_factory=dict)  # '6' -> 'Åtgärder mot kränkande behandling'
    versions: dict[tuple[str, str], list[Paragraph]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def designation(self) -> str:
        """'2010:800'."""
        return self.meta.get("beteckning", "")

    @property
    def title(self) -> str:
        return self.meta.get("rubrik", "")

    @property
    def latest_amendment(self) -> str | None:
        """The newest amending act any paragraph names: the consolidation level ('t.o.m. SFS …')."""
        acts = {p.amended_by for ps in self.versions.values() for p in ps if p.amended_by}
        return max(acts, key=lambda a: tuple(int(x) for x in a.split(":")), default=None)

    @property
    def consolidation(self) -> str:
        """'SFS 2010:800 i lydelse t.o.m. SFS 2025:729', for a goal's ``source``.

        The level the source states (Riksdagen's 'Ändrad: t.o.m. SFS …') when it states one,
        else the newest amending act any paragraph names.
        """
        level = self.meta.get("andrad_tom") or self.latest_amendment
        return f"SFS {self.designation}" + (f" i lydelse t.o.m. SFS {level}" if level else "")

    def paragraph(self, chapter: str, number: str) -> Paragraph | None:
        """The paragraph when the file has exactly one version of it; None when absent or ambiguous."""
        found = self.versions.get((chapter, number), [])
        return found[0] if len(found) == 1 else None

    def paragraphs(self) -> list[Paragraph]:
        """Every version of every paragraph, in file order."""
        return sorted((p for ps in self.versions.values() for p in ps), key=lambda p: p.line)


def read_statute(path: Path) -> Statute:
    """Parse a statute file; a clear StatuteError when it cannot be read or is not one."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise StatuteError(f"{path}: cannot read the statute file ({exc})") from None
    try:
        return parse_statute(text)
    except StatuteError as exc:
        raise StatuteError(f"{path}:{exc}") from None


def _front_matter(lines: list[str]) -> tuple[dict[str, str], int]:
    if not lines or lines[0].strip() != "---":
        raise StatuteError("1:1: no front matter: the file must start with '---' and 'beteckning: …'")
    meta: dict[str, str] = {}
    for i, line in enumerate(lines[1:], start=1):
        if line.strip() == "---":
            if "beteckning" not in meta:
                raise StatuteError(f"{i + 1}:1: the front matter has no 'beteckning' (e.g. 2010:800)")
            return meta, i + 1
        key, sep, value = line.partition(":")
        if sep:
            meta[key.strip()] = value.strip().strip('"')
    raise StatuteError("1:1: the front matter is not closed with '---'")


def number_order(number: str) -> tuple[int, str]:
    """A chapter or paragraph number ('5' or '5 a', as the patterns match it) for comparing."""
    digits, _, letter = number.partition(" ")
    return (int(digits), letter)


def stycken(blocks: list[str], item_pattern: re.Pattern[str] = _ITEM) -> tuple[Stycke, ...]:
    """A paragraph's blocks as stycken: a block matching ``item_pattern`` is a list item."""
    out: list[Stycke] = []
    for block in blocks:
        if item_pattern.match(block):
            item = block[2:].strip() if block[:2] in ("- ", "– ") else block
            if out:  # a list belongs to the stycke it follows
                out[-1] = Stycke(out[-1].text, (*out[-1].items, item))
            else:
                out.append(Stycke("", (item,)))
        else:
            out.append(Stycke(block))
    return tuple(out)


def parse_statute(text: str) -> Statute:
    """Parse the Markdown text of a consolidated statute."""
    lines = text.replace("\r\n", "\n").split("\n")
    meta, start = _front_matter(lines)
    statute = Statute(meta)
    chapter = ""
    heading: str | None = None
    current: tuple[str, str, int, str | None] | None = None  # chapter, number, line, heading
    blocks: list[str] = []

    def close() -> None:
        if current is not None:
            ch, num, line, head = current
            kept = blocks
            for n, block in enumerate(blocks):
                if _AMENDED.search(normalise(block)) and n + 1 < len(blocks):
                    # The amending act ends a paragraph: what follows is a heading the conversion
                    # left as text (e.g. the heading of the next paragraph).
                    statute.warnings.append(f"{line}: text after the amending act of {num} § dropped")
                    kept = blocks[: n + 1]
                    break
            para = Paragraph(ch, num, stycken(kept), head, line)
            statute.versions.setdefault(para.key, []).append(para)

    for i in range(start, len(lines)):
        raw = lines[i].replace("\u00a0", " ").rstrip()
        m = _HEADING.match(raw)
        if m:
            level, title = len(m.group(1)), " ".join(m.group(2).split())
            ch = _CHAPTER.match(title) if level == 2 else None
            if ch and "§" not in title:
                if chapter and number_order(ch.group(1)) <= number_order(chapter):
                    statute.warnings.append(f"{i + 1}: '{title}' is not a new chapter; read as text")
                    blocks.append(title)
                    continue
                close()
                current, blocks, heading = None, [], None
                chapter = ch.group(1)
                statute.chapters[chapter] = ch.group(2) or ""
                continue
            if ch:  # '## 7 kap. 23 §, eller': a conversion artefact inside a paragraph's text
                statute.warnings.append(f"{i + 1}: '{title}' is not a chapter heading; read as text")
                blocks.append(title)
                continue
            para = _PARAGRAPH.match(title) if level >= 3 else None
            damaged = _DAMAGED_PARAGRAPH.match(title) if level >= 3 and not para else None
            if para or damaged:
                close()
                number = (para or damaged).group(1)  # type: ignore[union-attr]
                if damaged:
                    statute.warnings.append(f"{i + 1}: heading '{title[:60]}…' read as {number} §")
                current, blocks = (chapter, number, i + 1, heading), []
                continue
            close()
            current, blocks, heading = None, [], title
            continue
        if not raw.strip() or current is None:
            continue
        if blocks and lines[i - 1].strip():  # a wrapped line continues its block
            blocks[-1] = f"{blocks[-1]} {raw.strip()}"
        else:
            blocks.append(raw.strip())
    close()
    if not statute.versions:
        raise StatuteError("1:1: no paragraphs found (expected headings like '#### 5 §')")
    return statute
