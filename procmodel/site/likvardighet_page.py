"""The likvärdighet page: the matrix unit × process, per required goal which units serve it,
and the variants that change goal-serving steps.

Made from :func:`procmodel.units_report.full_report` over the audience's view, so a public
build has neither staff-only processes nor their variants. The tables are plain HTML that
works without JavaScript (the first column stays put while the table scrolls sideways);
``procmodel.js`` makes the headers of ``table.pm-sortable`` sort the rows.
"""

from __future__ import annotations

from procmodel.i18n import render
from procmodel.naming import goal_name
from procmodel.site import urls
from procmodel.site.context import SiteContext
from procmodel.site.markup import attrs, esc, html_block, page_head, tag
from procmodel.site.unit_paths import unit_path
from procmodel.unit_coverage import Cell, CellState
from procmodel.units_report import Report, UnitReport

LIKVARDIGHET = "likvärdighet.md"

#: Sort order of the cell states (the script sorts a column by ``data-sort``).
_ORDER = {CellState.missing: 0, CellState.variant: 1, CellState.central: 2, CellState.not_applicable: 3}


def _cell(ctx: SiteContext, page: str, cell: Cell) -> str:
    w = ctx.words
    if cell.state is CellState.variant and cell.variant:
        text = w("likv.cell_variant", n=cell.changed)
        classes = "pm-cell pm-cell--variant"
        title = None
        if cell.goal_steps:
            classes += " pm-cell--goal"
            title = w("likv.goal_steps", steps=", ".join(cell.goal_steps))
            text = "⚠ " + text
        link = ctx.process_link(page, cell.variant, text=text)
        return tag(
            "td", link, class_=classes, title=title, data_sort=f"{_ORDER[cell.state]}{9999 - cell.changed:04}"
        )
    label = {
        CellState.central: w("likv.cell_central"),
        CellState.missing: w("likv.cell_missing"),
        CellState.not_applicable: "–",
    }[cell.state]
    title = w("likv.cell_not_applicable") if cell.state is CellState.not_applicable else None
    return tag(
        "td",
        esc(label),
        class_=f"pm-cell pm-cell--{cell.state.value}",
        title=title,
        data_sort=_ORDER[cell.state],
    )


def _step_link(ctx: SiteContext, page: str, cell: Cell, sid: str) -> str:
    """A changed step by its title, linked on the variant's page (on the central one if removed)."""
    variant = ctx.repo.processes[cell.variant or cell.process]
    central = ctx.repo.processes[cell.process]
    step = variant.step(sid) or central.step(sid)
    title = step.title if step is not None and step.title else sid
    pid = cell.variant if variant.step(sid) is not None and cell.variant else cell.process
    goals = ", ".join(goal_name(ctx.repo, g) for g in step.goals) if step is not None else ""
    link = ctx.process_link(page, pid, anchor=urls.step_anchor(sid), text=title)
    return f"{link} ({esc(goals)})" if goals else link


def _open_table(ctx: SiteContext, classes: str) -> str:
    """``<table>`` with the label the sorting script gives its buttons ('Sort by {column}')."""
    label = ctx.words("likv.sort_by", column="{column}")
    return f"<table{attrs(class_=classes, data_sort_label=label)}>"


def _th_unit(ctx: SiteContext, page: str, r: UnitReport) -> str:
    link = tag("a", esc(r.name), href=ctx.urls.link(page, unit_path(r.id)))
    return tag("th", link, scope="row", data_sort=r.name)


def matrix_table(ctx: SiteContext, page: str, report: Report) -> str:
    """Rows: units; columns: their coverage, then one per central process."""
    w = ctx.words
    units = report.units
    if not units:
        return ""
    processes = [c.process for c in units[0].matrix]
    head = [tag("th", esc(w("likv.col_unit")), scope="col")]
    head.append(tag("th", esc(w("likv.col_type")), scope="col"))
    head.append(tag("th", esc(w("likv.col_coverage")), scope="col", data_type="number"))
    for pid in processes:
        title = ctx.repo.processes[pid].title
        head.append(tag("th", ctx.process_link(page, pid, text=title), scope="col", class_="pm-col-process"))
    rows = []
    for r in units:
        cov = r.coverage
        share = len(cov.served) / cov.required if cov.required else 1.0
        cells = [
            _th_unit(ctx, page, r),
            tag("td", esc(render(f"unit_type.{r.type}", {}, ctx.words.lang))),
            tag("td", esc(f"{len(cov.served)}/{cov.required}"), data_sort=f"{share:.4f}", class_="pm-num"),
        ]
        cells += [_cell(ctx, page, c) for c in r.matrix]
        rows.append(tag("tr", "".join(cells)))
    return html_block(
        '<div class="pm-table-wrap pm-likv-wrap" tabindex="0" role="region" '
        f'aria-label="{esc(w("likv.matrix"))}">',
        _open_table(ctx, "pm-likv pm-sortable"),
        tag("thead", tag("tr", "".join(head))),
        tag("tbody", "".join(rows)),
        "</table></div>",
    )


def goals_table(ctx: SiteContext, page: str, report: Report) -> str:
    """Per required goal: how many units serve it, and which do not."""
    w = ctx.words
    names = {r.id: r.name for r in report.units}
    head = "".join(
        tag("th", esc(w(k)), scope="col")
        for k in ("likv.col_goal", "likv.col_served_at", "likv.col_not_served_at")
    )
    rows = []
    for g in report.goals:
        total = len(g.served_by) + len(g.not_served_by)
        missing = ", ".join(names.get(u, u) for u in g.not_served_by) or "–"
        share = len(g.served_by) / total if total else 1.0
        cells = [
            tag("th", ctx.goal_link(page, g.goal), scope="row", data_sort=g.name),
            tag("td", esc(f"{len(g.served_by)}/{total}"), data_sort=f"{share:.4f}", class_="pm-num"),
            tag("td", esc(missing), class_="pm-gap" if g.not_served_by else None),
        ]
        rows.append(tag("tr", "".join(cells)))
    return html_block(
        '<div class="pm-table-wrap pm-likv-wrap" tabindex="0" role="region" '
        f'aria-label="{esc(w("likv.goals"))}">',
        _open_table(ctx, "pm-likv-goals pm-sortable"),
        tag("thead", tag("tr", head)),
        tag("tbody", "".join(rows)),
        "</table></div>",
    )


def likvardighet_page(ctx: SiteContext, report: Report) -> str:
    """The whole page."""
    w = ctx.words
    page = LIKVARDIGHET
    parts = [page_head(w("likv.title"), hide=["navigation"])]  # the matrix gets the width
    parts.append(html_block(tag("p", esc(w("likv.lead")), class_="pm-question")))
    parts.append(f"## {w('likv.matrix')} {{#matris}}\n\n")
    hint = tag("span", esc(w("likv.sort_hint")), class_="pm-sort-hint", hidden=True)  # shown by the script
    parts.append(html_block(tag("p", f"{esc(w('likv.legend'))} {hint}", class_="pm-legend")))
    parts.append(matrix_table(ctx, page, report))
    parts.append(f"## {w('likv.touching')} {{#mal-steg}}\n\n")
    touching = [(r, c) for r in report.units for c in r.matrix if c.goal_steps and c.variant]
    if touching:
        items = []
        for r, c in touching:
            process = ctx.process_link(page, c.variant or "", text=ctx.repo.processes[c.process].title)
            steps = ", ".join(_step_link(ctx, page, c, sid) for sid in c.goal_steps)
            items.append(tag("li", f"{esc(r.name)}: {process}. {esc(w('likv.changed_steps'))} {steps}"))
        parts.append(html_block('<ul class="pm-likv-touching">', *items, "</ul>"))
    else:
        parts.append(html_block(tag("p", esc(w("likv.none_touching")), class_="pm-empty")))
    parts.append(f"## {w('likv.goals')} {{#mal}}\n\n")
    parts.append(goals_table(ctx, page, report))
    return "".join(parts)


def likvardighet_link(ctx: SiteContext, page: str) -> str:
    """A paragraph linking to the likvärdighet page."""
    href = ctx.urls.link(page, LIKVARDIGHET)
    return html_block(tag("p", tag("a", esc(ctx.words("likv.link")), href=href)))
