"""The coverage report's data: per catalog and section, which goals are served by which processes.

:func:`coverage_report` builds it; the coverage formats (text and JSON in
:mod:`procmodel.report.coverage`, the CI ones beside their check counterparts) import it,
and it imports no format.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from procmodel.coverage import Served, Service, compute_coverage, excepted_goals, required_goals
from procmodel.model import CoverageException
from procmodel.naming import goal_name
from procmodel.repository import Repository


@dataclass
class GoalRow(Served):
    """One goal of a catalog, with who serves it."""

    id: str
    name: str  # 'Skollagen 6 kap. 10 §': catalog and number
    number: str
    title: str
    depth: int
    leaf: bool
    required: bool
    exception: CoverageException | None
    services: list[Service]


@dataclass
class CatalogCoverage:
    """One catalog: its goals in order, and the shares."""

    id: str
    title: str
    short: str
    kind: str
    rows: list[GoalRow] = field(default_factory=list)
    minimum: float | None = None

    @property
    def leaves(self) -> list[GoalRow]:
        return [r for r in self.rows if r.leaf]

    @property
    def served(self) -> int:
        return sum(1 for r in self.leaves if r.covered)

    @property
    def total(self) -> int:
        return len(self.leaves)

    @property
    def share(self) -> float:
        """Percent of leaf goals served (100 for an empty catalog)."""
        return 100.0 * self.served / self.total if self.total else 100.0

    @property
    def below_minimum(self) -> bool:
        """Whether the share falls short of ``minimum`` (as PM603 judges it)."""
        return self.minimum is not None and self.share + 1e-9 < self.minimum

    @property
    def required(self) -> list[GoalRow]:
        return [r for r in self.leaves if r.required]

    @property
    def gaps(self) -> list[GoalRow]:
        """Required goals that no counted step serves and no exception excuses."""
        return [r for r in self.required if not r.covered and r.exception is None]


@dataclass
class CoverageReport:
    """Coverage of the whole repository."""

    repo: Repository
    approved_only: bool
    catalogs: list[CatalogCoverage]

    @property
    def gaps(self) -> list[GoalRow]:
        return [r for c in self.catalogs for r in c.gaps]


def coverage_report(repo: Repository) -> CoverageReport:
    """Build the coverage report of ``repo`` (its own ``coverage:`` policy applies)."""
    coverage = compute_coverage(repo)
    required = required_goals(repo)
    excepted = excepted_goals(repo)
    minimum = repo.config.coverage.minimum
    catalogs = []
    for cid, cat in repo.catalogs.items():
        cc = CatalogCoverage(cid, cat.title, cat.short or cat.title, cat.kind.value, minimum=minimum.get(cid))
        for goal in repo.catalog_goals(cid):
            if goal.id not in coverage or repo.goal_catalog.get(goal.id) != cid:
                continue  # a duplicate id, reported by PM105
            depth, parent = 0, repo.goal_parent.get(goal.id)
            while parent:
                depth, parent = depth + 1, repo.goal_parent.get(parent)
            cc.rows.append(
                GoalRow(
                    goal.id,
                    goal_name(repo, goal.id),
                    goal.number or "",
                    _short(goal.title or goal.text or ""),
                    depth,
                    not goal.goals,
                    goal.id in required,
                    excepted.get(goal.id) if goal.id in required else None,
                    coverage[goal.id].services,
                )
            )
        catalogs.append(cc)
    return CoverageReport(repo, repo.config.coverage.approved_only, catalogs)


def _short(text: str, width: int = 72) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= width else one_line[: width - 1].rstrip() + "…"
