"""What every rule sees: one :class:`CheckContext` per check run, built once by the runner
(:func:`procmodel.check.check_context`).

It holds the repository and its graph, the resolved severities (so a rule can ask whether
another rule is on: PM605 stays quiet where PM501 speaks), and what several rules share and
should compute only once: goal coverage, the required and excepted goals, the date reviews are
measured against and each process's flow. In pull-request mode it also holds the coverage
changes since the base revision, which PM608–PM610 report, and the processes that differ from
it, which PM406 looks at.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from procmodel.coverage import GoalChange, GoalCoverage, compute_coverage, excepted_goals, required_goals
from procmodel.flow import Flow
from procmodel.model import CoverageException, Process, Severity, Step

if TYPE_CHECKING:
    import networkx as nx

    from procmodel.process_diff import ProcessDiff
    from procmodel.repository import Repository


@dataclass
class CheckContext:
    """One check run over one repository (read-only for the rules)."""

    repo: Repository
    severities: Mapping[str, Severity]
    #: Pull-request mode (``check --changed-since REV``): the coverage changes since ``since``.
    goal_changes: Sequence[GoalChange] = field(default_factory=tuple)
    since: str | None = None
    #: Pull-request mode: the processes that differ from the base revision (PM406).
    process_changes: Sequence[ProcessDiff] = field(default_factory=tuple)

    @property
    def graph(self) -> nx.MultiDiGraph:
        return self.repo.graph

    def severity(self, rule_id: str) -> Severity:
        """The rule's severity in this run (configuration applied)."""
        return self.severities[rule_id]

    def enabled(self, rule_id: str) -> bool:
        """Whether the rule reports anything in this run (its severity is not ``off``)."""
        return self.severities[rule_id] is not Severity.off

    @cached_property
    def today(self) -> dt.date:
        """The date reviews and exceptions are measured against (``today:`` in the config)."""
        return self.repo.config.today or dt.date.today()

    @cached_property
    def coverage(self) -> dict[str, GoalCoverage]:
        """Goal coverage as the configuration counts it (computed once per run)."""
        return compute_coverage(self.repo)

    @cached_property
    def calls(self) -> list[tuple[Process, Step]]:
        """Every step that calls a process: (its process, the step), in file order (once per run)."""
        return list(self.repo.call_steps())

    @cached_property
    def required(self) -> dict[str, str]:
        """Leaf goal id → the ``coverage.required`` entry that requires it."""
        return required_goals(self.repo)

    @cached_property
    def excepted(self) -> dict[str, CoverageException]:
        """Goal id → its ``coverage.exceptions`` entry, for exceptions not yet expired."""
        return excepted_goals(self.repo, self.today)

    def flow(self, process: Process) -> Flow:
        """The sequence flow of one process."""
        return self.repo.flow(process)
