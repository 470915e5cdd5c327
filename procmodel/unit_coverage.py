"""Likvärdighet, unit by unit: which processes apply to a unit, which version it works by, and
which required goals it serves.

A process applies to a unit unless its ``applies_to`` says otherwise
(:mod:`procmodel.applicability`). At each unit it is in force as the unit's variant if there
is one, else as the central process; it is *missing* where it applies but does not count for
coverage (a draft, in review or retired). A required goal counts for a unit unless every
central process serving it is for other units (a gymnasieskola need not serve a förskola
paragraph); a goal no process serves is missing everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from procmodel.coverage import counts, required_goals
from procmodel.model import Process
from procmodel.naming import goal_name

if TYPE_CHECKING:
    from procmodel.organisation import Unit
    from procmodel.repository import Repository
    from procmodel.variants import VariantInfo


class CellState(StrEnum):
    """How a unit works by one central process."""

    central = "central"  # the central process as it is
    variant = "variant"  # the unit's own variant
    missing = "missing"  # applies, but no version in force (not approved)
    not_applicable = "not-applicable"


@dataclass
class Cell:
    """One unit × one central process of the likvärdighet matrix."""

    process: str
    state: CellState
    variant: str | None = None
    changed: int = 0  # steps added, removed or replaced by the variant
    #: goal-serving steps of the central process the variant removes, changes or bypasses
    goal_steps: list[str] = field(default_factory=list)


@dataclass
class UnitCoverage:
    """The required goals a unit serves through the processes in force there."""

    required: int
    served: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    not_applicable: list[str] = field(default_factory=list)  # served only by processes for other units


@dataclass
class GoalRow:
    """One required goal: the units that serve it, those that do not, those it is not for."""

    goal: str
    name: str
    served_by: list[str] = field(default_factory=list)
    not_served_by: list[str] = field(default_factory=list)
    not_applicable: list[str] = field(default_factory=list)


def applies(process: Process, unit: Unit) -> bool:
    """Whether ``process`` is for ``unit`` (no ``applies_to``: it is for every unit)."""
    scope = process.applies_to
    return scope is None or scope.matches(unit.type.value, [s.value for s in unit.skolformer])


def central_processes(repo: Repository) -> list[str]:
    """Ids of the central processes (not the variants), sorted."""
    return sorted(p for p in repo.processes if p not in repo.variants)


def visible_variants(repo: Repository) -> dict[str, VariantInfo]:
    """The merged variants whose process is in ``repo`` (a public view leaves staff-only ones out)."""
    return {vid: info for vid, info in repo.variants.items() if vid in repo.processes}


def unit_versions(repo: Repository) -> dict[tuple[str, str], str]:
    """(central process, unit) → the variant's id, for every merged variant."""
    return {(info.base, info.unit): vid for vid, info in visible_variants(repo).items()}


def served_goals(
    repo: Repository, process: Process, required: dict[str, str], reachable_only: bool
) -> set[str]:
    """The required leaf goals the (reachable) steps of ``process`` serve, also via municipal goals."""
    steps = process.steps
    if reachable_only:
        reached = repo.reached(process)
        steps = [s for s in steps if s.id in reached]
    out: set[str] = set()
    for step in steps:
        for gid in step.goals:
            targets = [gid]
            if repo.is_municipal(gid):
                targets += repo.goals[gid].supports
            for target in targets:
                out.update(leaf for leaf in repo.leaves_under(target) or [target] if leaf in required)
    return out


class ServedGoals:
    """:func:`served_goals` of each process computed once, however many units follow it."""

    def __init__(self, repo: Repository, required: dict[str, str]) -> None:
        self.repo = repo
        self.required = required
        self._known: dict[tuple[str, bool], frozenset[str]] = {}

    def __call__(self, pid: str, reachable_only: bool = True) -> frozenset[str]:
        key = (pid, reachable_only)
        if key not in self._known:
            process = self.repo.processes[pid]
            self._known[key] = frozenset(served_goals(self.repo, process, self.required, reachable_only))
        return self._known[key]


def matrix_row(
    repo: Repository, unit: Unit, central: list[str], versions: dict[tuple[str, str], str] | None = None
) -> list[Cell]:
    """The unit's cell for every central process, in the order of ``central``.

    ``versions``: :func:`unit_versions`, shared by the rows of one matrix.
    """
    versions = unit_versions(repo) if versions is None else versions
    approved_only = repo.config.coverage.approved_only
    cells = []
    for pid in central:
        process = repo.processes[pid]
        vid = versions.get((pid, unit.id))
        if not applies(process, unit):
            cells.append(Cell(pid, CellState.not_applicable, vid))
        elif not counts(repo, pid, approved_only):
            cells.append(Cell(pid, CellState.missing, vid))
        elif vid is None:
            cells.append(Cell(pid, CellState.central))
        else:
            info = repo.variants[vid]
            changed = len(info.added) + len(info.removed) + len(info.replaced)
            cells.append(Cell(pid, CellState.variant, vid, changed, _goal_steps(repo, process, vid)))
    return cells


def _goal_steps(repo: Repository, central: Process, vid: str) -> list[str]:
    """Steps of the central process that serve a goal and that the variant removes, changes or bypasses."""
    info = repo.variants[vid]
    merged = repo.processes[vid]
    reached = repo.reached(merged)
    touched = {r.step.id for r in info.removed} | set(info.replaced)
    touched |= {s.id for s in merged.steps if s.id not in reached and s.id not in info.added}
    return [s.id for s in central.steps if s.goals and s.id in touched]


def unit_coverage(
    repo: Repository, unit: Unit, cells: list[Cell], serves: ServedGoals | None = None
) -> UnitCoverage:
    """The required goals ``unit`` serves, misses, or need not serve (see the module docstring).

    ``serves``: shared by the units of one report, so each process is worked out once.
    """
    serves = serves or ServedGoals(repo, required_goals(repo))
    required = serves.required
    served: set[str] = set()
    for cell in cells:
        if cell.state in (CellState.central, CellState.variant):
            served |= serves(cell.variant or cell.process)
    elsewhere: set[str] = set()  # served centrally, but only by processes for other units
    approved_only = repo.config.coverage.approved_only
    for cell in cells:
        if cell.state is CellState.not_applicable and counts(repo, cell.process, approved_only):
            elsewhere |= serves(cell.process)
    here = set(required) - (elsewhere - _centrally_served_here(cells, serves))
    return UnitCoverage(
        len(here),
        sorted(here & served),
        sorted(here - served),
        sorted(set(required) - here),
    )


def _centrally_served_here(cells: list[Cell], serves: ServedGoals) -> set[str]:
    """Required goals some central process in force at the unit serves (as written centrally)."""
    out: set[str] = set()
    for cell in cells:
        if cell.state in (CellState.central, CellState.variant):
            out |= serves(cell.process)
    return out


def goal_rows(repo: Repository, coverage: dict[str, UnitCoverage]) -> list[GoalRow]:
    """Per required goal, which units serve it and which do not; goals some unit misses first."""
    rows = []
    for gid in required_goals(repo):
        row = GoalRow(gid, goal_name(repo, gid))
        for uid, cov in coverage.items():
            if gid in cov.served:
                row.served_by.append(uid)
            elif gid in cov.missing:
                row.not_served_by.append(uid)
            else:
                row.not_applicable.append(uid)
        rows.append(row)
    rows.sort(key=lambda r: (not r.not_served_by, -len(r.not_served_by)))
    return rows
