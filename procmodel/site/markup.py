"""Escaping for the three places text from process files ends up: HTML, Markdown, front matter.

Every string read from a repository passes through one of these before it reaches a page.
"""

from __future__ import annotations

import html
import json
import re

# The characters Python-Markdown lets a backslash escape ('<' and '&' become entities instead).
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!>])")
#: What :func:`esc` changes: a text without any of these is already safe (most texts).
_HTML_SPECIAL = re.compile(r"[&<>\"']")
_TITLE_UNSAFE = str.maketrans({"<": "‹", ">": "›", '"': "”", "\n": " ", "\r": " "})


def esc(text: object) -> str:
    """Text for HTML element content and attribute values."""
    plain = str(text)
    return html.escape(plain, quote=True) if _HTML_SPECIAL.search(plain) else plain


def md_text(text: object) -> str:
    """Text for a Markdown inline context (a heading): no markup, no HTML, no attr lists."""
    plain = " ".join(str(text).split()).replace("&", "&amp;").replace("<", "&lt;")
    return _MD_SPECIAL.sub(r"\\\1", plain)


def plain_title(text: object) -> str:
    """A title for templates that do not escape (MkDocs' Jinja runs without autoescape)."""
    return " ".join(str(text).translate(_TITLE_UNSAFE).split())


def front_matter(meta: dict[str, object]) -> str:
    """A YAML front-matter block; values are plain data, written as JSON (a subset of YAML:
    safe for any text, and much faster to write than a YAML dump)."""
    body = "".join(f"{key}: {json.dumps(value)}\n" for key, value in meta.items())
    return f"---\n{body}---\n\n"


def page_head(title: str, **meta: object) -> str:
    """Front matter (``title`` first, then ``meta``) and the page's ``#`` heading, from one title."""
    return front_matter({"title": plain_title(title), **meta}) + f"# {md_text(title)}\n\n"


def attrs(**values: object) -> str:
    """HTML attributes from keyword arguments (``class_`` → ``class``); None values are left out."""
    out = []
    for key, value in values.items():
        if value is None or value is False:
            continue
        name = key.rstrip("_").replace("_", "-")
        out.append(name if value is True else f'{name}="{esc(value)}"')
    return (" " + " ".join(out)) if out else ""


def tag(name: str, content: str = "", **values: object) -> str:
    """``<name attrs>content</name>``; ``content`` must already be safe HTML."""
    return f"<{name}{attrs(**values)}>{content}</{name}>"


def html_block(*parts: str) -> str:
    """Raw HTML for a Markdown page: one block, no blank lines (which would end it)."""
    text = "\n".join(p for p in parts if p)
    return "\n".join(line for line in text.splitlines() if line.strip()) + "\n\n"
