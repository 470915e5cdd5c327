"""What one check run produced: the findings and what was checked (every check format reads it)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from procmodel.findings import Finding, count_by_severity
from procmodel.repository import Repository


@dataclass
class CheckResult:
    """The findings of one check run and what was checked."""

    repo: Repository
    findings: list[Finding]
    #: Set by ``check --changed-since``: a :class:`procmodel.changes.ChangeSet`.
    changes: Any = None
    #: The figures of the whole repository when ``repo`` holds only part of it (a quick check,
    #: :mod:`procmodel.check_state`).
    counted: dict[str, int] | None = None

    @property
    def counts(self) -> dict[str, int]:
        return count_by_severity(self.findings)

    @property
    def stats(self) -> dict[str, int]:
        return dict(self.counted) if self.counted is not None else repository_stats(self.repo)


def repository_stats(
    repo: Repository, processes: int | None = None, steps: int | None = None
) -> dict[str, int]:
    """What a check report counts; ``processes`` and ``steps``: the whole repository's, when
    ``repo`` holds only some of its processes (a quick check)."""
    return {
        "files": len(repo.sources.files),
        "processes": len(repo.processes) if processes is None else processes,
        "steps": sum(len(p.steps) for p in repo.processes.values()) if steps is None else steps,
        "roles": len(repo.roles),
        "goals": len(repo.goals),
        "documents": len(repo.documents),
    }
