"""Follow-up: nulägesanalys, work plans and indicator values under ``uppföljning/`` (PM801–PM807)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from procmodel.findings import Finding, SourceRef
from procmodel.followup.model import AssessmentFile, Loaded, PlanFile
from procmodel.followup.report import expected_units
from procmodel.followup.served import served_goals
from procmodel.i18n import t
from procmodel.model import Severity
from procmodel.rules.base import Rule, register
from procmodel.rules.references import suggest

if TYPE_CHECKING:
    from procmodel.repository import Repository
    from procmodel.rules.context import CheckContext


@register
class FollowupUnknownReference(Rule):
    """A follow-up file names a unit, period, goal, level, role or indicator that does not exist.

    Why: an assessment of an unknown unit or goal is missing from the matrix, a level off the
    scale cannot be compared, and an activity for an unknown role has nobody to do it.
    Fix: use a unit id from ``organisation.yaml``, a period of ``followup.periods`` and a level of
    ``followup.scale`` in ``procmodel.yaml``, a goal id from ``goals/``, a role id from
    ``roles.yaml`` and an indicator id from ``uppföljning/indikatorer.yaml`` (the hint names the
    closest one). In an indicator CSV file the finding points at the cell.
    """

    id = "PM801"
    name = "followup-unknown-reference"
    family = "followup"

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        repo = ctx.repo
        followup = repo.followup
        for loaded in followup.assessments.values():
            yield from self._unit_and_period(repo, loaded)
            a, file = loaded.data, loaded.file
            scale = repo.config.followup
            for i, entry in enumerate(a.assessments):
                yield from self._goal(repo, entry.goal, SourceRef(file, ("assessments", i, "goal")))
                if scale.rank(entry.level) is None:
                    levels = ", ".join(level.value for level in scale.scale)
                    yield self.finding(
                        t("PM801.level.message", level=entry.level),
                        SourceRef(file, ("assessments", i, "level")),
                        hint=suggest(
                            entry.level,
                            [lv.value for lv in scale.scale],
                            t("PM801.level.hint", levels=levels),
                        ),
                    )
                for j, ev in enumerate(entry.evidence):
                    if ev.indicator is not None:
                        where = SourceRef(file, ("assessments", i, "evidence", j, "indicator"))
                        yield from self._indicator(repo, ev.indicator, where)
            for i, area in enumerate(a.development_areas):
                for j, gid in enumerate(area.goals):
                    yield from self._goal(repo, gid, SourceRef(file, ("development_areas", i, "goals", j)))
        for plan in followup.plans.values():
            yield from self._unit_and_period(repo, plan)
            for i, pg in enumerate(plan.data.goals):
                yield from self._goal(repo, pg.goal, SourceRef(plan.file, ("goals", i, "goal")))
                for j, ind in enumerate(pg.indicators):
                    yield from self._indicator(repo, ind, SourceRef(plan.file, ("goals", i, "indicators", j)))
                for j, act in enumerate(pg.activities):
                    if act.role is not None and act.role not in repo.roles:
                        yield self.finding(
                            t("PM801.role.message", role=act.role),
                            SourceRef(plan.file, ("goals", i, "activities", j, "role")),
                            hint=suggest(act.role, repo.roles, t("PM801.role.hint")),
                        )
        if followup.catalog is not None and followup.catalog_file is not None:
            for i, indicator in enumerate(followup.catalog.indicators):
                for j, gid in enumerate(indicator.goals):
                    yield from self._goal(
                        repo, gid, SourceRef(followup.catalog_file, ("indicators", i, "goals", j))
                    )
        if repo.config.followup.units is not None and repo.config_file is not None:
            for i, unit in enumerate(repo.config.followup.units):
                if unit not in repo.units:
                    yield self._unknown_unit(
                        repo, unit, SourceRef(repo.config_file, ("followup", "units", i))
                    )

    def _unit_and_period(
        self, repo: Repository, loaded: Loaded[AssessmentFile] | Loaded[PlanFile]
    ) -> Iterator[Finding]:
        data, file = loaded.data, loaded.file
        if data.unit not in repo.units:
            yield self._unknown_unit(repo, data.unit, SourceRef(file, ("unit",)))
        periods = repo.config.followup.periods
        if periods and data.period not in periods:
            yield self.finding(
                t("PM801.period.message", period=data.period),
                SourceRef(file, ("period",)),
                hint=suggest(data.period, periods, t("PM801.period.hint")),
            )

    def _unknown_unit(self, repo: Repository, unit: str, where: SourceRef) -> Finding:
        fallback = t("PM801.unit.hint") if repo.organisation is not None else t("PM702.no_organisation.hint")
        return self.finding(
            t("PM801.unit.message", unit=unit), where, hint=suggest(unit, repo.units, fallback)
        )

    def _goal(self, repo: Repository, goal: str, where: SourceRef) -> Iterator[Finding]:
        if goal not in repo.goals and goal not in repo.catalogs and goal not in repo.invalid_ids:
            yield self.finding(
                t("PM801.goal.message", goal=goal),
                where,
                hint=suggest(goal, repo.goals, t("PM801.goal.hint")),
            )

    def _indicator(self, repo: Repository, indicator: str, where: SourceRef) -> Iterator[Finding]:
        followup = repo.followup
        if indicator not in followup.indicators:
            fallback = t("PM801.indicator.hint") if followup.catalog_file else t("PM801.no_catalog.hint")
            yield self.finding(
                t("PM801.indicator.message", indicator=indicator),
                where,
                hint=suggest(indicator, followup.indicators, fallback),
            )


@register
class AssessedGoalNotServed(Rule):
    """A unit assesses a goal that none of its processes serve.

    Why: the assessment has no way of working behind it: nobody can say which routine takes the
    goal forward, so the rating cannot be followed up in the processes.
    Fix: link the goal to the step of a process that serves it (central, or the unit's variant),
    or assess the goal the processes do serve.
    """

    id = "PM802"
    name = "assessed-goal-not-served"
    severity = Severity.warning
    family = "followup"

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        repo = ctx.repo
        served: dict[str, set[str]] = {}
        for (unit, _period), loaded in repo.followup.assessments.items():
            if unit not in repo.units:
                continue  # PM801 says so
            if unit not in served:
                served[unit] = served_goals(repo, unit)
            for i, entry in enumerate(loaded.data.assessments):
                if entry.goal in served[unit] or entry.goal not in repo.goals:
                    continue
                yield self.finding(
                    t("PM802.message", goal=entry.goal, unit=unit),
                    SourceRef(loaded.file, ("assessments", i, "goal")),
                    hint=t("PM802.hint", goal=entry.goal),
                    subject=f"goal:{entry.goal}",
                )


@register
class AssessmentMissing(Rule):
    """A unit has no assessment (nulägesanalys) for a period whose due date has passed.

    Why: the unit is a blank row in the matrix, and the huvudman's follow-up of the period is
    incomplete.
    Fix: add ``uppföljning/<unit>/<period>.yaml`` with the unit's assessment, or, when the unit
    does not take part, list the units that do under ``followup.units`` in ``procmodel.yaml``.
    """

    id = "PM803"
    name = "assessment-missing"
    severity = Severity.warning
    family = "followup"

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        repo = ctx.repo
        conf = repo.config.followup
        if repo.config_file is None:
            return
        units = expected_units(repo)
        for period, pconf in conf.periods.items():
            if pconf.due is None or pconf.due >= ctx.today:
                continue
            days = (ctx.today - pconf.due).days
            for unit in units:
                if (unit, period) not in repo.followup.assessments:
                    yield self.finding(
                        t("PM803.message", unit=unit, period=period, due=pconf.due.isoformat(), days=days),
                        SourceRef(repo.config_file, ("followup", "periods", period, "due")),
                        hint=t("PM803.hint", path=f"uppföljning/{unit}/{period}.yaml"),
                        subject=f"unit:{unit}",
                    )


@register
class DuplicateAssessment(Rule):
    """The same goal is assessed twice, or a unit has two files for the same period.

    Why: two levels for one goal make the matrix cell ambiguous; the second file would silently
    replace the first.
    Fix: keep one entry per goal (merge the analyses), and one assessment file and one work plan
    per unit and period.
    """

    id = "PM804"
    name = "duplicate-assessment"
    family = "followup"

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        repo = ctx.repo
        for loaded in repo.followup.assessments.values():
            goals = [(("assessments", i, "goal"), e.goal) for i, e in enumerate(loaded.data.assessments)]
            yield from self._twice(repo, loaded.file, goals)
        for plan in repo.followup.plans.values():
            yield from self._twice(
                repo, plan.file, [(("goals", i, "goal"), g.goal) for i, g in enumerate(plan.data.goals)]
            )

    def _twice(
        self, repo: Repository, file: str, goals: Sequence[tuple[tuple[str | int, ...], str]]
    ) -> Iterator[Finding]:
        first: dict[str, tuple[str | int, ...]] = {}
        for path, goal in goals:
            if goal not in first:
                first[goal] = path
                continue
            line = repo.sources.locate(SourceRef(file, first[goal])).line
            yield self.finding(
                t("PM804.goal.message", goal=goal, line=line),
                SourceRef(file, path),
                hint=t("PM804.goal.hint"),
            )


@register
class IndicatorFile(Rule):
    """An indicator CSV file cannot be read as a table of values.

    Why: none of (or not all of) its values reach the charts and the report.
    Fix: save it as CSV (UTF-8 recommended; Excel's semicolon CSV is read too) with a header
    line naming the columns ``enhet``/``unit``, ``period``, ``indikator``/``indicator``,
    ``värde``/``value`` (and ``grupp``/``group``), one row per line.
    """

    id = "PM805"
    name = "indicator-file"
    family = "followup"
    configurable = False


@register
class IndicatorValue(Rule):
    """A value in an indicator CSV file is not a number, is out of the indicator's range, or repeats a row.

    Why: a wrong figure in a chart is worse than none; a repeated row makes the series ambiguous.
    Fix: write a number (``12,5`` or ``12.5``) within the indicator's ``min``/``max`` in
    ``uppföljning/indikatorer.yaml``, and one row per unit, period, indicator and group.
    """

    id = "PM806"
    name = "indicator-value"
    family = "followup"
    configurable = False


@register
class ActionOverdue(Rule):
    """An activity of a work plan is past its due date and not done.

    Why: the plan says it should be done; either it is late, or the plan is out of date.
    Fix: do it and set ``status: klar``, move ``due:`` to a new date, or set ``status: struken``.
    """

    id = "PM807"
    name = "action-overdue"
    severity = Severity.warning
    family = "followup"

    def check(self, ctx: CheckContext) -> Iterator[Finding]:
        for plan, i, j in ctx.repo.followup.overdue(ctx.today):
            act = plan.data.goals[i].activities[j]
            yield self.finding(
                t("PM807.message", title=act.title, due=act.due.isoformat(), days=(ctx.today - act.due).days),
                SourceRef(plan.file, ("goals", i, "activities", j, "due")),
                hint=t("PM807.hint"),
                subject=f"unit:{plan.data.unit}",
            )
