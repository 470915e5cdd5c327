"""Editing a user's YAML file in place: add items to a top-level list, change nothing else.

``procmodel import --add-roles`` appends roles to ``roles.yaml``. The new items are written
in the list's own indentation right after its last item, so a diff shows only the added
lines: comments, key order, quoting and blank lines stay as the user wrote them. The result
is read back with the hardened loader and must hold exactly the old items plus the new
ones. A list written in flow style (``roles: [...]``) or an empty ``roles:`` is edited with a
ruamel.yaml round trip instead, which keeps comments but may re-indent that list.

The file is read with the loader every other file goes through (duplicate keys, aliases
and tags are refused), and what is wrong is an :class:`EditError` with line and column.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from procmodel.load.yaml_source import YamlProblem, compose, locate, read_yaml

#: A scalar that can be written without quotes and reads back as the same text.
_PLAIN = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`][^:#\n]*(?<!\s)$")
#: … unless another YAML reader would take it for a number, boolean, date or null.
_LOOKS_TYPED = re.compile(r"^([-+.\d].*|~|null|true|false|yes|no|on|off|y|n)$", re.IGNORECASE)


@dataclass
class EditError(Exception):
    """A file procmodel was asked to edit but cannot (it is left as it was)."""

    path: Path
    message: str
    line: int = 0
    column: int = 0
    hint: str | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}" if self.line else str(self.path)
        return f"{where}: {self.message}" + (f"\n  help: {self.hint}" if self.hint else "")


def list_ids(path: Path, key: str) -> set[str]:
    """The ``id`` of every item of the top-level list ``key`` in ``path`` (empty if no file)."""
    if not path.is_file():
        return set()
    items = _items(path, path.read_bytes(), key)
    return {str(i["id"]) for i in items if isinstance(i, dict) and "id" in i}


def append_items(path: Path, key: str, items: list[dict[str, str]]) -> bytes:
    """The new content of ``path`` with ``items`` (flat mappings of text) added to its list ``key``.

    Raises :class:`EditError` when the file cannot be read or ``key`` is not a list there.
    """
    data = path.read_bytes()
    old = _items(path, data, key)
    text = data.decode("utf-8-sig")
    root = compose(data)
    node = next(v for k, v in root.value if isinstance(k, yaml.ScalarNode) and k.value == key)
    if isinstance(node, yaml.SequenceNode) and node.value and node.flow_style is False:
        new = _insert_block_items(text, node, items)
    else:
        new = _round_trip(text, key, items)
    if data.startswith(b"\xef\xbb\xbf"):
        new = "\ufeff" + new
    out = new.encode("utf-8")
    again = read_yaml(out).get(key)
    if again != [*old, *items]:  # pragma: no cover - a bug in this module, not in the user's file
        raise AssertionError(f"editing {path} would not give the intended list")
    return out


def _items(path: Path, data: bytes, key: str) -> list[Any]:
    try:
        content = read_yaml(data)
    except YamlProblem as p:
        raise EditError(path, f"{p.rule}: {p.message}", p.line, p.column, p.hint) from None
    if key not in content:
        raise EditError(path, f"the file has no '{key}:' list", hint=f"Add a line '{key}:' with the list.")
    value = content[key]
    if value is None:
        return []
    if not isinstance(value, list):
        kind = "a mapping" if isinstance(value, dict) else "a single value"
        line, column, _ = locate(compose(data), (key,))
        raise EditError(
            path,
            f"'{key}' holds {kind}, but a list is expected",
            line,
            column,
            hint=f"Write each item as '- id: …' under '{key}:'.",
        )
    return value


def _insert_block_items(text: str, node: yaml.SequenceNode, items: list[dict[str, str]]) -> str:
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines(keepends=True)
    first = node.value[0]
    dash = lines[first.start_mark.line].rfind("-", 0, first.start_mark.column)
    content = first.start_mark.column
    if isinstance(first, yaml.MappingNode) and len(first.value) > 1:
        content = first.value[1][0].start_mark.column
    end = _last_scalar(node).end_mark
    at = end.line if end.column == 0 else end.line + 1  # block scalars end at column 0 of the next line
    block = []
    for item in items:
        for i, (k, v) in enumerate(item.items()):
            lead = " " * dash + "-" + " " * (content - dash - 1) if i == 0 else " " * content
            block.append(f"{lead}{k}: {_scalar(v)}{newline}")
    if at > 0 and at <= len(lines) and not lines[at - 1].endswith(("\n", "\r")):
        lines[at - 1] += newline
    lines[at:at] = block
    return "".join(lines)


def _last_scalar(node: yaml.Node) -> yaml.Node:
    while isinstance(node, (yaml.SequenceNode, yaml.MappingNode)) and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(last, tuple) else last
    return node


def _scalar(value: str) -> str:
    """``value`` as a YAML scalar that reads back as the same text."""
    if _PLAIN.match(value) and not _LOOKS_TYPED.match(value):
        return value
    return json.dumps(value, ensure_ascii=False)


def _round_trip(text: str, key: str, items: list[dict[str, str]]) -> str:
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedSeq

    rt = YAML()
    rt.preserve_quotes = True
    rt.width = 100
    rt.indent(mapping=2, sequence=4, offset=2)
    data = rt.load(text)
    seq = data[key]
    if seq is None:
        seq = data[key] = CommentedSeq()
    seq.fa.set_block_style()
    seq.extend(items)
    buf = io.StringIO()
    rt.dump(data, buf)
    return buf.getvalue()
