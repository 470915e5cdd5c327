"""Findings: what checks report, with a source location and a hint."""

from __future__ import annotations

from dataclasses import dataclass, field

from procmodel.model import Severity

SEVERITY_ORDER = {Severity.error: 0, Severity.warning: 1, Severity.info: 2, Severity.off: 3}


@dataclass(frozen=True, slots=True)
class Location:
    """A place in a file: 1-based line and column; line 0 means 'the whole file'."""

    file: str
    line: int = 0
    column: int = 0
    end_column: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.column}"
        return self.file


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where a value sits in a loaded file, as a path of keys and indexes.

    Resolved to a :class:`Location` only when a finding is shown, so that
    loading stays as fast as bare parsing.
    """

    file: str
    path: tuple[str | int, ...] = ()
    key: bool = False  # point at the mapping key rather than its value


@dataclass(slots=True)
class Finding:
    """One problem found in a repository."""

    rule: str  # stable id, e.g. "PM203"
    name: str  # stable name, e.g. "unreachable-step"
    severity: Severity
    message: str
    hint: str | None = None
    ref: SourceRef | None = None
    location: Location | None = None
    subject: str | None = None  # e.g. "process:kränkande-behandling/anmäl"
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def file(self) -> str | None:
        if self.location:
            return self.location.file
        return self.ref.file if self.ref else None

    def sort_key(self) -> tuple:
        loc = self.location
        return (
            self.file or "",
            loc.line if loc else 0,
            loc.column if loc else 0,
            SEVERITY_ORDER[self.severity],
            self.rule,
        )


def count_by_severity(findings: list[Finding]) -> dict[str, int]:
    """Number of findings per severity name (errors, warnings, infos)."""
    counts = {"error": 0, "warning": 0, "info": 0}
    for f in findings:
        if f.severity.value in counts:
            counts[f.severity.value] += 1
    return counts
