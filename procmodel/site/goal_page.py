"""One page per goal: official text, the red thread, and every step that serves it."""

from __future__ import annotations

from procmodel.collation import sort_key
from procmodel.coverage import Service
from procmodel.graph import goal_node, node_id, sources
from procmodel.model import Status, Wording
from procmodel.site import urls
from procmodel.site.context import SiteContext
from procmodel.site.markup import esc, html_block, md_text, page_head, tag
from procmodel.site.provenance import source_html, wording_label
from procmodel.site.search import goal_search_meta

#: Red-thread pictures are drawn for goals served by at most this many steps; beyond that the
#: picture is unreadable and the step list below says it better. Sections get none either:
#: their sub-goal list is the overview.
MAX_DIAGRAM_STEPS = 30


def serving_steps(ctx: SiteContext, gid: str) -> list[Service]:
    """Every visible step serving the goal, directly or via a municipal goal (any status).

    One entry per step (a direct link wins over one via a municipal goal), in process
    title order and then in the order of the steps.
    """
    best: dict[tuple[str, str], Service] = {}
    for s in ctx.coverage(approved_only=False)[gid].services:
        key = (s.process, s.step)
        if key not in best or (best[key].via is not None and s.via is None):
            best[key] = s

    def order(s: Service) -> tuple:
        p = ctx.repo.processes[s.process]
        index = next((i for i, st in enumerate(p.steps) if st.id == s.step), 0)
        return (sort_key(p.title), s.process, index)

    return sorted(best.values(), key=order)


def goal_page(ctx: SiteContext, gid: str) -> str:
    repo = ctx.repo
    w = ctx.words
    goal = repo.goals[gid]
    cat = repo.catalogs[repo.goal_catalog[gid]]
    page = urls.goal_path(gid)
    parts = [page_head(ctx.goal_label(gid), **goal_search_meta())]

    facts = [
        f"<div><dt>{esc(w('goal.catalog'))}</dt><dd>"
        + tag("a", esc(cat.title), href=ctx.urls.link(page, urls.section_index(urls.GOALS), f"k-{cat.id}"))
        + (f" ({esc(cat.reference)})" if cat.reference else "")
        + "</dd></div>"
    ]
    # a list item's number in the catalog file ("2.1 alla 3") is a key, not a name: its heading
    # says its place in words ("… 2.1 Normer och värden, mål 3") and "Ingår i" the list it is in
    if goal.number and not ctx.list_item_label(gid):
        facts.append(f"<div><dt>{esc(w('goal.number'))}</dt><dd>{esc(goal.number)}</dd></div>")
    chain = _parents(ctx, gid)
    if chain:
        links = " › ".join(ctx.goal_link(page, p, full=False) for p in chain)
        facts.append(f"<div><dt>{esc(w('goal.part_of'))}</dt><dd>{links}</dd></div>")
    lead = [f'<dl class="pm-goal-facts">{"".join(facts)}</dl>']
    if goal.text:
        municipal = repo.is_municipal(gid)  # the organisation's own goals are in its own words
        if not municipal:
            lead.append(wording_label(w, goal))
        paragraphs = "".join(
            tag("p", esc(t.strip()).replace("\n", "<br>")) for t in goal.text.split("\n\n") if t.strip()
        )
        # Only the official wording is a quotation; a summary or unchecked text is not set as one.
        element = "blockquote" if goal.wording is Wording.official else "div"
        lead.append(
            f'<{element} class="pm-goal-text pm-goal-text--{"own" if municipal else goal.wording.value}"'
            f' aria-label="{esc(w("goal.text"))}">{paragraphs}</{element}>'
        )
    if goal.note:
        lead.append(
            tag(
                "p",
                f'<span class="pm-label">{esc(w("goal.note"))}:</span> {esc(goal.note)}',
                class_="pm-goal-note",
            )
        )
    source = goal.source or cat.source
    if source:
        lead.append(
            tag(
                "p",
                f'<span class="pm-label">{esc(w("goal.source"))}:</span> ' + source_html(source),
                class_="pm-goal-source",
            )
        )
    if goal.changed:  # when the official text last changed (set by the importers; PM407 uses it)
        by = f" ({esc(goal.changed_by)})" if goal.changed_by else ""
        lead.append(
            tag(
                "p",
                f'<span class="pm-label">{esc(w("goal.changed"))}:</span> {goal.changed.isoformat()}{by}',
                class_="pm-goal-changed",
            )
        )
    parts.append(html_block('<div class="pm-lead">', *lead, "</div>"))

    if goal.goals:
        parts.append(_subgoals(ctx, page, gid))
    services = serving_steps(ctx, gid)
    parts.append(_red_thread(ctx, page, gid, len(services)))
    parts.append(_served_by(ctx, page, gid, services))
    return "".join(parts)


def _parents(ctx: SiteContext, gid: str) -> list[str]:
    chain = []
    parent = ctx.repo.goal_parent.get(gid)
    while parent and parent not in chain:
        chain.append(parent)
        parent = ctx.repo.goal_parent.get(parent)
    return list(reversed(chain))


def _subgoals(ctx: SiteContext, page: str, gid: str) -> str:
    w = ctx.words
    leaves = ctx.repo.leaves_under(gid)
    cov = ctx.coverage(approved_only=False)
    covered = sum(1 for leaf in leaves if cov[leaf].covered)
    items = []
    for sub in ctx.repo.goals[gid].goals:
        sub_leaves = ctx.repo.leaves_under(sub.id)
        ok = all(cov[leaf].covered for leaf in sub_leaves)
        mark = w("goal.covered") if ok else w("goal.not_covered")
        items.append(
            f'<li class="{"pm-covered" if ok else "pm-uncovered"}">{ctx.goal_link(page, sub.id, full=False)} '
            f'<span class="pm-cov-mark">({esc(mark)})</span></li>'
        )
    return f"## {md_text(w('goal.subgoals'))} {{#delmal}}\n\n" + html_block(
        tag("p", esc(w("goal.section_covered", covered=covered, total=len(leaves)))),
        '<ul class="pm-subgoals">',
        *items,
        "</ul>",
    )


def _red_thread(ctx: SiteContext, page: str, gid: str, serving: int) -> str:
    repo = ctx.repo
    w = ctx.words
    blocks = [tag("p", esc(w("goal.red_thread_lead")))]
    if repo.is_municipal(gid):
        targets = [t for t in repo.goals[gid].supports if t in repo.goals]
        if targets:
            items = "".join(tag("li", ctx.goal_link(page, t)) for t in targets)
            blocks.append(
                f'<p class="pm-label">{esc(w("goal.supports"))}:</p><ul class="pm-supports">{items}</ul>'
            )
    else:
        municipal = sorted(node_id(s) for s in sources(repo.graph, goal_node(gid), "supports"))
        if municipal:
            items = "".join(tag("li", ctx.goal_link(page, m)) for m in municipal)
            blocks.append(
                f'<p class="pm-label">{esc(w("goal.supported_by"))}:</p>'
                f'<ul class="pm-supported-by">{items}</ul>'
            )
    svg = ""
    if not repo.goals[gid].goals and serving <= MAX_DIAGRAM_STEPS:
        svg = ctx.diagrams.red_thread(repo, gid, urls.make_href(repo, page, ctx.urls))
    if svg:
        blocks.append(
            f'<figure class="pm-diagram pm-diagram--red-thread" data-search-exclude>'
            f'<div class="pm-diagram__scroll" tabindex="0"'
            f' role="group" aria-label="{esc(w("goal.diagram"))}">'
            f"{svg}</div><figcaption>{esc(w('goal.diagram'))}. "
            f'<a href="#steg">{esc(w("goal.served_by"))}</a>.</figcaption></figure>'
        )
    return f"## {md_text(w('goal.red_thread'))} {{#rod-trad}}\n\n" + html_block(*blocks)


def _served_by(ctx: SiteContext, page: str, gid: str, services: list[Service]) -> str:
    w = ctx.words
    head = f"## {md_text(w('goal.served_by'))} {{#steg}}\n\n"
    if not services and ctx.repo.goals[gid].goals:
        return ""  # a section: the sub-goal list above says what is covered
    if not services:
        return head + html_block(
            f'<div class="admonition warning pm-uncovered-note"'
            f' role="note"><p>{esc(w("goal.uncovered"))}</p></div>'
        )
    by_process: dict[str, list[Service]] = {}
    for s in services:
        by_process.setdefault(s.process, []).append(s)
    blocks = []
    for pid, items in by_process.items():
        p = ctx.repo.processes[pid]
        lis = []
        for s in items:
            step = p.step(s.step)
            label = step.label if step else s.step
            via = (
                f' <span class="pm-via">({esc(w("goal.via"))} {ctx.goal_link(page, s.via)})</span>'
                if s.via
                else ""
            )
            lis.append(
                f'<li class="pm-serving-step" data-step="{esc(pid)}/{esc(s.step)}">'
                f"{ctx.process_link(page, pid, urls.step_anchor(s.step), label)}{via}</li>"
            )
        status = ""
        if p.status is not Status.approved:
            status = (
                f' <span class="pm-badge'
                f' pm-badge--{p.status.value}">{esc(w("status." + p.status.value))}</span>'
            )
        blocks.append(
            f'<div class="pm-serving"><p'
            f' class="pm-serving__process">{ctx.process_link(page, pid)}{status}</p>'
            f"<ul>{''.join(lis)}</ul></div>"
        )
    return head + html_block(*blocks)
