"""Red-thread rules: municipal goals connect to national goals, and claims are backed by steps."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from procmodel.findings import Finding
from procmodel.i18n import t
from procmodel.model import Severity
from procmodel.rules.base import Rule, register
from procmodel.rules.references import suggest

if TYPE_CHECKING:
    from procmodel.rules.context import CheckContext


@register
class MunicipalGoalUnsupported(Rule):
    """A municipal goal supports no national goal.

    Why: the red thread from statute to step is broken: the goal cannot be
    traced to skollagen or the curriculum.
    Fix: add ``supports: [<national goal id>]`` to the goal.
    """

    id = "PM501"
    name = "municipal-goal-unsupported"
    family = "red-thread"

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        repo = ctx.repo
        for gid, goal in repo.goals.items():
            if repo.is_municipal(gid) and not goal.goals and not goal.supports:
                yield self.finding(
                    t("PM501.message", goal=gid),
                    repo.goal_ref(gid, "id"),
                    hint=t("PM501.hint"),
                )


@register
class UnknownSupportedGoal(Rule):
    """A goal's ``supports`` names a goal that does not exist.

    Why: the red thread would lead nowhere.
    Fix: use an id from a national goal catalog.
    """

    id = "PM502"
    name = "unknown-supported-goal"
    family = "red-thread"

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        repo = ctx.repo
        for gid, goal in repo.goals.items():
            for i, target in enumerate(goal.supports):
                if target not in repo.goals:
                    yield self.finding(
                        t("PM502.message", goal=gid, target=target),
                        repo.goal_ref(gid, "supports", i),
                        hint=suggest(target, repo.goals, t("hint.goal_id")),
                    )


@register
class ProcessGoalNotServed(Rule):
    """A process claims a goal that none of its steps serves.

    Why: the process-level claim is not backed by anything staff actually do.
    Fix: link the goal on the step(s) that serve it, or drop it from the process.
    """

    id = "PM503"
    name = "process-goal-not-served"
    family = "red-thread"
    severity = Severity.warning

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        repo = ctx.repo
        for p in repo.processes.values():
            served = {gid for s in p.steps for gid in s.goals}
            for i, gid in enumerate(p.goals):
                if gid in repo.goals and gid not in served:
                    yield self.finding(
                        t("PM503.message", process=p.id, goal=gid),
                        repo.process_ref(p, "goals", i),
                        hint=t("PM503.hint"),
                    )
