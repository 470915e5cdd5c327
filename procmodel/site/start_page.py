"""The start page (question first, then the process map) and the section list pages."""

from __future__ import annotations

from procmodel.collation import sort_key
from procmodel.model import Process, Status
from procmodel.site import urls
from procmodel.site.context import SiteContext
from procmodel.site.markup import esc, front_matter, html_block, md_text, page_head, plain_title, tag
from procmodel.site.search import process_goal_ids

QUESTIONS_ON_START = 8


def relevance(ctx: SiteContext, p: Process) -> tuple:
    """Order of "Vanliga frågor": approved first, then reach (goals, callers, steps), then title."""
    return (
        p.status is not Status.approved,
        p.question is None,
        -(len(process_goal_ids(p)) + 3 * len(ctx.callers(p.id)) + len(p.steps) // 4),
        sort_key(p.title),
    )


def _question_item(ctx: SiteContext, page: str, p: Process) -> str:
    text = p.question or p.title
    sub = f'<span class="pm-q__title">{esc(p.title)}</span>' if p.question else ""
    badge = ""
    if p.status is not Status.approved:
        badge = (
            f' <span class="pm-badge'
            f' pm-badge--{p.status.value}">{esc(ctx.words("status." + p.status.value))}</span>'
        )
    return tag("li", ctx.process_link(page, p.id, text=text) + badge + sub, class_="pm-q")


def by_area(ctx: SiteContext) -> list[tuple[str, str, list[Process]]]:
    """(area id, area title, processes) in the configured order; unplaced processes last."""
    processes = ctx.sorted_processes()
    groups: list[tuple[str, str, list[Process]]] = []
    for area in ctx.repo.config.areas:
        members = [p for p in processes if p.area == area.id]
        if members:
            groups.append((area.id, area.title, members))
    known = {area.id for area in ctx.repo.config.areas}
    rest = [p for p in processes if p.area not in known]
    if rest:
        groups.append(("ovrigt", ctx.words("start.other_area"), rest))
    return groups


def start_page(ctx: SiteContext) -> str:
    w = ctx.words
    page = urls.START
    name = ctx.repo.config.name
    parts = [
        front_matter(
            {"title": plain_title(name), "hide": ["navigation", "toc"], "search": {"exclude": True}}
        ),
        f"# {md_text(w('start.title'))} {{#fraga}}\n\n",
    ]
    parts.append(
        html_block(
            f'<form class="pm-ask" role="search" method="get"'
            f' action="{esc(ctx.urls.link(page, urls.SEARCH))}" data-pm-search data-pm-ask>',
            f'<label class="pm-ask__label" for="pm-ask-q">{esc(w("start.search_label"))}</label>',
            '<div class="pm-ask__row">',
            f'<input class="pm-ask__input" id="pm-ask-q" name="q" type="search" autocomplete="off" '
            f'placeholder="{esc(w("start.search_placeholder"))}" aria-describedby="pm-ask-hint">',
            f'<button class="pm-ask__button md-button md-button--primary"'
            f' type="submit">{esc(w("start.search_button"))}</button>',
            "</div>",
            f'<p class="pm-ask__hint" id="pm-ask-hint">{esc(w("start.lead"))}</p>',
            '<p class="pm-search__status" role="status" aria-live="polite" data-pm-status></p>',
            '<ol class="pm-results" data-pm-results></ol>',
            "</form>",
        )
    )
    processes = ctx.sorted_processes()
    if not processes:
        parts.append(html_block(tag("p", esc(w("start.empty")))))
        return "".join(parts)
    top = sorted(processes, key=lambda p: relevance(ctx, p))[:QUESTIONS_ON_START]
    parts.append(f"## {md_text(w('start.questions'))} {{#vanliga-fragor}}\n\n")
    parts.append(
        html_block('<ul class="pm-questions">', *[_question_item(ctx, page, p) for p in top], "</ul>")
    )
    svg = ctx.diagrams.map(ctx.repo, urls.make_href(ctx.repo, page, ctx.urls))
    if svg:
        parts.append(f"## {md_text(w('start.map'))} {{#processkarta}}\n\n")
        parts.append(
            html_block(
                '<figure class="pm-diagram pm-diagram--map" data-search-exclude>',
                f'<div class="pm-diagram__scroll" tabindex="0"'
                f' role="group" aria-label="{esc(w("start.map"))}">',
                svg,
                "</div>",
                f"<figcaption>{esc(w('start.map_alt'))} <a"
                f' href="#omraden">{esc(w("start.by_area"))}</a>.</figcaption>',
                "</figure>",
            )
        )
    parts.append(f"## {md_text(w('start.by_area'))} {{#omraden}}\n\n")
    parts.append(_areas(ctx, page))
    return "".join(parts)


def _areas(ctx: SiteContext, page: str) -> str:
    blocks = ['<div class="pm-areas">']
    for aid, title, members in by_area(ctx):
        items = "".join(_question_item(ctx, page, p) for p in members)
        blocks.append(
            f'<section class="pm-area" aria-labelledby="omr-{esc(aid)}">'
            f'<h3 id="omr-{esc(aid)}">{esc(title)}</h3><ul'
            f' class="pm-questions pm-questions--compact">{items}</ul>'
            "</section>"
        )
    blocks.append("</div>")
    return html_block(*blocks)


def _section_head(ctx: SiteContext, section: str) -> str:
    """Title and lead of a section's list page (``processes``, ``roles``, ``goals``)."""
    w = ctx.words
    return page_head(w(f"{section}.title")) + html_block(tag("p", esc(w(f"{section}.lead"))))


def processes_index(ctx: SiteContext) -> str:
    page = urls.section_index(urls.PROCESSES)
    parts = [_section_head(ctx, "processes")]
    for aid, title, members in by_area(ctx):
        parts.append(f"## {md_text(title)} {{#omr-{aid}}}\n\n")
        parts.append(
            html_block('<ul class="pm-questions">', *[_question_item(ctx, page, p) for p in members], "</ul>")
        )
    return "".join(parts)


def roles_index(ctx: SiteContext) -> str:
    w = ctx.words
    page = urls.section_index(urls.ROLES)
    parts = [_section_head(ctx, "roles")]
    items = []
    for role in sorted(ctx.repo.roles.values(), key=lambda r: sort_key(r.name)):
        ext = f' <span class="pm-badge">{esc(w("roles.external"))}</span>' if role.external else ""
        desc = f'<br><span class="pm-role-desc">{esc(role.description)}</span>' if role.description else ""
        items.append(
            tag(
                "li", tag("a", esc(role.name), href=ctx.urls.link(page, urls.role_path(role.id))) + ext + desc
            )
        )
    parts.append(html_block('<ul class="pm-role-list">', *items, "</ul>"))
    return "".join(parts)


def goals_index(ctx: SiteContext) -> str:
    w = ctx.words
    page = urls.section_index(urls.GOALS)
    parts = [_section_head(ctx, "goals")]
    cov = ctx.coverage(approved_only=False)
    for cat in ctx.repo.catalogs.values():
        parts.append(f"## {md_text(cat.title)} {{#k-{cat.id}}}\n\n")

        def tree(goals: list, depth: int = 0) -> str:
            lis = []
            for g in goals:
                mark = ""
                if not g.goals and not cov[g.id].covered:
                    mark = f' <span class="pm-cov-mark">({esc(w("goal.not_covered"))})</span>'
                sub = tree(g.goals, depth + 1) if g.goals else ""
                href = ctx.urls.link(page, urls.goal_path(g.id))
                lis.append(
                    "<li>" + tag("a", esc(ctx.goal_short_label(g.id)), href=href) + mark + sub + "</li>"
                )
            return f'<ul class="pm-goal-tree">{"".join(lis)}</ul>'

        parts.append(html_block(tree(cat.goals)))
    return "".join(parts)
