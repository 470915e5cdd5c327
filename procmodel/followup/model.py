"""The follow-up files as pydantic models, and :class:`FollowUp`, what the loader puts on the repository.

Files (all under ``uppföljning/`` in the repository, all optional):

``uppföljning/<unit>/<period>.yaml``: :class:`AssessmentFile`, the unit's nulägesanalys of a period
    (``2025-ht``, ``2026-vt``, ``2025-26`` …): a level on the scale of ``followup.scale`` per goal, with
    its analysis and evidence (links, indicators), the overall analysis, and the prioritised
    development areas.
``uppföljning/<unit>/<period>-plan.yaml``: :class:`PlanFile`, the unit's work plan for the period:
    prioritised goals broken down into activities with a responsible role (or person), a due date and
    a status (planerad, pågår, klar, struken).
``uppföljning/indikatorer.yaml``: :class:`IndicatorCatalog`, the indicators (id, name, measure,
    goals, whether higher is better, range).
``uppföljning/indikatorer/*.csv``: the values (:class:`IndicatorValue`), read by
    :mod:`procmodel.followup.indicators`; columns ``unit`` (or ``enhet``), ``period``, ``indicator``
    (``indikator``), ``value`` (``värde``) and optionally ``group`` (``grupp``).

The unit and period are written inside each YAML file (``unit:``, ``period:``); the path must agree
(PM106 otherwise). Which file is which kind is decided by
:mod:`procmodel.load.discovery`: ``indikatorer/`` and ``indikatorer.yaml`` are reserved names there.
Periods and their due dates are configured in ``procmodel.yaml``
(:class:`~procmodel.followup.config.FollowupConfig`).

On the loaded repository, ``repo.followup`` (a :class:`FollowUp`) holds every file read, keyed by
(unit, period), with the display path of each so that findings and pages can point at it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Generic, TypeVar

from pydantic import ConfigDict, Field, field_validator, model_validator

from procmodel.followup.config import PERIOD_PATTERN, LevelValue
from procmodel.i18n import t
from procmodel.model import Id, Strict

#: The ``unit`` of an indicator value for the whole organisation (a figure the school system computed).
WHOLE_ORGANISATION = "huvudman"

Period = str  # an id of ``followup.periods``
_T = TypeVar("_T")


def _http(url: str | None) -> str | None:
    """Only http(s) addresses: a ``javascript:`` or ``file:`` link must not reach the site."""
    if url is not None and not url.lower().startswith(("http://", "https://")):
        raise ValueError(t("followup.url_scheme", url=url))
    return url


class Evidence(Strict):
    """What an assessment rests on: a link (a report, a survey) or an indicator of the catalog."""

    title: str | None = Field(
        default=None, description="What the evidence is, e.g. 'Trygghetsenkät HT 2025'."
    )
    url: str | None = Field(default=None, description="http(s) address of the evidence.")
    indicator: Id | None = Field(
        default=None, description="Id of an indicator in uppföljning/indikatorer.yaml."
    )

    @field_validator("url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        return _http(value)

    @model_validator(mode="after")
    def _one_kind(self) -> Evidence:
        if (self.url is None) == (self.indicator is None):
            raise ValueError(t("followup.evidence_kind"))
        return self


class Assessment(Strict):
    """One goal rated on the scale."""

    goal: Id = Field(description="Id of the goal (from goals/).")
    level: LevelValue = Field(description="A value of followup.scale in procmodel.yaml, e.g. 3 or 'delvis'.")
    analysis: str | None = Field(default=None, description="Why this level: what we see, in Markdown.")
    evidence: list[Evidence] = Field(default_factory=list)


class DevelopmentArea(Strict):
    """A prioritised development area (most important first)."""

    title: str = Field(min_length=1, description="e.g. 'Öka tryggheten på rasterna'.")
    goals: list[Id] = Field(default_factory=list, description="Goals the area is about.")
    description: str | None = Field(default=None, description="What to develop and why, in Markdown.")


class AssessmentFile(Strict):
    """``uppföljning/<unit>/<period>.yaml``: a unit's nulägesanalys of one period."""

    schema_: str | None = Field(default=None, alias="$schema")
    unit: Id = Field(description="Id of the unit (from organisation.yaml).")
    period: str = Field(pattern=PERIOD_PATTERN, description="Id of the period (from followup.periods).")
    date: dt.date | None = Field(default=None, description="When the assessment was made.")
    author: str | None = Field(default=None, description="Who wrote it (e.g. the rektor and the team).")
    summary: str | None = Field(default=None, description="The overall analysis, in Markdown.")
    assessments: list[Assessment] = Field(default_factory=list, description="One entry per goal rated.")
    development_areas: list[DevelopmentArea] = Field(
        default_factory=list, description="Prioritised development areas, most important first."
    )
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, populate_by_name=True)


class ActivityStatus(StrEnum):
    """Where an activity stands (display names: ``followup.status.*``)."""

    planerad = "planerad"
    pågår = "pågår"
    klar = "klar"
    struken = "struken"

    @property
    def open(self) -> bool:
        """Still to be done (planned or under way)."""
        return self in (ActivityStatus.planerad, ActivityStatus.pågår)


class Activity(Strict):
    """One thing to do, by whom and by when."""

    id: Id | None = Field(default=None, description="Optional id (stable links and calendar entries).")
    title: str = Field(min_length=1, description="What is done, e.g. 'Schemalägg rastvärdar'.")
    role: Id | None = Field(default=None, description="Responsible role (from roles.yaml).")
    person: str | None = Field(default=None, description="Responsible person, when it is not a role.")
    due: dt.date = Field(description="When it is to be done.")
    status: ActivityStatus = Field(
        default=ActivityStatus.planerad, description="planerad/pågår/klar/struken."
    )
    description: str | None = Field(default=None, description="How, in Markdown.")

    @model_validator(mode="after")
    def _someone(self) -> Activity:
        if self.role is None and not self.person:
            raise ValueError(t("followup.activity_nobody"))
        return self


class PlanGoal(Strict):
    """A prioritised goal of the work plan and the activities that take it forward."""

    goal: Id = Field(description="Id of the goal (from goals/).")
    why: str | None = Field(default=None, description="Why it is prioritised (e.g. from the nulägesanalys).")
    indicators: list[Id] = Field(default_factory=list, description="Indicators that show progress.")
    activities: list[Activity] = Field(default_factory=list)


class PlanFile(Strict):
    """``uppföljning/<unit>/<period>-plan.yaml``: a unit's work plan for one period."""

    schema_: str | None = Field(default=None, alias="$schema")
    unit: Id = Field(description="Id of the unit (from organisation.yaml).")
    period: str = Field(pattern=PERIOD_PATTERN, description="Id of the period (from followup.periods).")
    summary: str | None = Field(default=None, description="What the plan is about, in Markdown.")
    goals: list[PlanGoal] = Field(
        default_factory=list, description="Prioritised goals, most important first."
    )
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, populate_by_name=True)


class Indicator(Strict):
    """A measure followed over time, linked to the goals it shows progress towards."""

    id: Id
    name: str = Field(min_length=1, description="e.g. 'Genomsnittligt meritvärde åk 9'.")
    measure: str | None = Field(default=None, description="Unit of measure, e.g. 'poäng', '%'.")
    goals: list[Id] = Field(default_factory=list, description="Goals the indicator is linked to.")
    higher_is_better: bool = Field(default=True, description="False for e.g. absence (lower is better).")
    min: float | None = Field(
        default=None, allow_inf_nan=False, description="Lowest possible value (values below are errors)."
    )
    max: float | None = Field(
        default=None, allow_inf_nan=False, description="Highest possible value (values above are errors)."
    )
    description: str | None = Field(default=None, description="Where the figure comes from, in Markdown.")

    @model_validator(mode="after")
    def _range(self) -> Indicator:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(t("followup.range_order", low=self.min, high=self.max))
        return self


class IndicatorCatalog(Strict):
    """``uppföljning/indikatorer.yaml``: the indicators whose values the CSV files hold."""

    schema_: str | None = Field(default=None, alias="$schema")
    example_data: bool = Field(
        default=False, description="The values are made up (an example): the site says so beside every chart."
    )
    description: str | None = Field(default=None, description="Where the values come from, in Markdown.")
    indicators: list[Indicator] = Field(default_factory=list)
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, populate_by_name=True)


@dataclass(frozen=True, slots=True)
class IndicatorValue:
    """One row of an indicator CSV file: a value of an indicator for a unit (and group) in a period."""

    unit: str  # a unit id, or WHOLE_ORGANISATION
    period: Period
    indicator: str
    value: float
    group: str | None  # e.g. 'matematik', 'åk 9', 'flickor'; None for the whole unit
    file: str  # display path
    line: int  # 1-based line of the row in the file


@dataclass
class Loaded(Generic[_T]):
    """A follow-up file as read: its model and its display path (findings point into it)."""

    data: _T
    file: str


@dataclass
class FollowUp:
    """Every follow-up file of the repository (``repo.followup``), keyed for the rules, report and site.

    ``assessments`` and ``plans`` are keyed by (unit, period); a second file for the same pair is
    reported (PM804) and left out. ``values`` are in file order, then row order; duplicates
    (same unit, period, indicator, group) are reported (PM806) and left out.
    """

    catalog: IndicatorCatalog | None = None
    catalog_file: str | None = None
    indicators: dict[str, Indicator] = field(default_factory=dict)
    assessments: dict[tuple[str, Period], Loaded[AssessmentFile]] = field(default_factory=dict)
    plans: dict[tuple[str, Period], Loaded[PlanFile]] = field(default_factory=dict)
    #: (unit, period, indicator, group) → its value, in the order read
    value_at: dict[tuple[str, Period, str, str | None], IndicatorValue] = field(default_factory=dict)
    value_files: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.catalog_file or self.assessments or self.plans or self.value_files)

    @property
    def values(self) -> list[IndicatorValue]:
        """Every value, in file order, then row order (the keyed ones: no second list to keep in step)."""
        return list(self.value_at.values())

    def periods(self) -> list[Period]:
        """Every period some file names, sorted (the configured order is in ``config.followup``)."""
        seen = {p for _u, p in self.assessments} | {p for _u, p in self.plans}
        seen |= {period for _unit, period, _indicator, _group in self.value_at}
        return sorted(seen)

    def has_plan(self, unit: str) -> bool:
        """The unit has a work plan for some period."""
        return any(u == unit for u, _p in self.plans)

    def overdue(self, today: dt.date) -> list[tuple[Loaded[PlanFile], int, int]]:
        """(plan, goal index, activity index) of every open activity due before ``today``, plan by plan."""
        out = []
        for plan in self.plans.values():
            for i, pg in enumerate(plan.data.goals):
                out += [(plan, i, j) for j, a in enumerate(pg.activities) if a.status.open and a.due < today]
        return out
