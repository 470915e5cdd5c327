"""What changed in the processes between two git revisions: steps, roles, goals and version.

``procmodel diff REV1 REV2`` compares the repository at two revisions (the second one may
be the working tree) process by process: steps added, removed or renamed (same id, new
title), roles and goals a process gained or lost, and its version. Revisions are read
from git itself (:func:`procmodel.changes.checkout_at`), never checked out by hand.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from procmodel.changes import checkout_at, resolve_revision, work_tree_root
from procmodel.load.repository import load_repository
from procmodel.model import Config, Process
from procmodel.repository import Repository


@dataclass
class StepChange:
    id: str
    title: str
    before: str | None = None  # the old title of a renamed step


@dataclass
class ProcessDiff:
    """How one process differs between two revisions (``state``: added, removed or changed)."""

    id: str
    title: str
    state: str
    file: str = ""
    version_before: str | None = None
    version_after: str | None = None
    steps_added: list[StepChange] = field(default_factory=list)
    steps_removed: list[StepChange] = field(default_factory=list)
    steps_renamed: list[StepChange] = field(default_factory=list)
    roles_gained: list[str] = field(default_factory=list)
    roles_lost: list[str] = field(default_factory=list)
    goals_gained: list[str] = field(default_factory=list)
    goals_lost: list[str] = field(default_factory=list)
    content_changed: bool = False  # anything else in the file changed too (instructions, …)

    @property
    def version_changed(self) -> bool:
        return self.version_before != self.version_after

    def as_json(self) -> dict[str, object]:
        data = asdict(self)
        data["version_changed"] = self.version_changed
        return data


def process_roles(p: Process) -> set[str]:
    """Every role the process names: owner and the RACI of every step."""
    roles = {p.owner} if p.owner else set()
    for s in p.steps:
        roles.update(r for r in (s.role, s.accountable, *s.consulted, *s.informed) if r)
    return roles


def process_goals(p: Process) -> set[str]:
    """Every goal the process or one of its steps serves."""
    goals = set(p.goals)
    for s in p.steps:
        goals.update(s.goals)
    return goals


def diff_processes(before: Process | None, after: Process | None) -> ProcessDiff | None:
    """The difference between two versions of one process (None: no difference)."""
    if before is None and after is None:
        return None
    either = after or before
    assert either is not None
    state = "added" if before is None else "removed" if after is None else "changed"
    d = ProcessDiff(
        id=either.id,
        title=either.title,
        state=state,
        version_before=before.version if before else None,
        version_after=after.version if after else None,
    )
    old = {s.id: s for s in before.steps} if before else {}
    new = {s.id: s for s in after.steps} if after else {}
    d.steps_added = [StepChange(sid, s.label) for sid, s in new.items() if sid not in old]
    d.steps_removed = [StepChange(sid, s.label) for sid, s in old.items() if sid not in new]
    d.steps_renamed = [
        StepChange(sid, s.label, old[sid].label)
        for sid, s in new.items()
        if sid in old and old[sid].label != s.label
    ]
    roles_old, roles_new = (process_roles(p) if p else set() for p in (before, after))
    goals_old, goals_new = (process_goals(p) if p else set() for p in (before, after))
    d.roles_gained, d.roles_lost = sorted(roles_new - roles_old), sorted(roles_old - roles_new)
    d.goals_gained, d.goals_lost = sorted(goals_new - goals_old), sorted(goals_old - goals_new)
    if before is not None and after is not None:
        d.content_changed = _content(before) != _content(after)
        if not d.content_changed and not d.version_changed:
            return None
    return d


def _content(p: Process) -> dict[str, object]:
    return p.model_dump(exclude={"version", "schema_"}, mode="json")


def diff_repositories(base: Repository, head: Repository, under: Path | None = None) -> list[ProcessDiff]:
    """Every process that differs, by id; ``under``: only processes whose file is in that folder
    or is that file (a path relative to the repository folder)."""
    out = []
    for pid in sorted(set(base.processes) | set(head.processes)):
        before, after = base.processes.get(pid), head.processes.get(pid)
        files = [relative_file(repo, p) for repo, p in ((base, before), (head, after)) if p is not None]
        if under is not None and not any(_inside(f, under) for f in files):
            continue
        d = diff_processes(before, after)
        if d is not None:
            d.file = files[-1]
            out.append(d)
    return out


def _inside(file: str, under: Path) -> bool:
    path, folder = Path(file), under.as_posix()
    return folder in (".", "") or path == under or under in path.parents


def diff_revisions(
    root: Path, rev1: str, rev2: str | None, under: Path | None = None, head: Repository | None = None
) -> list[ProcessDiff]:
    """The processes of the repository at ``root`` compared between ``rev1`` and ``rev2``
    (``None``: the working tree, or ``head`` when it is already loaded).

    Raises :class:`procmodel.changes.ChangeError` for git trouble.
    """
    top = work_tree_root(root)
    subdir = Path(os.path.relpath(root.resolve(), top)).as_posix()
    with tempfile.TemporaryDirectory(prefix="procmodel-diff-") as tmp:
        base = _load_at(top, resolve_revision(top, rev1), subdir, Path(tmp) / "a")
        if rev2 is None:
            head = head or load_repository(root)
        else:
            head = _load_at(top, resolve_revision(top, rev2), subdir, Path(tmp) / "b")
        return diff_repositories(base, head, under)


def _load_at(top: Path, commit: str, subdir: str, into: Path) -> Repository:
    """The repository at ``commit`` (an empty one if its folder did not exist then)."""
    into.mkdir(parents=True)
    found = checkout_at(top, commit, subdir, into)
    if found is None or not found.is_dir():
        return Repository(root=into, config=Config())
    return load_repository(found)


def relative_file(repo: Repository, p: Process) -> str:
    """The process file's path inside the repository folder (the same at every revision)."""
    path = repo.sources.files.get(p._file) or Path(p._file)
    try:
        return Path(path).resolve().relative_to(repo.root.resolve()).as_posix()
    except ValueError:
        return Path(p._file).as_posix()
