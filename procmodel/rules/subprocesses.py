"""Subprocess rules: calls between processes resolve, terminate and respect status."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from procmodel.findings import Finding
from procmodel.i18n import t
from procmodel.model import Audience, Severity, Status
from procmodel.rules.base import Rule, register
from procmodel.rules.references import suggest

if TYPE_CHECKING:
    import networkx as nx

    from procmodel.model import Process, Step
    from procmodel.rules.context import CheckContext


@register
class MissingCallee(Rule):
    """A subprocess step calls a process that does not exist.

    Why: readers following the link would land nowhere.
    Fix: use the id of an existing process in ``calls``, or write that process.
    """

    id = "PM301"
    name = "missing-callee"
    family = "subprocesses"

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        repo = ctx.repo
        for p, s in ctx.calls:
            if s.calls is None or s.calls in repo.processes:
                continue
            hint: str
            if s.calls in repo.invalid_ids:
                hint = t("PM301.invalid.hint", callee=s.calls)
            else:
                hint = suggest(s.calls, repo.processes, t("PM301.hint"))
            yield self.finding(
                t("PM301.message", step=s.id, callee=s.calls),
                repo.step_ref(p, s._index, "calls"),
                hint=hint,
            )


@register
class CallCycle(Rule):
    """Processes call each other in a cycle.

    Why: following the calls would never end; usually one call should be a plain step.
    Fix: break the cycle by replacing one of the calls with a task or a ``next``.
    """

    id = "PM302"
    name = "call-cycle"
    family = "subprocesses"

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        repo = ctx.repo
        import networkx as nx  # only this rule walks the calls as a graph

        calls = nx.DiGraph()
        first_call: dict[tuple[str, str], tuple[Process, Step]] = {}
        for p, s in ctx.calls:
            if s.calls in repo.processes:
                calls.add_edge(p.id, s.calls)
                first_call.setdefault((p.id, s.calls), (p, s))
        for cycle in sorted(sorted(c) for c in nx.simple_cycles(calls)):
            # report once, at the call made by the alphabetically first process of the cycle
            start = cycle[0]
            ring = list(_ordered(calls, cycle, start))
            p, s = first_call[(ring[0], ring[1 % len(ring)])]
            path = " → ".join([*ring, ring[0]])
            yield self.finding(
                t("PM302.message", path=path),
                repo.step_ref(p, s._index, "calls"),
                hint=t("PM302.hint"),
            )


@register
class CallsUnapproved(Rule):
    """An approved process calls a process that is still a draft or in review.

    Why: staff following an approved process would be sent to an unapproved way of working.
    Fix: approve the called process first, or keep the caller in review.
    """

    id = "PM303"
    name = "calls-unapproved"
    family = "subprocesses"

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        repo = ctx.repo
        for p, s in ctx.calls:
            callee = repo.processes.get(s.calls or "")
            if p.status is Status.approved and callee and callee.status in (Status.draft, Status.review):
                yield self.finding(
                    t("PM303.message", process=p.id, callee=callee.id, status=callee.status.value),
                    repo.step_ref(p, s._index, "calls"),
                    hint=t("PM303.hint", callee=callee.id),
                )


@register
class PublicCallsStaff(Rule):
    """A public process calls a process that only staff may see.

    Why: a public build leaves staff-only processes out entirely, so visitors
    would meet a step that leads nowhere.
    Fix: make the called process public, or describe the step in words instead of calling it.
    """

    id = "PM304"
    name = "public-calls-staff"
    family = "subprocesses"
    severity = Severity.warning

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        repo = ctx.repo
        for p, s in ctx.calls:
            callee = repo.processes.get(s.calls or "")
            if p.audience is Audience.public and callee and callee.audience is Audience.staff:
                yield self.finding(
                    t("PM304.message", process=p.id, callee=callee.id),
                    repo.step_ref(p, s._index, "calls"),
                    hint=t("PM304.hint", callee=callee.id),
                )


# helpers ////////////////////////////////////////////////////////////////////


def _ordered(calls: nx.DiGraph, cycle: list[str], start: str) -> Iterator[str]:
    """Walk the cycle's members in call order from ``start``."""
    members = set(cycle)
    node = start
    for _ in cycle:
        yield node
        node = next(n for n in sorted(calls.successors(node)) if n in members)
