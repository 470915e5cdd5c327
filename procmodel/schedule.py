"""When in the year a step happens: a step's ``schedule``, read by the annual wheel (årshjul).

A step's free-text ``timer`` and ``deadline`` say it for people ("Vecka 44", "Senast 20
juni"); ``schedule`` says it for the calendar: ``{month: 6}`` (some time in June),
``{week: 44}`` (ISO week 44), ``{date: 06-20}`` (the 20th of June every year) or
``{date: 2027-03-15}`` (once). A step may have several (``[{week: 44}, {week: 12}]``).

The school year (läsår) runs from August to July: a recurring date falls in the calendar
year that puts it inside the läsår asked for (:meth:`When.span`).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from procmodel.i18n import t

#: The läsår starts in this month; months before it belong to the spring term of the next year.
SCHOOL_YEAR_START = 8

MONTHS = {
    "sv": (
        "januari", "februari", "mars", "april", "maj", "juni",
        "juli", "augusti", "september", "oktober", "november", "december",
    ),
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
}  # fmt: skip

_MONTH_NUMBERS = {name.lower(): i for names in MONTHS.values() for i, name in enumerate(names, start=1)}
_DATE = re.compile(r"^(?:(\d{4})-)?(\d{2})-(\d{2})$")


def _month_number(value: object) -> object:
    """``juni`` / ``June`` → 6; numbers and anything else pass on to the model's own checks."""
    if not isinstance(value, str) or value.strip().isdigit():
        return value
    name = value.strip().lower()
    if name in _MONTH_NUMBERS:
        return _MONTH_NUMBERS[name]
    close = difflib.get_close_matches(name, list(_MONTH_NUMBERS), n=1, cutoff=0.6)
    raise ValueError(t("schedule.month_name", value=value, name=close[0] if close else "juni"))


def _date_text(value: object) -> object:
    """YAML reads ``2027-03-15`` as a date: keep it as the text it was."""
    return value.isoformat() if isinstance(value, dt.date) else value


class When(BaseModel):
    """One time in the year: a month, an ISO week or a date (every year, or once)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    month: Annotated[int | None, BeforeValidator(_month_number, json_schema_input_type=int | str | None)] = (
        Field(default=None, ge=1, le=12, description="Month, 1–12 or its name ('juni').")
    )
    week: int | None = Field(
        default=None, ge=1, le=52, description="ISO week, 1–52 (week 53 is not in every year)."
    )
    date: Annotated[str | None, BeforeValidator(_date_text, json_schema_input_type=str | dt.date | None)] = (
        Field(
            default=None,
            pattern=r"^(\d{4}-)?\d{2}-\d{2}$",
            description="'MM-DD' for a date every year ('06-20'), 'YYYY-MM-DD' for once ('2027-03-15').",
        )
    )

    @model_validator(mode="after")
    def _one_time(self) -> When:
        given = [name for name in ("month", "week", "date") if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError(t("schedule.one_of", given=", ".join(given) or "–"))
        if self.date is not None:
            year, month, day = _parts(self.date)
            if year is None and (month, day) == (2, 29):
                raise ValueError(t("schedule.leap_day"))
            try:
                dt.date(year or 2001, month, day)
            except ValueError:
                raise ValueError(t("schedule.no_such_date", date=self.date)) from None
        return self

    @property
    def recurring(self) -> bool:
        """Every year (a month, a week, a date without a year), not once."""
        return self.date is None or _parts(self.date)[0] is None

    def span(self, school_year: int) -> tuple[dt.date, dt.date]:
        """First day and the day after the last, in the läsår that starts in August ``school_year``
        (a date given with its year is that date, whatever the läsår)."""
        if self.month is not None:
            first = dt.date(_year_of(self.month, school_year), self.month, 1)
            return first, _next_month(first)
        if self.week is not None:
            year = school_year
            if dt.date.fromisocalendar(year, self.week, 4) < dt.date(year, SCHOOL_YEAR_START, 1):
                year += 1  # a week belongs to the month (and year) of its Thursday
            monday = dt.date.fromisocalendar(year, self.week, 1)
            return monday, monday + dt.timedelta(days=5)  # the school week, Monday to Friday
        assert self.date is not None
        given, month, day = _parts(self.date)
        first = dt.date(given or _year_of(month, school_year), month, day)
        return first, first + dt.timedelta(days=1)

    def month_in(self, school_year: int) -> int:
        """The month the time falls in (a week: the month of its Thursday, as ISO 8601 counts)."""
        first, _ = self.span(school_year)
        return (first + dt.timedelta(days=3)).month if self.week is not None else first.month

    def token(self) -> str:
        """``month:6``, ``week:44`` or ``date:06-20``: the compact form (BPMN export)."""
        if self.month is not None:
            return f"month:{self.month}"
        if self.week is not None:
            return f"week:{self.week}"
        return f"date:{self.date}"

    def label(self, lang: str, *, year: bool = False) -> str:
        """ "juni", "v. 44", "20 juni" (or "June", "week 44", "20 June"); ``year``: with the year
        of a one-off date."""
        names = MONTHS.get(lang, MONTHS["en"])
        if self.month is not None:
            return names[self.month - 1]
        if self.week is not None:
            return f"v. {self.week}" if lang == "sv" else f"week {self.week}"
        assert self.date is not None
        given, month, day = _parts(self.date)
        text = f"{day} {names[month - 1]}"
        return f"{text} {given}" if given and year else text


def parse_tokens(text: str) -> list[dict[str, str | int]]:
    """The mappings written as :meth:`When.token` s, space-separated (for :class:`When` to check)."""
    out: list[dict[str, str | int]] = []
    for token in text.split():
        kind, _, value = token.partition(":")
        out.append({kind: int(value) if kind in ("month", "week") and value.isdigit() else value})
    return out


def one_or_many(value: object) -> object:
    """A single mapping is a list of one."""
    return [value] if isinstance(value, dict) else value


#: A step's ``schedule``: one time or a list of them.
Schedule = Annotated[
    list[When], BeforeValidator(one_or_many, json_schema_input_type=When | list[When] | None)
]


def school_year_of(day: dt.date) -> int:
    """The year the läsår holding ``day`` started (August 2026 – July 2027 → 2026)."""
    return day.year if day.month >= SCHOOL_YEAR_START else day.year - 1


def school_year_months(school_year: int) -> list[tuple[int, int]]:
    """(year, month) of the läsår's twelve months, August first."""
    months = [(SCHOOL_YEAR_START - 1 + i) % 12 + 1 for i in range(12)]
    return [(_year_of(month, school_year), month) for month in months]


def _year_of(month: int, school_year: int) -> int:
    """The calendar year of ``month`` in the läsår that starts in August ``school_year``."""
    return school_year if month >= SCHOOL_YEAR_START else school_year + 1


def _parts(date: str) -> tuple[int | None, int, int]:
    match = _DATE.match(date)
    assert match is not None  # the field's pattern has been checked
    year, month, day = match.groups()
    return (int(year) if year else None), int(month), int(day)


def _next_month(first: dt.date) -> dt.date:
    return dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
