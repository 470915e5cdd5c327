"""Coverage rules: the goals the configuration requires are served by approved processes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from procmodel.findings import Finding, SourceRef
from procmodel.i18n import t
from procmodel.rules.base import Rule, register
from procmodel.rules.references import suggest

if TYPE_CHECKING:
    from procmodel.rules.context import CheckContext


@register
class UncoveredGoal(Rule):
    """A required goal that no step of an approved process serves.

    Why: this is the gap the organisation must close: a steering-document
    requirement that no documented way of working fulfils.
    Fix: link the goal on the step that serves it (``goals:``), write the
    missing process, or (deliberately) remove the goal from ``coverage.required``.
    """

    id = "PM601"
    name = "uncovered-goal"
    family = "coverage"

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        repo = ctx.repo
        required = ctx.required
        if not required:
            return
        coverage = ctx.coverage
        excepted = ctx.excepted  # deliberate, dated gaps (expired ones: PM604)
        which = t("PM601.approved") if repo.config.coverage.approved_only else t("PM601.any")
        for gid, entry in required.items():
            if coverage[gid].covered or gid in excepted:
                continue
            goal = repo.goals[gid]
            yield self.finding(
                t("PM601.message", goal=gid, label=_short(goal.label), which=which),
                repo.goal_ref(gid, "id"),
                hint=t("PM601.hint", entry=entry),
                subject=gid,
            )


@register
class UnknownRequiredGoal(Rule):
    """``coverage.required`` names a catalog or goal that does not exist.

    Why: the coverage gate would silently check nothing for that entry.
    Fix: use a catalog id (e.g. skollagen) or a goal id from goals/*.yaml.
    """

    id = "PM602"
    name = "unknown-required-goal"
    family = "coverage"

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        repo = ctx.repo
        if repo.config_file is None:
            return
        known = [*repo.catalogs, *repo.goals]
        for i, entry in enumerate(repo.config.coverage.required):
            if entry not in repo.catalogs and entry not in repo.goals:
                yield self.finding(
                    t("PM602.message", entry=entry),
                    SourceRef(repo.config_file, ("coverage", "required", i)),
                    hint=suggest(entry, known, t("hint.catalog_or_goal_id")),
                )


def _short(text: str, limit: int = 60) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, with '…' when cut."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,.;:") + "…"
