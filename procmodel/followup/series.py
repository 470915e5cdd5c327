"""Indicator values as series over the periods, for charts and their tables (one line per unit and group)."""

from __future__ import annotations

from dataclasses import dataclass

from procmodel.followup.model import WHOLE_ORGANISATION, Indicator
from procmodel.followup.report import all_periods
from procmodel.repository import Repository


@dataclass
class Series:
    """One indicator for one unit (or the whole organisation) and group, period by period."""

    indicator: str
    unit: str  # a unit id, or WHOLE_ORGANISATION
    name: str  # the unit's name (the organisation's huvudman for WHOLE_ORGANISATION)
    group: str | None
    points: list[tuple[str, float | None]]  # (period, value), over every period; None: no value


def indicator_series(repo: Repository, indicator: str, unit: str | None = None) -> list[Series]:
    """Every series of ``indicator`` (only ``unit``'s and the whole organisation's when ``unit`` is given).

    Units come in the order of ``organisation.yaml``, the whole organisation last; within a unit
    the whole unit first, then its groups as the files name them.
    """
    periods = all_periods(repo)
    keys: list[tuple[str, str | None]] = []
    for v in repo.followup.values:
        wanted = unit is None or v.unit in (unit, WHOLE_ORGANISATION)
        if v.indicator == indicator and wanted and (v.unit, v.group) not in keys:
            keys.append((v.unit, v.group))
    order = {u: i for i, u in enumerate([*repo.units, WHOLE_ORGANISATION])}
    keys.sort(key=lambda k: (order.get(k[0], len(order)), k[1] is not None))
    organisation = repo.organisation.administration.huvudman if repo.organisation else WHOLE_ORGANISATION
    out = []
    at = repo.followup.value_at
    for unit_id, group in keys:
        found = [at.get((unit_id, p, indicator, group)) for p in periods]
        points = [(p, f.value if f is not None else None) for p, f in zip(periods, found, strict=True)]
        name = organisation if unit_id == WHOLE_ORGANISATION else repo.units[unit_id].name
        out.append(Series(indicator, unit_id, name, group, points))
    return out


def goal_indicators(repo: Repository, goal: str) -> list[Indicator]:
    """The indicators linked to ``goal``, or to a goal under it, in catalog order."""
    under = {goal}
    stack = list(repo.goals[goal].goals) if goal in repo.goals else []
    while stack:
        g = stack.pop()
        under.add(g.id)
        stack.extend(g.goals)
    return [i for i in repo.followup.indicators.values() if under & set(i.goals)]
