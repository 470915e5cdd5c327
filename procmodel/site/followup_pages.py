"""The follow-up on the site: its start page, the unit × goal matrix per period, a page per indicator.

The matrix has the units as rows and the goals assessed (grouped by goal area) as columns; a cell
shows the level as text (value and label) on a colour of the scale, and links to the unit's
assessment of that goal, where the evidence is (:mod:`procmodel.site.unit_followup`). Filters by
area (område), skolform and goal area are a small script's (``procmodel.js``); without it the whole
matrix shows. What the public build leaves out is decided in :mod:`procmodel.site.unit_followup`
(the analysis texts); levels, indicators and work plans are public.
"""

from __future__ import annotations

from procmodel.collation import sort_key
from procmodel.followup.report import FollowupReport, GoalColumn, UnitRow, followup_report
from procmodel.i18n import render
from procmodel.site import urls
from procmodel.site.calendar_page import wheel_path
from procmodel.site.context import SiteContext
from procmodel.site.followup_urls import (
    assessment_anchor,
    followup_index,
    followup_unit_path,
    indicator_path,
    matrix_path,
    plan_path,
)
from procmodel.site.indicator_charts import Charts, chart_grid
from procmodel.site.markup import esc, html_block, md_text, page_head, tag
from procmodel.site.unit_followup import (
    level_class,
    open_actions,
    role_actions,
    unit_followup_files,
    unit_section,
)
from procmodel.site.unit_page import unit_path


def followup_pages(ctx: SiteContext, charts: Charts) -> dict[str, str]:
    """The start page, a matrix page per period and a page per indicator."""
    repo = ctx.repo
    files = {followup_index(): _index(ctx, charts.periods)}
    for period in charts.periods:
        files[matrix_path(period)] = _matrix_page(ctx, followup_report(repo, period, ctx.today))
    for indicator in repo.followup.indicators.values():
        page = indicator_path(indicator.id)
        parts = [page_head(indicator.name)]
        lead = [tag("p", esc(indicator.description), class_="pm-question")] if indicator.description else []
        goals = [ctx.goal_link(page, g) for g in indicator.goals if g in repo.goals]
        if goals:
            lead.append(tag("p", f"{esc(ctx.words('follow.goals'))}: {', '.join(goals)}"))
        parts.append(html_block(*lead))
        parts.append(html_block(charts.figure(page, indicator) or tag("p", esc(ctx.words("chart.none")))))
        files[page] = "".join(parts)
    return files


def _index(ctx: SiteContext, periods: list[str]) -> str:
    w = ctx.words
    repo = ctx.repo
    page = followup_index()
    parts = [
        page_head(w("follow.title")),
        html_block(tag("p", esc(w("follow.lead")), class_="pm-question")),
    ]
    if periods:
        parts.append(f"## {md_text(w('follow.matrices'))} {{#matriser}}\n\n")
        items = [
            tag(
                "li",
                tag("a", esc(repo.config.followup.period_title(p)), href=ctx.urls.link(page, matrix_path(p))),
            )
            for p in reversed(periods)
        ]
        parts.append(html_block(tag("ul", "".join(items))))
    parts.append(f"## {md_text(w('follow.units'))} {{#enheter}}\n\n")
    rows = []
    for unit in repo.units.values():
        links = [
            tag("a", esc(w("follow.assessments")), href=ctx.urls.link(page, followup_unit_path(unit.id)))
        ]
        if repo.followup.has_plan(unit.id):
            links.append(tag("a", esc(w("follow.plan")), href=ctx.urls.link(page, plan_path(unit.id))))
        rows.append(tag("li", f"{esc(unit.name)}: {' · '.join(links)}"))
    parts.append(html_block(tag("ul", "".join(rows), class_="pm-followup-units")))
    indicators = sorted(repo.followup.indicators.values(), key=lambda i: sort_key(i.name))
    if indicators:
        parts.append(f"## {md_text(w('follow.indicators'))} {{#indikatorer}}\n\n")
        items = [
            tag("li", tag("a", esc(i.name), href=ctx.urls.link(page, indicator_path(i.id))))
            for i in indicators
        ]
        parts.append(html_block(tag("ul", "".join(items))))
    return "".join(parts)


def _matrix_page(ctx: SiteContext, report: FollowupReport) -> str:
    w = ctx.words
    period = report.period or ""
    page = matrix_path(period)
    title = w("matrix.title", period=report.title or period)
    parts = [page_head(title, hide=["navigation", "toc"])]  # the matrix needs the page's width
    lead = [tag("p", esc(w("matrix.lead")), class_="pm-question")]
    if report.due:
        lead.append(tag("p", esc(w("matrix.due", date=report.due))))
    others = [
        tag("a", esc(ctx.repo.config.followup.period_title(p)), href=ctx.urls.link(page, matrix_path(p)))
        for p in report.periods
        if p != period
    ]
    if others:
        lead.append(tag("p", f"{esc(w('matrix.other_periods'))}: {', '.join(others)}"))
    parts.append(html_block('<div class="pm-lead">', *lead, "</div>"))
    if not report.goals:
        parts.append(html_block(tag("p", esc(w("matrix.empty")), class_="pm-empty")))
    else:
        parts.append(
            html_block(_filters(ctx, report, period), _legend(ctx, report), _table(ctx, page, report))
        )
    if report.missing:
        parts.append(f"## {md_text(w('matrix.missing'))} {{#saknas}}\n\n")
        items = [
            tag("li", esc(m.name) + (" " + tag("strong", esc(w("matrix.past_due"))) if m.past_due else ""))
            for m in report.missing
        ]
        parts.append(html_block(tag("ul", "".join(items), class_="pm-followup-missing")))
    return "".join(parts)


def _goal_area(col: GoalColumn) -> str:
    return col.area or col.catalog or ""


def _area_name(ctx: SiteContext, col: GoalColumn) -> str:
    if col.area_label:
        return col.area_label
    catalog = ctx.repo.catalogs.get(col.catalog or "")
    return (catalog.short or catalog.title) if catalog is not None else col.catalog or ""


def _filters(ctx: SiteContext, report: FollowupReport, period: str) -> str:
    """The filter form (shown by the script: without it the whole matrix is there)."""
    w = ctx.words
    org = ctx.repo.organisation
    areas = [(a.id, a.name) for a in org.areas] if org is not None else []
    forms = sorted({s for r in report.units for s in r.skolformer})
    goal_areas: dict[str, str] = {}
    for col in report.goals:
        goal_areas.setdefault(_goal_area(col), _area_name(ctx, col))
    selects = []
    for key, label, options in (
        ("area", w("matrix.filter_area"), areas),
        ("skolform", w("matrix.filter_skolform"), [(s, render(f"skolform.{s}", {}, w.lang)) for s in forms]),
        ("goal-area", w("matrix.filter_goal_area"), list(goal_areas.items())),
    ):
        if len(options) < 2:
            continue
        opts = tag("option", esc(w("matrix.all")), value="") + "".join(
            tag("option", esc(name), value=value) for value, name in options
        )
        selects.append(tag("label", esc(label) + " " + tag("select", opts, data_filter=key)))
    if not selects:
        return ""
    return tag("form", "".join(selects), class_="pm-filter", data_filter_for=f"matris-{period}", hidden=True)


def _legend(ctx: SiteContext, report: FollowupReport) -> str:
    n = len(report.scale)
    items = [
        tag(
            "li",
            tag("span", esc(lv.value), class_=f"pm-level {level_class(lv.rank, n)}") + " " + esc(lv.label),
        )
        for lv in report.scale
    ]
    return tag("ul", "".join(items), class_="pm-level-legend", aria_label=ctx.words("matrix.legend"))


def _table(ctx: SiteContext, page: str, report: FollowupReport) -> str:
    w = ctx.words
    n = len(report.scale)
    runs: list[tuple[str, str, int]] = []  # goal area, its name, how many columns in a row
    for col in report.goals:
        if runs and runs[-1][0] == _goal_area(col):
            runs[-1] = (runs[-1][0], runs[-1][1], runs[-1][2] + 1)
        else:
            runs.append((_goal_area(col), _area_name(ctx, col), 1))
    grouped = len({area for area, _, _ in runs}) > 1
    unit_head = tag("th", esc(w("matrix.col_unit")), scope="col", rowspan=2 if grouped else None)
    areas = "".join(
        tag("th", esc(name), scope="colgroup", colspan=count, class_="pm-goal-area", data_goal_area=area)
        for area, name, count in runs
    )
    head = [] if grouped else [unit_head]
    for col in report.goals:
        goal_link = ctx.goal_link(page, col.id, full=False) if col.id in ctx.repo.goals else esc(col.label)
        head.append(
            tag("th", goal_link, scope="col", data_goal_area=_goal_area(col), title=_area_name(ctx, col))
        )
    body = [_row(ctx, page, report, row, n) for row in report.units]
    caption = w("matrix.caption", period=report.title or report.period or "")
    return (
        '<div class="pm-table-wrap pm-matrix-wrap">'
        + tag(
            "table",
            tag("caption", esc(caption))
            + tag("thead", (tag("tr", unit_head + areas) if grouped else "") + tag("tr", "".join(head)))
            + tag("tbody", "".join(body)),
            class_="pm-followup-matrix",
            id=f"matris-{report.period}",
        )
        + "</div>"
    )


def _row(ctx: SiteContext, page: str, report: FollowupReport, row: UnitRow, n: int) -> str:
    w = ctx.words
    name = tag("a", esc(row.name), href=ctx.urls.link(page, followup_unit_path(row.id)))
    cells = [tag("th", name, scope="row")]
    for col in report.goals:
        cell = row.levels.get(col.id)
        area = _goal_area(col)
        if cell is None:
            text = w("matrix.no_assessment") if row.file is None else w("matrix.not_assessed")
            empty = tag("span", "–", aria_hidden="true") + tag("span", esc(text), class_="pm-sr")
            cells.append(tag("td", empty, class_="pm-level pm-level--none", data_goal_area=area))
            continue
        label = cell.label or w("matrix.off_scale")
        anchor = assessment_anchor(report.period or "", col.id)
        link = tag(
            "a",
            tag("span", esc(cell.level), class_="pm-level__value")
            + " "
            + tag("span", esc(label), class_="pm-level__label"),
            href=ctx.urls.link(page, followup_unit_path(row.id), anchor),
        )
        cells.append(tag("td", link, class_=f"pm-level {level_class(cell.rank, n)}", data_goal_area=area))
    return tag(
        "tr",
        "".join(cells),
        data_area=row.area or "",
        data_skolform=" ".join(row.skolformer),
        data_unit=row.id,
    )


def add_followup(ctx: SiteContext, files: dict[str, str | bytes]) -> None:
    """Put the follow-up into a generated site: its own pages and charts, a section on each unit
    page, the charts of a goal's indicators on the goal's page, "Mina åtgärder" on role pages."""
    charts = Charts(ctx)
    w = ctx.words
    wheel = wheel_path() in files  # made before (calendar_files): link a wheel only if there is one
    files.update(followup_pages(ctx, charts))
    files.update(unit_followup_files(ctx, charts, wheel))
    for unit in ctx.repo.units:
        page = unit_path(unit)
        if isinstance(files.get(page), str):
            files[page] = str(files[page]) + unit_section(ctx, charts, unit, wheel)
    for gid in ctx.repo.goals:
        page = urls.goal_path(gid)
        indicators = charts.indicators_for_goal(gid)
        if indicators and isinstance(files.get(page), str):
            section = f"## {md_text(w('follow.results'))} {{#resultat}}\n\n"
            files[page] = (
                str(files[page])
                + section
                + html_block(chart_grid([charts.figure(page, i) for i in indicators]))
            )
    actions = open_actions(ctx)
    for rid in ctx.repo.roles:
        page = urls.role_path(rid)
        if isinstance(files.get(page), str):
            files[page] = str(files[page]) + role_actions(ctx, rid, actions)
    files.update(charts.files)
