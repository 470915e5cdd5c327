"""Pull-request mode: what changed since a git revision, and what that did to goal coverage.

``procmodel check --changed-since REV`` keeps only the findings in files changed
since REV (committed, staged, unstaged or untracked), while coverage is computed
over the whole repository, at REV and now. This module places each difference at
the change (it reads git); the check run gets them in its context
(``check_repository(repo, changes)``), where rules PM608 (a required goal lost),
PM609 (another goal lost) and PM610 (a goal now covered) report them like any
other rule; so does PM406 (a process changed, its version did not) with the processes'
semantic differences (:mod:`procmodel.process_diff`). The repository at REV is read from git
itself (``git archive`` into a temporary folder): no second checkout by hand.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from procmodel.coverage import GoalChange, coverage_delta, excepted_goals
from procmodel.findings import Finding, Location, SourceRef
from procmodel.i18n import localize, t
from procmodel.load.repository import load_repository
from procmodel.process_diff import ProcessDiff, diff_repositories
from procmodel.repository import Repository
from procmodel.rules.policy import CHANGE_RULES

#: Repository-wide policy gates: reported whatever files changed.
REPOSITORY_WIDE = frozenset({"PM603", "PM604"})
_HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@", re.MULTILINE)


class ChangeError(Exception):
    """git is missing, the folder is not in a git work tree, or REV is unknown (exit 2)."""


def git(cwd: Path, *args: str) -> bytes:
    """Run one read-only git command and return its standard output."""
    try:
        proc = subprocess.run(["git", "-C", str(cwd), *args], capture_output=True, check=False, timeout=300)
    except FileNotFoundError:
        raise ChangeError("git is not installed (or not on PATH); --changed-since needs it") from None
    if proc.returncode != 0:
        detail = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ChangeError(f"git {args[0]} failed: {detail[-1] if detail else proc.returncode}")
    return proc.stdout


def work_tree_root(path: Path) -> Path:
    """The top folder of the git work tree holding ``path``."""
    try:
        out = git(path, "rev-parse", "--show-toplevel")
    except ChangeError:
        raise ChangeError(f"{path} is not inside a git repository; --changed-since needs one") from None
    return Path(out.decode("utf-8").strip()).resolve()


def resolve_revision(top: Path, rev: str) -> str:
    """The commit id REV names, or a :class:`ChangeError` saying how to make it available."""
    if rev.startswith("-"):
        raise ChangeError(localize(t("changes.not_a_revision", rev=rev)))
    try:
        return git(top, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").decode().strip()
    except ChangeError:
        raise ChangeError(localize(t("changes.unknown_revision", rev=rev))) from None


def changed_files(top: Path, commit: str) -> set[Path]:
    """Files changed since ``commit``: committed, staged, unstaged and untracked (absolute paths)."""
    tracked = git(top, "diff", "--name-only", "--no-renames", "-z", commit, "--")
    untracked = git(top, "ls-files", "--others", "--exclude-standard", "-z", "--full-name")
    names = [n for n in (tracked + untracked).split(b"\0") if n]
    return {(top / os.fsdecode(n)).resolve() for n in names}


def checkout_at(top: Path, commit: str, subdir: str, into: Path) -> Path | None:
    """Extract ``subdir`` of the tree at ``commit`` into ``into``; None when it did not exist then."""
    spec = subdir if subdir != "." else ""
    if spec and not git(top, "ls-tree", "--name-only", commit, "--", spec).strip():
        return None
    data = git(top, "archive", "--format=tar", commit, *([spec] if spec else []))
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        _extract_plain(tar, into)
    return into / subdir


def _extract_plain(tar: tarfile.TarFile, into: Path) -> None:
    """Extract only folders and regular files that stay inside ``into``.

    The same safety as ``extractall(filter="data")``, which Python only has from 3.11.4 on
    (Debian 12 ships 3.11.2); links and special files are left out, as the loader would
    refuse them anyway.
    """
    root = into.resolve()
    for member in tar.getmembers():
        target = (root / member.name).resolve()
        if not target.is_relative_to(root) or not (member.isfile() or member.isdir()):
            continue
        if member.isdir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        source = tar.extractfile(member)
        if source is not None:
            with source, open(target, "wb") as out:
                shutil.copyfileobj(source, out)


def hunks(top: Path, commit: str, path: Path) -> list[tuple[int, int, int, int]]:
    """``(old start, old length, new start, new length)`` of each change to ``path`` since ``commit``."""
    out = git(top, "diff", "-U0", "--no-color", "--no-ext-diff", commit, "--", str(path))
    return [
        (int(a), int(b) if b is not None else 1, int(c), int(d) if d is not None else 1)
        for a, b, c, d in _HUNK.findall(out.decode("utf-8", "replace"))
    ]


def map_line(old_line: int, file_hunks: list[tuple[int, int, int, int]]) -> int:
    """Where ``old_line`` of the old file is now: inside a change, the change's first new line."""
    shift = 0
    for a, b, c, d in file_hunks:
        if b and a <= old_line < a + b:
            return c if d else c + 1
        if (a + b if b else a + 1) <= old_line:
            shift += d - b
    return max(old_line + shift, 1)


@dataclass
class ChangeSet:
    """What changed since a revision: the files, and the coverage delta."""

    rev: str
    commit: str
    top: Path
    files: set[Path]
    changes: list[GoalChange] = field(default_factory=list)
    base_found: bool = True
    processes: list[ProcessDiff] = field(default_factory=list)  # the processes that differ (PM406)

    def is_changed(self, repo: Repository, f: Finding) -> bool:
        """Whether a finding lies in a changed file (or is a repository-wide gate)."""
        if f.rule in REPOSITORY_WIDE or f.file is None:
            return True
        return repo.sources.path(f.file).resolve() in self.files

    def relevant(self, repo: Repository, findings: list[Finding]) -> list[Finding]:
        """The findings a pull request must see: those in changed files, and the coverage delta."""
        return [f for f in findings if f.rule in CHANGE_RULES or self.is_changed(repo, f)]

    def location(self, repo: Repository, change: GoalChange) -> Location | None:
        """Where ``change`` happened, as a reviewer is shown it."""
        if isinstance(change.where, SourceRef):
            return repo.sources.locate(change.where)
        return change.where

    @property
    def lost(self) -> list[GoalChange]:
        return [c for c in self.changes if c.lost]

    @property
    def gained(self) -> list[GoalChange]:
        return [c for c in self.changes if not c.lost]


def changes_since(repo: Repository, rev: str) -> ChangeSet:
    """Compare ``repo`` (the working tree) with the same repository at git revision ``rev``."""
    top = work_tree_root(repo.root)
    commit = resolve_revision(top, rev)
    changeset = ChangeSet(rev, commit, top, changed_files(top, commit))
    subdir = Path(os.path.relpath(repo.root.resolve(), top)).as_posix()
    with tempfile.TemporaryDirectory(prefix="procmodel-base-") as tmp:
        base_root = checkout_at(top, commit, subdir, Path(tmp))
        if base_root is None or not base_root.is_dir():
            changeset.base_found = False
            return changeset
        base = load_repository(base_root)
        changeset.changes = coverage_delta(base, repo)
        changeset.processes = diff_repositories(base, repo)
        _place_changes(changeset, base, base_root, repo)
    return changeset


def _place_changes(cs: ChangeSet, base: Repository, base_root: Path, head: Repository) -> None:
    """Set where each goal change happened and the reviewer's hint (PM608–PM610 report them)."""
    excepted = excepted_goals(head)
    for change in cs.changes:
        if change.lost:
            change.hint = _lost_hint(cs.rev, change, excepted)
            change.where = _lost_location(cs, base, base_root, head, change)
        else:
            change.where = _gained_location(head, change)


def _lost_hint(rev: str, change: GoalChange, excepted: dict) -> str:
    was = ", ".join(sorted({f"{s.process}/{s.step}" for s in change.before}))
    if change.goal in excepted:
        return t("changes.lost_excepted.hint", rev=rev, steps=was, until=excepted[change.goal].until)
    if change.required:
        return t("changes.lost_required.hint", rev=rev, steps=was)
    return t("changes.lost.hint", rev=rev, steps=was)


def _lost_location(
    cs: ChangeSet, base: Repository, base_root: Path, head: Repository, change: GoalChange
) -> SourceRef | Location | None:
    """Where the change that lost the goal is: the edited step, status, goal, or the removed lines."""
    for s in change.before:
        bp = base.processes[s.process]
        rel = base.sources.files[bp._file].resolve().relative_to(base_root.resolve())
        hp = head.processes.get(s.process)
        if hp is not None:
            step = hp.step(s.step)
            if step is None:
                base_step = bp.step(s.step)
                if base_step is None:  # cannot be: the base served the goal through it
                    continue
                old = base.sources.locate(base.step_ref(bp, base_step._index))
                head_path = head.sources.files[hp._file]
                line = map_line(old.line, hunks(cs.top, cs.commit, head_path)) if old.line else 0
                line = min(line, _line_count(head_path))
                return Location(hp._file, line, _first_column(head, hp._file, line))
            served = s.via or change.goal
            if served not in step.goals:
                key = ("goals",) if step.goals else ()
                return head.step_ref(hp, step._index, *key)
            via = head.goals.get(s.via) if s.via else None
            if s.via is None or (via is not None and change.goal in via.supports):
                return head.process_ref(hp, "status")
            if via is None:  # the supporting goal was deleted: where the step still names it
                return head.step_ref(hp, step._index, "goals", step.goals.index(s.via))
            return head.goal_ref(s.via, "supports")
        head_path = head.root / rel
        if head_path.is_file():
            display = head.display(head_path)
            old = base.sources.locate(base.process_ref(bp, "id"))
            line = map_line(old.line, hunks(cs.top, cs.commit, head_path)) if old.line else 0
            return Location(display, line, 1 if line else 0)
        return Location(head.display(head_path))  # the file was deleted
    return head.refs.get(f"goal:{change.goal}")


def _gained_location(head: Repository, change: GoalChange) -> SourceRef | None:
    for s in change.after:
        p = head.processes[s.process]
        step = p.step(s.step)
        served = s.via or change.goal
        if step is not None and served in step.goals:
            return head.step_ref(p, step._index, "goals", step.goals.index(served))
    return head.refs.get(f"goal:{change.goal}")


def _first_column(repo: Repository, file: str, line: int) -> int:
    """Column of the first non-blank character of ``line`` (1 when blank or unreadable; 0 for line 0)."""
    if not line:
        return 0
    text = repo.sources.text_line(file, line)
    return len(text) - len(text.lstrip(" ")) + 1 if text and text.strip() else 1


def _line_count(path: Path) -> int:
    try:
        with open(path, "rb") as fh:
            return max(sum(1 for _ in fh), 1)
    except OSError:
        return 1
