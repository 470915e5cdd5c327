"""The loaded repository: model objects, where they came from, and the graph."""

from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from dataclasses import InitVar, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from procmodel.findings import Finding, Location, SourceRef
from procmodel.flow import Flow, compute_flow
from procmodel.followup.model import FollowUp
from procmodel.model import Config, Document, Goal, GoalCatalog, Process, Role, Step, StepType
from procmodel.organisation import OrganisationFile, Unit
from procmodel.variants import VariantInfo

if TYPE_CHECKING:
    import networkx as nx

#: Resolves a key path inside one file to (line, column, end column).
Locator = Callable[[tuple[str | int, ...], bool], tuple[int, int, int]]

_T = TypeVar("_T")


class LocationUnavailable(Exception):
    """A locator cannot read its file any more (changed or removed since the load).

    The only failure a locator may report; any other exception is a bug and is not hidden.
    """


class BoundedCache:
    """The ``size`` most recently used values, by key (least recently used dropped first)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, Any] = OrderedDict()

    def get(self, key: Hashable, build: Callable[[], _T]) -> _T:
        """The value for ``key``, built (and kept) on first use."""
        if key in self._items:
            self._items.move_to_end(key)
            return self._items[key]
        value = build()
        self._items[key] = value
        if len(self._items) > self.size:
            self._items.popitem(last=False)
        return value


@dataclass
class SourceIndex:
    """Maps display paths to files on disk and resolves :class:`SourceRef`s lazily.

    ``cache`` is a small, bounded store for what locators derive from a file (a
    composed YAML tree), keyed by the file's version. It belongs to this index, so
    a load after an edit (``procmodel serve`` loads again after each one) never sees
    the locations of an earlier load.
    """

    files: dict[str, Path] = field(default_factory=dict)
    locators: dict[str, Locator] = field(default_factory=dict)
    cache: BoundedCache = field(default_factory=lambda: BoundedCache(64))

    def locate(self, ref: SourceRef) -> Location:
        """The line and column a reference points at (line 0 if unknown)."""
        locator = self.locators.get(ref.file)
        if locator is None or (not ref.path and not ref.key):
            return Location(ref.file, 1, 1) if locator else Location(ref.file)
        try:
            line, column, end = locator(ref.path, ref.key)
        except LocationUnavailable:  # the file changed or went away since the load
            return Location(ref.file)
        return Location(ref.file, line, column, end)

    def resolve(self, findings: list[Finding]) -> list[Finding]:
        """Fill in ``location`` on every finding that has only a ref."""
        for f in findings:
            if f.location is None and f.ref is not None:
                f.location = self.locate(f.ref)
        return findings

    def path(self, file: str) -> Path:
        """The file on disk that ``file`` (a name as findings give it) stands for; the name itself,
        taken as a path, when the load did not read it."""
        return self.files.get(file) or Path(file)

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
    organisation: OrganisationFile | None = None  # organisation.yaml, if there is one
    organisation_file: str | None = None
    units: dict[str, Unit] = field(default_factory=dict)
    #: merged variant id (``<process>@<unit>``) → where it came from; the process is in ``processes``
    variants: dict[str, VariantInfo] = field(default_factory=dict)
    synonyms: dict[str, list[str]] = field(default_factory=dict)  # sökord.yaml: site word → typed words
    followup: FollowUp = field(default_factory=FollowUp)  # uppföljning/: assessments, plans, indicators
    #: the repository graph as given (a view of another's); else built by ``graph_builder`` when first used
    given_graph: InitVar[nx.MultiDiGraph | None] = None
    #: how the loader builds the graph (:func:`procmodel.graph.build_graph`); ``None``: an empty graph
    graph_builder: Callable[[Repository], nx.MultiDiGraph] | None = field(default=None, repr=False)
    _graph: nx.MultiDiGraph | None = field(default=None, repr=False)
    #: process id → (the process, its flow): a process replaced under the same id gets its own
    _flows: dict[str, tuple[Process, Flow]] = field(default_factory=dict, repr=False)
    #: process id → (the process, the steps reached from its start events), as ``_flows``
    _reached: dict[str, tuple[Process, frozenset[str]]] = field(default_factory=dict, repr=False)
    #: id(object) → (the object, where it is defined); built on the first :meth:`where`
    _placed: dict[int, tuple[object, SourceRef]] | None = field(default=None, repr=False)
    #: (id(step), field) → where a unit variant set that field (built with ``_placed``)
    _field_refs: dict[tuple[int, str | int], SourceRef] = field(default_factory=dict, repr=False)

    def __post_init__(self, given_graph: nx.MultiDiGraph | None) -> None:
        if given_graph is not None:
            self._graph = given_graph

    @property
    def graph(self) -> nx.MultiDiGraph:
        """The repository graph, built when first asked for: ``procmodel check`` never needs it
        (its rules read the model and :meth:`flow`), the site and the renderers do."""
        if self._graph is None:
            if self.graph_builder is None:
                import networkx as nx  # a check never builds the graph: loaded when read

                self._graph = nx.MultiDiGraph()
            else:
                self._graph = self.graph_builder(self)
        return self._graph

    def flow(self, process: Process) -> Flow:
        """The sequence flow of one of the repository's processes, computed once."""
        kept = self._flows.get(process.id)
        if kept is not None and kept[0] is process:
            return kept[1]
        flow = compute_flow(process)
        self._flows[process.id] = (process, flow)
        return flow

    def call_steps(self) -> Iterator[tuple[Process, Step]]:
        """Every step that calls a process (``type: subprocess`` with ``calls``), with its process,
        in file order; the called process need not exist."""
        for p in self.processes.values():
            for s in p.steps:
                if s.type is StepType.subprocess and s.calls:
                    yield p, s

    def reached(self, process: Process) -> frozenset[str]:
        """Ids of the steps of ``process`` reachable from its start events (none without one),
        computed once."""
        kept = self._reached.get(process.id)
        if kept is not None and kept[0] is process:
            return kept[1]
        starts = [s.id for s in process.steps if s.type is StepType.start]
        reached = frozenset(self.flow(process).reachable_from(starts))
        self._reached[process.id] = (process, reached)
        return reached

    def where(self, obj: object, *path: str | int, key: bool = False) -> SourceRef:
        """Where a loaded process, step, outcome, role, document, catalog or goal is defined.

        ``path`` goes on to a key inside it (``repo.where(step, "role")``); ``key`` points
        at the key rather than its value. Raises ``KeyError`` for an object this
        repository did not load (or a duplicate that was not registered).
        """
        if self._placed is None:
            self._placed = self._index_places()
        entry = self._placed.get(id(obj))
        if entry is None or entry[0] is not obj:
            raise KeyError(f"this {type(obj).__name__} was not loaded into the repository")
        ref = entry[1]
        if path and self._field_refs and (id(obj), path[0]) in self._field_refs:
            ref = self._field_refs[id(obj), path[0]]
            return SourceRef(ref.file, (*ref.path, *path[1:]), key)
        return SourceRef(ref.file, (*ref.path, *path), key) if path or key else ref

    def file_of(self, obj: object) -> str:
        """Display path of the file a loaded object comes from."""
        return self.where(obj).file

    def _index_places(self) -> dict[int, tuple[object, SourceRef]]:
        """The :meth:`where` index, from what the loader recorded (built once, when first asked)."""
        out: dict[int, tuple[object, SourceRef]] = {}

        def put(obj: object, ref: SourceRef) -> None:
            out[id(obj)] = (obj, ref)

        for p in self.processes.values():
            info = self.variants.get(p.id)
            if info is not None:
                put(p, SourceRef(p._file))
                for step in p.steps:
                    base, fields = info.step_refs[id(step)]
                    put(step, base)
                    for j, outcome in enumerate(step.outcomes):
                        put(
                            outcome,
                            fields.get("outcomes") or SourceRef(base.file, (*base.path, "outcomes", j)),
                        )
                    for name, ref in fields.items():
                        self._field_refs[id(step), name] = ref
                continue
            put(p, SourceRef(p._file))
            for i, step in enumerate(p.steps):
                put(step, SourceRef(p._file, ("steps", i)))
                for j, outcome in enumerate(step.outcomes):
                    put(outcome, SourceRef(p._file, ("steps", i, "outcomes", j)))
        for cat in self.catalogs.values():
            put(cat, SourceRef(cat._file))
        for kind, table in (("role", self.roles), ("document", self.documents), ("goal", self.goals)):
            for ident, obj in table.items():
                put(obj, self.refs[f"{kind}:{ident}"])
        return out

    def process_file(self, process_id: str) -> str:
        """Display path of the file a process was loaded from."""
        return self.processes[process_id]._file

    def step_ref(self, process: Process, index: int, *path: str | int, key: bool = False) -> SourceRef:
        """Reference to a step (or a field inside it) of ``process``."""
        info = self.variants.get(process.id)
        if info is not None:
            return info.step_ref(process.steps[index], path, key)
        return SourceRef(process._file, ("steps", index, *path), key)

    def process_ref(self, process: Process, *path: str | int, key: bool = False) -> SourceRef:
        """Reference to a top-level field of ``process``."""
        info = self.variants.get(process.id)
        if info is not None:
            return info.process_ref(path, key)
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

    def relative(self, display: str) -> str | None:
        """A file the load read (by its name in messages), relative to the repository folder
        (``None``: not read, or outside the folder)."""
        path = self.sources.files.get(display)
        if path is None:
            return None
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return None

    def display(self, path: Path) -> str:
        """How a file is named in messages: relative to the working directory when inside it."""
        try:
            return os.path.relpath(path)
        except ValueError:  # pragma: no cover - other drive on Windows
            return str(path)
