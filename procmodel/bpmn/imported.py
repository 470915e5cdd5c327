"""What a BPMN import yields: processes as file-format data with XML lines, roles, documents and
the problems found (:class:`ImportResult`)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

KeyPath = tuple[str | int, ...]


@dataclass
class Problem:
    """Something the model cannot hold, or a file that cannot be read."""

    rule: str  # PM007 (warning) or PM001/PM008
    message: str
    line: int = 0
    element: str | None = None
    hint: str | None = None


@dataclass
class ImportedProcess:
    """One process as file-format data, with the XML line of each key path."""

    data: dict[str, Any]
    lines: dict[KeyPath, int]
    element: str  # BPMN id of the process (or sub-process)
    line: int

    def line_of(self, path: KeyPath) -> int:
        """Line of ``path`` or of its nearest recorded ancestor."""
        for n in range(len(path), -1, -1):
            if (found := self.lines.get(path[:n])) is not None:
                return found
        return self.line


@dataclass
class ImportResult:
    """What one BPMN file yields."""

    processes: list[ImportedProcess] = field(default_factory=list)
    roles: dict[str, str] = field(default_factory=dict)  # role id → name
    documents: dict[str, str] = field(default_factory=dict)  # document id → title
    problems: list[Problem] = field(default_factory=list)
    lanes: int = 0  # lane elements mapped to roles

    def counts(self) -> dict[str, int]:
        """Imported elements by kind, counted from the process data."""
        c: Counter[str] = Counter()
        for p in self.processes:
            steps = p.data["steps"]
            for i, s in enumerate(steps):
                kind = s.get("type", "task")
                c[_KIND_GROUP[kind]] += 1
                c["flows"] += _flow_count(steps, i)
        c["processes"] = len(self.processes)
        c["lanes"] = self.lanes
        c["warnings"] = sum(1 for p in self.problems if p.rule == "PM007")
        return {
            k: c[k]
            for k in (
                "processes",
                "tasks",
                "subprocesses",
                "events",
                "gateways",
                "flows",
                "lanes",
                "warnings",
            )
        }


_KIND_GROUP = {
    "task": "tasks", "subprocess": "subprocesses", "start": "events", "end": "events", "event": "events",
    "decision": "gateways", "merge": "gateways", "parallel": "gateways", "join": "gateways",
}  # fmt: skip


def _flow_count(steps: list[dict[str, Any]], i: int) -> int:
    s = steps[i]
    if "outcomes" in s:
        return len(s["outcomes"])
    if s.get("type") == "end":
        return 0
    nxt = s.get("next")
    if nxt is not None:
        return 1 if isinstance(nxt, str) else len(nxt)
    if s.get("attached_to"):
        return 0
    return 0 if implicit_next(steps, i) is None else 1


def implicit_next(steps: list[dict[str, Any]], index: int) -> str | None:
    """The step after ``steps[index]`` in the list, boundary events skipped (None at the end)."""
    j = index + 1
    while j < len(steps) and steps[j].get("attached_to"):
        j += 1
    return steps[j]["id"] if j < len(steps) else None
