"""A unit's follow-up on the site: its nulägesanalys per period, its work plan, the section on its
unit page, "Mina åtgärder" on the role pages, and the due dates on the annual wheel.

What the public build shows: the levels, the goals, the development areas' titles, the indicator
charts and the work plans (activities, responsible role, due date, status). What only the staff
build shows: the written analysis (an assessment's ``summary`` and ``analysis``, a development
area's ``description``, a plan goal's ``why``), links to evidence documents (they are often
internal) and the names of people responsible for activities. The matrix links to the evidence
here, in both builds: indicators are public, documents are listed for staff.
"""

from __future__ import annotations

import datetime as dt

from procmodel.annual_wheel import WheelEvent
from procmodel.followup.model import Activity, AssessmentFile, Loaded, PlanFile
from procmodel.followup.report import expected_units
from procmodel.i18n import render
from procmodel.role_groups import groups_of
from procmodel.schedule import When
from procmodel.site import urls
from procmodel.site.calendar_page import wheel_path
from procmodel.site.context import SiteContext
from procmodel.site.followup_urls import (
    activity_anchor,
    assessment_anchor,
    followup_unit_path,
    indicator_path,
    plan_goal_anchor,
    plan_path,
)
from procmodel.site.indicator_charts import Charts, chart_grid
from procmodel.site.markup import esc, html_block, md_text, page_head, tag
from procmodel.site.sanitize import markdown_html
from procmodel.site.unit_page import unit_path

#: Colour classes of the scale, lowest to highest (procmodel.css ``.pm-level--0`` … ``--4``).
LEVEL_CLASSES = 5


def level_class(rank: int | None, levels: int) -> str:
    """``pm-level--0`` (lowest) … ``pm-level--4`` (highest) for a rank on a scale of ``levels``."""
    if rank is None:
        return "pm-level--off"
    bucket = round(rank * (LEVEL_CLASSES - 1) / max(levels - 1, 1))
    return f"pm-level--{bucket}"


def _staff(ctx: SiteContext) -> bool:
    return ctx.audience == "staff"


def _periods_of(periods: list[str], unit: str, files: dict[tuple[str, str], Loaded]) -> list[str]:
    """The unit's periods (of ``periods``, in their order) that have a file, latest first."""
    return [p for p in reversed(periods) if (unit, p) in files]


def unit_followup_files(ctx: SiteContext, charts: Charts, wheel: bool) -> dict[str, str]:
    """Every unit's nulägesanalys page and, where it has one, its work-plan page (``wheel``: the
    build has annual-wheel pages to link to)."""
    files = {}
    periods = charts.periods
    for unit in ctx.repo.units:
        files[followup_unit_path(unit)] = _assessment_page(ctx, charts, unit, periods, wheel)
        if ctx.repo.followup.has_plan(unit):
            files[plan_path(unit)] = _plan_page(ctx, unit, periods, wheel)
    return files


def _links(ctx: SiteContext, page: str, unit: str, wheel: bool) -> str:
    w = ctx.words
    links = []
    if page != unit_path(unit):
        links.append(tag("a", esc(ctx.repo.units[unit].name), href=ctx.urls.link(page, unit_path(unit))))
    if page != followup_unit_path(unit):
        links.append(
            tag("a", esc(w("follow.assessments")), href=ctx.urls.link(page, followup_unit_path(unit)))
        )
    if page != plan_path(unit) and ctx.repo.followup.has_plan(unit):
        links.append(tag("a", esc(w("follow.plan")), href=ctx.urls.link(page, plan_path(unit))))
    if wheel:
        links.append(tag("a", esc(w("nav.wheel")), href=ctx.urls.link(page, wheel_path(unit))))
    return tag("p", " · ".join(links), class_="pm-followup-links")


def _assessment_page(ctx: SiteContext, charts: Charts, unit: str, periods: list[str], wheel: bool) -> str:
    w = ctx.words
    repo = ctx.repo
    page = followup_unit_path(unit)
    name = repo.units[unit].name
    parts = [page_head(w("follow.unit_title", name=name))]
    parts.append(html_block('<div class="pm-lead">', _links(ctx, page, unit, wheel), "</div>"))
    assessed = _periods_of(periods, unit, repo.followup.assessments)
    if not assessed:
        parts.append(html_block(tag("p", esc(w("follow.no_assessment")), class_="pm-empty")))
    for period in assessed:
        loaded = repo.followup.assessments[(unit, period)]
        parts.append(f"## {md_text(repo.config.followup.period_title(period))} {{#{period}}}\n\n")
        parts.append(_assessment(ctx, page, charts, unit, loaded.data))
    indicators = charts.indicators_for_unit(unit)
    if indicators:
        parts.append(f"## {md_text(w('follow.results'))} {{#resultat}}\n\n")
        parts.append(html_block(chart_grid([charts.figure(page, i, unit) for i in indicators])))
    return "".join(parts)


def _assessment(ctx: SiteContext, page: str, charts: Charts, unit: str, a: AssessmentFile) -> str:
    w = ctx.words
    repo = ctx.repo
    conf = repo.config.followup
    out = []
    facts = [w("follow.date", date=a.date.isoformat())] if a.date else []
    if a.author and _staff(ctx):
        facts.append(a.author)
    if facts:
        out.append(tag("p", esc(" · ".join(facts)), class_="pm-muted"))
    if a.summary and _staff(ctx):
        out.append(tag("div", markdown_html(a.summary), class_="pm-followup-summary"))
    if a.development_areas:
        items = []
        for d in a.development_areas:
            text = tag("strong", esc(d.title))
            if d.description and _staff(ctx):
                text += markdown_html(d.description)
            items.append(tag("li", text))
        out.append(tag("p", esc(w("follow.development_areas")), class_="pm-label"))
        out.append(tag("ol", "".join(items), class_="pm-development-areas"))
    charted = {i.id for i in charts.indicators_for_unit(unit)}
    seen: set[str] = set()
    for entry in a.assessments:
        if entry.goal in seen:
            continue
        seen.add(entry.goal)
        level = conf.level(entry.level)
        badge = tag(
            "span",
            esc(f"{entry.level} {level.label}" if level else entry.level),
            class_=f"pm-level pm-level-badge {level_class(conf.rank(entry.level), len(conf.scale))}",
        )
        goal = ctx.goal_link(page, entry.goal) if entry.goal in repo.goals else esc(entry.goal)
        body = [tag("p", f"{goal} {badge}", class_="pm-assessment__head")]
        if entry.analysis and _staff(ctx):
            body.append(markdown_html(entry.analysis))
        evidence = []
        for ev in entry.evidence:
            if ev.indicator is not None:
                indicator = repo.followup.indicators.get(ev.indicator)
                title = ev.title or (indicator.name if indicator else ev.indicator)
                target = f"#diagram-{ev.indicator}" if ev.indicator in charted else None
                href = target or ctx.urls.link(page, indicator_path(ev.indicator))
                evidence.append(tag("li", tag("a", esc(title), href=href)))
            elif ev.url is not None and _staff(ctx):
                evidence.append(tag("li", tag("a", esc(ev.title or ev.url), href=ev.url)))
        if evidence:
            body.append(tag("p", esc(w("follow.evidence")), class_="pm-label"))
            body.append(tag("ul", "".join(evidence), class_="pm-evidence"))
        out.append(
            tag("section", "".join(body), class_="pm-assessment", id=assessment_anchor(a.period, entry.goal))
        )
    return html_block(*out)


def _plan_page(ctx: SiteContext, unit: str, periods: list[str], wheel: bool) -> str:
    w = ctx.words
    repo = ctx.repo
    page = plan_path(unit)
    parts = [page_head(w("follow.plan_title", name=repo.units[unit].name))]
    parts.append(html_block('<div class="pm-lead">', _links(ctx, page, unit, wheel), "</div>"))
    for period in _periods_of(periods, unit, repo.followup.plans):
        plan = repo.followup.plans[(unit, period)].data
        parts.append(f"## {md_text(repo.config.followup.period_title(period))} {{#{period}}}\n\n")
        parts.append(_plan(ctx, page, plan))
    return "".join(parts)


def _plan(ctx: SiteContext, page: str, plan: PlanFile) -> str:
    w = ctx.words
    repo = ctx.repo
    out = [tag("div", markdown_html(plan.summary))] if plan.summary else []
    for i, pg in enumerate(plan.goals, start=1):
        goal = ctx.goal_link(page, pg.goal) if pg.goal in repo.goals else esc(pg.goal)
        body = [tag("h3", f"{i}. {goal}", id=plan_goal_anchor(plan.period, pg.goal))]
        if pg.why and _staff(ctx):
            body.append(tag("p", esc(pg.why), class_="pm-plan-why"))
        if pg.indicators:
            links = ", ".join(
                tag("a", esc(repo.followup.indicators[x].name if x in repo.followup.indicators else x),
                    href=ctx.urls.link(page, indicator_path(x)))
                for x in pg.indicators
            )  # fmt: skip
            body.append(tag("p", f"{esc(w('follow.indicators'))}: {links}", class_="pm-muted"))
        items = "".join(_activity(ctx, page, a, plan.period) for a in pg.activities)
        body.append(tag("ol", items, class_="pm-activities"))
        out.append(tag("section", "".join(body), class_="pm-plan-goal"))
    return html_block(*out)


def _who(ctx: SiteContext, page: str, act: Activity) -> str:
    own = act.role is not None and page == urls.role_path(act.role)  # no link to the page itself
    who = [esc(ctx.role_name(act.role)) if own else ctx.role_link(page, act.role)] if act.role else []
    if act.person and _staff(ctx):
        who.append(esc(act.person))
    return ", ".join(who)


def _activity(ctx: SiteContext, page: str, act: Activity, period: str, unit: str | None = None) -> str:
    """One activity: title, status (and overdue), due date, who; on a role page also the unit."""
    w = ctx.words
    overdue = act.status.open and act.due < ctx.today
    status = render(f"followup.status.{act.status.value}", {}, w.lang)
    marks = [tag("span", esc(status), class_=f"pm-badge pm-status-{act.status.value}")]
    if overdue:
        marks.append(tag("span", esc(w("follow.overdue")), class_="pm-badge pm-overdue"))
    facts = [f"{esc(w('follow.due'))} {tag('time', esc(act.due.isoformat()), datetime=act.due.isoformat())}"]
    who = _who(ctx, page, act)
    if who:
        facts.append(who)
    if unit is not None:
        unit_name = ctx.repo.units[unit].name if unit in ctx.repo.units else unit
        anchor = activity_anchor(period, act.id) if act.id else period
        facts.append(tag("a", esc(unit_name), href=ctx.urls.link(page, plan_path(unit), anchor)))
    text = tag("span", esc(act.title), class_="pm-activity__title")
    desc = markdown_html(act.description) if act.description else ""
    classes = "pm-activity" + (" pm-activity--overdue" if overdue else "")
    return tag(
        "li",
        text + " " + " ".join(marks) + tag("span", " · ".join(facts), class_="pm-activity__facts") + desc,
        class_=classes,
        id=activity_anchor(period, act.id) if act.id and unit is None else None,
    )


#: An open activity as "Mina åtgärder" sorts it: due date, unit, title, place in the plans; and its period.
OpenAction = tuple[dt.date, str, str, int, str, Activity]


def open_actions(ctx: SiteContext) -> dict[str, list[OpenAction]]:
    """The open activities with a responsible role, by role: read once for all the role pages."""
    listed = (
        (unit, period, a)
        for (unit, period), loaded in ctx.repo.followup.plans.items()
        for pg in loaded.data.goals
        for a in pg.activities
    )
    out: dict[str, list[OpenAction]] = {}
    for i, (unit, period, a) in enumerate(listed):
        if a.role is not None and a.status.open:
            out.setdefault(a.role, []).append((a.due, unit, a.title, i, period, a))
    return out


def role_actions(ctx: SiteContext, rid: str, actions: dict[str, list[OpenAction]]) -> str:
    """ "Mina åtgärder": the open activities of the role (and of the groups it belongs to), by due
    date; empty when there are none. ``actions``: :func:`open_actions`."""
    w = ctx.words
    page = urls.role_path(rid)
    found = sorted(f for r in {rid, *groups_of(ctx.repo.roles, rid)} for f in actions.get(r, []))
    if not found:
        return ""
    items = [_activity(ctx, page, act, period, unit) for _due, unit, _t, _i, period, act in found]
    return f"## {md_text(w('follow.my_actions'))} {{#mina-atgarder}}\n\n" + html_block(
        tag("p", esc(w("follow.my_actions_lead")), class_="pm-muted"),
        tag("ol", "".join(items), class_="pm-activities pm-my-actions"),
    )


def unit_section(ctx: SiteContext, charts: Charts, unit: str, wheel: bool) -> str:
    """The follow-up section of the unit's own page: links, the latest levels, the charts."""
    w = ctx.words
    page = unit_path(unit)
    heading = f"## {md_text(w('follow.title'))} {{#uppfoljning}}\n\n"
    parts = [heading, html_block(_links(ctx, page, unit, wheel))]
    indicators = charts.indicators_for_unit(unit)
    if indicators:
        parts.append(html_block(chart_grid([charts.figure(page, i, unit) for i in indicators])))
    return "".join(parts)


def wheel_extra(ctx: SiteContext) -> dict[str | None, list[WheelEvent]]:
    """The follow-up's dates for the annual wheel: each period's assessment due date (for the
    organisation and each unit that must assess), each unit's open and done activities."""
    w = ctx.words
    repo = ctx.repo
    conf = repo.config.followup
    due = [
        WheelEvent(
            "assessment",
            w("follow.wheel_due", period=conf.period_title(p)),
            When(date=c.due.isoformat()),
            period=p,
        )
        for p, c in conf.periods.items()
        if c.due is not None
    ]
    expected = set(expected_units(repo))
    out: dict[str | None, list[WheelEvent]] = {None: list(due)}
    for unit in repo.units:
        out[unit] = list(due) if unit in expected else []
    for (unit, period), loaded in repo.followup.plans.items():
        for pg in loaded.data.goals:
            for a in pg.activities:
                if a.status.value == "struken":
                    continue
                when = When(date=a.due.isoformat())
                event = WheelEvent(
                    "action",
                    a.title,
                    when,
                    unit,
                    role=a.role,
                    period=period,
                    activity=a.id,
                    status=a.status.value,
                )
                out.setdefault(unit, []).append(event)
    return out
