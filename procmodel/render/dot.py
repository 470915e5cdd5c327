"""Writing DOT text safely: quoting, attribute lists, wrapped labels and stable DOM ids.

Every string that comes from a process file goes through :func:`quote`, so a title can never
break out of its attribute. procmodel uses plain (not HTML-like) labels because the embedded
WebAssembly Graphviz has no HTML-label support; both engines then lay out the same text.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Iterable, Mapping

#: ``href(kind, ident)`` → link for a node (kind: process, step, goal), or None for no link.
Href = Callable[[str, str], "str | None"]

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: What :func:`quote` changes: a text without any of these is quoted as it is (most titles).
_ESCAPED = re.compile(r'[\x00-\x1f\x7f\\"]')
_UNSAFE_URL = re.compile(r"^\s*(javascript|vbscript|data)\s*:", re.IGNORECASE)


def quote(text: str) -> str:
    """``text`` as a DOT double-quoted string (backslash, quote and newlines escaped)."""
    if _ESCAPED.search(text) is None:
        return f'"{text}"'
    text = _CONTROL.sub("", text)
    text = text.replace("\\", "\\\\").replace('"', '\\"')
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return f'"{text}"'


def label(lines: Iterable[str]) -> str:
    """A centred multi-line label as a DOT string (lines escaped, joined by ``\\n``)."""
    parts = [quote(line)[1:-1] for line in lines]
    return '"' + "\\n".join(parts) + '"'


def wrap(text: str, width: int = 22, max_lines: int = 5) -> list[str]:
    """Wrap a title at spaces into lines of about ``width`` characters.

    A word longer than ``width`` keeps its own line unbroken (Swedish compounds such as
    *utbildningsförvaltningen* stay whole); only a word longer than twice ``width`` is cut.
    Texts longer than ``max_lines`` lines end with an ellipsis.
    """
    words: list[str] = []
    for word in text.split():
        if len(word) > 2 * width:
            words += [word[i : i + width] for i in range(0, len(word), width)]
        else:
            words.append(word)
    if not words:
        return [""]
    lines = textwrap.wrap(" ".join(words), width=width, break_long_words=False, break_on_hyphens=False)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        if len(last) >= width and " " in last:  # drop a whole word to make room for the ellipsis
            last = last.rsplit(" ", 1)[0]
        lines[-1] = last.rstrip(" ,;:–-") + "…"
    return lines


def attrs(values: Mapping[str, object]) -> str:
    """``[key=value, …]`` with every value quoted (keys are procmodel's own constants)."""
    parts = [f"{key}={_value(value)}" for key, value in values.items() if value is not None]
    return "[" + ", ".join(parts) + "]" if parts else ""


def _value(value: object) -> str:
    if isinstance(value, Raw):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    return quote(str(value))


class Raw(str):
    """An attribute value that is already valid DOT (e.g. a label built by :func:`label`)."""


def safe_href(href: Href | None, kind: str, ident: str) -> str | None:
    """The link for a node, or None; script and data URLs are refused."""
    if href is None:
        return None
    url = href(kind, ident)
    if not url or _UNSAFE_URL.match(url):
        return None
    return url


def add_link(values: dict[str, object], url: str | None) -> None:
    """Make a node a link to ``url`` (opened in the whole page), if there is one."""
    if url:
        values["URL"] = url
        values["target"] = "_top"


# stable ids for the site ------------------------------------------------------------


def step_dom_id(process_id: str, step_id: str) -> str:
    """DOM id of a step node: ``step-<process>-<step>``."""
    return f"step-{process_id}-{step_id}"


def process_dom_id(process_id: str) -> str:
    """DOM id of a process node: ``process-<process>``."""
    return f"process-{process_id}"


def goal_dom_id(goal_id: str) -> str:
    """DOM id of a goal node: ``goal-<goal>``."""
    return f"goal-{goal_id}"


class DotWriter:
    """Accumulates DOT statements with indentation."""

    def __init__(
        self,
        name: str,
        graph_attrs: Mapping[str, object],
        node_attrs: Mapping[str, object],
        edge_attrs: Mapping[str, object],
    ) -> None:
        self.lines = [f"digraph {quote(name)} {{"]
        self._depth = 1
        self.stmt(f"graph {attrs(graph_attrs)}")
        self.stmt(f"node {attrs(node_attrs)}")
        self.stmt(f"edge {attrs(edge_attrs)}")

    def stmt(self, text: str) -> None:
        self.lines.append("  " * self._depth + text)

    def node(self, name: str, values: Mapping[str, object]) -> None:
        self.stmt(f"{quote(name)} {attrs(values)}".rstrip())

    def edge(self, tail: str, head: str, values: Mapping[str, object]) -> None:
        self.stmt(f"{quote(tail)} -> {quote(head)} {attrs(values)}".rstrip())

    def open(self, header: str, values: Mapping[str, object] | None = None) -> None:
        self.stmt(header + " {")
        self._depth += 1
        for key, value in (values or {}).items():
            self.stmt(f"{key}={_value(value)}")

    def close(self) -> None:
        self._depth -= 1
        self.stmt("}")

    def text(self) -> str:
        return "\n".join([*self.lines, "}", ""])
