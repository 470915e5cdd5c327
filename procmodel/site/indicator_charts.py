"""Indicator charts on the site: which series a chart shows, its SVG file, and the figure around it.

A chart shows one indicator over the periods: every unit and the organisation as a whole (on the
indicator's and the goals' pages), or one unit beside the whole (on the unit's pages). The values
are the whole unit's (rows without a ``group``). Every figure has the values as a table in a
``<details>`` under the image, and says so when the catalog marks the values as example data.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from procmodel.followup.model import WHOLE_ORGANISATION, Indicator, IndicatorValue
from procmodel.followup.report import all_periods
from procmodel.site.charts import Series, line_chart
from procmodel.site.context import SiteContext
from procmodel.site.followup_urls import chart_path
from procmodel.site.markup import attrs, esc, tag


def chart_grid(figures: list[str]) -> str:
    """Several charts side by side where the page is wide enough (one column on a phone)."""
    shown = [f for f in figures if f]
    return f'<div class="pm-charts">{"".join(shown)}</div>' if shown else ""


def number(value: float, lang: str) -> str:
    """``88,7`` in Swedish, ``88.7`` in English: up to two decimals, whole numbers without."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if lang == "sv" else text


@dataclass
class Charts:
    """The charts of one build: each SVG is drawn once, however many pages show it."""

    ctx: SiteContext
    files: dict[str, str] = field(default_factory=dict)

    def indicators_for_goal(self, gid: str) -> list[Indicator]:
        """Indicators linked to the goal that have values."""
        indicators = self.ctx.repo.followup.indicators.values()
        return [i for i in indicators if gid in i.goals and i.id in self._series]

    def indicators_for_unit(self, unit: str) -> list[Indicator]:
        """Indicators with values for the unit."""
        return [i for i in self.ctx.repo.followup.indicators.values() if unit in self._series.get(i.id, {})]

    @functools.cached_property
    def _series(self) -> dict[str, dict[str, list[IndicatorValue]]]:
        """indicator → unit → the whole unit's values (no ``group``) in file order: read once per build,
        not once per page and indicator."""
        out: dict[str, dict[str, list[IndicatorValue]]] = {}
        for v in self.ctx.repo.followup.values:
            if v.group is None:
                out.setdefault(v.indicator, {}).setdefault(v.unit, []).append(v)
        return out

    @functools.cached_property
    def periods(self) -> list[str]:
        """Every period in its order (:func:`all_periods` reads every value: once a build, not a figure
        or a page); not to be changed."""
        return all_periods(self.ctx.repo)

    def figure(self, page: str, indicator: Indicator, unit: str | None = None, level: str = "h3") -> str:
        """The chart of ``indicator`` (all units, or ``unit`` beside the whole) with its table."""
        w = self.ctx.words
        periods, series = self._data(indicator.id, unit)
        if not series:
            return ""
        path = chart_path(indicator.id, unit)
        labels = [self.ctx.repo.config.followup.period_title(p) for p in periods]
        if path not in self.files:
            decimal = "," if w.lang == "sv" else "."
            cache = self.ctx.diagrams.cache
            self.files[path] = line_chart(labels, series, indicator.measure, decimal, cache)
        who = ", ".join(s.label for s in series)
        alt = w("chart.alt", name=indicator.name, who=who)
        title = indicator.name + (f" ({indicator.measure})" if indicator.measure else "")
        caption = esc(title)
        catalog = self.ctx.repo.followup.catalog
        if catalog is not None and catalog.example_data:
            caption += " " + tag("span", esc(w("chart.example")), class_="pm-badge pm-example-data")
        if not indicator.higher_is_better:
            caption += " " + tag("span", esc(w("chart.lower_better")), class_="pm-muted")
        head = "".join(tag("th", esc(t), scope="col") for t in [w("chart.col_who"), *labels])
        rows = []
        for s in series:
            cells = "".join(tag("td", esc(number(v, w.lang)) if v is not None else "–") for v in s.values)
            rows.append(tag("tr", tag("th", esc(s.label), scope="row") + cells))
        table = tag(
            "table",
            tag("caption", esc(title)) + tag("thead", tag("tr", head)) + tag("tbody", "".join(rows)),
            class_="pm-chart-table",
        )
        anchor = f"diagram-{indicator.id}"
        img = f"<img{attrs(src=self.ctx.urls.link(page, path), alt=alt, width=500, height=360)}>"
        data = tag("summary", esc(w("chart.table"))) + tag("div", table, class_="pm-table-wrap")
        return (
            f'<figure class="pm-chart" id="{esc(anchor)}">'
            + tag("figcaption", caption)
            + img
            + tag("details", data, class_="pm-chart-data")
            + "</figure>"
        )

    def _data(self, indicator: str, unit: str | None) -> tuple[list[str], list[Series]]:
        repo = self.ctx.repo
        org = repo.organisation
        whole = (
            self.ctx.words("chart.whole", name=org.administration.huvudman)
            if org
            else self.ctx.words("chart.all")
        )
        units = [unit] if unit is not None else list(repo.units)
        wanted = [(u, repo.units[u].name, False) for u in units if u in repo.units]
        wanted.append((WHOLE_ORGANISATION, whole, True))
        by_unit = self._series.get(indicator, {})
        found = [
            (label, is_whole, {v.period: v.value for v in by_unit.get(u, [])})
            for u, label, is_whole in wanted
        ]
        found = [f for f in found if f[2]]
        if unit is not None and not any(not is_whole for _, is_whole, _ in found):
            return [], []  # nothing for the unit itself: no chart of the whole alone on its page
        seen = {p for _, _, values in found for p in values}
        periods = [p for p in self.periods if p in seen]
        series = [
            Series(label, tuple(values.get(p) for p in periods), is_whole)
            for label, is_whole, values in found
        ]
        return periods, series
