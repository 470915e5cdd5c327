"""Coverage-policy rules: minimum shares, dated exceptions, the municipal red thread, change deltas.

The policy is the ``coverage:`` section of ``procmodel.yaml`` (see docs/ci.md).
PM608–PM610 compare the repository with a git revision: ``procmodel check --changed-since REV``
puts the coverage changes (:mod:`procmodel.changes`) in the check context; a plain check has none.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from procmodel.coverage import GoalChange
from procmodel.findings import Finding, Location, SourceRef
from procmodel.i18n import t
from procmodel.model import Severity
from procmodel.naming import goal_name
from procmodel.rules.base import Rule, register
from procmodel.rules.references import suggest

if TYPE_CHECKING:
    from procmodel.repository import Repository
    from procmodel.rules.context import CheckContext


def served_share(repo: Repository, scope: str, coverage: dict) -> tuple[int, int]:
    """(served, total) leaf goals under a catalog or goal id."""
    leaves = repo.leaves_under(scope)
    return sum(1 for gid in leaves if coverage[gid].covered), len(leaves)


@register
class CoverageBelowMinimum(Rule):
    """A catalog or section has a smaller share of served goals than ``coverage.minimum`` asks.

    Why: the organisation has decided how much of a steering document its
    documented ways of working must cover; falling below it is a regression.
    Fix: link the goals on the steps that serve them or write the missing
    processes (``procmodel coverage`` lists the gaps); or lower the minimum deliberately.
    """

    id = "PM603"
    name = "coverage-below-minimum"
    family = "coverage"

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        repo = ctx.repo
        minimum = repo.config.coverage.minimum
        if not minimum or repo.config_file is None:
            return
        coverage = ctx.coverage
        for scope, percent in minimum.items():
            if scope not in repo.catalogs and scope not in repo.goals:
                continue  # PM606
            served, total = served_share(repo, scope, coverage)
            share = 100.0 * served / total if total else 100.0
            if share + 1e-9 < percent:
                name = scope if scope in repo.catalogs else goal_name(repo, scope)
                yield self.finding(
                    t(
                        "PM603.message",
                        name=name,
                        served=served,
                        total=total,
                        share=f"{share:.0f}",
                        minimum=f"{percent:g}",
                    ),
                    SourceRef(repo.config_file, ("coverage", "minimum", scope)),
                    hint=t("PM603.hint", n=_needed(percent, total) - served, scope=scope),
                    subject=scope,
                )


def _needed(percent: float, total: int) -> int:
    need = 0
    while total and 100.0 * need / total + 1e-9 < percent:
        need += 1
    return need


@register
class ExpiredCoverageException(Rule):
    """A coverage exception has passed its ``until`` date.

    Why: an exception is a promise to close a gap by a date; once it has
    passed, the gap is no longer agreed and must be decided on again.
    Fix: serve the goal, or renew the exception with a new date and reason
    (after asking whoever approved it).
    """

    id = "PM604"
    name = "expired-coverage-exception"
    family = "coverage"

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        repo = ctx.repo
        if repo.config_file is None:
            return
        now = ctx.today
        for i, exc in enumerate(repo.config.coverage.exceptions):
            if exc.until < now:
                yield self.finding(
                    t(
                        "PM604.message",
                        goal=exc.goal,
                        until=exc.until.isoformat(),
                        n=(now - exc.until).days,
                        reason=exc.reason,
                    ),
                    SourceRef(repo.config_file, ("coverage", "exceptions", i, "until")),
                    hint=t("PM604.hint"),
                    subject=exc.goal,
                )


@register
class MunicipalGoalNotNational(Rule):
    """With ``municipal_goals_must_support: true``, a municipal goal leads to no national goal.

    Why: the policy asks for an unbroken red thread: every goal of the
    municipality must support (directly, or through other municipal goals)
    at least one goal of skollagen or a curriculum.
    Fix: add ``supports: [<national goal id>]`` to the goal. (A goal with no
    ``supports`` at all is reported by PM501 instead, unless PM501 is off.)
    """

    id = "PM605"
    name = "municipal-goal-not-national"
    family = "coverage"

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        repo = ctx.repo
        if not repo.config.coverage.municipal_goals_must_support:
            return
        pm501_on = ctx.enabled("PM501")
        for gid, goal in repo.goals.items():
            if not repo.is_municipal(gid) or goal.goals:
                continue
            if not goal.supports and pm501_on:
                continue  # PM501 says it already
            if not self._reaches_national(repo, gid):
                via = t("PM605.via", goals=", ".join(goal.supports)) if goal.supports else ""
                yield self.finding(
                    t("PM605.message", goal=gid, via=via),
                    repo.goal_ref(gid),
                    hint=t("PM605.hint"),
                    subject=gid,
                )

    @staticmethod
    def _reaches_national(repo: Repository, gid: str) -> bool:
        seen: set[str] = set()
        stack = [gid]
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            for target in repo.goals[current].supports:
                if target not in repo.goals:
                    continue
                if not repo.is_municipal(target):
                    return True
                stack.append(target)
        return False


@register
class UnknownPolicyGoal(Rule):
    """``coverage.minimum`` or ``coverage.exceptions`` names a catalog or goal that does not exist.

    Why: the policy would silently check nothing for that entry.
    Fix: use a catalog id (e.g. lgr22) or a goal id from goals/*.yaml.
    """

    id = "PM606"
    name = "unknown-policy-goal"
    family = "coverage"

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        repo = ctx.repo
        if repo.config_file is None:
            return
        known = [*repo.catalogs, *repo.goals]
        for scope in repo.config.coverage.minimum:
            if scope not in repo.catalogs and scope not in repo.goals:
                yield self.finding(
                    t("PM606.minimum.message", entry=scope),
                    SourceRef(repo.config_file, ("coverage", "minimum", scope), key=True),
                    hint=suggest(scope, known, t("hint.catalog_or_goal_id")),
                )
        for i, exc in enumerate(repo.config.coverage.exceptions):
            if exc.goal not in repo.goals:
                yield self.finding(
                    t("PM606.exception.message", goal=exc.goal),
                    SourceRef(repo.config_file, ("coverage", "exceptions", i, "goal")),
                    hint=suggest(exc.goal, repo.goals, t("PM606.exception.hint")),
                )


@register
class UnneededCoverageException(Rule):
    """A coverage exception excuses a goal that is served, or that no ``required`` entry asks for.

    Why: stale exceptions hide what the policy really allows; remove them
    so the next gap for that goal is noticed.
    Fix: delete the exception.
    """

    id = "PM607"
    name = "unneeded-coverage-exception"
    family = "coverage"
    severity = Severity.warning

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        repo = ctx.repo
        if repo.config_file is None or not repo.config.coverage.exceptions:
            return
        required = ctx.required
        coverage = ctx.coverage
        active = ctx.excepted
        for i, exc in enumerate(repo.config.coverage.exceptions):
            if exc.goal not in repo.goals or active.get(exc.goal) is not exc:
                continue  # unknown (PM606), expired (PM604) or a duplicate entry
            if coverage[exc.goal].covered:
                why = t("PM607.served", goal=exc.goal, processes=", ".join(coverage[exc.goal].processes))
            elif exc.goal not in required:
                why = t("PM607.not_required", goal=exc.goal)
            else:
                continue
            yield self.finding(
                t("PM607.message", reason=why),
                SourceRef(repo.config_file, ("coverage", "exceptions", i, "goal")),
                hint=t("PM607.hint"),
                subject=exc.goal,
            )


class _ChangeRule(Rule):
    """Base for rules reported by ``check --changed-since``: a plain check yields nothing.

    The coverage changes come with the context (``ctx.goal_changes``), each already placed at
    the change and given its hint by :mod:`procmodel.changes`, which reads git.
    """

    family = "coverage"

    def reports(self, ctx: CheckContext, change: GoalChange) -> bool:
        raise NotImplementedError

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        for change in ctx.goal_changes:
            if self.reports(ctx, change):
                where = change.where
                f = self.finding(
                    change.sentence,
                    where if isinstance(where, SourceRef) else None,
                    hint=change.hint,
                    subject=change.goal,
                )
                if isinstance(where, Location):
                    f.location = where
                delta = "lost" if change.lost else "gained"
                f.extra = {"goal": change.goal, "delta": delta, "since": ctx.since}
                yield f


@register
class RequiredGoalLost(_ChangeRule):
    """The change leaves a required goal uncovered that was covered at the base revision.

    Why: a pull request must not silently drop a steering-document requirement
    that the organisation's processes fulfilled before.
    Fix: keep (or move) the step that served the goal, link the goal on another
    step, or add a dated ``coverage.exceptions`` entry with the reason.
    Reported by ``procmodel check --changed-since REV``, at the change.
    """

    id = "PM608"
    name = "required-goal-lost"

    def reports(self, ctx: CheckContext, change: GoalChange) -> bool:
        return change.lost and change.required and change.goal not in ctx.excepted


@register
class GoalCoverageLost(_ChangeRule):
    """The change leaves a goal uncovered (not a required one) that was covered at the base revision.

    Why: coverage the organisation had is going away; that should be a decision.
    Fix: keep a step that serves the goal, or accept the loss knowingly.
    Reported by ``procmodel check --changed-since REV``, at the change.
    """

    id = "PM609"
    name = "goal-coverage-lost"
    severity = Severity.warning

    def reports(self, ctx: CheckContext, change: GoalChange) -> bool:
        return change.lost and not (change.required and change.goal not in ctx.excepted)


@register
class GoalNowCovered(_ChangeRule):
    """The change makes a goal covered that was not covered at the base revision.

    Why: good news belongs in the pull request too.
    Fix: nothing to fix.
    Reported by ``procmodel check --changed-since REV``, at the step that now serves it.
    """

    id = "PM610"
    name = "goal-now-covered"
    severity = Severity.info

    def reports(self, ctx: CheckContext, change: GoalChange) -> bool:
        return not change.lost


#: Rules reported only by ``check --changed-since`` (they need a base revision); their cases
#: have ``invalid-base/`` and ``valid-base/`` trees (tests/rules/test_rule_cases.py).
CHANGE_RULES = frozenset({RequiredGoalLost.id, GoalCoverageLost.id, GoalNowCovered.id})
