"""Bringing a curriculum catalog (lgr22.yaml …) in step with the Syllabus API, in place.

The API has no ids below a section, so the catalog must give them, and they must survive
Skolverket inserting, removing or moving an item. Ids are therefore never derived from a
position: an API item is first matched to a catalog item of the same list by its text
(normalised: case, whitespace and the list punctuation ', och' at the end ignored), then by
close similarity (a reworded item keeps its id); an item that matches nothing gets a new id
from a digest of its normalised text (``lgr22-2.1-mal-3f9a1c``), which no other item's
insertion can change. Ids once given are kept. ``number`` is only a label of the item's place
in the current text (``2.1 läraren 3``) and is refreshed.

The file is edited with a ruamel.yaml round trip (comments, key order and local fields such as
``note`` kept) and written atomically. Imported items get ``wording: official`` and ``source``;
an official text that changes gets ``changed`` (see PM407). A catalog item the API no longer has
is left in place, and loses ``official``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import re
from dataclasses import dataclass, field

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from procmodel.curriculum.syllabus import Curriculum, ListItem
from procmodel.statutes.catalog import CatalogEditor, set_key, walk_goals

_SECTION = re.compile(r"^\d+(?:\.\d+)*$")
_TRAILING = re.compile(r"(?:[\s,.;:…]+|\s+(?:och|samt|eller))+$")
#: How alike two texts must be (difflib ratio) for a reworded item to keep its id.
SIMILAR = 0.8


def item_key(text: str) -> str:
    """The text items are matched by: case and whitespace ignored, list punctuation at the end dropped."""
    return _TRAILING.sub("", " ".join(text.replace("\u00a0", " ").split()).casefold())


def digest_id(group_id: str, text: str, taken: set[str]) -> str:
    """``<group>-<6 hex of sha256(item_key)>``; longer when that id is taken."""
    full = hashlib.sha256(item_key(text).encode("utf-8")).hexdigest()
    for n in range(6, len(full) + 1, 2):
        candidate = f"{group_id}-{full[:n]}"
        if candidate not in taken:
            return candidate
    raise AssertionError("sha256 digests do not collide")  # pragma: no cover


@dataclass
class CurriculumResult:
    """What an import did."""

    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    reworded: list[str] = field(default_factory=list)  # matched by similarity: id kept
    text_changed: list[str] = field(default_factory=list)  # an official text changed: 'changed' set
    not_in_curriculum: list[str] = field(default_factory=list)
    downgraded: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.updated or self.added or self.downgraded)


def _label(item: ListItem) -> str:
    if item.kind == "mal":
        return "mål"
    first = item.lead.split(" ", 1)[0] if item.lead else "riktlinjer"
    return first.casefold()


def _slug(lead: str) -> str:
    """'Läraren ska' → 'läraren'; 'Alla som arbetar i skolan ska' → 'alla': the lead's first word."""
    words = re.findall(r"[0-9a-zà-öø-ÿ]+", lead.casefold())
    return words[0] if words else "lista"


class CurriculumCatalog:
    """One curriculum catalog file, loaded for editing."""

    def __init__(self, editor: CatalogEditor) -> None:
        self.editor = editor
        self.data = editor.data

    def refresh(self, cur: Curriculum, changed_on: dt.date | None = None) -> CurriculumResult:
        result = CurriculumResult()
        day = changed_on or dt.date.today()
        source = cur.source
        taken = {str(g.get("id")) for g in walk_goals(self.data["goals"])}
        groups: dict[tuple[str, str, str], list[ListItem]] = {}
        for item in cur.items:
            groups.setdefault((item.section, item.kind, item.lead), []).append(item)
        last: dict[str, CommentedMap] = {}  # section → the group before the next one, in API order
        for (section, kind, lead), items in groups.items():
            sec = self._section(section, items[0].section_title, taken)
            group = self._group(sec, kind, lead, items[0], taken, source, last.get(section))
            last[section] = group
            self._refresh_list(group, items, taken, source, day, result)
        return result

    # --- finding or making the places items go --------------------------------------------------

    def _section(self, number: str, title: str, taken: set[str]) -> CommentedMap:
        for goal in walk_goals(self.data["goals"]):
            if str(goal.get("number") or "").strip("'") == number:
                return goal
        parent_number = number.rsplit(".", 1)[0] if "." in number else None
        siblings: CommentedSeq = self.data["goals"]
        if parent_number:
            parent = next(
                (g for g in walk_goals(self.data["goals"]) if str(g.get("number") or "") == parent_number),
                None,
            )
            if parent is not None:
                if not isinstance(parent.get("goals"), CommentedSeq):
                    parent["goals"] = CommentedSeq()
                siblings = parent["goals"]
        prefix = str(self.data.get("id") or "mål")
        goal = CommentedMap(id=self._new_id(f"{prefix}-{number}", taken), number=number)
        if title:
            goal["title"] = title
        goal["goals"] = CommentedSeq()
        siblings.append(goal)
        return goal

    def _group(
        self,
        sec: CommentedMap,
        kind: str,
        lead: str,
        first: ListItem,
        taken: set[str],
        source: str,
        after: CommentedMap | None,
    ) -> CommentedMap:
        if not isinstance(sec.get("goals"), CommentedSeq):
            sec["goals"] = CommentedSeq()
        wanted = item_key(lead)
        for child in sec["goals"]:
            if isinstance(child, CommentedMap) and isinstance(child.get("goals"), CommentedSeq):
                if wanted and item_key(str(child.get("text") or "")) == wanted:
                    return child
                if not wanted and child.get("title") == ("Mål" if kind == "mal" else "Riktlinjer"):
                    return child
        base = f"{sec['id']}-mal" if kind == "mal" else f"{sec['id']}-rl-{_slug(lead)}"
        if kind == "mal":
            title = "Mål"
        elif "ansvar" in first.section_title.casefold():
            title = first.section_title  # '2.8 Rektorns ansvar'
        else:
            who = _TRAILING.sub("", lead.removesuffix(" ska"))
            title = f"Riktlinjer: {who[:1].lower()}{who[1:]}" if who else "Riktlinjer"
        group = CommentedMap(id=self._new_id(base, taken), title=title)
        if lead:
            group["text"] = f"{lead} …"
            group["wording"] = "official"
            group["source"] = source
        group["goals"] = CommentedSeq()
        seq: CommentedSeq = sec["goals"]
        seq.insert(seq.index(after) + 1 if after is not None and after in seq else len(seq), group)
        return group

    @staticmethod
    def _new_id(base: str, taken: set[str]) -> str:
        candidate, n = base, 2
        while candidate in taken:
            candidate, n = f"{base}-{n}", n + 1
        taken.add(candidate)
        return candidate

    # --- the items of one list ------------------------------------------------------------------

    def _refresh_list(
        self,
        group: CommentedMap,
        items: list[ListItem],
        taken: set[str],
        source: str,
        day: dt.date,
        result: CurriculumResult,
    ) -> None:
        # the catalog items not matched yet, each with its key (computed once)
        free = [
            (g, item_key(str(g.get("text") or ""))) for g in group["goals"] if isinstance(g, CommentedMap)
        ]
        keys = [item_key(item.text) for item in items]
        matched: dict[int, CommentedMap] = {}
        for n, key in enumerate(keys):  # exact text first, so a similar one cannot take its place
            at = next((i for i, (_, k) in enumerate(free) if k == key), None)
            if at is not None:
                matched[n] = free.pop(at)[0]
        for n, key in enumerate(keys):
            if n in matched or not free:
                continue
            score, i = max(
                (difflib.SequenceMatcher(None, k, key).ratio(), i) for i, (_, k) in enumerate(free)
            )
            if score >= SIMILAR:
                matched[n] = free.pop(i)[0]
                result.reworded.append(str(matched[n]["id"]))
        previous: CommentedMap | None = None
        for n, item in enumerate(items):
            number = f"{item.section} {_label(item)} {item.position}"
            goal = matched.get(n)
            if goal is None:
                goal = CommentedMap(id=digest_id(str(group["id"]), item.text, taken), number=number)
                taken.add(str(goal["id"]))
                goal["text"] = item.text
                goal["wording"] = "official"
                goal["source"] = source
                seq: CommentedSeq = group["goals"]
                seq.insert(seq.index(previous) + 1 if previous is not None else 0, goal)
                result.added.append(str(goal["id"]))
            else:
                self._update(goal, item, number, source, day, result)
            previous = goal
        for goal, _ in free:
            result.not_in_curriculum.append(str(goal.get("id")))
            if goal.get("wording") == "official":
                goal["wording"] = "unverified"
                result.downgraded.append(str(goal.get("id")))

    @staticmethod
    def _update(
        goal: CommentedMap, item: ListItem, number: str, source: str, day: dt.date, result: CurriculumResult
    ) -> None:
        gid = str(goal["id"])
        old = str(goal.get("text") or "")
        same = (
            old == item.text
            and goal.get("wording") == "official"
            and goal.get("source") == source
            and goal.get("number") == number
        )
        if same:
            result.unchanged.append(gid)
            return
        if goal.get("wording") == "official" and old and " ".join(old.split()) != item.text:
            set_key(goal, "changed", day, after="source")
            result.text_changed.append(gid)
        set_key(goal, "number", number, after="id")
        set_key(goal, "text", item.text, after="title" if "title" in goal else "number")
        set_key(goal, "wording", "official", after="text")
        set_key(goal, "source", source, after="wording")
        result.updated.append(gid)
