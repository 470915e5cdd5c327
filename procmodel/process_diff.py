"""The semantic difference of two versions of a process: steps, roles, goals and version.

Computed from a :class:`ProcessDigest` of each version (what the difference is made of, small
enough to cache as JSON), so ``procmodel diff`` and the site's change history
(:mod:`procmodel.history`) share one definition of what changed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from procmodel.model import Audience, Process, Status
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


@dataclass(frozen=True)
class ProcessDigest:
    """What a semantic diff needs of one version of a process (JSON-safe, see :meth:`as_json`)."""

    id: str
    title: str
    version: str | None
    steps: tuple[tuple[str, str], ...]  # (id, label), in file order
    roles: frozenset[str]
    goals: frozenset[str]
    content: str  # a hash of everything except the version
    public: bool  # a public build would show this version

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "title": self.title,
            "version": self.version,
            "steps": [list(s) for s in self.steps],
            "roles": sorted(self.roles),
            "goals": sorted(self.goals),
            "content": self.content,
            "public": self.public,
        }

    @classmethod
    def from_json(cls, data: dict) -> ProcessDigest:
        """The digest :meth:`as_json` wrote; raises KeyError, TypeError or ValueError for anything else."""
        steps = tuple((str(a), str(b)) for a, b in data["steps"])
        version = data["version"]
        return cls(
            id=str(data["id"]),
            title=str(data["title"]),
            version=None if version is None else str(version),
            steps=steps,
            roles=frozenset(str(r) for r in data["roles"]),
            goals=frozenset(str(g) for g in data["goals"]),
            content=str(data["content"]),
            public=bool(data["public"]),
        )


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


def digest(p: Process) -> ProcessDigest:
    """The digest of one version of a process."""
    content = json.dumps(
        p.model_dump(exclude={"version", "schema_"}, mode="json"), sort_keys=True, ensure_ascii=False
    )
    return ProcessDigest(
        id=p.id,
        title=p.title,
        version=p.version,
        steps=tuple((s.id, s.label) for s in p.steps),
        roles=frozenset(process_roles(p)),
        goals=frozenset(process_goals(p)),
        content=hashlib.blake2b(content.encode("utf-8"), digest_size=16).hexdigest(),
        public=p.audience is Audience.public and p.status is not Status.retired,
    )


def diff_processes(before: Process | None, after: Process | None) -> ProcessDiff | None:
    """The difference between two versions of one process (None: no difference)."""
    return diff_digests(digest(before) if before else None, digest(after) if after else None)


def diff_digests(before: ProcessDigest | None, after: ProcessDigest | None) -> ProcessDiff | None:
    """The difference between two digested versions of one process (None: no difference)."""
    either = after or before
    if either is None:
        return None
    state = "added" if before is None else "removed" if after is None else "changed"
    d = ProcessDiff(
        id=either.id,
        title=either.title,
        state=state,
        version_before=before.version if before else None,
        version_after=after.version if after else None,
    )
    old = dict(before.steps) if before else {}
    new = dict(after.steps) if after else {}
    d.steps_added = [StepChange(sid, label) for sid, label in new.items() if sid not in old]
    d.steps_removed = [StepChange(sid, label) for sid, label in old.items() if sid not in new]
    d.steps_renamed = [
        StepChange(sid, label, old[sid]) for sid, label in new.items() if sid in old and old[sid] != label
    ]
    roles_old, roles_new = (x.roles if x else frozenset() for x in (before, after))
    goals_old, goals_new = (x.goals if x else frozenset() for x in (before, after))
    d.roles_gained, d.roles_lost = sorted(roles_new - roles_old), sorted(roles_old - roles_new)
    d.goals_gained, d.goals_lost = sorted(goals_new - goals_old), sorted(goals_old - goals_new)
    if before is not None and after is not None:
        d.content_changed = before.content != after.content
        if not d.content_changed and not d.version_changed:
            return None
    return d


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


def relative_file(repo: Repository, p: Process) -> str:
    """The process file's path inside the repository folder (the same at every revision)."""
    path = repo.sources.files.get(p._file) or repo.root / p._file
    try:
        return Path(path).resolve().relative_to(repo.root.resolve()).as_posix()
    except ValueError:
        return Path(p._file).as_posix()
