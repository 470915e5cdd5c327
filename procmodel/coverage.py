"""Goal coverage: which goals are served, by which steps, directly or via municipal goals.

Also the coverage delta between two revisions of a repository (:func:`coverage_delta`),
which ``check --changed-since`` reports as PM608–PM610.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from procmodel.findings import Location, SourceRef
from procmodel.i18n import t
from procmodel.model import CoverageException, Status
from procmodel.naming import goal_name

if TYPE_CHECKING:
    from procmodel.repository import Repository


@dataclass(frozen=True, slots=True)
class Service:
    """One step serving a goal; ``via`` names the municipal goal in between, if any."""

    process: str
    step: str
    via: str | None = None


class Served:
    """``covered`` and ``processes`` of anything holding a goal's ``services``."""

    services: list[Service]

    @property
    def covered(self) -> bool:
        return bool(self.services)

    @property
    def processes(self) -> list[str]:
        return sorted({s.process for s in self.services})


@dataclass
class GoalCoverage(Served):
    """Who serves one goal."""

    goal: str
    services: list[Service] = field(default_factory=list)


def counts(repo: Repository, process_id: str, approved_only: bool) -> bool:
    """Whether a process counts for coverage."""
    p = repo.processes[process_id]
    return p.status is Status.approved if approved_only else p.status is not Status.retired


def compute_coverage(repo: Repository, approved_only: bool | None = None) -> dict[str, GoalCoverage]:
    """Coverage of every goal in the repository, by the steps that serve it (the graph's step
    ``serves`` edges, read from the model: a check need not build the graph).

    A national goal is also served through a municipal goal that ``supports`` it
    (the red thread). Serving a section does not serve the goals inside it.
    """
    if approved_only is None:
        approved_only = repo.config.coverage.approved_only
    result: dict[str, GoalCoverage] = {gid: GoalCoverage(gid) for gid in repo.goals}
    for pid in repo.processes:
        if not counts(repo, pid, approved_only):
            continue
        served: set[tuple[str, str]] = set()  # (goal, step): a step serves a goal once
        for step in repo.processes[pid].steps:
            for gid in step.goals:
                if gid in result and (gid, step.id) not in served:
                    served.add((gid, step.id))
                    result[gid].services.append(Service(pid, step.id))
    for gid in repo.goals:
        if not repo.is_municipal(gid):
            continue
        for target in repo.goals[gid].supports:
            if target in result:
                for s in result[gid].services:
                    if s.via is None:
                        result[target].services.append(Service(s.process, s.step, gid))
    return result


def required_goals(repo: Repository) -> dict[str, str]:
    """Leaf goal id → the ``coverage.required`` entry that requires it."""
    out: dict[str, str] = {}
    for entry in repo.config.coverage.required:
        for leaf in repo.leaves_under(entry):
            out.setdefault(leaf, entry)
    return out


def excepted_goals(repo: Repository, today: dt.date | None = None) -> dict[str, CoverageException]:
    """Goal id → its ``coverage.exceptions`` entry, for exceptions not yet expired (``until`` inclusive)."""
    now = today or repo.config.today or dt.date.today()
    return {e.goal: e for e in repo.config.coverage.exceptions if e.until >= now}


@dataclass
class GoalChange:
    """One goal whose coverage changed between REV and now."""

    goal: str
    name: str
    lost: bool
    required: bool
    before: list[Service] = field(default_factory=list)
    after: list[Service] = field(default_factory=list)
    #: Where the change is, and a hint for the reviewer (set by :mod:`procmodel.changes`, from git).
    where: SourceRef | Location | None = None
    hint: str | None = None

    @property
    def sentence(self) -> str:
        """The line a reviewer reads: 'this change leaves Skollagen 6 kap. 10 § uncovered'."""
        if self.lost:
            return t("changes.lost", name=self.name, goal=self.goal)
        return t("changes.gained", name=self.name, goal=self.goal)


def coverage_delta(base: Repository, head: Repository) -> list[GoalChange]:
    """Goals covered at the base and not now (lost), or the other way round (gained)."""
    before, after = compute_coverage(base), compute_coverage(head)
    required = required_goals(head)
    out: list[GoalChange] = []
    for gid, now in after.items():
        then = before.get(gid)
        if then is None or then.covered == now.covered:
            continue
        out.append(
            GoalChange(gid, goal_name(head, gid), then.covered, gid in required, then.services, now.services)
        )
    return out
