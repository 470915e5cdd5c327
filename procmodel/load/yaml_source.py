"""Safe YAML reading with exact locations.

libyaml composes the node tree (as fast as bare parsing); we build plain
Python data from it ourselves, which lets us refuse what the default loaders
accept silently: duplicate keys (PyYAML keeps the last one), anchors and
aliases (the 'billion laughs' expansion), merge keys, custom tags and
multiple documents. Every plain scalar is kept as the text the author wrote
(no YAML 1.1 guessing: ``version: 1.10`` stays "1.10", ``no`` stays "no");
the pydantic models convert where a field wants a number, date or boolean.
Text is normalised to Unicode NFC, so an id typed with a decomposed 'ä'
(as macOS may paste it) is the same id as one typed with a composed 'ä'.

Locations are not stored: :func:`locate` composes the file again when a
finding needs one, which keeps loading cheap for the common, clean case.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from procmodel.i18n import t
from procmodel.load.discovery import NotRegularFile, read_regular_file

# libyaml's loader (present in the wheels we support), else the pure-Python one.
_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

NULL_TAG = "tag:yaml.org,2002:null"
STR_TAG = "tag:yaml.org,2002:str"
MAP_TAG = "tag:yaml.org,2002:map"
SEQ_TAG = "tag:yaml.org,2002:seq"
PLAIN_TAGS = {
    STR_TAG,
    NULL_TAG,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:timestamp",
}
MERGE_TAG = "tag:yaml.org,2002:merge"
NULL_VALUES = frozenset(("", "~", "null", "Null", "NULL"))
MAX_BYTES = 10 * 1024 * 1024
#: Lists and mappings inside each other; deeper is refused (Python's own recursion stops near 500).
MAX_DEPTH = 100
#: An anchor ('&a') or alias ('*a') needs its indicator right before a non-space
#: character; a text without this pattern can hold neither.
_MAYBE_ANCHOR = re.compile(r"[&*]\S")


class _Loader(_BaseLoader):
    """libyaml's composer with a resolver that only tells null, merge keys and text apart.

    The values are kept as written (see the module doc), so the default YAML 1.1
    resolver's regular expressions (ints, floats, booleans, dates …), which cost
    more than the parse itself, are not needed.
    """

    # libyaml's composer calls these two hooks for every node; they serve path
    # resolvers, which procmodel does not use. Built-in no-ops cost far less
    # than Python methods: descend_resolver(parent, index) and ascend_resolver().
    descend_resolver = staticmethod(operator.is_)
    ascend_resolver = staticmethod(tuple)

    def resolve(self, kind: type[yaml.Node], value: str | None, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0]:  # plain scalar
                if value in NULL_VALUES:
                    return NULL_TAG
                if value == "<<":
                    return MERGE_TAG
            return STR_TAG
        return SEQ_TAG if kind is yaml.SequenceNode else MAP_TAG


@dataclass
class YamlProblem(Exception):
    """A file that cannot be read as procmodel YAML."""

    rule: str  # PM001 … PM005
    message: str
    line: int = 0  # 1-based; 0 = whole file
    column: int = 0
    hint: str | None = None


def read_yaml_file(path: Path) -> Any:
    """Read one procmodel YAML file (a regular file) into plain Python data.

    The one reader for every YAML file procmodel reads: duplicate keys, aliases,
    tags and files that are not regular files (a named pipe) are refused with a
    located :class:`YamlProblem`; ``OSError`` when the file cannot be read.
    """
    try:
        data, _stamp = read_regular_file(path, MAX_BYTES)
    except NotRegularFile as exc:
        raise YamlProblem("PM012", t("PM012.read.message", kind=exc.kind), hint=t("PM012.hint")) from None
    return read_yaml(data)


def read_yaml(data: bytes) -> Any:
    """Parse one YAML document from ``data`` into plain Python data.

    Raises :class:`YamlProblem` with a 1-based location for anything unsafe or unreadable.
    """
    return _to_python(compose(data))


def compose(data: bytes) -> yaml.Node:
    """Compose ``data`` (one UTF-8 YAML document) into a node tree."""
    if len(data) > MAX_BYTES:
        raise YamlProblem(
            "PM001",
            t("PM001.too_large.message", megabytes=MAX_BYTES // (1024 * 1024)),
            hint=t("PM001.too_large.hint"),
        )
    text = _decode(data)
    if _MAYBE_ANCHOR.search(text):
        _refuse_anchors(text)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.composer.ComposerError as exc:
        if "another document" in str(exc.problem or "") or "single document" in str(exc.context or ""):
            mark = exc.problem_mark
            raise YamlProblem(
                "PM001",
                t("PM001.documents.message"),
                mark.line + 1 if mark else 0,
                mark.column + 1 if mark else 0,
                hint=t("PM001.documents.hint"),
            ) from None
        raise _problem_from(exc, text) from None
    except yaml.MarkedYAMLError as exc:
        raise _problem_from(exc, text) from None
    except yaml.reader.ReaderError as exc:
        raise _character_problem(exc, text) from None
    except yaml.YAMLError as exc:  # pragma: no cover - reader errors without marks
        raise YamlProblem("PM001", t("PM001.syntax.message", problem=exc)) from None
    finally:
        loader.dispose()
    if node is None:
        raise YamlProblem(
            "PM005",
            t("PM005.comments.message") if text.strip() else t("PM005.empty.message"),
            hint=t("PM005.hint"),
        )
    if not isinstance(node, yaml.MappingNode):
        kind = t("PM001.kind.list") if isinstance(node, yaml.SequenceNode) else t("PM001.kind.value")
        raise _problem(
            "PM001",
            t("PM001.not_mapping.message", kind=kind),
            node,
            t("PM001.not_mapping.hint"),
        )
    return node


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        line_start = before[before.rfind(b"\n") + 1 :]
        column = len(line_start.decode("utf-8", errors="replace")) + 1  # in characters, as editors count
        raise YamlProblem(
            "PM004",
            t("PM004.message", byte=f"0x{data[exc.start]:02x}"),
            line,
            column,
            hint=t("PM004.hint"),
        ) from None
    # One spelling of å, ä, ö: text pasted on a Mac may be decomposed (a + ring),
    # which would make 'kränkning' and 'kränkning' two different ids.
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def _problem_from(exc: yaml.MarkedYAMLError, text: str) -> YamlProblem:
    mark = exc.problem_mark or exc.context_mark
    problem = (exc.problem or exc.context or "not valid YAML").strip()
    hint = t("PM001.syntax.hint")
    if mark is not None and _char_at(text, mark.line, mark.column) == "\t":
        problem = t("PM001.tab.problem")
        hint = t("PM001.tab.hint")
    elif "mapping values are not allowed" in problem:
        hint = t("PM001.colon.hint")
    elif "found undefined alias" in problem or "found unknown escape" in problem:
        hint = t("PM001.quote.hint")
    return YamlProblem(
        "PM001",
        t("PM001.syntax.message", problem=problem),
        mark.line + 1 if mark else 0,
        mark.column + 1 if mark else 0,
        hint=hint,
    )


def _character_problem(exc: yaml.reader.ReaderError, text: str) -> YamlProblem:
    """A character YAML does not allow (ESC, NUL, U+FFFE …), located by line and column."""
    offset = _char_offset(text, exc.position, exc.character)
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
    name = CONTROL_NAMES.get(code)
    char = f"U+{code:04X}" + (f" ({name})" if name else "")
    control = name is not None or code < 0x20 or 0x7F <= code <= 0x9F
    key = "PM001.control.message" if control else "PM001.character.message"
    return YamlProblem("PM001", t(key, char=char), line, column, hint=t("PM001.control.hint"))


#: Names of the control characters most often met in pasted text.
CONTROL_NAMES = {
    0x00: "NUL",
    0x07: "BEL",
    0x08: "backspace",
    0x0B: "vertical tab",
    0x0C: "form feed",
    0x1B: "ESC",
    0x7F: "DEL",
}


def _char_offset(text: str, position: int, character: object) -> int:
    """The index in ``text`` of a reader error's ``position``.

    libyaml counts bytes of the UTF-8 text, PyYAML's pure-Python reader counts characters;
    the one that lands on the offending character is right.
    """
    code = character if isinstance(character, int) else ord(str(character)[:1] or "\0")
    as_bytes = len(text.encode("utf-8")[:position].decode("utf-8", errors="ignore"))
    for offset in (as_bytes, position):
        if 0 <= offset < len(text) and ord(text[offset]) == code:
            return offset
    return min(as_bytes, len(text))


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n", line + 1)
    return lines[line][column : column + 1] if line < len(lines) else ""


def _refuse_anchors(text: str) -> None:
    """Refuse anchors and aliases where they are written (found by the event parser)."""
    try:
        for event in yaml.parse(text, Loader=_BaseLoader):
            anchor = getattr(event, "anchor", None)
            if isinstance(event, yaml.AliasEvent) or anchor:
                _refuse_alias(event)
    except yaml.YAMLError:
        return  # a syntax error: reported, with its place, by the composer


def _to_python(root: yaml.Node) -> Any:
    """Plain data from a composed tree, refusing tags, non-text keys, merge keys and duplicates.

    The number of lists and mappings converted is capped (generously for the
    file's size): aliases are refused before this point, but should one slip
    through, a shared node could otherwise be expanded without limit.
    """
    # the source text a node spans is an upper bound for its node count
    remaining = 2 * max(root.end_mark.index - root.start_mark.index, 0) + 64
    scalar, sequence = yaml.ScalarNode, yaml.SequenceNode

    def value(node: yaml.Node, depth: int) -> Any:
        if node.__class__ is scalar:
            tag = node.tag
            if tag == STR_TAG:
                return node.value
            if tag == NULL_TAG:
                return None if not node.style else node.value
            if tag in PLAIN_TAGS:
                return node.value
            _refuse_tag(node)
        return convert(node, depth + 1)

    def convert(node: yaml.Node, depth: int) -> Any:
        nonlocal remaining
        remaining -= 1
        if remaining < 0:
            _refuse_alias(node)
        if depth > MAX_DEPTH:
            raise _problem(
                "PM001",
                t("PM001.depth.message", depth=MAX_DEPTH),
                node,
                t("PM001.depth.hint"),
            )
        tag = node.tag
        if node.__class__ is sequence:
            if tag != SEQ_TAG:
                _refuse_tag(node)
            return [
                item.value if item.__class__ is scalar and item.tag == STR_TAG else value(item, depth)
                for item in node.value
            ]
        if tag != MAP_TAG:
            _refuse_tag(node)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.__class__ is not scalar:
                raise _problem(
                    "PM001",
                    t("PM001.key.message"),
                    key_node,
                    t("PM001.key.hint"),
                )
            key = key_node.value
            if key_node.tag != STR_TAG:
                if key_node.tag == MERGE_TAG:
                    raise _problem(
                        "PM003",
                        t("PM003.merge.message"),
                        key_node,
                        t("PM003.merge.hint"),
                    )
                if key_node.tag not in PLAIN_TAGS:
                    _refuse_tag(key_node)
            if key in result:
                first = next(k for k, _ in node.value if k.value == key)
                raise _problem(
                    "PM002",
                    t("PM002.message", key=key, line=first.start_mark.line + 1),
                    key_node,
                    t("PM002.hint"),
                )
            if value_node.__class__ is scalar and value_node.tag == STR_TAG:
                result[key] = value_node.value
            else:
                result[key] = value(value_node, depth)
        return result

    return value(root, 0)


def _problem(rule: str, message: str, node: yaml.Node | yaml.Event, hint: str) -> YamlProblem:
    """A problem located at the start of ``node`` (or parser event)."""
    mark = node.start_mark
    if mark is None:
        return YamlProblem(rule, message, hint=hint)
    return YamlProblem(rule, message, mark.line + 1, mark.column + 1, hint=hint)


def _refuse_tag(node: yaml.Node) -> None:
    raise _problem(
        "PM001",
        t("PM001.tag.message", tag=node.tag),
        node,
        t("PM001.tag.hint"),
    )


def _refuse_alias(node: yaml.Node | yaml.Event) -> None:
    raise _problem(
        "PM003",
        t("PM003.alias.message"),
        node,
        t("PM003.alias.hint"),
    )


def locate(root: yaml.Node, path: tuple[str | int, ...], key: bool = False) -> tuple[int, int, int]:
    """Line, column (1-based) and end column of ``path`` in a composed tree.

    When the path goes further than the file (a missing key), the deepest
    existing node is returned, which is where the missing value belongs.
    With ``key`` the mapping key is located instead of its value.
    """
    node = root
    key_node: yaml.Node | None = None
    for part in path:
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode) and k.value == part:
                    key_node, node = k, v
                    break
            else:
                break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            key_node, node = None, node.value[part]
        else:
            break
    target = key_node if key and key_node is not None else node
    start, end = target.start_mark, target.end_mark
    end_col = end.column + 1 if end.line == start.line else 0
    return start.line + 1, start.column + 1, end_col
