"""A page per unit of the organisation ("Så gör vi på …"), and the list of units.

Each unit page shows the unit's type, area, address and its people per role, and its
variants of central processes with the differences (steps added, removed with the reason,
fields replaced), each linked to the central process and to the merged variant. Only
variants the audience may see are listed (a staff-only central process keeps its variants
off the public site).
"""

from __future__ import annotations

from procmodel.i18n import render
from procmodel.organisation import Unit
from procmodel.site import urls
from procmodel.site.context import SiteContext
from procmodel.site.likvardighet_page import LIKVARDIGHET, likvardighet_link, likvardighet_page
from procmodel.site.markup import esc, html_block, page_head, tag
from procmodel.site.unit_paths import UNITS, unit_path
from procmodel.unit_coverage import CellState
from procmodel.units_report import Report, UnitReport, full_report

__all__ = ["LIKVARDIGHET", "UNITS", "unit_files", "unit_path"]


def unit_files(ctx: SiteContext) -> dict[str, str]:
    """The unit pages, their index and the likvärdighet page; nothing without an organisation."""
    repo = ctx.repo
    if not repo.units:
        return {}
    report = full_report(repo)
    files = {urls.section_index(UNITS): _index(ctx, report), LIKVARDIGHET: likvardighet_page(ctx, report)}
    by_id = {r.id: r for r in report.units}
    for unit in repo.units.values():
        files[unit_path(unit.id)] = _unit_page(ctx, unit, report, by_id[unit.id])
    return files


def _type(ctx: SiteContext, unit: Unit) -> str:
    """The unit's type in the site's language (the catalogs' ``unit_type.*``)."""
    return render(f"unit_type.{unit.type.value}", {}, ctx.words.lang)


def _holders(value: str | list[str]) -> str:
    return value if isinstance(value, str) else ", ".join(value)


def _variants(ctx: SiteContext, unit_id: str) -> list[str]:
    return [
        vid for vid, info in ctx.repo.variants.items() if info.unit == unit_id and vid in ctx.repo.processes
    ]


def _index(ctx: SiteContext, report: Report) -> str:
    w = ctx.words
    page = urls.section_index(UNITS)
    org = ctx.repo.organisation
    parts = [page_head(w("unit.index_title"))]
    if org is not None:
        parts.append(html_block(tag("p", esc(f"{org.administration.name} · {org.administration.huvudman}"))))
    areas = {a.id: a.name for a in org.areas} if org is not None else {}
    rows = []
    coverage = {r.id: r.coverage for r in report.units}
    for unit in ctx.repo.units.values():
        link = tag("a", esc(unit.name), href=ctx.urls.link(page, unit_path(unit.id)))
        cells = [
            link,
            esc(_type(ctx, unit)),
            esc(areas.get(unit.area or "", unit.area or "–")),
            esc(_holders(unit.rektor) if unit.rektor else "–"),
            esc(len(_variants(ctx, unit.id))),
            esc(f"{len(coverage[unit.id].served)}/{coverage[unit.id].required}"),
        ]
        rows.append(tag("tr", "".join(tag("td", c) for c in cells)))
    head = (
        "".join(
            tag("th", esc(w(k)))
            for k in ("unit.col_unit", "unit.col_type", "unit.col_area", "unit.col_rektor")
        )
        + tag("th", esc(w("unit.col_variants")))
        + tag("th", esc(w("unit.col_coverage")))
    )
    parts.append(
        html_block(
            '<div class="pm-table-wrap"><table class="pm-units">',
            tag("thead", tag("tr", head)),
            tag("tbody", "".join(rows)),
            "</table></div>",
        )
    )
    parts.append(likvardighet_link(ctx, page))
    return "".join(parts)


def _processes(ctx: SiteContext, page: str, report: Report, row: UnitReport) -> str:
    """The processes in force at the unit (its own variant first), and its goal coverage."""
    w = ctx.words
    parts = [f"## {w('unit.processes')} {{#processer}}\n\n"]
    cov = row.coverage
    lead = [
        tag(
            "p",
            esc(w("unit.coverage", served=len(cov.served), required=cov.required)),
            class_="pm-unit-coverage",
        )
    ]
    if cov.missing:
        missing = [tag("li", ctx.goal_link(page, gid)) for gid in cov.missing]
        summary = tag("summary", esc(w("unit.missing_goals", n=len(cov.missing))))
        lead.append(f'<details class="pm-unit-missing">{summary}<ul>{"".join(missing)}</ul></details>')
    items = []
    for cell in sorted(row.matrix, key=lambda c: c.state is not CellState.variant):
        title = ctx.repo.processes[cell.process].title
        if cell.state is CellState.variant and cell.variant:
            mark = tag("span", esc(w("unit.own_variant", n=cell.changed)), class_="pm-badge")
            items.append(tag("li", f"{ctx.process_link(page, cell.variant, text=title)} {mark}"))
        elif cell.state is CellState.central:
            items.append(tag("li", ctx.process_link(page, cell.process, text=title)))
        elif cell.state is CellState.missing:
            mark = tag("span", esc(w("unit.not_in_force")), class_="pm-badge pm-badge--draft")
            items.append(tag("li", f"{ctx.process_link(page, cell.process, text=title)} {mark}"))
    outside = sum(1 for c in row.matrix if c.state is CellState.not_applicable)
    tail = [tag("p", esc(w("unit.not_for_us", n=outside)), class_="pm-empty")] if outside else []
    return "".join(
        [
            *parts,
            html_block(*lead),
            html_block('<ul class="pm-unit-processes">', *items, "</ul>", *tail),
            likvardighet_link(ctx, page),
        ]
    )


def _unit_page(ctx: SiteContext, unit: Unit, report: Report, row: UnitReport) -> str:
    w = ctx.words
    repo = ctx.repo
    page = unit_path(unit.id)
    org = repo.organisation
    area = next((a.name for a in org.areas if a.id == unit.area), unit.area) if org is not None else unit.area
    parts = [page_head(w("unit.title", name=unit.name))]
    facts = [_type(ctx, unit)]
    if area:
        facts.append(area)
    lead = [tag("p", esc(" · ".join(facts)), class_="pm-question")]
    if unit.address:
        lead.append(tag("p", esc(unit.address)))
    if unit.url and unit.url.startswith(("https://", "http://")):
        lead.append(tag("p", tag("a", esc(unit.url), href=unit.url)))
    parts.append(html_block('<div class="pm-lead">', *lead, "</div>"))
    if unit.bindings:
        parts.append(f"## {w('unit.people')} {{#personer}}\n\n")
        items = []
        for rid, who in unit.bindings.items():
            role = repo.roles.get(rid)
            name = role.name if role is not None else rid
            label = tag("a", esc(name), href=ctx.urls.link(page, urls.role_path(rid))) if role else esc(name)
            items.append(tag("li", f"{label}: {esc(_holders(who))}"))
        parts.append(html_block('<ul class="pm-unit-people">', *items, "</ul>"))
    parts.append(_processes(ctx, page, report, row))
    parts.append(f"## {w('unit.variants')} {{#varianter}}\n\n")
    variants = _variants(ctx, unit.id)
    if not variants:
        parts.append(html_block(tag("p", esc(w("unit.no_variants")), class_="pm-empty")))
        return "".join(parts)
    for vid in variants:
        info = repo.variants[vid]
        central = ctx.process_link(page, info.base)
        merged = ctx.process_link(page, vid, text=w("unit.merged"))
        items = [tag("li", esc(w("unit.added", step=s))) for s in info.added]
        items += [
            tag("li", esc(w("unit.removed", step=r.step.id, reason=info.variant.remove[r.index].reason)))
            for r in info.removed
        ]
        items += [
            tag("li", esc(w("unit.replaced", step=s, fields=", ".join(f)))) for s, f in info.replaced.items()
        ]
        summary = tag("p", esc(info.variant.summary)) if info.variant.summary else ""
        parts.append(
            html_block(
                '<section class="pm-variant">',
                tag("p", f"{central} · {merged}"),
                summary,
                '<ul class="pm-variant-changes">',
                *items,
                "</ul>",
                "</section>",
            )
        )
    return "".join(parts)
