"""The annual wheel (årshjul) as data: what happens when in the school year, for the whole
organisation and for each unit.

Its events come from the steps with a ``schedule`` (:mod:`procmodel.schedule`): a central
process's steps are the organisation's, and a unit's wheel has the central ones with the
unit's own variants in their place (``<process>@<unit>``); and from the follow-up
(:mod:`procmodel.followup`): when each period's assessments are due, and the work plans'
actions with their due dates. The site's page and the iCalendar export are made from this.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from procmodel.collation import sort_key
from procmodel.repository import Repository
from procmodel.schedule import SCHOOL_YEAR_START, When, school_year_months

EventKind = Literal["step", "assessment", "action"]


@dataclass(frozen=True)
class WheelEvent:
    """One thing on the wheel: a dated step, an assessment due, an action due."""

    kind: EventKind
    title: str
    when: When
    unit: str | None = None  # None: the whole organisation
    process: str | None = None  # the (central or variant) process of a step
    step: str | None = None
    role: str | None = None  # who does it (role id), when known
    period: str | None = None  # the follow-up period of an assessment or action
    activity: str | None = None  # the id of an action in its work plan, when it has one
    status: str | None = None  # an action's status (planerad, pågår, klar)
    index: int = 0  # which of a step's schedule entries (a step may recur in the year)

    @property
    def key(self) -> str:
        """Stable identity of the event (the iCalendar UID is made from it)."""
        parts = (
            self.kind,
            self.unit or "",
            self.process or "",
            self.step or "",
            self.period or "",
            self.activity or "",
        )
        return "/".join((*parts, self.title if self.kind != "step" else "", str(self.index)))


def process_events(repo: Repository) -> list[WheelEvent]:
    """Every scheduled step of every process of ``repo`` (central and variants)."""
    out = []
    for pid, process in repo.processes.items():
        info = repo.variants.get(pid)
        unit = info.unit if info is not None else None
        for step in process.steps:
            for i, when in enumerate(step.schedule):
                out.append(WheelEvent("step", step.label, when, unit, pid, step.id, step.role, index=i))
    return out


def wheel_events(
    repo: Repository,
    unit: str | None = None,
    extra: list[WheelEvent] | None = None,
    steps: list[WheelEvent] | None = None,
) -> list[WheelEvent]:
    """The wheel of the organisation (``unit`` None) or of one unit.

    The organisation's has the central processes' steps and the events of no unit in
    ``extra``; a unit's has the central processes it follows as they are, its own variants
    instead of the ones it adapts, and its own events and the organisation's in ``extra``.
    ``steps``: :func:`process_events` of ``repo``, when already at hand.
    """
    adapted = {info.base for info in repo.variants.values() if info.unit == unit} if unit else set()
    steps = process_events(repo) if steps is None else steps
    return [e for e in [*steps, *(extra or [])] if _on_wheel(e, unit, adapted)]


def _on_wheel(event: WheelEvent, unit: str | None, adapted: set[str]) -> bool:
    if event.kind != "step":
        return event.unit in (None, unit)
    if event.unit is None:  # a central process's step: unless the unit has its own variant
        return event.process not in adapted
    return event.unit == unit


@dataclass(frozen=True)
class Month:
    """One month of the school year on the wheel."""

    year: int
    month: int
    events: list[tuple[dt.date, dt.date, WheelEvent]]  # first day, day after the last, event


def by_month(events: list[WheelEvent], school_year: int) -> list[Month]:
    """The läsår's twelve months (August first), each with its events: a whole month's first,
    then by date and title. A one-off date outside the läsår is left out."""
    months = school_year_months(school_year)
    slots: dict[int, list[tuple[dt.date, dt.date, WheelEvent]]] = {m: [] for _, m in months}
    first_day = dt.date(*months[0], 1)
    last_day = dt.date(school_year + 1, SCHOOL_YEAR_START, 1)
    for event in events:
        start, end = event.when.span(school_year)
        if not event.when.recurring and not first_day <= start < last_day:
            continue
        slots[event.when.month_in(school_year)].append((start, end, event))
    out = []
    for year, month in months:
        items = sorted(
            slots[month],
            key=lambda s: (s[2].when.month is None, s[0], s[1], sort_key(s[2].title), s[2].key),
        )
        out.append(Month(year, month, items))
    return out
