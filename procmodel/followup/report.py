"""The follow-up report of one period as data: the unit × goal matrix, missing assessments, overdue actions.

:func:`followup_report` builds a :class:`FollowupReport` (the site's matrix page uses the same data);
:mod:`procmodel.followup.report_formats` writes it as text, Markdown or JSON
(``procmodel followup report``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from procmodel.followup.model import Evidence
from procmodel.repository import Repository


@dataclass
class Level:
    """One point of the scale."""

    value: str
    label: str
    rank: int  # 0 = lowest


@dataclass
class GoalColumn:
    """A goal some unit assessed in the period (a column of the matrix)."""

    id: str
    label: str  # number and title
    catalog: str | None
    area: str | None  # the top goal of its catalog (the goal area), None for a top goal itself
    area_label: str | None


@dataclass
class Cell:
    """One unit's assessment of one goal."""

    level: str
    label: str | None  # None: not on the scale (PM801)
    rank: int | None
    analysis: str | None
    evidence: list[dict[str, str]] = field(default_factory=list)  # {url, title} or {indicator, title}


@dataclass
class UnitRow:
    """A unit of the organisation (a row of the matrix)."""

    id: str
    name: str
    area: str | None
    type: str
    skolformer: list[str]
    file: str | None  # the assessment file, None when the unit has none for the period
    summary: str | None = None
    development_areas: list[str] = field(default_factory=list)
    levels: dict[str, Cell] = field(default_factory=dict)  # goal id → cell


@dataclass
class Missing:
    """A unit expected to assess the period that has not."""

    unit: str
    name: str
    due: str | None
    past_due: bool


@dataclass
class Overdue:
    """An activity of a work plan past its due date and not done."""

    unit: str
    name: str  # the unit's name
    period: str
    goal: str
    activity: str | None
    title: str
    role: str | None
    person: str | None
    due: str
    days: int
    status: str
    file: str


@dataclass
class FollowupReport:
    """The follow-up of one period (``period`` None: no period is configured or assessed yet)."""

    period: str | None
    title: str | None
    due: str | None
    today: str
    periods: list[str]
    scale: list[Level]
    goals: list[GoalColumn]
    units: list[UnitRow]
    missing: list[Missing]
    overdue: list[Overdue]


def all_periods(repo: Repository) -> list[str]:
    """The configured periods in their order, then any other period a file names (sorted)."""
    configured = repo.config.followup.ordered_periods()
    return configured + [p for p in repo.followup.periods() if p not in configured]


def default_period(repo: Repository) -> str | None:
    """The latest period with an assessment, else the first configured period, else None."""
    periods = all_periods(repo)
    assessed = {p for _u, p in repo.followup.assessments}
    for period in reversed(periods):
        if period in assessed:
            return period
    return periods[0] if periods else None


def expected_units(repo: Repository) -> list[str]:
    """The units that must assess every period (``followup.units``, default every unit)."""
    units = repo.config.followup.units
    return [u for u in (units if units is not None else repo.units) if u in repo.units]


def followup_report(
    repo: Repository, period: str | None = None, today: dt.date | None = None
) -> FollowupReport:
    """The report of ``period`` (default: :func:`default_period`); ``today`` defaults as for review dates."""
    now = today or repo.config.today or dt.date.today()
    conf = repo.config.followup
    period = period or default_period(repo)
    scale = [Level(lv.value, lv.label, i) for i, lv in enumerate(conf.scale)]
    pconf = conf.periods.get(period) if period else None
    due = pconf.due if pconf is not None else None
    rows = [_row(repo, unit_id, period) for unit_id in repo.units]
    expected = set(expected_units(repo))
    missing = [
        Missing(r.id, r.name, due.isoformat() if due else None, due is not None and due < now)
        for r in rows
        if r.file is None and r.id in expected and period is not None
    ]
    return FollowupReport(
        period=period,
        title=conf.period_title(period) if period else None,
        due=due.isoformat() if due else None,
        today=now.isoformat(),
        periods=all_periods(repo),
        scale=scale,
        goals=_columns(repo, rows),
        units=rows,
        missing=missing,
        overdue=_overdue(repo, now),
    )


def _row(repo: Repository, unit_id: str, period: str | None) -> UnitRow:
    unit = repo.units[unit_id]
    loaded = repo.followup.assessments.get((unit_id, period)) if period else None
    row = UnitRow(unit.id, unit.name, unit.area, unit.type.value, [s.value for s in unit.skolformer], None)
    if loaded is None:
        return row
    a = loaded.data
    row.file, row.summary = loaded.file, a.summary
    row.development_areas = [d.title for d in a.development_areas]
    conf = repo.config.followup
    for entry in a.assessments:
        if entry.goal in row.levels:
            continue  # assessed twice: the first counts (PM804)
        level = conf.level(entry.level)
        row.levels[entry.goal] = Cell(
            entry.level,
            level.label if level else None,
            conf.rank(entry.level),
            entry.analysis,
            [_evidence(repo, ev) for ev in entry.evidence],
        )
    return row


def _evidence(repo: Repository, ev: Evidence) -> dict[str, str]:
    if ev.url is not None:
        return {"url": ev.url, "title": ev.title or ev.url}
    indicator = repo.followup.indicators.get(ev.indicator or "")
    return {
        "indicator": ev.indicator or "",
        "title": ev.title or (indicator.name if indicator else ev.indicator or ""),
    }


def _columns(repo: Repository, rows: list[UnitRow]) -> list[GoalColumn]:
    """Every goal assessed by some unit, in catalog order (unknown goals last, by id)."""
    assessed = {g for r in rows for g in r.levels}
    order = {gid: i for i, gid in enumerate(repo.goals)}
    out = []
    for gid in sorted(assessed, key=lambda g: (order.get(g, len(order)), g)):
        goal = repo.goals.get(gid)
        top = gid
        while repo.goal_parent.get(top) is not None:
            top = repo.goal_parent[top] or top
        area = top if top != gid and top in repo.goals else None
        out.append(
            GoalColumn(
                gid,
                goal.label if goal else gid,
                repo.goal_catalog.get(gid),
                area,
                repo.goals[area].label if area else None,
            )
        )
    return out


def _overdue(repo: Repository, today: dt.date) -> list[Overdue]:
    out = []
    for plan, i, j in repo.followup.overdue(today):
        pg = plan.data.goals[i]
        act = pg.activities[j]
        out.append(
            Overdue(
                plan.data.unit,
                unit.name if (unit := repo.units.get(plan.data.unit)) else plan.data.unit,
                plan.data.period,
                pg.goal,
                act.id,
                act.title,
                act.role,
                act.person,
                act.due.isoformat(),
                (today - act.due).days,
                act.status.value,
                plan.file,
            )
        )
    return out
