"""The annual wheel (årshjul) pages: the school year month by month, for the organisation and per
unit, each with its iCalendar file to subscribe to (:mod:`procmodel.site.calendar_ics`).

A page is a grid of month cards (one column on a phone): in each, what is due that month, with
its week or date, the process (linked to the step) and who does it. Month links at the top jump
to a month; the current month is marked. Made from the audience's view, so a public wheel holds
public processes only.
"""

from __future__ import annotations

from procmodel.annual_wheel import Month, WheelEvent, by_month, process_events, wheel_events
from procmodel.i18n import render
from procmodel.schedule import MONTHS, school_year_of
from procmodel.site import urls
from procmodel.site.calendar_ics import wheel_ics
from procmodel.site.context import SiteContext
from procmodel.site.followup_urls import activity_anchor, matrix_path, plan_path
from procmodel.site.markup import esc, html_block, page_head, tag
from procmodel.site.steps import listed_step
from procmodel.site.unit_page import unit_path

WHEEL = "årshjul"
#: The organisation's calendar file (ASCII, so a subscription address survives any mail client).
ICS = f"{WHEEL}/arshjul.ics"


def wheel_path(unit_id: str | None = None) -> str:
    """Source path of the organisation's wheel page, or of a unit's."""
    if unit_id is None:
        return urls.section_index(WHEEL)
    return f"{WHEEL}/{urls.page_stem(unit_id)}.md"


def ics_path(unit_id: str | None = None) -> str:
    """Site path of the iCalendar file of the organisation, or of a unit."""
    return ICS if unit_id is None else f"{WHEEL}/arshjul-{unit_id}.ics"


def calendar_files(
    ctx: SiteContext, extra: dict[str | None, list[WheelEvent]] | None = None
) -> dict[str, str | bytes]:
    """The wheel pages and calendar files: the organisation's and one per unit (none at all
    when no step has a ``schedule`` and the follow-up has no dates).

    ``extra``: events beside the processes' steps (the follow-up's due dates), per wheel
    (None: the organisation's).
    """
    files: dict[str, str | bytes] = {}
    name = ctx.repo.config.name
    units = [None, *ctx.repo.units]
    steps = process_events(ctx.repo)
    if not steps and not any((extra or {}).values()):
        return files  # nothing is dated: no wheel, no empty page in the menu
    for unit in units:
        events = wheel_events(ctx.repo, unit, (extra or {}).get(unit), steps)
        title = (
            ctx.words("wheel.title")
            if unit is None
            else ctx.words("wheel.unit_title", name=_unit_name(ctx, unit))
        )
        files[wheel_path(unit)] = _page(ctx, unit, events)
        files[ics_path(unit)] = wheel_ics(ctx, events, f"{title} – {name}")
    return files


def _unit_name(ctx: SiteContext, unit: str) -> str:
    return ctx.repo.units[unit].name


def _page(ctx: SiteContext, unit: str | None, events: list[WheelEvent]) -> str:
    w = ctx.words
    page = wheel_path(unit)
    school_year = school_year_of(ctx.today)
    span = f"{school_year}/{(school_year + 1) % 100:02d}"
    if unit is None:
        parts = [page_head(w("wheel.title"))]
        lead = w("wheel.lead", year=span)
    else:
        name = _unit_name(ctx, unit)
        parts = [page_head(w("wheel.unit_title", name=name))]
        lead = w("wheel.unit_lead", year=span, name=name)
    ics = ctx.urls.link(page, ics_path(unit))
    intro = [
        tag("p", esc(lead), class_="pm-question"),
        tag(
            "p",
            tag("a", esc(w("wheel.subscribe")), href=ics, class_="pm-wheel-ics", type="text/calendar")
            + " "
            + tag("span", esc(w("wheel.subscribe_hint")), class_="pm-muted"),
        ),
    ]
    if unit is not None:
        back = tag("a", esc(_unit_name(ctx, unit)), href=ctx.urls.link(page, unit_path(unit)))
        whole = tag("a", esc(w("wheel.whole")), href=ctx.urls.link(page, wheel_path()))
        intro.append(tag("p", f"{back} · {whole}"))
    elif ctx.repo.units:
        links = ", ".join(
            tag("a", esc(u.name), href=ctx.urls.link(page, wheel_path(u.id))) for u in ctx.repo.units.values()
        )
        intro.append(tag("p", f"{esc(w('wheel.units'))}: {links}", class_="pm-wheel-units"))
    parts.append(html_block('<div class="pm-lead">', *intro, "</div>"))
    months = by_month(events, school_year)
    jump = "".join(
        tag("li", tag("a", esc(_month_name(ctx, m)[:3]), href=f"#{_anchor(m)}", title=_month_name(ctx, m)))
        for m in months
    )
    grid = [_month(ctx, page, unit, m) for m in months]
    parts.append(
        html_block(
            tag("nav", tag("ul", jump), class_="pm-wheel-jump", aria_label=w("wheel.months")),
            '<div class="pm-wheel">',
            *grid,
            "</div>",
        )
    )
    if not events:
        parts.append(html_block(tag("p", esc(w("wheel.none")), class_="pm-empty")))
    return "".join(parts)


def _month_name(ctx: SiteContext, m: Month) -> str:
    name = MONTHS[ctx.words.lang][m.month - 1]
    return name[0].upper() + name[1:]


def _anchor(m: Month) -> str:
    return f"m-{m.year}-{m.month:02d}"


def _month(ctx: SiteContext, page: str, unit: str | None, m: Month) -> str:
    w = ctx.words
    now = (ctx.today.year, ctx.today.month) == (m.year, m.month)
    heading = esc(f"{_month_name(ctx, m)} {m.year}")
    if now:
        heading += " " + tag("span", esc(w("wheel.now")), class_="pm-badge pm-wheel-now")
    items = [_event(ctx, page, event) for _, _, event in m.events]
    body = (
        tag("ol", "".join(items), class_="pm-wheel-events")
        if items
        else tag("p", esc(w("wheel.month_empty")), class_="pm-wheel-empty")
    )
    classes = "pm-wheel-month" + (" pm-wheel-month--now" if now else "")
    return tag(
        "section",
        tag("h2", heading, id=_anchor(m)) + body,
        class_=classes,
        aria_current="date" if now else None,
    )


def _event(ctx: SiteContext, page: str, event: WheelEvent) -> str:
    w = ctx.words
    when = event.when.label(ctx.words.lang)  # the month's heading has the year
    what = esc(event.title)
    where: list[str] = []
    if event.kind == "step" and event.process and event.process in ctx.repo.processes:
        process = ctx.repo.processes[event.process]
        anchor = urls.step_anchor(listed_step(process, ctx.repo.flow(process), event.step or ""))
        what = ctx.process_link(page, event.process, anchor, event.title)
        where.append(esc(process.title))
    elif event.kind == "action" and event.unit:
        target = activity_anchor(event.period or "", event.activity) if event.activity else event.period
        what = tag("a", esc(event.title), href=ctx.urls.link(page, plan_path(event.unit), target))
        where.append(esc(w("wheel.kind.action")))
        if event.status:
            status = render(f"followup.status.{event.status}", {}, w.lang)
            what += " " + tag("span", esc(status), class_=f"pm-badge pm-status-{event.status}")
    elif event.kind == "assessment" and event.period:
        what = tag("a", esc(event.title), href=ctx.urls.link(page, matrix_path(event.period)))
    if event.role:
        where.append(ctx.role_link(page, event.role))
    if event.unit and event.kind == "step" and _changed_here(ctx, event):
        where.append(tag("strong", esc(w("wheel.own_variant"))))
    return tag(
        "li",
        tag("span", esc(when), class_="pm-wheel-when")
        + " "
        + tag("span", what, class_="pm-wheel-what")
        + (tag("span", " · ".join(where), class_="pm-wheel-where") if where else ""),
        class_=f"pm-wheel-event pm-wheel-event--{event.kind}",
    )


def _changed_here(ctx: SiteContext, event: WheelEvent) -> bool:
    """The step is the unit's own: added or changed by its variant."""
    info = ctx.repo.variants.get(event.process or "")
    return info is not None and (event.step in info.added or event.step in info.replaced)
