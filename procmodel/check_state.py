"""What one ``procmodel check`` leaves for the next: enough to check again after process files
changed without loading the whole repository (``.procmodel-cache/state.json``).

After a check of the whole repository, ``procmodel check`` keeps (:func:`write_state`):

- its load findings and the findings of the rules across processes, those outside the
  per-process findings cache (:mod:`procmodel.findings_cache`);
- every process in load order with the files it is made of, its number of steps and its
  projection (:mod:`procmodel.check_projection`: what the rules across processes read of it);
- which files hold central processes and unit variants, the content digest of each, and one
  digest of every other entry of the repository (catalogs, roles, configuration, folders …).

The next check (:func:`quick_check`), when only process or variant files changed (none added,
removed or renamed, no other entry touched), loads the shared files, the processes drawn in
BPMN (never cached, so checked each time), the changed files and what depends on them (a
central process's variants, a variant's central process). If those files
define the same processes as before, load without a finding and every projection is the same,
then the findings across processes stand (those in the loaded files are located again), the
per-process findings of the other processes come from the findings cache, and the report is
made from these exactly as a whole check would make it. In every other case it gives up and
the whole repository is checked. It is never kept for a repository with files the loader
refused, load findings in process files or unit variants of drawn processes, and never used in
pull-request mode or by the formats that report coverage (``github``, ``markdown``).

The file is signed with this user's cache key (a planted one is ignored) and held to the
check's base key (procmodel itself, language, date, paths). ``tests/test_check_state.py``
compares its reports with whole checks, edit by edit.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from procmodel.check import RuleParts, check_context, finish
from procmodel.check_cache import CACHE_DIR, FINDINGS, CheckInputs
from procmodel.check_projection import projection
from procmodel.findings import Finding
from procmodel.findings_cache import (
    FindingsCache,
    Layout,
    NotCached,
    Unstorable,
    finding_data,
    stored_finding,
)
from procmodel.load.context import LoadContext
from procmodel.load.discovery import Discovered, discover
from procmodel.load.repository import gc_paused, load_found
from procmodel.report.result import repository_stats
from procmodel.repository import Repository
from procmodel.signed_json import read_signed, write_signed

STATE = "state.json"  # inside the cache folder
FORMAT = "procmodel-check-state 2"
#: The formats a quick check can make (the others report coverage, which needs every process).
QUICK_FORMATS = frozenset({"text", "json", "sarif", "junit"})
#: More changed files than this: the whole repository is checked (as fast, and simpler).
MAX_CHANGED = 64

_ONE = ("config", "roles", "documents", "organisation", "synonyms", "indicator_catalog")
_MANY = ("catalogs", "processes", "variants", "assessments", "plans", "indicator_values")


@dataclass
class Quick:
    """A check made from the kept state: the repository as far as it was loaded, the findings
    as a whole check reports them, the figures of the whole repository and the state to keep."""

    repo: Repository
    findings: list[Finding]
    stats: dict[str, int]
    cache: FindingsCache
    state: dict[str, Any]


def write_state(
    root: Path,
    inputs: CheckInputs,
    repo: Repository,
    parts: RuleParts,
    cache: FindingsCache,
    secret: bytes,
    old: dict[str, Any] | None = None,
) -> None:
    """Keep what a quick check needs after this whole check, or remove what was kept when this
    repository cannot be checked quickly. ``old``: the state kept before (its projections are
    reused where a process's files are unchanged). A folder that cannot be written is left as it is."""
    path = root / CACHE_DIR / STATE
    state = _state(root, inputs, repo, parts, cache, old)
    try:
        if state is None:
            path.unlink(missing_ok=True)
        else:
            write_signed(path, FORMAT, secret, state)
    except OSError:
        return


def kept_state(root: Path, inputs: CheckInputs, secret: bytes) -> dict[str, Any] | None:
    """The state ``root``'s cache folder keeps, if it is signed with ``secret`` and was made under
    the same base key as ``inputs`` (procmodel, language, date, paths)."""
    state = read_signed(root / CACHE_DIR / STATE, FORMAT, secret)
    return state if isinstance(state, dict) and state.get("base") == inputs.base else None


def quick_check(root: Path, inputs: CheckInputs, state: dict[str, Any] | None) -> Quick | None:
    """The check of ``root`` made from the kept ``state``; ``None`` when it takes a whole check."""
    if state is None:
        return None
    try:
        return _quick(root, inputs, state)
    except NotCached:  # the findings cache lost a process's findings: check it all
        return None


def save_quick(root: Path, quick: Quick, secret: bytes) -> None:
    """Keep the state a quick check left (its findings cache is saved by the caller)."""
    try:
        write_signed(root / CACHE_DIR / STATE, FORMAT, secret, quick.state)
    except OSError:
        return


def _quick(root: Path, inputs: CheckInputs, state: dict[str, Any]) -> Quick | None:
    digests: dict[str, str] = state["digests"]
    now = inputs.contents
    if _shared(inputs, digests) != state["shared"] or any(rel not in now for rel in digests):
        return None
    changed = [rel for rel in digests if now[rel] != digests[rel]]
    if len(changed) > MAX_CHANGED:
        return None
    files: dict[str, list[str]] = state["files"]
    central_of: dict[str, str] = state["central_of"]
    kept_pids = _defined_by(files)
    wanted = set(changed)
    for rel in changed:
        for pid in kept_pids[rel]:
            if pid in central_of:
                wanted.add(files[pid][1])  # a variant: its central process
            else:
                wanted.update(files[vid][0] for vid, base in central_of.items() if base == pid)
    with gc_paused():
        ctx = LoadContext(root)
        _load(ctx, state["kinds"], wanted)
    repo = ctx.repo
    loaded = {repo.display(root / rel): rel for rel in wanted}
    defined: dict[str, list[str]] = {rel: [] for rel in wanted}
    for pid, process in repo.processes.items():
        if pid not in files:
            continue  # drawn in BPMN
        info = repo.variants.get(pid)
        defined[loaded[info.file if info is not None else process._file]].append(pid)
    if any(sorted(pids) != sorted(kept_pids[rel]) for rel, pids in defined.items()) or repo.invalid_ids:
        return None
    if any((f.file or "") in loaded for f in repo.findings):
        return None  # a loaded file has a problem of its own: the whole check reports it
    projections: dict[str, list[str]] = state["projections"]
    if any(projection(repo, p) != projections[pid][1] for pid, p in repo.processes.items()):
        return None
    load = [stored_finding(d) for d in state["load"]]
    across = [stored_finding(d) for d in state["across"]]
    for f in across:
        if f.file in loaded:
            if f.ref is None:
                return None
            f.location = None  # located again in the file as it is now
    repo.sources.resolve(across)
    for display, where in state["sources"].items():
        repo.sources.files.setdefault(display, Path(where))

    check = check_context(repo)
    cache = FindingsCache(root / CACHE_DIR / FINDINGS, inputs)
    order: list[str] = state["order"]
    own = cache.findings(check, Layout(order, {pid: tuple(rels) for pid, rels in files.items()}))
    findings = finish(check, [*load, *across, *own], central_of)

    steps: dict[str, int] = dict(state["steps"])
    steps.update((pid, len(p.steps)) for pid, p in repo.processes.items())
    stats = repository_stats(repo, processes=len(order), steps=sum(steps.values()))
    kept = dict(state)
    kept["digests"] = {rel: now[rel] for rel in digests}
    kept["steps"] = steps
    kept["projections"] = {pid: [cache.keys.get(pid, ""), projections[pid][1]] for pid in order}
    kept["across"] = [finding_data(f) for f in across]
    return Quick(repo, findings, stats, cache, kept)


def _load(ctx: LoadContext, kinds: dict[str, Any], wanted: set[str]) -> None:
    """The shared files, the processes drawn in BPMN and the ``wanted`` process and variant files."""
    root = ctx.root
    found = Discovered(sidecars={root / side for _, side in kinds["bpmn"] if side is not None})
    for name in _ONE:
        setattr(found, name, None if kinds[name] is None else root / kinds[name])
    for name in _MANY:
        setattr(found, name, [root / rel for rel in kinds[name]])
    found.bpmn = [root / rel for rel, _ in kinds["bpmn"]]
    load_found(ctx, found, {root / rel for rel in wanted})


def _state(
    root: Path,
    inputs: CheckInputs,
    repo: Repository,
    parts: RuleParts,
    cache: FindingsCache,
    old: dict[str, Any] | None,
) -> dict[str, Any] | None:
    """What to keep after this whole check; ``None`` when a quick check could not vouch for it."""
    found = discover(root)
    if found.refused or repo.invalid_ids or cache.unstored:
        return None
    drawn = {repo.display(path) for path in found.bpmn}
    for pid, process in repo.processes.items():
        if pid not in cache.files and (pid in repo.variants or process._file not in drawn):
            return None  # only processes drawn in BPMN are checked again each time (never cached)
    kinds = _kinds(root, found)
    process_rels = [*kinds["processes"], *kinds["variants"]]
    if set(process_rels) & {repo.relative(f.file) for f in parts.load if f.file}:
        return None
    now = inputs.contents
    if any(rel not in now for rel in process_rels):
        return None
    defined = _defined_by(cache.files)
    if set(defined) != set(process_rels):
        return None  # a process file that defines no process, or a process from elsewhere
    kept = {} if old is None else old.get("projections", {})
    projections = {}
    for pid, process in repo.processes.items():
        key = cache.keys.get(pid, "")  # "": drawn in BPMN, worked out each time
        known = kept.get(pid)
        projections[pid] = [key, known[1] if key and known and known[0] == key else projection(repo, process)]
    try:
        load = [finding_data(f) for f in repo.sources.resolve(parts.load)]
        across = [finding_data(f) for f in repo.sources.resolve(parts.across)]
    except Unstorable:
        return None
    return {
        "base": inputs.base,
        "shared": _shared(inputs, set(process_rels)),
        "digests": {rel: now[rel] for rel in process_rels},
        "kinds": kinds,
        "order": list(repo.processes),
        "files": {pid: list(rels) for pid, rels in cache.files.items()},
        "central_of": {vid: info.base for vid, info in repo.variants.items()},
        "steps": {pid: len(p.steps) for pid, p in repo.processes.items()},
        "projections": projections,
        "load": load,
        "across": across,
        "sources": {display: str(path) for display, path in repo.sources.files.items()},
    }


def _defined_by(files: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    """Process file → the processes it defines (a central process's file, a variant's own file)."""
    out: dict[str, list[str]] = {}
    for pid, rels in files.items():
        out.setdefault(rels[0], []).append(pid)
    return out


def _kinds(root: Path, found: Discovered) -> dict[str, Any]:
    def rel(path: Path) -> str:
        return path.relative_to(root).as_posix()

    kinds: dict[str, Any] = {}
    for name in _ONE:
        path = getattr(found, name)
        kinds[name] = None if path is None else rel(path)
    for name in _MANY:
        kinds[name] = [rel(path) for path in getattr(found, name)]
    kinds["bpmn"] = [
        [rel(path), None if (side := found.sidecar_of(path)) is None else rel(side)] for path in found.bpmn
    ]
    return kinds


def _shared(inputs: CheckInputs, process_files: Collection[str]) -> str:
    """A digest of every entry of the repository but its process and variant files."""
    return inputs.digest_without(process_files, inputs.base.encode())
