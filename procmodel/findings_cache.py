"""Per-process findings kept between runs of ``procmodel check`` (``.procmodel-cache/findings.json``).

Most rules look at one process at a time: what they report about a process depends only on
that process's file and on the repository's shared files (configuration, roles, documents,
goal catalogs, organisation), never on another process. Those are the rules of
:data:`PROCESS_RULES`; for them a rule's findings over the whole repository are

    R(repository) = R(no process) + Σ over processes P of (R(only P) − R(no process))

(``tests/test_findings_cache.py`` holds every rule of the set to this, on every rule case,
the example library and generated repositories). The part about P is kept under a keyed hash
of P's file content, the content of every other file of the repository (so a changed catalog,
roles file, configuration or another process that P could depend on makes a new key), procmodel
itself, the date and the language (:class:`~procmodel.check_cache.CheckInputs`). After one
process file changed, only its part is computed again; every other rule (subprocess calls,
coverage, duplicates across files, unit variants) runs on the whole repository, unless its
findings can be reused whole (a quick check, :mod:`procmodel.check_state`).

A process merged from a unit variant is kept under the content of both its files (the variant
and its central process); processes read from BPMN files are never cached (a diagram and its
sidecar). An unreadable or malformed cache is empty, never an error.
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from procmodel.cache_entries import read_entries, save_entries
from procmodel.check_cache import CheckInputs, keyed_hash
from procmodel.findings import Finding, Location, SourceRef
from procmodel.i18n import Text
from procmodel.model import Process, Severity
from procmodel.rules.base import RULES, Rule
from procmodel.rules.context import CheckContext

FORMAT = "procmodel-findings-cache 2"

#: Rules whose findings about a process depend on that process's file and the shared files only.
PROCESS_RULES = frozenset(
    {
        *("PM101", "PM102", "PM103", "PM104", "PM105", "PM107"),  # references within the process
        *("PM201", "PM202", "PM203", "PM204", "PM205", "PM206", "PM207", "PM208"),  # flow
        *("PM401", "PM402", "PM404", "PM405"),  # governance of the process itself
        "PM503",  # a process goal none of its steps serves
        "PM704",  # a unit variant drops a required goal: the variant and its central process
    }
)

_Identity = tuple[object, ...]


@dataclass(frozen=True)
class Layout:
    """Every process of a repository in load order, with the files each is made of."""

    order: list[str]
    files: dict[str, tuple[str, ...]]


class NotCached(Exception):
    """A process that was not loaded has no findings in the cache."""


class FindingsCache:
    """Finds the :data:`PROCESS_RULES` findings of a check, reusing those of unchanged processes."""

    rules = PROCESS_RULES

    def __init__(self, path: Path, inputs: CheckInputs) -> None:
        self.path = path
        self._start(inputs, read_entries(path, FORMAT, list))

    def _start(self, inputs: CheckInputs, old: dict[str, list[dict[str, Any]]]) -> None:
        """Ready for one check of the repository as ``inputs`` hashes it, with ``old`` entries."""
        self.inputs = inputs
        self._old = old
        self._used: dict[str, list[dict[str, Any]]] = {}
        self.computed = 0  # processes whose findings were computed in this run (the others reused)
        self.keys: dict[str, str] = {}  # process id → its key in this run
        self.files: dict[str, tuple[str, ...]] = {}  # process id → the files it is made of
        self.unstored: set[str] = set()  # processes whose findings could not be kept (JSON)

    def findings(self, ctx: CheckContext, layout: Layout | None = None) -> list[Finding]:
        """The findings of the enabled :data:`PROCESS_RULES` over ``ctx.repo``.

        ``layout``: the processes of the whole repository, in load order, with their files,
        when ``ctx.repo`` holds only some of them (:mod:`procmodel.check_state`); the others'
        findings must be in the cache, else :class:`NotCached` is raised.
        """
        # in the registry's order, as the whole check runs them (ties in the report keep that order)
        rules = [r for r in RULES.values() if r.id in PROCESS_RULES and ctx.enabled(r.id)]
        repo = ctx.repo
        digests = self._process_digests(ctx) if layout is None else layout.files
        order = list(repo.processes) if layout is None else layout.order
        own = {rel for rels in digests.values() for rel in rels}
        contents = self.inputs.contents
        shared_key = self.inputs.digest_without(
            own, repr((FORMAT, self.inputs.base, [r.id for r in rules])).encode()
        )

        empty = _run(rules, ctx, [])
        result = list(empty)
        others = [p for p in repo.processes.values() if p.id not in digests]
        for pid in order:
            rels = digests.get(pid)
            if rels is None:
                continue
            key = _key(shared_key, rels, [contents[rel] for rel in rels])
            self.keys[pid] = key
            process = repo.processes.get(pid)
            stored = self._old.get(key)
            if stored is not None:
                try:
                    found = [stored_finding(d) for d in stored]
                except (KeyError, TypeError, ValueError):
                    stored = None
                else:
                    result.extend(found)
            if stored is None:
                if process is None:
                    raise NotCached(pid)
                found = _minus(_run(rules, ctx, [process]), empty)
                repo.sources.resolve(found)
                result.extend(found)
                self.computed += 1
                try:
                    stored = [finding_data(f) for f in found]
                except Unstorable:
                    self.unstored.add(pid)
                    continue
            self._used[key] = stored
        if others:
            result.extend(_minus(_run(rules, ctx, others), empty))
        self.files = digests
        return result

    def save(self) -> None:
        """Keep what this run used; a cache that cannot be written is left as it is."""
        save_entries(self.path, FORMAT, self._used, self._old)

    def _process_digests(self, ctx: CheckContext) -> dict[str, tuple[str, ...]]:
        """Process id → the files it is made of, relative to the root (a variant: its own file and
        its central process's), for the processes that can be cached."""
        repo = ctx.repo
        files = self.inputs.contents
        cacheable: dict[str, tuple[str, ...]] = {}
        for pid, process in repo.processes.items():
            info = repo.variants.get(pid)
            made_of = [process._file] if info is None else [info.file, info.base_file]
            rels = [repo.relative(d) if d.endswith((".yaml", ".yml")) else None for d in made_of]
            kept = tuple(rel for rel in rels if rel is not None and rel in files)
            if len(kept) == len(rels):
                cacheable[pid] = kept
        return cacheable


def _key(shared_key: str, rels: tuple[str, ...], digests: list[object]) -> str:
    h = keyed_hash()
    h.update(repr((shared_key, rels, digests)).encode("utf-8", "surrogateescape"))
    return h.hexdigest()


def _run(rules: Iterable[Rule], ctx: CheckContext, processes: list[Process]) -> list[Finding]:
    """The rules' findings over a view of the repository holding only ``processes``."""
    view = copy.copy(ctx.repo)
    view.processes = {p.id: p for p in processes}
    sub = copy.copy(ctx)
    sub.repo = view
    for name in ("coverage", "required", "excepted", "calls"):  # cached properties of the whole repository
        sub.__dict__.pop(name, None)
    found: list[Finding] = []
    for rule in rules:
        found.extend(rule.check(sub))
    return found


def _identity(f: Finding) -> _Identity:
    return (f.rule, f.message, f.hint, f.ref, f.subject, repr(sorted(f.extra.items())))


def _minus(found: list[Finding], empty: list[Finding]) -> list[Finding]:
    """``found`` without (as many of) the findings of ``empty``."""
    left = Counter(_identity(f) for f in empty)
    kept = []
    for f in found:
        ident = _identity(f)
        if left[ident]:
            left[ident] -= 1
        else:
            kept.append(f)
    return kept


class Unstorable(Exception):
    """A finding holds a value JSON cannot keep as it is: it is computed again each run."""


def _text(value: object) -> object:
    """A message (a :class:`~procmodel.i18n.Text`: key and parameters, rendered in any language) as JSON."""
    if isinstance(value, Text):
        return {"key": value.key, "params": {k: _text(v) for k, v in value.params.items()}}
    if value is None or type(value) in (str, int, bool):
        return value
    raise Unstorable(repr(value))


def _untext(value: object) -> Any:
    if isinstance(value, dict):
        return Text(value["key"], {k: _untext(v) for k, v in value["params"].items()})
    if value is None or type(value) in (str, int, bool):
        return value
    raise ValueError(f"not a stored text: {value!r}")


def finding_data(f: Finding) -> dict[str, Any]:
    loc = f.location
    if f.extra:
        raise Unstorable("extra")
    return {
        "rule": f.rule,
        "name": f.name,
        "severity": f.severity.value,
        "message": _text(f.message),
        "hint": _text(f.hint),
        "ref": None if f.ref is None else [f.ref.file, list(f.ref.path), f.ref.key],
        "location": None if loc is None else [loc.file, loc.line, loc.column, loc.end_column],
        "subject": f.subject,
    }


def stored_finding(d: dict[str, Any]) -> Finding:
    ref = d["ref"]
    loc = d["location"]
    return Finding(
        d["rule"],
        d["name"],
        Severity(d["severity"]),
        _untext(d["message"]),
        _untext(d["hint"]),
        None if ref is None else SourceRef(ref[0], tuple(ref[1]), bool(ref[2])),
        None if loc is None else Location(loc[0], int(loc[1]), int(loc[2]), int(loc[3])),
        subject=d["subject"],
    )
