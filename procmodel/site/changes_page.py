"""The "Senaste ändringar" page: the newest changes of every process the audience may see."""

from __future__ import annotations

import datetime as dt

from procmodel.history import Change
from procmodel.model import Process
from procmodel.site.context import SiteContext
from procmodel.site.history import process_history, shown_changes, summary, version_label
from procmodel.site.markup import esc, html_block, md_text, page_head, tag

#: Source path of the page.
CHANGES = "ändringar.md"
#: Changes listed (the newest ones).
MAX_LISTED = 30


def latest_changes(ctx: SiteContext) -> list[tuple[Process, Change]]:
    """The newest changes over the visible processes, newest first."""
    found = []
    for p in ctx.sorted_processes():
        fh = process_history(ctx, p)
        if fh is not None:
            found += [(p, c) for c in shown_changes(ctx, fh)]
    found.sort(key=lambda pc: pc[1].order)  # stable: processes of one commit stay in title order
    return found[:MAX_LISTED]


def changes_page(ctx: SiteContext) -> str:
    """The page: the newest changes, under a heading per day."""
    w = ctx.words
    page = CHANGES
    parts = [page_head(w("recent.title"), search={"exclude": True})]
    listed = latest_changes(ctx)
    if not listed:
        return "".join(parts) + html_block(tag("p", esc(w("recent.none"))))
    parts.append(html_block(tag("p", esc(w("recent.lead", n=len(listed))))))
    days: dict[dt.date, list[str]] = {}
    for p, c in listed:
        days.setdefault(c.date, []).append(
            tag(
                "li",
                f'<p class="pm-history__when">{ctx.process_link(page, p.id)}{version_label(ctx, c)}</p>'
                f'<p class="pm-history__what">{esc(summary(ctx, c))}</p>',
                class_="pm-history__entry",
            )
        )
    for day, items in days.items():
        parts.append(f"## {md_text(w.date(day))} {{#dag-{day.isoformat()}}}\n\n")
        parts.append(html_block('<ol class="pm-history__list pm-changes">', *items, "</ol>"))
    return "".join(parts)
