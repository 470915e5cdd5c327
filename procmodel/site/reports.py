"""The coverage page (catalog × process matrix, gaps, numbers) and the review page."""

from __future__ import annotations

from procmodel.collation import sort_key
from procmodel.coverage import required_goals
from procmodel.site import urls
from procmodel.site.context import DUE_SOON_DAYS, SiteContext
from procmodel.site.markup import esc, html_block, md_text, page_head, tag


def coverage_page(ctx: SiteContext) -> str:
    w = ctx.words
    repo = ctx.repo
    page = urls.COVERAGE
    cov = ctx.coverage()
    parts = [
        page_head(w("coverage.title"), search={"exclude": True}),
        html_block(
            tag("p", esc(w("coverage.lead"))),
            tag("p", esc(w("coverage.approved_only"))) if repo.config.coverage.approved_only else "",
        ),
    ]
    required = required_goals(repo)
    parts.append(f"## {md_text(w('coverage.numbers'))} {{#siffror}}\n\n")
    if not required:
        parts.append(html_block(tag("p", esc(w("coverage.no_required")))))
    else:
        by_entry: dict[str, list[str]] = {}
        for leaf, entry in required.items():
            by_entry.setdefault(entry, []).append(leaf)
        rows = []
        total = covered_total = 0
        for entry, leaves in by_entry.items():
            covered = sum(1 for g in leaves if cov[g].covered)
            total += len(leaves)
            covered_total += covered
            rows.append(_number_row(ctx, page, entry, covered, len(leaves)))
        rows.append(
            f'<tr class="pm-total"><th scope="row">{esc(w("coverage.total"))}</th>'
            f"<td>{total}</td><td>{covered_total}</td><td>{_pct(covered_total, total)}</td></tr>"
        )
        parts.append(
            html_block(
                '<div class="pm-table-wrap pm-coverage-numbers"><table>',
                f'<thead><tr><th scope="col">{esc(w("goal.catalog"))}</th>'
                f'<th scope="col">{esc(w("coverage.required"))}</th>'
                f'<th scope="col">{esc(w("coverage.covered"))}</th><th'
                f' scope="col">{esc(w("coverage.share"))}</th></tr></thead>',
                "<tbody>",
                *rows,
                "</tbody></table></div>",
            )
        )
    parts.append(_matrix(ctx, page))
    parts.append(f"## {md_text(w('coverage.gaps'))} {{#luckor}}\n\n")
    gaps = [g for g in required if not cov[g].covered]
    if not required:
        parts.append(html_block(tag("p", esc(w("coverage.no_required")))))
    elif not gaps:
        parts.append(html_block(tag("p", esc(w("coverage.no_gaps")), class_="pm-no-gaps")))
    else:
        items = [tag("li", ctx.goal_link(page, g)) for g in gaps]
        parts.append(
            html_block(tag("p", esc(w("coverage.gaps_lead"))), '<ul class="pm-gaps">', *items, "</ul>")
        )
    return "".join(parts)


def _pct(a: int, b: int) -> str:
    return f"{round(100 * a / b)} %" if b else "–"


def _number_row(ctx: SiteContext, page: str, entry: str, covered: int, total: int) -> str:
    repo = ctx.repo
    name = esc(repo.catalogs[entry].title) if entry in repo.catalogs else ctx.goal_link(page, entry)
    cells = f"<td>{total}</td><td>{covered}</td><td>{_pct(covered, total)}</td>"
    return f'<tr><th scope="row">{name}</th>{cells}</tr>'


def _matrix(ctx: SiteContext, page: str) -> str:
    w = ctx.words
    repo = ctx.repo
    cov = ctx.coverage()
    cats = list(repo.catalogs.values())
    counts: dict[str, dict[str, set[str]]] = {}
    for gid, gc in cov.items():
        cat = repo.goal_catalog[gid]
        for s in gc.services:
            counts.setdefault(s.process, {}).setdefault(cat, set()).add(gid)
    head = "".join(f'<th scope="col">{esc(c.short or c.title)}</th>' for c in cats)
    rows = []
    for p in ctx.sorted_processes():
        cells = []
        for c in cats:
            n = len(counts.get(p.id, {}).get(c.id, ()))
            cells.append(f'<td class="{"pm-zero" if not n else ""}">{n or ""}</td>')
        rows.append(f'<tr><th scope="row">{ctx.process_link(page, p.id)}</th>{"".join(cells)}</tr>')
    return f"## {md_text(w('coverage.matrix'))} {{#matris}}\n\n" + html_block(
        tag("p", esc(w("coverage.matrix_lead"))),
        '<div class="pm-table-wrap pm-matrix"><table>',
        f'<thead><tr><th scope="col">{esc(w("coverage.process"))}</th>{head}</tr></thead>',
        "<tbody>",
        *rows,
        "</tbody></table></div>",
    )


def review_page(ctx: SiteContext) -> str:
    w = ctx.words
    page = urls.REVIEW
    parts = [
        page_head(w("review.title"), search={"exclude": True}),
        html_block(tag("p", esc(w("review.lead"))), tag("p", esc(w("review.today", date=w.date(ctx.today))))),
    ]
    by_owner: dict[str, list] = {}
    for p in ctx.sorted_processes():
        state = ctx.review_state(p)
        if state:
            by_owner.setdefault(p.owner or "", []).append((p, state))
    if not by_owner:
        parts.append(html_block(tag("p", esc(w("review.none", days=DUE_SOON_DAYS)))))
        return "".join(parts)
    order = {"overdue": 0, "never": 1, "due": 2}
    for owner in sorted(by_owner, key=lambda r: (r == "", sort_key(ctx.role_name(r)))):
        title = ctx.role_name(owner) if owner else w("review.no_owner")
        anchor = f"agare-{owner}" if owner else "agare-saknas"
        parts.append(f"## {md_text(title)} {{#{anchor}}}\n\n")
        rows = []
        for p, state in sorted(by_owner[owner], key=lambda t: (order[t[1]], str(t[0].next_review()))):
            nxt = p.next_review()
            label = w(f"review.{state}")
            rows.append(
                f'<tr class="pm-review--{state}"><th scope="row">{ctx.process_link(page, p.id)}</th>'
                f"<td>{esc(w.date(nxt)) if nxt else '–'}</td>"
                f'<td><span class="pm-badge pm-badge--{state}">{esc(label)}</span></td></tr>'
            )
        parts.append(
            html_block(
                '<div class="pm-table-wrap pm-review"><table>',
                f'<thead><tr><th scope="col">{esc(w("review.process"))}</th>'
                f'<th scope="col">{esc(w("review.next"))}</th>'
                f'<th scope="col">{esc(w("review.state"))}</th></tr></thead>',
                "<tbody>",
                *rows,
                "</tbody></table></div>",
            )
        )
    return "".join(parts)
