"""Generated pages' raw HTML blocks handed around Python-Markdown instead of through it.

A generated page is mostly raw HTML blocks (:func:`procmodel.site.markup.html_block`) between a
few Markdown headings. Python-Markdown passes such a block through unchanged, but only after
running its HTML parser over all of it (and MkDocs a second one, for anchor ids), which cost
about half of a site build. :meth:`HtmlBlocks.hold` (``on_page_markdown``) puts each block that
Python-Markdown would pass through verbatim behind a short comment, and :meth:`HtmlBlocks.restore`
(``on_page_content``) puts it back: the reader gets the same HTML, Markdown converts only the
headings and front matter.

A block is held only when its text is certain to be one of Python-Markdown's raw blocks (or a run
of them) and nothing else. That is decided by :func:`raw_blocks`, which follows the rules
of ``markdown.htmlparser.HTMLExtractor`` (Markdown 3.x): a run of non-blank lines after a blank
line, made of block-level elements that each start at the beginning of a line and end at the end
of one, written as well-formed tags and comments. Anything else (Markdown, inline HTML, a stray
end tag, an unquoted attribute, ``<`` in text) is left to Markdown as before, so the worst a
surprise can cost is time. The placeholders carry a random token per build and a page's own
number, so text on a page can never pass for one.
"""

from __future__ import annotations

import html
import itertools
import re
import secrets
from dataclasses import dataclass, field

from markdown import Markdown
from markdown.preprocessors import HtmlBlockPreprocessor, NormalizeWhitespace
from markdown.util import BLOCK_LEVEL_ELEMENTS

_BLOCK_LEVEL = frozenset(BLOCK_LEVEL_ELEMENTS)
#: elements whose content the HTML parser reads as text up to their end tag (CDATA/RCDATA)
_TEXT_ONLY = frozenset(
    {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext"}
)
_NAME = r"[a-zA-Z][-a-zA-Z0-9:_.]*"
_ATTRIBUTE = r"""\s+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:="[^"]*"|='[^']*')?"""
#: the text before a token, then the token: a comment (and how it closes), an end tag, a start
#: tag, or any other '<'
_TOKEN = re.compile(
    rf"([^<]*)(?:<!--.*?(--!?>)|</({_NAME})>|<({_NAME})((?:{_ATTRIBUTE})*)\s*(/?)>|(<))",
    re.DOTALL,
)
_TOP_LEVEL = _BLOCK_LEVEL - {"hr"}
_ANCHOR_ATTR = re.compile(r"""\s(id|name)=(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_BLANK_RUN = re.compile(r"(\n\n+)")  # not \n{2,}: a literal prefix lets the engine search fast (6×)
_SPACE_LINE = re.compile(r"(?<=\n) +\n")
_STX, _ETX = "\u0002", "\u0003"
_PREFIX = "<!--procmodel-html "
#: what may read a page's text before its raw HTML is stashed (a fence preprocessor only turns
#: lines of backticks into code, which generated HTML is not meant to hold), and after it is back
_SAFE_BEFORE = {"normalize_whitespace", "fenced_code_block"}
_SAFE_AFTER = {"raw_html", "amp_substitute", "footnote", "unescape"}


class HtmlBlockError(Exception):
    """Markdown lost a held block's placeholder: a bug, never a user's mistake."""


def why_not_held(md: Markdown) -> str | None:
    """Why raw HTML blocks must go through ``md`` (its extensions read or change them), or None.

    ``md``: a Markdown with the site's extensions, whose raw HTML handling is Markdown's own
    (``md_in_html`` replaces it), with nothing but whitespace normalising and fences before it
    and nothing after it that could change raw HTML.
    """
    pre = [item.name for item in md.preprocessors._priority]
    if "html_block" not in pre or type(md.preprocessors["html_block"]) is not HtmlBlockPreprocessor:
        return "an extension reads raw HTML itself"
    if (
        "normalize_whitespace" in pre
        and type(md.preprocessors["normalize_whitespace"]) is not NormalizeWhitespace
    ):
        return "an extension normalises whitespace itself"
    before = [name for name in pre[: pre.index("html_block")] if name not in _SAFE_BEFORE]
    after = [item.name for item in md.postprocessors._priority if item.name not in _SAFE_AFTER]
    if before or after:
        return f"Markdown extensions read raw HTML ({', '.join(before + after)})"
    if set(md.block_level_elements) != _BLOCK_LEVEL:
        return "an extension changed which HTML elements are blocks"
    return None


def normalise(text: str, tab_length: int = 4) -> str:
    """``text`` as Python-Markdown's first preprocessor (``NormalizeWhitespace``) leaves it, minus
    the two newlines it appends; doing it again changes nothing."""
    if _STX in text or _ETX in text:
        text = text.replace(_STX, "").replace(_ETX, "")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\t" in text:
        text = text.expandtabs(tab_length)
    return _SPACE_LINE.sub("\n", text) if " \n" in text else text


def raw_blocks(chunk: str) -> tuple[str, set[str]] | None:
    """What Python-Markdown outputs for ``chunk`` if it takes all of it as raw HTML blocks (else
    None), and the anchor ids in it (MkDocs' ``present_anchor_ids``: every ``id``, an ``<a>``'s
    ``name``).

    ``chunk``: normalised text without blank lines that starts a line after a blank line (or the
    page) and ends one before a blank line (or the page's end). The output is ``chunk`` itself,
    but for a line break Markdown puts between a top-level end tag and a start tag right after it.
    """
    tokens = _TOKEN.findall(chunk)
    anchors: set[str] = set()
    stack: list[str] = []  # the extractor's: every open start tag, popped up to a matching end tag
    tails: list[int] = []  # tokens that start a top-level element on the line another one ended
    before = ""  # the text a top-level element may follow: none at the start, else a line break
    text_only = False  # the open element's text must end at its end tag, with no '<' in it
    end = ""
    for i, (text, comment, end, start, attrs, closed, _other) in enumerate(tokens):
        if not stack:  # a block-level start tag right after the last element's line (or its end)
            if start.lower() not in _TOP_LEVEL or closed:
                return None
            if text != before:
                if text or not i:
                    return None
                tails.append(i)
            before = "\n"
        elif text_only and end.lower() != stack[-1]:
            return None
        if end:
            name = end.lower()
            if name not in stack:
                return None  # a stray end tag: how it is read depends on what is around it
            while stack.pop() != name:
                pass
            text_only = False
        elif start:
            name = start.lower()
            if attrs and ("id=" in attrs.lower() or "name=" in attrs.lower()):
                anchors |= _anchors(name, attrs)
            if not closed and name != "hr":
                stack.append(name)
                text_only = name in _TEXT_ONLY
        elif comment != "-->":
            return None  # a '<' that is not a tag or comment Markdown and we read alike
    if stack or not tokens or not chunk.endswith(f"</{end}>"):
        return None
    if tails:
        starts = [m.end(1) for m in _TOKEN.finditer(chunk)]
        cuts = [0, *(starts[i] for i in tails), len(chunk)]
        chunk = "\n".join(chunk[a:b] for a, b in itertools.pairwise(cuts))
    return chunk, anchors


def _anchors(tag: str, attrs: str) -> set[str]:
    """The anchor ids a start tag's attributes give: its ``id``, an ``<a>``'s ``name``."""
    found = set()
    for m in _ANCHOR_ATTR.finditer(attrs):
        if m.group(1).lower() == "id" or tag == "a":
            found.add(html.unescape(m.group(2) if m.group(2) is not None else m.group(3)))
    return found


@dataclass
class HtmlBlocks:
    """The raw HTML blocks of the pages being built, held out of Markdown and put back after it."""

    token: str = field(default_factory=lambda: secrets.token_hex(8))
    tab_length: int = 4  # Markdown's
    _held: dict[str, list[str]] = field(default_factory=dict)  # page → its blocks, by number
    _anchors: dict[str, set[str]] = field(default_factory=dict)  # page → anchor ids in its blocks

    def hold(self, page: str, markdown: str) -> str:
        """``markdown`` of ``page`` with each raw HTML block behind a placeholder comment.

        Holding stops at the first run of lines with a ``<`` that is not held: what the HTML
        parser makes of such a run can reach into the next ones (an unclosed element, a tag
        carried over to the next raw block), so from there on Markdown reads everything.
        """
        text = normalise(markdown, self.tab_length)
        body = text.rstrip("\n")
        parts = _BLANK_RUN.split(body)
        blocks: list[str] = []
        anchors: set[str] = set()
        for i in range(0, len(parts), 2):  # even parts: runs of non-blank lines
            chunk = parts[i]
            if "<" not in chunk:
                continue
            raw = raw_blocks(chunk) if chunk.startswith("<") else None
            if raw is None:
                break
            parts[i] = f"{_PREFIX}{self.token} {len(blocks)}-->"
            blocks.append(raw[0])
            anchors |= raw[1]
        self._held[page] = blocks
        self._anchors[page] = anchors
        return "".join(parts) + text[len(body) :] if blocks else markdown

    def restore(self, page: str, content: str) -> tuple[str, set[str]]:
        """The HTML Markdown made of ``page`` with its blocks back, and the anchor ids in them."""
        blocks = self._held.pop(page, [])
        anchors = self._anchors.pop(page, set())
        if not blocks:
            return content, anchors
        placeholder = re.compile(rf"{re.escape(_PREFIX)}{self.token} ([0-9]+)-->")

        def block(m: re.Match[str]) -> str:
            n = int(m.group(1))
            return blocks[n] if n < len(blocks) else m.group(0)

        content, found = placeholder.subn(block, content)
        if found != len(blocks):
            raise HtmlBlockError(f"{page}: Markdown lost {len(blocks) - found} of its HTML blocks")
        return content, anchors
