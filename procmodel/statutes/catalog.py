"""Bringing a goal catalog in step with a consolidated statute, in place.

The catalog file is edited with a ruamel.yaml round trip, so comments, key order and the
organisation's own fields (``note``, ``supports`` …) are kept; only ``text``, ``wording`` and
``source`` of the paragraphs (and chapter titles) change.

When the official text a paragraph held changes, ``changed`` (the date of the import, or the
date given) and ``changed_by`` (the amending act the new text names, 'SFS 2025:625') record it:
rule PM407 compares ``changed`` with the ``reviewed:`` date of every process serving the
paragraph. A paragraph that only becomes official (its summary replaced by the text) is not
a change of the law and gets no ``changed``.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import LiteralScalarString

from procmodel.files import write_atomic
from procmodel.statutes.parse import Statute, normalise, number_order

_NUMBER = re.compile(r"^(?:(\d+(?: [a-z])?) kap\.)?\s*(?:(\d+(?: [a-z])?) §)?$")


class CatalogError(ValueError):
    """The catalog file cannot be read or edited."""


def paragraph_key(number: str | None) -> tuple[str, str | None] | None:
    """'3 kap. 5 §' → ('3', '5'); '6 a kap.' → ('6 a', None); '38 §' → ('', '38'); else None."""
    if not number:
        return None
    m = _NUMBER.match(" ".join(number.replace("\u00a0", " ").split()))
    if not m or not (m.group(1) or m.group(2)):
        return None
    return (m.group(1) or "", m.group(2))


@dataclass
class ImportResult:
    """What an import did, goal by goal."""

    updated: list[tuple[str, str]] = field(default_factory=list)  # (goal id, number)
    unchanged: list[tuple[str, str]] = field(default_factory=list)
    added: list[tuple[str, str]] = field(default_factory=list)
    retitled: list[tuple[str, str]] = field(default_factory=list)  # chapters
    not_in_statute: list[tuple[str, str]] = field(default_factory=list)
    ambiguous: list[tuple[str, str]] = field(default_factory=list)
    downgraded: list[tuple[str, str]] = field(default_factory=list)  # was official, cannot be checked now
    text_changed: list[tuple[str, str]] = field(default_factory=list)  # official text replaced: 'changed' set

    @property
    def changed(self) -> bool:
        return bool(self.updated or self.added or self.retitled or self.downgraded)


_LIST_UNDER_KEY = re.compile(r"^( *)[\w-]+:[ \t]*\n(?:[ \t]*#.*\n)*( *)- ", re.M)


def _yaml(text: str = "") -> YAML:
    """A round-trip YAML that writes lists the way ``text`` does ('goals:' then '- id' or '  - id')."""
    rt = YAML()
    rt.preserve_quotes = True
    rt.width = 4096  # never re-wrap the lines of an untouched value
    m = _LIST_UNDER_KEY.search(text)
    offset = len(m.group(2)) - len(m.group(1)) if m else 2
    rt.indent(mapping=2, sequence=offset + 2, offset=offset)
    return rt


def walk_goals(goals: Any) -> list[CommentedMap]:
    """Every goal mapping of a loaded ``goals`` list, depth first."""
    out: list[CommentedMap] = []
    for g in goals or []:
        if isinstance(g, CommentedMap):
            out.append(g)
            out.extend(walk_goals(g.get("goals")))
    return out


def set_key(goal: CommentedMap, key: str, value: Any, after: str) -> None:
    """Set ``key``; a new key goes right after ``after`` (else last), so the file keeps its order."""
    if key in goal:
        goal[key] = value
        return
    keys = list(goal.keys())
    pos = keys.index(after) + 1 if after in keys else len(keys)
    goal.insert(pos, key, value)


def _new_id(prefix: str, chapter: str, number: str | None) -> str:
    parts = [prefix, chapter.replace(" ", "")] + ([number.replace(" ", "")] if number else [])
    return "-".join(p for p in parts if p)


def _insert_in_order(siblings: CommentedSeq, goal: CommentedMap, number: str) -> None:
    """Insert before the first sibling paragraph with a higher number (else at the end)."""
    for i, other in enumerate(siblings):
        key = paragraph_key(other.get("number")) if isinstance(other, CommentedMap) else None
        if key and key[1] is not None and number_order(key[1]) > number_order(number):
            siblings.insert(i, goal)
            return
    siblings.append(goal)


class CatalogEditor:
    """One catalog file, loaded for editing."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            text = path.read_text(encoding="utf-8")
            self._rt = _yaml(text)
            self.data = self._rt.load(text)
        except (OSError, UnicodeDecodeError) as exc:
            raise CatalogError(f"{path}: cannot read the catalog ({exc})") from None
        except YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
            raise CatalogError(f"{path}{where}: not valid YAML ({getattr(exc, 'problem', exc)})") from None
        if not isinstance(self.data, CommentedMap) or not isinstance(self.data.get("goals"), CommentedSeq):
            raise CatalogError(f"{path}: not a goal catalog (it needs 'id', 'title' and a 'goals' list)")

    @property
    def reference(self) -> str:
        return str(self.data.get("reference") or "")

    def goals(self) -> list[CommentedMap]:
        return walk_goals(self.data["goals"])

    def _prefix(self) -> str:
        for g in self.data["goals"]:
            gid = str(g.get("id", ""))
            if "-" in gid:
                return gid.split("-", 1)[0]
        return str(self.data.get("id", "sfs"))

    def refresh(
        self,
        statute: Statute,
        source: str,
        add: list[str],
        prefix: str | None = None,
        changed_on: dt.date | None = None,
    ) -> ImportResult:
        """Set official text and provenance from ``statute``; add the paragraphs named in ``add``.

        ``changed_on`` (default today) is written as ``changed`` where an official text changes.
        """
        result = ImportResult()
        self._changed_on = changed_on or dt.date.today()
        self._id_prefix = prefix or self._prefix()
        known: dict[tuple[str, str | None], CommentedMap] = {}
        for goal in self.goals():
            key = paragraph_key(goal.get("number"))
            if key is None:
                continue
            known[key] = goal
            self._refresh_one(goal, key, statute, source, result)
        for number in add:
            key = paragraph_key(number)
            if key is None or key[1] is None:
                raise CatalogError(f"--add {number!r}: give a paragraph like '3 kap. 5 §'")
            if key in known:
                continue
            para = statute.paragraph(key[0], key[1])
            if para is None:
                reason = "has several versions in" if statute.versions.get((key[0], key[1])) else "is not in"
                raise CatalogError(f"--add {number!r}: the paragraph {reason} the statute file; not added")
            siblings = self._siblings(key[0], statute, known)
            goal = CommentedMap(id=_new_id(self._id_prefix, key[0], key[1]), number=para.label)
            if para.heading:
                goal["title"] = para.heading
            goal["text"] = LiteralScalarString(para.text)
            goal["wording"] = "official"
            goal["source"] = source
            _insert_in_order(siblings, goal, key[1])
            known[key] = goal
            result.added.append((str(goal["id"]), para.label))
        return result

    def _siblings(
        self, chapter: str, statute: Statute, known: dict[tuple[str, str | None], CommentedMap]
    ) -> CommentedSeq:
        """The list a new paragraph goes into: its chapter's goals (the chapter added if need be)."""
        if not chapter:
            return self.data["goals"]
        parent = known.get((chapter, None))
        if parent is None:
            parent = CommentedMap(
                id=_new_id(self._id_prefix, chapter, None),
                number=f"{chapter} kap.",
                title=statute.chapters.get(chapter, ""),
                goals=CommentedSeq(),
            )
            self.data["goals"].append(parent)
            known[(chapter, None)] = parent
        if not isinstance(parent.get("goals"), CommentedSeq):
            parent["goals"] = CommentedSeq()
        return parent["goals"]

    def _refresh_one(
        self,
        goal: CommentedMap,
        key: tuple[str, str | None],
        statute: Statute,
        source: str,
        result: ImportResult,
    ) -> None:
        gid, number = str(goal.get("id")), str(goal.get("number"))
        chapter, paragraph = key
        if paragraph is None:
            title = statute.chapters.get(chapter)
            if title and goal.get("title") != title:
                set_key(goal, "title", title, after="number")
                result.retitled.append((gid, number))
            return
        versions = statute.versions.get((chapter, paragraph), [])
        if len(versions) != 1:
            (result.ambiguous if versions else result.not_in_statute).append((gid, number))
            if goal.get("wording") == "official":
                goal["wording"] = "unverified"
                result.downgraded.append((gid, number))
            return
        para = versions[0]
        same = (
            normalise(str(goal.get("text") or "")) == normalise(para.text)
            and goal.get("wording") == "official"
            and goal.get("source") == source
        )
        if same:
            result.unchanged.append((gid, number))
            return
        was_official = goal.get("wording") == "official" and goal.get("text")
        text_changed = was_official and normalise(str(goal.get("text"))) != normalise(para.text)
        set_key(goal, "text", LiteralScalarString(para.text), after="title")
        set_key(goal, "wording", "official", after="text")
        set_key(goal, "source", source, after="wording")
        if text_changed:
            set_key(goal, "changed", self._changed_on, after="source")
            if para.amended_by:
                set_key(goal, "changed_by", f"SFS {para.amended_by}", after="changed")
            elif "changed_by" in goal:
                del goal["changed_by"]
            result.text_changed.append((gid, number))
        result.updated.append((gid, number))

    def dump(self) -> str:
        buf = io.StringIO()
        self._rt.dump(self.data, buf)
        return buf.getvalue()

    def save(self) -> None:
        write_atomic(self.path, self.dump())
