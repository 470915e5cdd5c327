"""The annual wheel as data: the organisation's and each unit's events, month by month."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from procmodel import load_repository
from procmodel.annual_wheel import WheelEvent, by_month, wheel_events
from procmodel.schedule import When

WHEEL = Path(__file__).parent / "site" / "fixtures" / "followup"


def _titles(events: list[WheelEvent]) -> list[tuple[str | None, str, str]]:
    return sorted((e.process, e.step or "", e.when.token()) for e in events)


def test_the_organisation_has_the_central_steps_only() -> None:
    repo = load_repository(WHEEL)
    events = wheel_events(repo)
    assert {e.process for e in events} == {"kvalitet", "intern"}
    assert ("kvalitet", "konferens", "week:44") in _titles(events)
    assert all(e.unit is None for e in events)


def test_a_unit_has_its_variant_instead_of_the_central_process() -> None:
    repo = load_repository(WHEEL)
    own = wheel_events(repo, "ekskolan")
    assert ("kvalitet@ekskolan", "konferens", "week:45") in _titles(own)
    assert not [e for e in own if e.process == "kvalitet"]
    other = wheel_events(repo, "björkskolan")  # no variant: the central process
    assert ("kvalitet", "konferens", "week:44") in _titles(other)


def test_extra_events_go_to_their_unit_and_the_organisations_to_everyone() -> None:
    repo = load_repository(WHEEL)
    due = WheelEvent("assessment", "Nulägesanalys", When(date="2027-01-31"), period="2026-ht")
    ours = WheelEvent("action", "Läsfrämjande", When(date="2027-05-01"), unit="ekskolan")
    extra = [due, ours]
    assert due in wheel_events(repo, None, extra) and ours not in wheel_events(repo, None, extra)
    assert {due, ours} <= set(wheel_events(repo, "ekskolan", extra))
    assert ours not in wheel_events(repo, "björkskolan", extra)


def test_months_run_from_august_with_whole_months_first_and_one_offs_in_their_year() -> None:
    repo = load_repository(WHEEL)
    months = by_month(wheel_events(repo), 2026)
    assert [(m.year, m.month) for m in months][:2] == [(2026, 8), (2026, 9)]
    june = next(m for m in months if m.month == 6)
    assert [e.when.token() for _, _, e in june.events] == ["month:6", "date:06-20"]
    march = next(m for m in months if m.month == 3)
    assert [e.step for _, _, e in march.events] == ["inspektion", "konferens"]
    assert march.events[0][0] == dt.date(2027, 3, 15)
    everything = [e.step for m in months for _, _, e in m.events]
    assert "jubileum" not in everything  # 2030: not in this läsår
    assert "jubileum" in [e.step for m in by_month(wheel_events(repo), 2029) for _, _, e in m.events]
