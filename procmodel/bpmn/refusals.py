"""What a BPMN file must not hold before it is mapped: two imported elements with one id (one would
be lost) and more flow elements than a check can take in bounded time."""

from __future__ import annotations

import re

from lxml import etree

from procmodel.bpmn.elements import EVENTS, GATEWAYS, SUBPROCESSES, TASKS
from procmodel.bpmn.namespaces import q
from procmodel.bpmn.xml import XmlProblem


def refuse_duplicate_ids(root: etree._Element, source: bytes | None) -> None:
    """Two imported elements with one id: refuse the file, at the second element's ``id``.

    Also refuses a file with more than :data:`MAX_FLOW_ELEMENTS` flow elements.

    Imported are the processes and collaborations and everything in them; the supporting
    definitions beside them (global tasks, messages …) and the diagram are not, and some
    tools reuse a process id there.
    """
    first: dict[str, int] = {}
    imported = (el for top in root.iterchildren(_PROCESS, _COLLABORATION) for el in top.iter(_ANY_BPMN))
    flow_elements = 0
    for el in imported:
        if el.tag in _FLOW_TAGS:
            flow_elements += 1
            if flow_elements > MAX_FLOW_ELEMENTS:
                raise XmlProblem(
                    "PM008",
                    f"the file holds more than {MAX_FLOW_ELEMENTS:,} flow elements (steps and sequence "
                    f"flows); procmodel reads up to {MAX_FLOW_ELEMENTS:,} per file",
                    el.sourceline or 0,
                    0,
                    hint="Split the process: move parts into processes of their own, in files of their "
                    "own, and call them. (The cap keeps a check on a 2-core CI machine under a minute.)",
                )
        ident = el.get("id")
        if ident is None:
            continue
        if ident not in first:
            first[ident] = el.sourceline or 0
            continue
        line, column = _id_place(source, el.sourceline or 0, ident)
        raise XmlProblem(
            "PM001",
            f"two elements have the id '{ident}' (the first on line {first[ident]}); one would be lost",
            line,
            column,
            hint="Give every element its own id: rename one of them (and the references to it), "
            "or let your BPMN tool repair the file.",
        )


_ANY_BPMN = q("*")
#: Steps and sequence flows in one file. At the cap (a dense file of 75,000 tasks and their
#: flows) import takes 5 s and check 6 s on a 2-core machine; see benchmarks/README.md.
MAX_FLOW_ELEMENTS = 150_000
_FLOW_TAGS = frozenset(
    q(tag) for tag in (*TASKS, *EVENTS, *GATEWAYS, *SUBPROCESSES, "callActivity", "sequenceFlow")
)
_PROCESS = q("process")
_COLLABORATION = q("collaboration")


def _id_place(source: bytes | None, line: int, ident: str) -> tuple[int, int]:
    """Line and column (1-based, in characters) of ``id="ident"`` at or before ``line``.

    lxml knows the line where an element's start tag ends; the attribute may be a few lines up.
    Two elements with one id on one line (a minified file): the last on that line is named.
    """
    if source is None or line <= 0:
        return line, 0
    lines = source.split(b"\n", line)[:line]
    pattern = re.compile(rb"\bid\s*=\s*[\"']" + re.escape(ident.encode("utf-8")) + rb"[\"']")
    for n in range(len(lines) - 1, max(-1, len(lines) - 30), -1):
        found = list(pattern.finditer(lines[n]))
        if found:
            column = len(lines[n][: found[-1].start()].decode("utf-8", errors="replace")) + 1
            return n + 1, column
    return line, 0
