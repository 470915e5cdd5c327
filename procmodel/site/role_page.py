"""One page per role, "Mina uppgifter": every step the role does, decides, is asked or told."""

from __future__ import annotations

from procmodel.collation import sort_key
from procmodel.graph import RACI_RELS, node_id, role_node, targets
from procmodel.role_groups import groups_of, members_of
from procmodel.site import urls
from procmodel.site.context import SiteContext
from procmodel.site.markup import esc, html_block, md_text, page_head, tag
from procmodel.site.process_page import RACI_WORDS
from procmodel.site.provenance import deadline_html
from procmodel.site.steps import step_numbers


def role_tasks(ctx: SiteContext, rid: str) -> dict[str, dict[str, list[str]]]:
    """Process id → step id → the RACI relations ``rid`` has to that step (in step order)."""
    g = ctx.repo.graph
    node = role_node(rid)
    found: dict[str, dict[str, list[str]]] = {}
    if node not in g:
        return found
    # one walk over the role's in-edges (every step it has a part in), then relation by relation
    by_rel: dict[str, list[str]] = {rel: [] for rel in RACI_RELS}
    for src, keys in g.pred[node].items():
        for rel in keys:
            if rel in by_rel:
                by_rel[rel].append(src)
    nodes = g.nodes
    for rel, srcs in by_rel.items():
        for src in srcs:
            data = nodes[src]
            pid = data.get("process")
            if pid not in ctx.repo.processes:
                continue
            found.setdefault(pid, {}).setdefault(data["obj"].id, []).append(rel)
    ordered: dict[str, dict[str, list[str]]] = {}
    for pid in sorted(found, key=lambda x: sort_key(ctx.repo.processes[x].title)):
        order = {s.id: i for i, s in enumerate(ctx.repo.processes[pid].steps)}
        ordered[pid] = dict(sorted(found[pid].items(), key=lambda kv: order.get(kv[0], 0)))
    return ordered


def role_page(ctx: SiteContext, rid: str) -> str:
    role = ctx.repo.roles[rid]
    w = ctx.words
    page = urls.role_path(rid)
    title = w("role.title", name=role.name)
    parts = [page_head(title)]
    lead = [tag("p", esc(w("role.lead", name=role.name)), class_="pm-question")]
    if role.description:
        lead.append(tag("p", esc(role.description)))
    parts.append(html_block('<div class="pm-lead">', *lead, "</div>"))
    node = role_node(rid)
    owned = [node_id(n) for n in targets(ctx.repo.graph, node, "owns")] if node in ctx.repo.graph else []
    owned = [pid for pid in owned if pid in ctx.repo.processes]
    if owned:
        owned.sort(key=lambda x: sort_key(ctx.repo.processes[x].title))
        items = [tag("li", ctx.process_link(page, pid)) for pid in owned]
        parts.append(f"## {md_text(w('role.owns'))} {{#ager}}\n\n")
        parts.append(html_block('<ul class="pm-owned">', *items, "</ul>"))
    members = members_of(ctx.repo.roles, rid)
    if members:
        names = ", ".join(ctx.role_link(page, m) for m in members)
        parts.append(html_block(tag("p", f"{esc(w('role.members'))}: {names}", class_="pm-role-members")))
    tasks = role_tasks(ctx, rid)
    groups = [(gid, role_tasks(ctx, gid)) for gid in groups_of(ctx.repo.roles, rid)]
    groups = [(gid, found) for gid, found in groups if found]
    if not tasks and not groups:
        parts.append(html_block(tag("p", esc(w("role.none")), class_="pm-empty")))
        return "".join(parts)
    parts.append(html_block(tag("p", esc(w("role.legend")), class_="pm-legend")))
    if groups:
        links = ", ".join(
            tag("a", esc(ctx.role_name(gid)), href=f"#{_anchor(gid, 'g-')}") for gid, _ in groups
        )
        parts.append(html_block(tag("p", f"{esc(w('role.also'))} {links}.", class_="pm-role-groups")))
    parts.append(_task_sections(ctx, page, tasks, "##"))
    for gid, found in groups:
        heading = w("role.group", name=ctx.role_name(gid))
        parts.append(f"## {md_text(heading)} {{#{_anchor(gid, 'g-')}}}\n\n")
        parts.append(
            html_block(
                tag(
                    "p",
                    esc(w("role.group_lead", name=role.name, group=ctx.role_name(gid)))
                    + " "
                    + tag("a", esc(w("role.group_page")), href=ctx.urls.link(page, urls.role_path(gid))),
                    class_="pm-role-group-lead",
                )
            )
        )
        parts.append(_task_sections(ctx, page, found, "###", prefix=f"{gid}-", group=gid))
    return "".join(parts)


def _task_sections(
    ctx: SiteContext,
    page: str,
    tasks: dict[str, dict[str, list[str]]],
    level: str,
    prefix: str = "",
    group: str | None = None,
) -> str:
    """One heading per process, with the role's steps in it (RACI letters, number, deadline)."""
    w = ctx.words
    parts = []
    for pid, steps in tasks.items():
        p = ctx.repo.processes[pid]
        numbers = step_numbers(p)
        parts.append(f"{level} {md_text(p.title)} {{#{_anchor(prefix + pid)}}}\n\n")
        rows = []
        if p.question:
            rows.append(tag("p", ctx.process_link(page, pid, text=p.question), class_="pm-role-question"))
        items = []
        for sid, rels in steps.items():
            step = p.step(sid)
            if step is None:
                continue
            letters = "".join(
                f'<abbr class="pm-raci__letter pm-raci--{r}"'
                f' title="{esc(w(RACI_WORDS[r]))}">{esc(w.raci(r))}</abbr>'
                for r in rels
            )
            number = numbers.get(sid)
            label = f"{number}. {step.label}" if number else step.label
            link = ctx.process_link(page, pid, urls.step_anchor(sid), label)
            deadline = (
                f' <span class="pm-deadline-inline">– {esc(w("step.deadline"))}: '
                f"{deadline_html(w, step.deadline)}</span>"
                if step.deadline
                else ""
            )
            marks = (
                f' class="pm-task pm-task--group" data-group="{esc(group)}"' if group else ' class="pm-task"'
            )
            items.append(
                f'<li{marks} data-step="{esc(pid)}/{esc(sid)}">'
                f'<span class="pm-task__raci">{letters}</span> <span'
                f' class="pm-task__what">{link}{deadline}</span></li>'
            )
        rows.append(f'<ul class="pm-tasks">{"".join(items)}</ul>')
        parts.append(html_block(*rows))
    return "".join(parts)


def _anchor(pid: str, kind: str = "p-") -> str:
    return kind + "".join(c if c.isalnum() or c in "-_" else "-" for c in pid)
