"""The annual wheel pages (årshjul) and their iCalendar files, for both audiences."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

import icalendar

from procmodel import load_repository
from procmodel.site.calendar_page import ics_path, wheel_path
from procmodel.site.pages import generate_site

WHEEL = Path(__file__).parent / "fixtures" / "followup"


def _site(audience: str = "public", lang: str = "sv"):
    return generate_site(load_repository(WHEEL), audience=audience, lang=lang)  # type: ignore[arg-type]


def _events(data: str | bytes) -> dict[str, icalendar.Event]:
    assert isinstance(data, bytes)
    cal = icalendar.Calendar.from_ical(data)
    return {str(e["summary"]): e for e in cal.walk("VEVENT")}


def test_the_wheel_page_lists_the_months_from_august_with_their_steps() -> None:
    site = _site()
    page = html.unescape(site.files[wheel_path()])
    assert {"Årshjul": wheel_path()} in site.nav
    assert page.index("Augusti 2026") < page.index("December 2026") < page.index("Juli 2027")
    october = page[page.index('id="m-2026-10"') : page.index('id="m-2026-11"')]
    assert "v. 44" in october and "Håll mitterminskonferens" in october
    assert 'href="../processer/kvalitet/#steg-konferens"' in october
    assert "Lärare" in october
    # today (2026-12-01) is in December: the month is marked
    assert '<section class="pm-wheel-month pm-wheel-month--now" aria-current="date">' in page
    assert "15 mars" in page and "Fira skolans jubileum" not in page  # a one-off outside the läsår
    assert 'href="arshjul.ics"' in page and 'href="ekskolan/"' in page


def test_the_public_wheel_leaves_staff_processes_out() -> None:
    public, staff = _site("public"), _site("staff")
    assert "Lämna budgetunderlag" not in public.files[wheel_path()]
    assert "Lämna budgetunderlag" not in _events(public.files[ics_path()])
    assert "Lämna budgetunderlag" in staff.files[wheel_path()]
    assert "Lämna budgetunderlag" in _events(staff.files[ics_path()])


def test_a_unit_wheel_has_its_own_variant() -> None:
    site = _site()
    page = html.unescape(site.files[wheel_path("ekskolan")])
    assert "Årshjul: Ekskolan" in page
    november = page[page.index('id="m-2026-11"') : page.index('id="m-2026-12"')]
    assert "v. 45" in november and "<strong>vår variant</strong>" in november
    assert "kvalitet%40ekskolan/#steg-konferens" in november
    assert "v. 44" not in page
    assert 'href="../arshjul-ekskolan.ics"' in page and 'href="../../enheter/ekskolan/"' in page
    assert "v. 44" in site.files[wheel_path("björkskolan")]


def test_the_calendar_file_is_valid_icalendar_with_yearly_rules() -> None:
    data = _site().files[ics_path()]
    cal = icalendar.Calendar.from_ical(data)
    assert cal["version"] == "2.0" and str(cal["prodid"]).startswith("-//procmodel//")
    assert "Årshjul – Årshjulskommunen" in str(cal["x-wr-calname"])
    events = list(cal.walk("VEVENT"))
    assert len({str(e["uid"]) for e in events}) == len(events)
    for event in events:  # RFC 5545: every VEVENT has UID and DTSTAMP, an all-day DTSTART
        assert event["uid"] and event["dtstamp"].dt == dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
        assert type(event["dtstart"].dt) is dt.date and event["dtend"].dt > event["dtstart"].dt
    by_title = {str(e["summary"]): e for e in events}
    week = [e for e in events if str(e["summary"]) == "Håll mitterminskonferens"]
    rules = sorted(e["rrule"].to_ical().decode() for e in week)
    assert rules == ["FREQ=YEARLY;BYDAY=MO;BYWEEKNO=12", "FREQ=YEARLY;BYDAY=MO;BYWEEKNO=44"]
    assert sorted(e["dtstart"].dt for e in week) == [dt.date(2026, 10, 26), dt.date(2027, 3, 22)]
    once = by_title["Ta emot Skolinspektionen"]
    assert "rrule" not in once and once["dtstart"].dt == dt.date(2027, 3, 15)
    report = [e for e in events if str(e["summary"]).startswith("Skriv kvalitetsrapport")]
    assert {(e["dtstart"].dt, e["dtend"].dt) for e in report} == {
        (dt.date(2027, 6, 1), dt.date(2027, 7, 1)),
        (dt.date(2027, 6, 20), dt.date(2027, 6, 21)),
    }
    assert str(report[0]["summary"]) == "Skriv kvalitetsrapport; analys, förslag"  # escaped and back
    assert "Vem: Rektor" in str(once["description"])
    assert list(by_title["Läsåret börjar"]["categories"].cats) == ["Ledning"]


def test_a_unit_calendar_and_a_rebuild_are_the_same_bytes() -> None:
    one, two = _site(), _site()
    assert one.files[ics_path("ekskolan")] == two.files[ics_path("ekskolan")]
    events = _events(one.files[ics_path("ekskolan")])
    assert "Ekskolan" in str(icalendar.Calendar.from_ical(one.files[ics_path("ekskolan")])["name"])
    konferens = events["Håll mitterminskonferens"]
    assert "Enhet: Ekskolan" in str(konferens["description"])


def test_the_wheel_in_english() -> None:
    site = _site(lang="en")
    page = html.unescape(site.files[wheel_path()])
    assert "Annual wheel" in page and "August 2026" in page and "week 44" in page


def test_nothing_dated_means_no_wheel() -> None:
    site = generate_site(load_repository(Path(__file__).parent / "fixtures" / "basic"), audience="staff")
    assert not [p for p in site.files if p.startswith("årshjul/")]
    assert not [entry for entry in site.nav if wheel_path() in entry.values()]
