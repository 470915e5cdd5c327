"""Flow rules: every process can be walked from a start to an end."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from procmodel.findings import Finding
from procmodel.flow import Flow
from procmodel.i18n import t
from procmodel.model import Process, Step, StepType
from procmodel.rules.base import Rule, register

if TYPE_CHECKING:
    from procmodel.repository import Repository
    from procmodel.rules.context import CheckContext


@register
class MissingStart(Rule):
    """A process has no start step.

    Why: readers (and BPMN tools) need to see where the process begins.
    Fix: add a first step with ``type: start`` saying what triggers the process.
    """

    id = "PM201"
    name = "missing-start"
    family = "flow"

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        repo = ctx.repo
        for p in repo.processes.values():
            if not any(s.type is StepType.start for s in p.steps):
                yield self.finding(
                    t("PM201.message", process=p.id),
                    repo.process_ref(p, "steps", key=True),
                    hint=t("PM201.hint"),
                )


@register
class MissingEnd(Rule):
    """A process has no end step.

    Why: without an end, nobody knows when the work is done.
    Fix: add a last step with ``type: end`` describing the result.
    """

    id = "PM202"
    name = "missing-end"
    family = "flow"

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        repo = ctx.repo
        for p in repo.processes.values():
            if not any(s.type is StepType.end for s in p.steps):
                yield self.finding(
                    t("PM202.message", process=p.id),
                    repo.process_ref(p, "steps", key=True),
                    hint=t("PM202.hint"),
                )


@register
class UnreachableStep(Rule):
    """A step that no path from a start step reaches.

    Why: the step will never be done; usually a ``next`` or an outcome points past it.
    Fix: lead a step or decision outcome to it, or remove it.
    """

    id = "PM203"
    name = "unreachable-step"
    family = "flow"

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        repo = ctx.repo
        for p in repo.processes.values():
            if not any(s.type is StepType.start for s in p.steps):
                continue  # PM201 says it
            reached = repo.reached(p)
            for s in p.steps:
                if s.id not in reached:
                    yield self.finding(
                        t("PM203.message", step=s.id),
                        repo.step_ref(p, s._index, "id"),
                        hint=t("PM203.hint"),
                        subject=f"{p.id}/{s.id}",
                    )


@register
class DeadEnd(Rule):
    """A step from which no path leads to an end step.

    Why: whoever follows the process gets stuck there (often a loop with no way out).
    Fix: add a ``next`` or an outcome that leads on towards an end step.
    """

    id = "PM204"
    name = "dead-end"
    family = "flow"

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        repo = ctx.repo
        for p in repo.processes.values():
            ends = [s.id for s in p.steps if s.type is StepType.end]
            if not ends:
                continue  # PM202 says it
            flow = ctx.flow(p)
            alive = flow.reaching(ends)
            if len(alive) == len(flow.succ):
                continue
            for s in p.steps:
                if s.id in alive or (s.attached_to and _branch_may_stop(s, flow)):
                    continue
                yield self.finding(
                    t("PM204.message", step=s.id),
                    repo.step_ref(p, s._index, "id"),
                    hint=t("PM204.hint"),
                    subject=f"{p.id}/{s.id}",
                )


@register
class DecisionOutcomes(Rule):
    """A decision has fewer than two outcomes.

    Why: a decision with one way out is no decision; readers expect the alternatives.
    Fix: list at least two ``outcomes``, each with a ``label`` and a ``next``.
    """

    id = "PM205"
    name = "decision-outcomes"
    family = "flow"

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        repo = ctx.repo
        for p, s in _steps(repo, StepType.decision):
            if len(s.outcomes) < 2:
                yield self.finding(
                    t("PM205.message", step=s.id, n=len(s.outcomes)),
                    repo.step_ref(p, s._index, "id"),
                    hint=t("PM205.hint"),
                )


@register
class UnlabelledOutcome(Rule):
    """A decision outcome has no label.

    Why: the diagram's arrow would carry no text, and readers cannot tell the ways apart.
    Fix: give every outcome a ``label`` (e.g. 'Ja' / 'Nej').
    """

    id = "PM206"
    name = "unlabelled-outcome"
    family = "flow"

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        repo = ctx.repo
        for p, s in _steps(repo, StepType.decision):
            for i, o in enumerate(s.outcomes):
                if not o.label.strip():
                    yield self.finding(
                        t("PM206.message", number=i + 1, step=s.id),
                        repo.step_ref(p, s._index, "outcomes", i),
                        hint=t("PM206.hint"),
                    )


@register
class UnjoinedParallel(Rule):
    """A parallel split whose branches never meet in a join step.

    Why: readers cannot tell when the parallel work is finished; BPMN tools flag it too.
    Fix: add a step with ``type: join`` that every branch leads to.
    """

    id = "PM207"
    name = "unjoined-parallel"
    family = "flow"

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        repo = ctx.repo
        for p, s in _steps(repo, StepType.parallel):
            flow = ctx.flow(p)
            branches = list(flow.succ.get(s.id, ()))
            joins = {j.id for j in p.steps if j.type is StepType.join}
            if len(branches) < 2:
                yield self.finding(
                    t("PM207.branches.message", step=s.id, n=len(branches)),
                    repo.step_ref(p, s._index, "id"),
                    hint=t("PM207.branches.hint"),
                )
                continue
            common = set(joins)
            for b in branches:
                common &= flow.reachable_from([b])
            if not common:
                yield self.finding(
                    t("PM207.join.message", step=s.id),
                    repo.step_ref(p, s._index, "id"),
                    hint=t("PM207.join.hint"),
                )


@register
class MisplacedStart(Rule):
    """A start step that other steps lead into.

    Why: a start event begins the process; a flow into it is usually a ``next`` pointing at the wrong step.
    Fix: point the flow at the step after the start instead.
    """

    id = "PM208"
    name = "flow-into-start"
    family = "flow"

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        repo = ctx.repo
        for p, s in _steps(repo, StepType.start):
            incoming = sorted(ctx.flow(p).predecessors().get(s.id, ()))
            if incoming:
                yield self.finding(
                    t("PM208.message", step=s.id, source=incoming[0]),
                    repo.step_ref(p, s._index, "id"),
                    hint=t("PM208.hint", source=incoming[0]),
                )


# helpers ////////////////////////////////////////////////////////////////////


def _steps(repo: Repository, kind: StepType) -> Iterator[tuple[Process, Step]]:
    for p in repo.processes.values():
        for s in p.steps:
            if s.type is kind:
                yield p, s


def _branch_may_stop(step: Step, flow: Flow) -> bool:
    """A boundary event with no flow of its own ends its branch implicitly."""
    return not flow.successors(step.id)
