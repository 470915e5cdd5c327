"""A hardened lxml parser for BPMN files from anywhere.

Refused before or while parsing, each with a located :class:`XmlProblem`:
DOCTYPE declarations (so no DTD, no entity definitions: the 'billion laughs'
and external-entity (XXE) attacks), files above :data:`MAX_BYTES`, and
anything that is not well-formed XML. The parser itself also resolves no
entities, loads no DTD, touches no network and keeps libxml2's size limits
(``huge_tree`` off), so a file that slips past the pre-check still cannot
expand or fetch anything.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

#: Larger files are refused before they are read (a real BPMN file is rarely above a few MB).
MAX_BYTES = 32 * 1024 * 1024
#: How much of the file is searched for a DOCTYPE (it must come before the root element).
PROLOG_SCAN = 64 * 1024


@dataclass
class XmlProblem(Exception):
    """A BPMN file that cannot be read safely."""

    rule: str  # "PM008" unsafe, "PM001" unreadable
    message: str
    line: int = 0
    column: int = 0
    hint: str | None = None


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        dtd_validation=False,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
    )


def parse_bytes(data: bytes) -> etree._ElementTree:
    """Parse ``data`` safely; raise :class:`XmlProblem` for anything unsafe or malformed."""
    if len(data) > MAX_BYTES:
        raise _too_large(len(data))
    _refuse_doctype(data)
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (0, 0)
        message = str(exc.msg or exc).split(", line ")[0]
        hint = "Open the file in a BPMN tool and save it again, or fix the XML at this place."
        if "Entity" in message or "entity" in message:
            hint = "Entities are not allowed in BPMN files procmodel reads; write the text out instead."
        raise XmlProblem(
            "PM001", f"not well-formed XML: {message}", line, column + 1 if column else 0, hint
        ) from None
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:  # defence in depth
        raise XmlProblem("PM008", "the file declares a DOCTYPE", 1, 1, _DOCTYPE_HINT)
    return tree


def read_limited(path: Path) -> bytes:
    """The bytes of ``path``, refused from its size before anything is read."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise _too_large(size)
    return path.read_bytes()


def _too_large(size: int) -> XmlProblem:
    """The problem reported for files above :data:`MAX_BYTES`."""
    return XmlProblem(
        "PM008",
        f"file is {size / 1048576:.1f} MB; procmodel reads BPMN files up to {MAX_BYTES // 1048576} MB",
        hint="Export one process (or one pool) per file from your BPMN tool.",
    )


_DOCTYPE_HINT = (
    "BPMN files need no DOCTYPE; remove the <!DOCTYPE …> declaration. Entities and DTDs are refused "
    "because they can expand without limit ('billion laughs') or read other files (XXE)."
)


def _refuse_doctype(data: bytes) -> None:
    """Refuse a DOCTYPE in the prolog (it can only stand before the root element)."""
    text = _decode_head(data[:PROLOG_SCAN])
    root = _ROOT_START.search(text)
    prolog = text[: root.start()] if root else text
    at = prolog.upper().find("<!DOCTYPE")
    if at >= 0:
        line = text.count("\n", 0, at) + 1
        column = at - (text.rfind("\n", 0, at) + 1) + 1
        raise XmlProblem(
            "PM008", "the file declares a DOCTYPE (a DTD with entities)", line, column, _DOCTYPE_HINT
        )


_ROOT_START = re.compile(r"<[A-Za-z_]")


def _decode_head(head: bytes) -> str:
    """The start of the file as text, whatever its encoding (BOMs and UTF-16 included)."""
    for bom, name in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if head.startswith(bom):
            return head[len(bom) :].decode(name, errors="replace")
    if head[:2] == b"<\x00":
        return head.decode("utf-16-le", errors="replace")
    if head[:2] == b"\x00<":
        return head.decode("utf-16-be", errors="replace")
    return head.decode("latin-1")  # ASCII-compatible: markers and line breaks stay where they are
