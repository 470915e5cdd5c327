"""A process's versions on its page: "Senast ändrad" in the facts, and its change history.

The history comes from git (:mod:`procmodel.history`), read once per build and handed to the
pages in :attr:`SiteContext.history`; without it (no git, or the file never committed) the
page has neither the date nor the section. Each entry is a date, the process's version at that
commit and one line saying what changed: steps added, removed or renamed, roles and goals
gained or lost. Commit messages and authors are never shown (they are not written for readers,
and a public site has no business naming staff).

A public build shows only the versions a public build would have shown: while a process was
staff-only (or retired) its changes are left out, and the commit that made it public reads
"published", without comparing with the staff-only version.
"""

from __future__ import annotations

from procmodel.history import Change, FileHistory
from procmodel.model import Process
from procmodel.site.context import SiteContext
from procmodel.site.markup import esc, html_block, md_text, tag

#: Names listed in one part of a summary before "and N more".
MAX_NAMES = 3
#: The history section's anchor on a process page.
ANCHOR = "historik"


def process_history(ctx: SiteContext, p: Process) -> FileHistory | None:
    """The process's history, if the build has one and git knows the file."""
    if ctx.history is None:
        return None
    return ctx.history.of(ctx.repo, p)


def last_changed_item(ctx: SiteContext, p: Process) -> list[tuple[str, str, str]]:
    """The "Senast ändrad" item for the page's facts (none when the date is not known), linked
    to the change history below."""
    fh = process_history(ctx, p)
    date = fh.last_changed if fh else None
    if fh is None or date is None:
        return []
    value = _time(ctx, date)
    if shown_changes(ctx, fh):
        value = tag("a", value, href=f"#{ANCHOR}")
    return [(ctx.words("history.last_changed"), value, "pm-last-changed")]


def shown_changes(ctx: SiteContext, fh: FileHistory) -> list[Change]:
    """The changes this audience may see (see the module doc)."""
    if ctx.audience == "staff":
        return list(fh.changes)
    return [c for c in fh.changes if c.after is not None and c.after.public]


def history_section(ctx: SiteContext, page: str, p: Process) -> str:
    """The "Ändringshistorik" section of a process page ('' without a history)."""
    fh = process_history(ctx, p)
    changes = shown_changes(ctx, fh) if fh else []
    if not changes:
        return ""
    w = ctx.words
    items = [
        tag(
            "li",
            f'<p class="pm-history__when">{_time(ctx, c.date)}{version_label(ctx, c)}</p>'
            f'<p class="pm-history__what">{esc(summary(ctx, c))}</p>',
            class_="pm-history__entry",
        )
        for c in changes
    ]
    return f"## {md_text(w('history.title'))} {{#{ANCHOR} data-search-exclude}}\n\n" + html_block(
        f'<section class="pm-history" aria-label="{esc(w("history.title"))}" data-search-exclude>',
        '<ol class="pm-history__list">',
        *items,
        "</ol>",
        tag("p", esc(w("history.note")), class_="pm-history__note"),
        "</section>",
    )


def summary(ctx: SiteContext, c: Change) -> str:
    """One sentence saying what the change did to the process."""
    w = ctx.words
    if c.state == "created":
        return w("history.created")
    if c.state == "earlier_unknown":
        return w("history.earlier_unknown")
    if c.after is None or c.before is None:
        return w("history.unreadable")
    if ctx.audience != "staff" and not c.before.public:
        return w("history.published")
    d = c.diff()
    parts: list[str] = []
    if d is not None:
        parts += _part(ctx, "history.steps_added", [_quoted(ctx, s.title) for s in d.steps_added])
        parts += _part(ctx, "history.steps_removed", [_quoted(ctx, s.title) for s in d.steps_removed])
        renamed = [
            w("history.renamed", before=_quoted(ctx, s.before or s.id), after=_quoted(ctx, s.title))
            for s in d.steps_renamed
        ]
        parts += _part(ctx, "history.steps_renamed", renamed)
        parts += _part(ctx, "history.roles_gained", [ctx.role_name(r) for r in d.roles_gained])
        parts += _part(ctx, "history.roles_lost", [ctx.role_name(r) for r in d.roles_lost])
        parts += _part(ctx, "history.goals_gained", [_goal(ctx, g) for g in d.goals_gained])
        parts += _part(ctx, "history.goals_lost", [_goal(ctx, g) for g in d.goals_lost])
        if not parts:
            parts.append(w("history.other") if d.content_changed else w("history.version_only"))
    if c.renamed_from and ctx.audience == "staff":
        parts.append(w("history.moved", path=c.renamed_from))
    if not parts:
        parts.append(w("history.no_difference"))
    text = "; ".join(parts)
    return text[:1].upper() + text[1:] + "."


def _part(ctx: SiteContext, key: str, names: list[str]) -> list[str]:
    if not names:
        return []
    shown = ", ".join(names[:MAX_NAMES])
    if len(names) > MAX_NAMES:
        shown = ctx.words("history.and_more", names=shown, n=len(names) - MAX_NAMES)
    return [ctx.words(key, names=shown, n=len(names))]


def _quoted(ctx: SiteContext, text: str) -> str:
    return ctx.words("history.quoted", text=text)


def _goal(ctx: SiteContext, gid: str) -> str:
    """A goal by its catalog and number ("Skollagen 3 kap. 7 §"): a summary names, it does not quote."""
    goal = ctx.repo.goals.get(gid)
    if goal is None:
        return ctx.words("history.goal_gone", id=gid)
    if goal.number and not ctx.list_item_label(gid):
        cat = ctx.repo.catalogs[ctx.repo.goal_catalog[gid]]
        return f"{cat.short or cat.title} {goal.number}"
    return ctx.goal_label(gid)


def _time(ctx: SiteContext, date: object) -> str:
    text = ctx.words.date(date)
    return tag("time", esc(text), datetime=str(date))


def version_label(ctx: SiteContext, c: Change) -> str:
    """' ' and the version at the change, as a label ('' when the process had none)."""
    if not c.version:
        return ""
    label = ctx.words("history.version", version=c.version)
    return " " + tag("span", esc(label), class_="pm-history__version")
