"""What changed in the processes between two git revisions: steps, roles, goals and version.

``procmodel diff REV1 REV2`` compares the repository at two revisions (the second one may
be the working tree) process by process: steps added, removed or renamed (same id, new
title), roles and goals a process gained or lost, and its version (the difference itself is
:mod:`procmodel.process_diff`'s). Revisions are read from git itself
(:func:`procmodel.changes.checkout_at`), never checked out by hand.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from procmodel.changes import checkout_at, resolve_revision, work_tree_root
from procmodel.load.repository import load_repository
from procmodel.model import Config
from procmodel.process_diff import ProcessDiff, diff_repositories
from procmodel.repository import Repository


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
