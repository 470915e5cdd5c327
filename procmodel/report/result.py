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
        if self.counted is not None:
            return dict(self.counted)
        repo = self.repo
        return {
            "files": len(repo.sources.files),
            "processes": len(repo.processes),
            "steps": sum(len(p.steps) for p in repo.processes.values()),
            "roles": len(repo.roles),
            "goals": len(repo.goals),
            "documents": len(repo.documents),
        }
