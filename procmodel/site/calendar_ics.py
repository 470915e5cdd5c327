"""The annual wheel as an iCalendar file (RFC 5545) that staff subscribe to, written with the
``icalendar`` library.

Every event is an all-day one: a month spans the month, a week its Monday to Friday, a date its
day. What recurs (a month, a week, a date without a year) recurs yearly (``RRULE:FREQ=YEARLY``,
with ``BYWEEKNO`` for a week), starting in the current läsår; a dated follow-up event happens
once. The output depends on nothing but the repository and the build's ``today`` (``DTSTAMP`` is
that day at midnight UTC, UIDs are hashes of the events' identities), so a rebuild of the same
repository on the same day gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import icalendar

from procmodel.annual_wheel import WheelEvent
from procmodel.schedule import school_year_of
from procmodel.site.context import SiteContext

#: Calendar clients poll a subscription this often (RFC 7986 ``REFRESH-INTERVAL``).
REFRESH = dt.timedelta(days=1)


def wheel_ics(ctx: SiteContext, events: list[WheelEvent], name: str) -> bytes:
    """The events as one VCALENDAR named ``name``."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//procmodel//årshjul//" + ctx.words.lang.upper())
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    school_year = school_year_of(ctx.today)
    stamp = dt.datetime.combine(ctx.today, dt.time(), tzinfo=dt.UTC)
    site = ctx.repo.config.name
    for event in sorted(events, key=lambda e: (e.when.span(school_year), e.key)):
        cal.add_component(_event(ctx, event, school_year, stamp, site))
    return cal.to_ical()


def _event(
    ctx: SiteContext, event: WheelEvent, school_year: int, stamp: dt.datetime, site: str
) -> icalendar.Event:
    w = ctx.words
    start, end = event.when.span(school_year)
    out = icalendar.Event()
    digest = hashlib.sha256(f"{site}\n{event.key}".encode()).hexdigest()[:32]
    out.add("uid", f"{digest}@procmodel")
    out.add("dtstamp", stamp)
    out.add("dtstart", start)
    out.add("dtend", end)
    out.add("summary", event.title)
    out.add("transp", "TRANSPARENT")  # a reminder in the calendar, not a busy day
    if event.when.recurring:
        rule: dict[str, object] = {"freq": "yearly"}
        if event.when.week is not None:
            rule |= {"byweekno": event.when.week, "byday": "MO"}
        out.add("rrule", rule)
    lines = []
    process = ctx.repo.processes.get(event.process or "")
    if process is not None:
        lines.append(f"{w('wheel.ics.process')}: {process.title}")
    elif event.kind != "step":
        lines.append(w(f"wheel.kind.{event.kind}"))
    if event.role:
        lines.append(f"{w('wheel.ics.role')}: {ctx.role_name(event.role)}")
    if event.unit and event.unit in ctx.repo.units:
        lines.append(f"{w('wheel.ics.unit')}: {ctx.repo.units[event.unit].name}")
    lines.append(f"{w('wheel.ics.when')}: {event.when.label(w.lang, year=True)}")
    out.add("description", "\n".join(lines))
    area = next((a for a in ctx.repo.config.areas if process is not None and a.id == process.area), None)
    if area is not None:
        out.add("categories", [area.title])
    return out
