"""A step's ``schedule``: months, ISO weeks and dates in the school year, and their errors."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest
from pydantic import ValidationError

from procmodel import load_repository
from procmodel.model import Step
from procmodel.schedule import When, parse_tokens, school_year_months, school_year_of


def when(**value: object) -> When:
    return When.model_validate(value)


def test_a_month_spans_the_month_of_its_läsår() -> None:
    assert when(month=6).span(2026) == (dt.date(2027, 6, 1), dt.date(2027, 7, 1))
    assert when(month="augusti").span(2026) == (dt.date(2026, 8, 1), dt.date(2026, 9, 1))
    assert when(month="December").span(2026) == (dt.date(2026, 12, 1), dt.date(2027, 1, 1))
    assert when(month=6).label("sv") == "juni" and when(month=6).label("en") == "June"


def test_a_week_is_its_school_week_in_the_month_of_its_thursday() -> None:
    autumn, spring = when(week=44), when(week=12)
    assert autumn.span(2026) == (dt.date(2026, 10, 26), dt.date(2026, 10, 31))
    assert spring.span(2026) == (dt.date(2027, 3, 22), dt.date(2027, 3, 27))
    # week 5 of 2027 starts on Monday 1 February; week 9 of 2026/27 on 1 March
    assert when(week=5).month_in(2026) == 2 and when(week=9).month_in(2026) == 3
    # week 44 of 2025 begins on 27 October, its Thursday is 30 October
    assert when(week=44).span(2025)[0] == dt.date(2025, 10, 27)
    assert autumn.label("sv") == "v. 44" and autumn.label("en") == "week 44"


def test_a_date_recurs_without_a_year_and_happens_once_with_one() -> None:
    yearly, once = when(date="06-20"), when(date=dt.date(2027, 3, 15))
    assert yearly.recurring and not once.recurring
    assert yearly.span(2026) == (dt.date(2027, 6, 20), dt.date(2027, 6, 21))
    assert yearly.span(2030)[0] == dt.date(2031, 6, 20)
    assert once.span(2030)[0] == dt.date(2027, 3, 15)
    assert once.label("sv", year=True) == "15 mars 2027" and yearly.label("sv") == "20 juni"


def test_tokens_round_trip() -> None:
    times = [when(month=6), when(week=44), when(date="06-20"), when(date="2027-03-15")]
    text = " ".join(w.token() for w in times)
    assert [When.model_validate(v) for v in parse_tokens(text)] == times


def test_one_entry_or_a_list_on_a_step() -> None:
    assert Step.model_validate({"id": "a", "schedule": {"week": 13}}).schedule == [when(week=13)]
    assert len(Step.model_validate({"id": "a", "schedule": [{"week": 13}, {"week": 43}]}).schedule) == 2
    assert Step.model_validate({"id": "a"}).schedule == []


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ({"month": 6, "week": 3}, "exactly one of 'month', 'week' or 'date' (here: month, week)"),
        ({}, "exactly one of"),
        ({"date": "02-30"}, "'02-30' is not a date in the calendar"),
        ({"date": "02-29"}, "'02-29' is not a date every year"),
        ({"month": "juno"}, "'juno' is not a month"),
        ({"week": 53}, "less than or equal to 52"),
        ({"date": "15 juni"}, "should match pattern"),
        ({"day": 3}, "Extra inputs"),
    ],
)
def test_bad_entries_are_refused(value: dict[str, object], says: str) -> None:
    with pytest.raises(ValidationError) as info:
        When.model_validate(value)
    assert says in str(info.value)


def test_a_bad_schedule_is_a_located_error(tmp_path: Path) -> None:
    (tmp_path / "procmodel.yaml").write_text("name: T\n", encoding="utf-8")
    (tmp_path / "roles.yaml").write_text("roles:\n  - {id: rektor, name: Rektor}\n", encoding="utf-8")
    (tmp_path / "p.yaml").write_text(
        textwrap.dedent(
            """\
            id: p
            title: P
            steps:
              - id: a
                role: rektor
                schedule:
                  - {week: 44}
                  - {date: 02-30}
            """
        ),
        encoding="utf-8",
    )
    repo = load_repository(tmp_path)
    errors = [f for f in repo.sources.resolve(list(repo.findings)) if f.rule == "PM010"]
    assert len(errors) == 1
    assert errors[0].location is not None and errors[0].location.line == 8
    assert "'02-30' is not a date in the calendar" in errors[0].message


def test_the_school_year() -> None:
    assert school_year_of(dt.date(2026, 8, 1)) == 2026 and school_year_of(dt.date(2027, 7, 31)) == 2026
    months = school_year_months(2026)
    assert months[0] == (2026, 8) and months[4] == (2026, 12) and months[-1] == (2027, 7)
