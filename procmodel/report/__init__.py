"""Output formats for check and coverage results.

Each format is a function ``(CheckResult) -> str`` registered in ``CHECK_FORMATS``;
coverage formats take a :class:`procmodel.report.coverage.CoverageReport`.
"""

from __future__ import annotations

from collections.abc import Callable
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

    @property
    def counts(self) -> dict[str, int]:
        return count_by_severity(self.findings)

    @property
    def stats(self) -> dict[str, int]:
        repo = self.repo
        return {
            "files": len(repo.sources.files),
            "processes": len(repo.processes),
            "steps": sum(len(p.steps) for p in repo.processes.values()),
            "roles": len(repo.roles),
            "goals": len(repo.goals),
            "documents": len(repo.documents),
        }


CHECK_FORMATS: dict[str, Callable[..., str]] = {}


def check_format(name: str) -> Callable[[Callable[..., str]], Callable[..., str]]:
    """Register an output format for ``procmodel check``."""

    def deco(fn: Callable[..., str]) -> Callable[..., str]:
        CHECK_FORMATS[name] = fn
        return fn

    return deco


# The formats register themselves on import (kept last: they import this module).
from procmodel.report import github, json_format, junit, markdown, sarif, text  # noqa: E402, F401
