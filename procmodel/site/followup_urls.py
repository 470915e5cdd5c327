"""Where the follow-up's pages and charts are on the site (source paths and anchors), in one place."""

from __future__ import annotations

from procmodel.site import urls

FOLLOWUP = "uppföljning"
CHARTS = f"{FOLLOWUP}/diagram"


def followup_index() -> str:
    """Source path of the follow-up's start page."""
    return urls.section_index(FOLLOWUP)


def matrix_path(period: str) -> str:
    """Source path of the unit × goal matrix of a period."""
    return f"{FOLLOWUP}/matris-{period}.md"


def followup_unit_path(unit: str) -> str:
    """Source path of a unit's nulägesanalys page."""
    return f"{FOLLOWUP}/enheter/{urls.page_stem(unit)}.md"


def plan_path(unit: str) -> str:
    """Source path of a unit's work-plan page."""
    return f"{FOLLOWUP}/arbetsplaner/{urls.page_stem(unit)}.md"


def indicator_path(indicator: str) -> str:
    """Source path of an indicator's page."""
    return f"{FOLLOWUP}/indikatorer/{urls.page_stem(indicator)}.md"


def chart_path(indicator: str, unit: str | None = None) -> str:
    """Site path of the SVG of an indicator (for one unit, or for all)."""
    return f"{CHARTS}/{indicator}.svg" if unit is None else f"{CHARTS}/{indicator}--{unit}.svg"


# The element ids join a period and an id with '~', which no id or period may hold (see
# model.ID_PATTERN), so no two of them are alike: with '-', the goal 'ht-trygghet' of period
# '2026' and the goal 'trygghet' of '2026-ht' would share one, and an activity named like a goal
# its plan's goal.


def assessment_anchor(period: str, goal: str) -> str:
    """Element id of one goal's assessment in one period on the unit's page."""
    return f"{period}~{goal}"


def plan_goal_anchor(period: str, goal: str) -> str:
    """Element id of a goal of a period's work plan on the unit's work-plan page."""
    return f"{period}~{goal}"


def activity_anchor(period: str, activity: str) -> str:
    """Element id of an activity (with an id) on the unit's work-plan page (beside its goals')."""
    return f"{period}~~{activity}"
