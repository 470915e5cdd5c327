"""Markdown from process files (``instructions``, ``summary``) to safe HTML.

The Markdown is rendered with Python-Markdown and the result is cleaned by nh3 (the
Rust ``ammonia`` sanitiser): an allow-list of tags and attributes, links only to
http(s), mailto and tel, never raw HTML, scripts, event handlers or ``javascript:``.
"""

from __future__ import annotations

import functools
import re

import markdown
import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
    "del",
    "sup",
    "sub",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def _markdown() -> markdown.Markdown:
    return markdown.Markdown(extensions=["sane_lists", "tables"], output_format="html")


_MD = _markdown()


_LIST_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d+[.)])\s+\S")


def loosen_lists(text: str) -> str:
    """Let a list follow a paragraph line directly, as in CommonMark ("Skriv:\n- vem …").

    Python-Markdown needs a blank line before a list; authors rarely write one.
    """
    out: list[str] = []
    for line in text.splitlines():
        if (
            _LIST_ITEM.match(line)
            and out
            and out[-1].strip()
            and not _LIST_ITEM.match(out[-1])
            and not out[-1].startswith((" ", "\t"))
        ):
            out.append("")
        out.append(line)
    return "\n".join(out)


@functools.lru_cache(maxsize=4096)
def markdown_html(text: str | None) -> str:
    """Render Markdown to sanitised HTML ('' for no text)."""
    if not text:
        return ""
    _MD.reset()
    rendered = _MD.convert(loosen_lists(text))
    return clean_html(rendered)


def clean_html(fragment: str) -> str:
    """Sanitise an HTML fragment with the allow-list above."""
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


def safe_url(url: str | None) -> str | None:
    """A document URL if it is http(s), mailto or tel; None otherwise."""
    if not url:
        return None
    scheme = url.split(":", 1)[0].strip().lower() if ":" in url else ""
    return url.strip() if scheme in URL_SCHEMES else None
