"""Governance rules: every process has an owner, is reviewed, is findable and versioned."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from procmodel.findings import Finding
from procmodel.i18n import t
from procmodel.model import Severity, Status, StepType
from procmodel.rules.base import Rule, register

if TYPE_CHECKING:
    from procmodel.rules.context import CheckContext


@register
class MissingOwner(Rule):
    """A process has no owner.

    Why: someone must be accountable for keeping the process right and reviewed.
    Fix: set ``owner:`` to the role accountable for the process (e.g. rektor).
    """

    id = "PM401"
    name = "missing-owner"
    family = "governance"

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        repo = ctx.repo
        for p in repo.processes.values():
            if not p.owner and p.status is not Status.retired:
                yield self.finding(
                    t("PM401.message", process=p.id),
                    repo.process_ref(p, "id"),
                    hint=t("PM401.hint"),
                )


@register
class ReviewOverdue(Rule):
    """An approved process is past its review date, or was never reviewed.

    Why: steering documents change; an unreviewed process may no longer be lawful.
    Fix: review the process, then update ``reviewed:`` (and ``version:``).
    """

    id = "PM402"
    name = "review-overdue"
    family = "governance"
    severity = Severity.warning

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        repo = ctx.repo
        now = ctx.today
        for p in repo.processes.values():
            if p.status is not Status.approved:
                continue
            due = p.next_review()
            if due is None:
                yield self.finding(
                    t("PM402.no_date.message", process=p.id),
                    repo.process_ref(p, "status"),
                    hint=t("PM402.no_date.hint"),
                )
            elif due < now:
                yield self.finding(
                    t("PM402.overdue.message", process=p.id, due=due.isoformat(), n=(now - due).days),
                    repo.process_ref(p, "reviewed"),
                    hint=t("PM402.overdue.hint"),
                )


@register
class RetiredStillCalled(Rule):
    """A process that is in use calls a retired process.

    Why: staff would be sent to a way of working that no longer applies.
    Fix: call the process that replaced it, or retire the caller too.
    """

    id = "PM403"
    name = "retired-still-called"
    family = "governance"

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        repo = ctx.repo
        for p in repo.processes.values():
            if p.status is Status.retired:
                continue
            for s in p.steps:
                callee = repo.processes.get(s.calls or "")
                if callee and callee.status is Status.retired:
                    yield self.finding(
                        t("PM403.message", step=s.id, callee=callee.id),
                        repo.step_ref(p, s._index, "calls"),
                        hint=t("PM403.hint"),
                    )


@register
class MissingQuestion(Rule):
    """A process has no ``question`` ("Hur gör vi när …?").

    Why: the site's start page and search answer questions; without one the
    process is harder to find.
    Fix: add ``question: Hur gör vi när …?`` in the words staff would use.
    """

    id = "PM404"
    name = "missing-question"
    family = "governance"
    severity = Severity.warning

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        repo = ctx.repo
        for p in repo.processes.values():
            if not p.question and p.status is not Status.retired:
                yield self.finding(
                    t("PM404.message", process=p.id),
                    repo.process_ref(p, "title"),
                    hint=t("PM404.hint"),
                )


@register
class StepWithoutRole(Rule):
    """A task, decision or subprocess step has no responsible role.

    Why: a step nobody owns does not get done, and it has no swimlane.
    Fix: set ``role:`` to the role that does the step.
    """

    id = "PM405"
    name = "step-without-role"
    family = "governance"
    severity = Severity.warning

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        repo = ctx.repo
        kinds = (StepType.task, StepType.decision, StepType.subprocess)
        for p in repo.processes.values():
            for s in p.steps:
                if s.type in kinds and not s.role:
                    yield self.finding(
                        t("PM405.message", step=s.id),
                        repo.step_ref(p, s._index, "id"),
                        hint=t("PM405.hint"),
                    )


@register
class VersionNotRaised(Rule):
    """A process changed since the base revision, but its ``version`` did not.

    Why: the version is how readers, the site's change history and ``procmodel diff`` tell
    one description of a process from the next; two different texts under one version
    number cannot be told apart.
    Fix: raise ``version:`` (e.g. 1.2.0 → 1.2.1 for wording, 1.3.0 for a changed flow).
    Reported by ``procmodel check --changed-since REV``, comparing with the process at REV;
    a plain check has no base revision and reports nothing.
    """

    id = "PM406"
    name = "version-not-raised"
    family = "governance"
    severity = Severity.warning

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        repo = ctx.repo
        for d in ctx.process_changes:
            p = repo.processes.get(d.id)
            if p is None or d.state != "changed" or not d.content_changed or d.version_changed:
                continue
            yield self.finding(
                t("PM406.message", process=p.id, rev=ctx.since or "", version=p.version),
                repo.process_ref(p, "version"),
                hint=t("PM406.hint", version=p.version, next=next_version(p.version)),
                subject=p.id,
            )


def next_version(version: str) -> str:
    """The version with its last number raised by one (``1.2.0`` → ``1.2.1``; ``v3`` → ``v4``)."""
    numbers = list(re.finditer(r"\d+", version))
    if not numbers:
        return f"{version}.1"
    last = numbers[-1]
    return f"{version[: last.start()]}{int(last.group()) + 1}{version[last.end() :]}"


@register
class GoalTextChangedSinceReview(Rule):
    """A process serves a paragraph whose official text changed after the process was reviewed.

    Why: the routine was checked against the old wording; the new text may ask for
    something else (a new duty, another deadline, a decision moved to someone else).
    Fix: read the new text (``procmodel goals changes`` shows old and new), review the
    process against it, then set ``reviewed:`` to the date of that review.
    The date comes from the paragraph's ``changed:``, which ``procmodel goals import-sfs``
    sets when the official text it imports differs from the one the catalog held.
    """

    id = "PM407"
    name = "goal-text-changed-since-review"
    family = "governance"
    severity = Severity.warning

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        repo = ctx.repo
        changed = {gid: goal for gid, goal in repo.goals.items() if goal.changed is not None}
        if not changed:
            return
        for p in repo.processes.values():
            if p.status is Status.retired or p.reviewed is None:
                continue
            seen: set[str] = set()
            places = [
                (gid, repo.step_ref(p, s._index, "goals", i))
                for s in p.steps
                for i, gid in enumerate(s.goals)
                if gid in changed  # a reference is made only for a goal whose text changed
            ]
            places += [
                (gid, repo.process_ref(p, "goals", i)) for i, gid in enumerate(p.goals) if gid in changed
            ]
            for gid, ref in places:
                goal = changed[gid]
                assert goal.changed is not None
                if gid in seen or goal.changed <= p.reviewed:
                    continue
                seen.add(gid)
                yield self.finding(
                    t(
                        "PM407.message",
                        process=p.id,
                        goal=gid,
                        number=goal.number or gid,
                        changed=goal.changed.isoformat(),
                        by=f" ({goal.changed_by})" if goal.changed_by else "",
                        reviewed=p.reviewed.isoformat(),
                    ),
                    ref,
                    hint=t("PM407.hint"),
                )
