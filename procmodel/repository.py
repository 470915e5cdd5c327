"""The loaded repository: model objects, where they came from, and the graph."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from procmodel.findings import Finding, Location, SourceRef
from procmodel.model import Config, Document, Goal, GoalCatalog, Process, Role

#: Resolves a key path inside one file to (line, column, end column).
Locator = Callable[[tuple[str | int, ...], bool], tuple[int, int, int]]


@dataclass
class SourceIndex:
    """Maps display paths to files on disk and resolves :class:`SourceRef`s lazily."""

    files: dict[str, Path] = field(default_factory=dict)
    locators: dict[str, Locator] = field(default_factory=dict)

    def locate(self, ref: SourceRef) -> Location:
        """The line and column a reference points at (line 0 if unknown)."""
        locator = self.locators.get(ref.file)
        if locator is None or (not ref.path and not ref.key):
            return Location(ref.file, 1, 1) if locator else Location(ref.file)
        try:
            line, column, end = locator(ref.path, ref.key)
        except Exception:  # a location is a nicety; never fail a report on it
            return Location(ref.file)
        return Location(ref.file, line, column, end)

    def resolve(self, findings: list[Finding]) -> list[Finding]:
        """Fill in ``location`` on every finding that has only a ref."""
        for f in findings:
            if f.location is None and f.ref is not None:
                f.location = self.locate(f.ref)
        return findings

    def text_line(self, file: str, line: int) -> str | None:
        """The source line (1-based) for showing under a finding, if readable."""
        path = self.files.get(file)
        if path is None or line < 1:
            return None
        try:
            with open(path, encoding="utf-8", errors="replace") as fh:
                for i, text in enumerate(fh, start=1):
                    if i == line:
                        return text.rstrip("\r\n")
        except OSError:
            return None
        return None


@dataclass
class Repository:
    """Everything loaded from one process repository, plus its graph.

    Build one with :func:`procmodel.load_repository`.
    """

    root: Path
    config: Config
    processes: dict[str, Process] = field(default_factory=dict)
    roles: dict[str, Role] = field(default_factory=dict)
    documents: dict[str, Document] = field(default_factory=dict)
    catalogs: dict[str, GoalCatalog] = field(default_factory=dict)
    goals: dict[str, Goal] = field(default_factory=dict)
    goal_catalog: dict[str, str] = field(default_factory=dict)  # goal id → catalog id
    goal_parent: dict[str, str | None] = field(default_factory=dict)
    refs: dict[str, SourceRef] = field(default_factory=dict)  # node key → where it is defined
    invalid_ids: set[str] = field(default_factory=set)  # ids in files that failed to load
    findings: list[Finding] = field(default_factory=list)  # load and schema findings
    sources: SourceIndex = field(default_factory=SourceIndex)
    config_file: str | None = None
    synonyms: dict[str, list[str]] = field(default_factory=dict)  # sökord.yaml: site word → typed words
    graph: nx.MultiDiGraph = field(default_factory=nx.MultiDiGraph)

    def process_file(self, process_id: str) -> str:
        """Display path of the file a process was loaded from."""
        return self.processes[process_id]._file

    def step_ref(self, process: Process, index: int, *path: str | int, key: bool = False) -> SourceRef:
        """Reference to a step (or a field inside it) of ``process``."""
        return SourceRef(process._file, ("steps", index, *path), key)

    def process_ref(self, process: Process, *path: str | int, key: bool = False) -> SourceRef:
        """Reference to a top-level field of ``process``."""
        return SourceRef(process._file, tuple(path), key)

    def goal_ref(self, goal_id: str, *path: str | int) -> SourceRef:
        """Reference to a goal's mapping (or a field inside it)."""
        ref = self.refs[f"goal:{goal_id}"]
        return SourceRef(ref.file, (*ref.path, *path)) if path else ref

    def catalog_goals(self, catalog_id: str) -> Iterator[Goal]:
        """Every goal of one catalog, depth first."""

        def walk(goals: list[Goal]) -> Iterator[Goal]:
            for g in goals:
                yield g
                yield from walk(g.goals)

        yield from walk(self.catalogs[catalog_id].goals)

    def leaves_under(self, goal_or_catalog_id: str) -> list[str]:
        """Ids of the leaf goals under a catalog or goal (the goal itself if a leaf)."""
        if goal_or_catalog_id in self.catalogs:
            roots = self.catalogs[goal_or_catalog_id].goals
        elif goal_or_catalog_id in self.goals:
            roots = [self.goals[goal_or_catalog_id]]
        else:
            return []
        out: list[str] = []
        stack = list(reversed(roots))
        while stack:
            g = stack.pop()
            if g.goals:
                stack.extend(reversed(g.goals))
            else:
                out.append(g.id)
        return out

    def is_municipal(self, goal_id: str) -> bool:
        """True for goals in a catalog of kind 'municipal'."""
        cat = self.catalogs.get(self.goal_catalog.get(goal_id, ""))
        return cat is not None and cat.kind.value == "municipal"

    def display(self, path: Path) -> str:
        """How a file is named in messages: relative to the working directory when inside it."""
        try:
            return os.path.relpath(path)
        except ValueError:  # pragma: no cover - other drive on Windows
            return str(path)
