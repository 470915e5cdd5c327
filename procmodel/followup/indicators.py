"""Reading an indicator CSV file (``uppföljning/indikatorer/*.csv``) into ``repo.followup.values``.

What a school system or Excel exports is accepted as it is, decided the same way every time:

- encoding: UTF-8 with or without a byte-order mark, UTF-16 with one (Excel's 'Unicode text'),
  else Windows-1252 (Excel's 'CSV (semikolonavgränsad)' on a Swedish Windows);
- delimiter: ``;`` when the header line holds one, else a tab when it holds one, else ``,``;
  a first line ``sep=;`` (Excel's own hint) is honoured and skipped;
- numbers: a decimal comma or point (``12,5`` and ``12.5``), a sign (``-`` or ``−``) and spaces
  between digit groups (``1 234``); nothing else (no ``1.234,5``, no ``NaN``);
- header names in Swedish or English, any case: ``enhet``/``unit``, ``period``,
  ``indikator``/``indicator``, ``värde``/``value`` and optionally ``grupp``/``group``; other columns
  are ignored. Empty lines and lines starting with ``#`` (comments, e.g. 'Exempeldata') are skipped;
  a row may leave out empty cells at its end, as long as it has the required ones.

Every problem is a finding at the file, line and column of the cell (PM805 for the file's shape,
PM806 for a bad or repeated value, PM801 for an unknown unit, period or indicator); a row with a
problem is left out, the others are kept.
"""

from __future__ import annotations

import codecs
import csv
import math
import re
from collections.abc import Callable
from pathlib import Path

from procmodel.findings import Location
from procmodel.followup.model import WHOLE_ORGANISATION, IndicatorValue
from procmodel.i18n import t
from procmodel.load.context import LoadContext
from procmodel.load.discovery import NotRegularFile, read_regular_file
from procmodel.load.schema_errors import did_you_mean
from procmodel.load.yaml_source import MAX_BYTES

REQUIRED = ("unit", "period", "indicator", "value")
#: Header name (folded to lower case) → column.
COLUMNS = {
    "unit": "unit",
    "enhet": "unit",
    "period": "period",
    "indicator": "indicator",
    "indikator": "indicator",
    "value": "value",
    "värde": "value",
    "group": "group",
    "grupp": "group",
}
_NUMBER = re.compile(r"[+\-−]?\d+(?:[ \u00a0\u202f]\d{3})*(?:[.,]\d+)?")
_PERIOD = re.compile(r"[0-9A-Za-zÀ-ÖØ-öø-ÿ_][0-9A-Za-zÀ-ÖØ-öø-ÿ_.\-]*")
#: Report a problem with one cell of the row: rule, column, message, hint.
_Bad = Callable[[str, str, str, str], None]


class CsvProblem(Exception):
    """The file as a whole cannot be read as an indicator table (message, hint, line)."""

    def __init__(self, message: str, hint: str, line: int = 0) -> None:
        super().__init__(message)
        self.message, self.hint, self.line = message, hint, line


def parse_number(text: str) -> float | None:
    """``12,5`` / ``12.5`` / ``−3`` / ``1 234`` as a number; None for anything else (a number too
    long to hold, which would be infinite, included)."""
    text = text.strip()
    if not _NUMBER.fullmatch(text):
        return None
    value = float(re.sub(r"[ \u00a0\u202f]", "", text).replace(",", ".").replace("−", "-"))
    return value if math.isfinite(value) else None


def decode(raw: bytes) -> str:
    """The text of the file (see the module doc for the encodings accepted); raises CsvProblem."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            raise CsvProblem(t("PM805.utf16.message"), t("PM805.encoding.hint")) from None
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = raw.decode("cp1252")
            except UnicodeDecodeError as exc:
                line = raw[: exc.start].count(b"\n") + 1
                byte = f"0x{raw[exc.start]:02x}"
                raise CsvProblem(
                    t("PM805.encoding.message", byte=byte), t("PM805.encoding.hint"), line
                ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise CsvProblem(t("PM805.binary.message"), t("PM805.binary.hint"), line)
    return text


def field_starts(line: str, delimiter: str) -> tuple[list[int], bool]:
    """The 0-based start of every field of ``line``, and whether a quote is left open."""
    starts, quoted = [0], False
    for i, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif ch == delimiter and not quoted:
            starts.append(i + 1)
    return starts, quoted


def _split(line: str, delimiter: str) -> list[str]:
    return next(csv.reader([line], delimiter=delimiter, quotechar='"'), [])


def read_indicator_file(ctx: LoadContext, path: Path) -> None:
    """Read one indicator CSV file into ``ctx.repo.followup`` (see the module doc)."""
    display = ctx.display(path)
    ctx.sources.files[display] = path
    ctx.repo.followup.value_files.append(display)
    try:
        raw, _stamp = read_regular_file(path, MAX_BYTES)
    except NotRegularFile as exc:
        ctx.add("PM012", t("PM012.read.message", kind=exc.kind), Location(display), t("PM012.hint"))
        return
    except OSError as exc:
        reason = exc.strerror or str(exc)
        ctx.add("PM001", t("PM001.unreadable.message", reason=reason), Location(display))
        return
    try:
        if len(raw) > MAX_BYTES:
            raise CsvProblem(t("PM805.size.message", mb=MAX_BYTES // (1024 * 1024)), t("PM805.size.hint"))
        _Table(ctx, display, decode(raw).splitlines()).read()
    except CsvProblem as p:
        ctx.add("PM805", p.message, Location(display, p.line, 1 if p.line else 0), p.hint)


class _Table:
    """One file's lines, read row by row into findings and values."""

    def __init__(self, ctx: LoadContext, display: str, lines: list[str]) -> None:
        self.ctx, self.display, self.lines = ctx, display, lines
        self.delimiter = ","
        self.columns: dict[str, int] = {}  # column → field index
        self.header: list[str] = []

    def read(self) -> None:
        rows = [(n, line) for n, line in enumerate(self.lines, start=1) if line.strip()]
        rows = [(n, line) for n, line in rows if not line.lstrip().startswith("#")]
        forced = None
        if rows and rows[0][1].strip().lower().startswith("sep=") and len(rows[0][1].strip()) == 5:
            forced = rows[0][1].strip()[4]
            rows = rows[1:]
        if not rows:
            raise CsvProblem(t("PM805.empty.message"), t("PM805.missing.hint", columns=", ".join(REQUIRED)))
        line_no, header = rows[0]
        self._read_header(line_no, header, forced)
        for line_no, line in rows[1:]:
            self._read_row(line_no, line)

    def _read_header(self, line_no: int, line: str, forced: str | None) -> None:
        self.delimiter = forced or (";" if ";" in line else "\t" if "\t" in line else ",")
        self.header = [h.strip() for h in _split(line, self.delimiter)]
        for i, name in enumerate(self.header):
            column = COLUMNS.get(name.casefold())
            if column is None:
                continue  # another column of the export: not ours
            if column in self.columns:
                raise CsvProblem(
                    t("PM805.header_twice.message", name=name), t("PM805.header_twice.hint"), line_no
                )
            self.columns[column] = i
        missing = [c for c in REQUIRED if c not in self.columns]
        if missing:
            raise CsvProblem(
                t("PM805.missing.message", columns=", ".join(missing), found=", ".join(self.header)),
                t("PM805.missing.hint", columns=", ".join(REQUIRED)),
                line_no,
            )

    def _problem(self, rule: str, message: str, hint: str, line_no: int, col: int, width: int) -> None:
        where = Location(self.display, line_no, col + 1, col + 1 + max(width, 1))
        self.ctx.add(rule, message, where, hint)

    def _read_row(self, line_no: int, line: str) -> None:
        starts, open_quote = field_starts(line, self.delimiter)
        if open_quote:
            self._problem("PM805", t("PM805.quote.message"), t("PM805.quote.hint"), line_no, 0, len(line))
            return
        cells = _split(line, self.delimiter)
        needed = max(self.columns[c] for c in REQUIRED) + 1
        if needed <= len(cells) < len(self.header):  # trailing empty cells left out (a hand edit)
            cells += [""] * (len(self.header) - len(cells))
            starts += [len(line)] * (len(self.header) - len(starts))
        if len(cells) != len(self.header):
            hint = t("PM805.fields.hint", delimiter=self.delimiter)
            message = t("PM805.fields.message", n=len(cells), expected=len(self.header))
            self._problem("PM805", message, hint, line_no, 0, len(line))
            return
        raw = {c: cells[i].strip() for c, i in self.columns.items()}
        place = {c: (starts[i], len(cells[i])) for c, i in self.columns.items()}

        def bad(rule: str, column: str, message: str, hint: str) -> None:
            self._problem(rule, message, hint, line_no, *place[column])

        ok = self._check_unit(raw["unit"], bad) & self._check_period(raw["period"], bad)
        indicator = self.ctx.repo.followup.indicators.get(raw["indicator"])
        ok &= self._check_indicator(raw["indicator"], indicator is not None, bad)
        value = parse_number(raw["value"])
        name = self.header[self.columns["value"]]
        if value is None:
            bad(
                "PM806",
                "value",
                t("PM806.number.message", value=raw["value"], column=name),
                t("PM806.number.hint"),
            )
            return
        if indicator is not None and (
            (indicator.min is not None and value < indicator.min)
            or (indicator.max is not None and value > indicator.max)
        ):
            low = "–∞" if indicator.min is None else f"{indicator.min:g}"
            high = "∞" if indicator.max is None else f"{indicator.max:g}"
            message = t("PM806.range.message", value=raw["value"], indicator=indicator.id, low=low, high=high)
            bad("PM806", "value", message, t("PM806.range.hint"))
            return
        if not ok:
            return
        group = raw.get("group") or None
        row = IndicatorValue(
            raw["unit"], raw["period"], raw["indicator"], value, group, self.display, line_no
        )
        self._add(row, bad)

    def _check_unit(self, unit: str, bad: _Bad) -> bool:
        repo = self.ctx.repo
        if unit in repo.units or unit == WHOLE_ORGANISATION:
            return True
        known = [*repo.units, WHOLE_ORGANISATION]
        hint = did_you_mean(unit, known, t("PM801.unit.hint"))
        bad("PM801", "unit", t("PM801.unit.message", unit=unit), hint)
        return False

    def _check_period(self, period: str, bad: _Bad) -> bool:
        periods = self.ctx.repo.config.followup.periods
        if period in periods or (not periods and _PERIOD.fullmatch(period)):
            return True
        hint = did_you_mean(period, list(periods), t("PM801.period.hint"))
        bad("PM801", "period", t("PM801.period.message", period=period), hint)
        return False

    def _check_indicator(self, indicator: str, known: bool, bad: _Bad) -> bool:
        if known:
            return True
        followup = self.ctx.repo.followup
        fallback = t("PM801.indicator.hint") if followup.catalog_file else t("PM801.no_catalog.hint")
        hint = did_you_mean(indicator, list(followup.indicators), fallback)
        bad("PM801", "indicator", t("PM801.indicator.message", indicator=indicator), hint)
        return False

    def _add(self, value: IndicatorValue, bad: _Bad) -> None:
        followup = self.ctx.repo.followup
        key = (value.unit, value.period, value.indicator, value.group)
        first = followup.value_at.get(key)
        if first is not None:
            where = f"{first.file}:{first.line}"
            bad("PM806", "unit", t("PM806.duplicate.message", where=where), t("PM806.duplicate.hint"))
            return
        followup.value_at[key] = value
