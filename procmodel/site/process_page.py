"""One page per process: the question, the clickable flow, the steps as a checklist."""

from __future__ import annotations

import zlib

from procmodel.collation import sort_key
from procmodel.model import Process, Status, Step, StepType
from procmodel.site import urls
from procmodel.site.context import SiteContext
from procmodel.site.document_page import document_href, is_published
from procmodel.site.history import history_section, last_changed_item
from procmodel.site.markup import attrs, esc, html_block, md_text, page_head, tag
from procmodel.site.provenance import deadline_html
from procmodel.site.sanitize import markdown_html
from procmodel.site.search import process_goal_ids, process_search_meta, statute_references
from procmodel.site.steps import is_listed, listed_step, listed_steps, step_numbers, step_raci
from procmodel.site.unit_paths import applies_to_text

#: The word for each RACI relation, in RACI order (the relations of :data:`graph.RACI_RELS`).
RACI_WORDS = {
    "performs": "step.responsible",
    "accountable": "step.accountable",
    "consulted": "step.consulted",
    "informed": "step.informed",
}


def role_hue(rid: str) -> int:
    """A stable hue for a role's colour mark."""
    return zlib.crc32(rid.encode("utf-8")) % 360


def process_page(ctx: SiteContext, pid: str) -> str:
    """The Markdown (with HTML blocks) of one process page."""
    p = ctx.repo.processes[pid]
    page = urls.process_path(pid)
    w = ctx.words
    parts = [page_head(p.title, **process_search_meta(ctx.repo, p))]
    parts.append(_lead(ctx, page, p))
    parts.append(_status_notes(ctx, p))
    parts.append(_meta_line(ctx, page, p))
    parts.append(_diagram(ctx, page, p))
    parts.append(f"## {md_text(w('process.steps'))} {{#steg}}\n\n")
    parts.append(_steps(ctx, page, p))
    parts.append(_roles_table(ctx, page, p))
    parts.append(_goals(ctx, page, p))
    parts.append(_documents(ctx, page, p))
    parts.append(_used_by(ctx, page, p))
    parts.append(history_section(ctx, page, p))
    return "".join(parts)


# sections ----------------------------------------------------------------------------


def _diagram(ctx: SiteContext, page: str, p: Process) -> str:
    """The flow twice: in swimlanes for wide screens, top to bottom for narrow ones (CSS picks one).

    The one not shown is ``display: none``, so it is neither read out nor a tab stop.
    """
    w = ctx.words
    href = urls.make_href(ctx.repo, page, ctx.urls, p.id)
    title = f"{w('process.diagram_title')}: {p.title}"
    wide = ctx.diagrams.process(ctx.repo, p.id, href, title=title)
    if not wide:
        return ""
    narrow = ctx.diagrams.top_down(ctx.repo, p.id, href, title=title)
    caption = (
        f'{esc(w("process.diagram_caption"))}<a href="#steg">{esc(w("process.diagram_caption_link"))}</a>.'
    )
    blocks = [
        f'<div class="pm-diagram__scroll pm-diagram__wide{" pm-diagram__wide--swap" if narrow else ""}"'
        f' tabindex="0" role="group" aria-label="{esc(w("process.diagram_wide"))}">',
        f'<div class="pm-diagram__stack">{wide}</div>',
        "</div>",
    ]
    if narrow:
        blocks += [
            f'<div class="pm-diagram__scroll pm-diagram__narrow" tabindex="0" role="group"'
            f' aria-label="{esc(w("process.diagram_narrow"))}">',
            narrow,
            "</div>",
        ]
    return f"## {md_text(w('process.diagram'))} {{#flodet data-search-exclude}}\n\n" + html_block(
        f'<p class="pm-skip"><a href="#steg">{esc(w("process.skip_diagram"))}</a></p>',
        '<figure class="pm-diagram pm-diagram--process" data-search-exclude>',
        *blocks,
        f"<figcaption>{caption}</figcaption>",
        "</figure>",
    )


def _lead(ctx: SiteContext, page: str, p: Process) -> str:
    w = ctx.words
    rows = []
    if p.question:
        rows.append(tag("p", esc(p.question), class_="pm-question"))
    summary = markdown_html(p.summary)
    if summary:
        rows.append(f'<div class="pm-summary">{summary}</div>')
    refs = statute_references(ctx.repo, process_goal_ids(p))
    if refs:
        links = ", ".join(
            tag("a", esc(f"{short} {goal.number}"), href=ctx.urls.link(page, urls.goal_path(goal.id)))
            for short, goal in refs
        )
        rows.append(
            tag(
                "p",
                f'<span class="pm-label">{esc(w("process.based_on"))}:</span> {links}',
                class_="pm-based-on",
            )
        )
    if p.keywords:
        words = ", ".join(esc(k) for k in p.keywords)
        rows.append(
            tag(
                "p",
                f'<span class="pm-label">{esc(w("process.keywords"))}:</span> {words}',
                class_="pm-keywords",
            )
        )
    return html_block('<div class="pm-lead">', *rows, "</div>") if rows else ""


def _status_notes(ctx: SiteContext, p: Process) -> str:
    w = ctx.words
    notes = []
    if p.status is Status.draft:
        notes.append(("warning", "pm-draft", w("process.draft")))
    elif p.status is Status.review:
        notes.append(("info", "pm-in-review", w("process.in_review")))
    elif p.status is Status.retired:
        notes.append(("danger", "pm-retired", w("process.retired")))
    state = ctx.review_state(p)
    if state == "overdue":
        notes.append(("warning", "pm-overdue", w("process.overdue", date=w.date(p.next_review()))))
    elif state == "never" and p.status is not Status.draft:
        notes.append(("info", "pm-never-reviewed", w("process.never_reviewed")))
    blocks = [
        f'<div class="admonition {kind} pm-status {cls}" role="note"><p>{esc(text)}</p></div>'
        for kind, cls, text in notes
    ]
    return html_block(*blocks) if blocks else ""


def _meta_line(ctx: SiteContext, page: str, p: Process) -> str:
    w = ctx.words
    items = [
        (w("process.status"), esc(w(f"status.{p.status.value}")), f"pm-status-{p.status.value}"),
        (w("process.version"), esc(p.version), ""),
    ]
    if p.owner:
        items.append((w("process.owner"), ctx.role_link(page, p.owner), ""))
    if p.area:
        area = next((a for a in ctx.repo.config.areas if a.id == p.area), None)
        items.append((w("process.area"), esc(area.title if area else p.area), ""))
    if p.applies_to is not None:
        items.append((w("process.applies_to"), esc(applies_to_text(ctx, p)), ""))
    items.append(
        (w("process.reviewed"), esc(w.date(p.reviewed)) if p.reviewed else esc(w("common.none")), "")
    )
    nxt = p.next_review()
    overdue = ctx.review_state(p) == "overdue"
    items.append(
        (
            w("process.next_review"),
            esc(w.date(nxt)) if nxt else esc(w("common.none")),
            "pm-overdue-date" if overdue else "",
        )
    )
    items.append((w("process.audience"), esc(w(f"audience.{p.audience.value}")), ""))
    items += last_changed_item(ctx, p)
    cells = "".join(
        f'<div class="{("pm-meta__item " + cls).strip()}"><dt>{esc(k)}</dt><dd>{v}</dd></div>'
        for k, v, cls in items
    )
    return html_block(
        f'<section class="pm-meta" aria-label="{esc(w("process.meta"))}" data-search-exclude>',
        f"<dl>{cells}</dl>",
        "</section>",
    )


def _steps(ctx: SiteContext, page: str, p: Process) -> str:
    numbers = step_numbers(p)
    listed = listed_steps(p)
    if not numbers:
        return html_block(tag("p", esc(ctx.words("process.no_steps"))))
    items = [_step(ctx, page, p, s, numbers) for s in listed]
    return html_block('<ol class="pm-steps">', *items, "</ol>")


def _step(ctx: SiteContext, page: str, p: Process, s: Step, numbers: dict[str, int]) -> str:
    w = ctx.words
    kind = s.type.value
    head = [f'<span class="pm-step__no">{numbers[s.id]}.</span>'] if s.id in numbers else []
    if s.type is not StepType.task:
        head.append(f'<span class="pm-kind pm-kind--{kind}">{esc(w(f"step.kind.{kind}"))}</span>')
    head.append(f'<span class="pm-step__title">{esc(s.label)}</span>')
    body = [
        f'<h3 class="pm-step__head" id="{esc(urls.step_anchor(s.id))}">{" ".join(head)}</h3>',
    ]
    raci = _raci(ctx, page, s)
    if raci:
        body.append(raci)
    if s.deadline:
        body.append(_labelled("pm-deadline", w("step.deadline"), deadline_html(w, s.deadline)))
    if s.timer:
        body.append(_labelled("pm-timer", w("step.timer"), esc(s.timer)))
    instructions = markdown_html(s.instructions)
    if instructions:
        body.append(f'<div class="pm-instructions">{instructions}</div>')
    if s.notes:
        notes = "".join(tag("li", esc(n)) for n in s.notes)
        body.append(
            f'<div class="pm-notes"><p class="pm-label">{esc(w("step.notes"))}</p><ul>{notes}</ul></div>'
        )
    if s.type is StepType.subprocess and s.calls:
        if s.calls in ctx.repo.processes:
            called = ctx.repo.processes[s.calls]
            link = ctx.process_link(page, s.calls)
            extra = f" – {esc(called.question)}" if called.question else ""
            body.append(_labelled("pm-calls", w("process.calls"), link + extra))
        else:
            body.append(tag("p", esc(w("process.calls_hidden")), class_="pm-calls"))
    if s.outcomes:
        outs = "".join(
            tag(
                "li",
                f'<span class="pm-outcome__label">{esc(o.label or "…")}</span> → '
                + _step_ref(ctx, page, p, o.next, numbers),
            )
            for o in s.outcomes
        )
        body.append(
            f'<div class="pm-outcomes"><p class="pm-label">{esc(w("step.outcomes"))}</p><ul>{outs}</ul></div>'
        )
    else:
        then = _then(ctx, page, p, s, numbers)
        if then:
            body.append(then)
    if s.goals:
        links = ", ".join(ctx.goal_link(page, g) for g in s.goals)
        body.append(_labelled("pm-step-goals", w("step.goals"), links))
    if s.documents:
        links = ", ".join(_document_link(ctx, page, d) for d in s.documents)
        body.append(_labelled("pm-step-docs", w("step.documents"), links))
    classes = f"pm-step pm-step--{kind}" + (" pm-step--has-role" if s.role else "")
    if s.id not in numbers:  # where the flow begins, ends, splits or joins: not a step to do
        classes += " pm-step--marker"
    hue = f"--pm-hue:{role_hue(s.role)}" if s.role else None
    return f"<li{attrs(class_=classes, style=hue, data_role=s.role or None)}>" + "".join(body) + "</li>"


def _raci(ctx: SiteContext, page: str, s: Step) -> str:
    w = ctx.words
    parts = []
    for rel, roles in step_raci(s):
        if roles:
            key = RACI_WORDS[rel]
            links = ", ".join(ctx.role_link(page, r) for r in roles)
            parts.append(
                f'<span class="pm-raci__item pm-raci--{rel}">'
                f'<abbr class="pm-raci__letter" title="{esc(w(key))}">{esc(w.raci(rel))}</abbr> '
                f'<span class="pm-raci__name">{esc(w(key))}:</span> {links}</span>'
            )
    return f'<p class="pm-raci">{" ".join(parts)}</p>' if parts else ""


def _labelled(cls: str, label: str, value_html: str) -> str:
    return f'<p class="{cls}"><span class="pm-label">{esc(label)}:</span> {value_html}</p>'


def _step_ref(ctx: SiteContext, page: str, p: Process, sid: str, numbers: dict[str, int]) -> str:
    target = listed_step(p, ctx.repo.flow(p), sid)
    step = p.step(target)
    if step is None or not is_listed(step):
        return esc(sid)
    w = ctx.words
    if step.type is StepType.end and not step.title:
        text = w("step.end")
    elif target in numbers:
        text = f"{w('step.step')} {numbers[target]}: {step.label}"
    else:
        text = f"{w(f'step.kind.{step.type.value}')}: {step.label}"
    return tag("a", esc(text), href=f"#{urls.step_anchor(target)}")


def _then(ctx: SiteContext, page: str, p: Process, s: Step, numbers: dict[str, int]) -> str:
    """'Sedan → steg N' when the flow does not simply continue with the next listed step."""
    if s.type is StepType.end:
        return ""
    flow = ctx.repo.flow(p)
    # a task's boundary events are shown with the task, not as what follows it
    succ = [listed_step(p, flow, e.target) for e in flow.out_edges(s.id) if not e.boundary]
    order = [x.id for x in listed_steps(p)]
    succ = [t for t in succ if t in order]
    at = order.index(s.id) if s.id in order else len(order)
    following = order[at + 1] if at + 1 < len(order) else None
    if not succ or (len(succ) == 1 and succ[0] == following):
        return ""
    refs = ", ".join(_step_ref(ctx, page, p, t, numbers) for t in succ)
    return _labelled("pm-then", ctx.words("step.then"), refs)


def _roles_table(ctx: SiteContext, page: str, p: Process) -> str:
    w = ctx.words
    counts: dict[str, dict[str, int]] = {}
    for s in p.steps:
        for rel, roles in step_raci(s):
            for r in roles:
                counts.setdefault(r, {}).setdefault(rel, 0)
                counts[r][rel] += 1
    if not counts:
        return ""
    head = "".join(f'<th scope="col">{esc(w(key))}</th>' for key in RACI_WORDS.values())
    rows = []
    for rid in sorted(counts, key=lambda r: sort_key(ctx.role_name(r))):
        cells = "".join(f"<td>{counts[rid].get(r, '') or ''}</td>" for r in RACI_WORDS)
        rows.append(f'<tr><th scope="row">{ctx.role_link(page, rid)}</th>{cells}</tr>')
    return f"## {md_text(w('process.roles'))} {{#roller}}\n\n" + html_block(
        '<div class="pm-table-wrap pm-roles-table"><table>',
        f'<thead><tr><th scope="col">{esc(w("nav.roles"))}</th>{head}</tr></thead>',
        "<tbody>",
        *rows,
        "</tbody></table></div>",
    )


def _goals(ctx: SiteContext, page: str, p: Process) -> str:
    ids = [g for g in process_goal_ids(p) if g in ctx.repo.goals]
    if not ids:
        return ""
    items = []
    for g in ids:
        text = ctx.repo.goals[g].text
        # a list item named by its place ("… mål 3"): its wording, expanded, under the link
        wording = ""
        if text and ctx.list_item_label(g):
            wording = f' <span class="pm-goal-text">– {esc(text)}</span>'
        items.append(tag("li", ctx.goal_link(page, g) + wording))
    return f"## {md_text(ctx.words('process.goals'))} {{#mal}}\n\n" + html_block(
        '<ul class="pm-goal-list">', *items, "</ul>"
    )


def _document_ids(p: Process) -> list[str]:
    seen: dict[str, None] = dict.fromkeys(p.documents)
    for s in p.steps:
        seen.update(dict.fromkeys(s.documents))
    return list(seen)


def _document_link(ctx: SiteContext, page: str, did: str) -> str:
    doc = ctx.repo.documents.get(did)
    if doc is None:
        return esc(did)
    if not is_published(ctx, did):
        internal = tag("span", esc(f"({ctx.words('document.internal')})"), class_="pm-doc-internal")
        return f"{esc(doc.title)} {internal}"
    href = document_href(ctx, page, did)
    return tag("a", esc(doc.title), href=href) if href else esc(doc.title)


def _documents(ctx: SiteContext, page: str, p: Process) -> str:
    ids = _document_ids(p)
    if not ids:
        return ""
    items = []
    for did in ids:
        doc = ctx.repo.documents.get(did) if is_published(ctx, did) else None
        extra = ""
        if doc is not None and doc.kind:
            extra = f' <span class="pm-doc-kind">({esc(doc.kind)})</span>'
        if doc is not None and doc.description:
            extra += f'<br><span class="pm-doc-desc">{esc(doc.description)}</span>'
        items.append(tag("li", _document_link(ctx, page, did) + extra))
    return f"## {md_text(ctx.words('process.documents'))} {{#dokument}}\n\n" + html_block(
        '<ul class="pm-doc-list">', *items, "</ul>"
    )


def _used_by(ctx: SiteContext, page: str, p: Process) -> str:
    callers = ctx.callers(p.id)
    if not callers:
        return ""
    w = ctx.words
    items = []
    for cpid, csid in callers:
        caller = ctx.repo.processes[cpid]
        step = caller.step(csid)
        label = f"{caller.title} – {step.label}" if step else caller.title
        items.append(tag("li", ctx.process_link(page, cpid, urls.step_anchor(csid), label)))
    return f"## {md_text(w('process.used_by'))} {{#anvands-av}}\n\n" + html_block(
        tag("p", esc(w("process.used_by_lead"))), '<ul class="pm-used-by">', *items, "</ul>"
    )
