"""Reading indicator CSV files: encodings, delimiters, decimal commas, and located problems."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from procmodel import check_repository, load_repository
from procmodel.followup.indicators import decode, field_starts, parse_number
from procmodel.report.text import headline
from tests.helpers import run_procmodel

CSV = Path("uppföljning/indikatorer/trygghet.csv")


@pytest.mark.parametrize(
    ("text", "value"),
    [("12,5", 12.5), ("12.5", 12.5), ("-3", -3.0), ("−3,25", -3.25), ("1 234", 1234.0), (" 88 ", 88.0)],
)
def test_numbers_with_a_decimal_comma_or_point(text: str, value: float) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize(
    "text", ["", "hög", "1.234,5", "12,5,3", "NaN", "inf", "1e3", "12 %", "0x10", "1" + "0" * 400]
)
def test_anything_else_is_not_a_number(text: str) -> None:
    """A number too long for a float would be infinite: it is not a number either."""
    assert parse_number(text) is None


@pytest.mark.parametrize("bound", ["1e400", "-1e400"])
def test_an_indicator_bound_must_be_a_finite_number(repo_dir: Path, bound: str) -> None:
    catalog = repo_dir / "uppföljning" / "indikatorer.yaml"
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(text.replace("max: 100", f"max: {bound}", 1), encoding="utf-8")
    repo = load_repository(".")
    [finding] = repo.sources.resolve([f for f in repo.findings if f.rule == "PM010"])
    assert finding.location is not None and finding.location.line == 8
    assert "finite" in finding.message


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("värde".encode(), "värde"),
        (codecs.BOM_UTF8 + "värde".encode(), "värde"),
        ("värde".encode("utf-16"), "värde"),  # with its byte-order mark
        ("värde".encode("cp1252"), "värde"),  # Excel's semicolon CSV on a Swedish Windows
    ],
)
def test_the_encodings_a_spreadsheet_writes_are_read(raw: bytes, text: str) -> None:
    assert decode(raw) == text


def test_field_starts_skip_delimiters_inside_quotes() -> None:
    assert field_starts('a;"b;c";d', ";") == ([0, 2, 8], False)
    assert field_starts('a;"b', ";")[1] is True


def _values(repo_dir: Path) -> list[tuple[str, str, str, float, str | None, int]]:
    repo = load_repository(".")
    return [(v.unit, v.period, v.indicator, v.value, v.group, v.line) for v in repo.followup.values]


def test_the_fixture_values_are_read_with_their_lines(repo_dir: Path) -> None:
    assert _values(repo_dir) == [
        ("ekskolan", "2025-ht", "trygghet", 91.5, None, 3),
        ("lindskolan", "2025-ht", "trygghet", 88.0, None, 4),
        ("lindskolan", "2025-ht", "trygghet", 86.0, "flickor", 5),
    ]


@pytest.mark.parametrize(
    "content",
    [
        b'unit,period,indicator,value\nekskolan,2025-ht,trygghet,"91,5"\n',
        b"unit\tperiod\tindicator\tvalue\nekskolan\t2025-ht\ttrygghet\t91,5\n",
        b"sep=;\r\nENHET;Period;Indikator;V\xe4rde\r\nekskolan;2025-ht;trygghet;91,5\r\n",
        codecs.BOM_UTF8
        + "# kommentar\n\nvärde;indikator;period;enhet;kommentar\n".encode()
        + b"91,5;trygghet;2025-ht;ekskolan;x\n",
    ],
    ids=["comma", "tab", "excel-cp1252", "bom-reordered-extra-column"],
)
def test_every_export_shape_gives_the_same_value(repo_dir: Path, content: bytes) -> None:
    (repo_dir / CSV).write_bytes(content)
    assert [row[:5] for row in _values(repo_dir)] == [("ekskolan", "2025-ht", "trygghet", 91.5, None)]


def _lines(repo_dir: Path, content: str) -> list[str]:
    (repo_dir / CSV).write_text(content, encoding="utf-8")
    findings = check_repository(load_repository("."))
    return [headline(f) for f in findings if f.rule in ("PM801", "PM805", "PM806")]


def test_a_bad_value_is_located_at_its_row_and_column(repo_dir: Path) -> None:
    lines = _lines(
        repo_dir,
        "enhet;period;indikator;värde\nekskolan;2025-ht;trygghet;91\nlindskolan;2025-ht;trygghet;9l\n",
    )
    assert lines == [
        f"{CSV.as_posix()}:3:29: error PM806 indicator-value: '9l' in column 'värde' is not a number"
    ]


def test_unknown_unit_and_indicator_name_the_closest(repo_dir: Path) -> None:
    rows = "enhet;period;indikator;värde\nekskola;2025-ht;trygghet;91\nekskolan;2025-ht;trygghe;90\n"
    (repo_dir / CSV).write_text(rows, encoding="utf-8")
    findings = [f for f in check_repository(load_repository(".")) if f.rule == "PM801"]
    assert [(f.location.line, f.location.column, f.hint) for f in findings if f.location] == [
        (2, 1, "Did you mean 'ekskolan'?"),
        (3, 18, "Did you mean 'trygghet'?"),
    ]


def test_a_missing_column_is_reported_on_the_header(repo_dir: Path) -> None:
    lines = _lines(repo_dir, "enhet;period;värde\nekskolan;2025-ht;91\n")
    assert lines == [
        f"{CSV.as_posix()}:1:1: error PM805 indicator-file: the header lacks the column(s) indicator "
        "(found: enhet, period, värde)"
    ]


def test_a_repeated_row_names_the_first(repo_dir: Path) -> None:
    lines = _lines(
        repo_dir, "enhet;period;indikator;värde\nekskolan;2025-ht;trygghet;91\nekskolan;2025-ht;trygghet;92\n"
    )
    assert lines == [
        f"{CSV.as_posix()}:3:1: error PM806 indicator-value: the same unit, period, indicator and group "
        f"as the row at {CSV.as_posix()}:2"
    ]


def test_a_value_out_of_the_indicator_range(repo_dir: Path) -> None:
    lines = _lines(repo_dir, "enhet;period;indikator;värde\nekskolan;2025-ht;trygghet;100,5\n")
    assert lines == [
        f"{CSV.as_posix()}:2:27: error PM806 indicator-value: 100,5 is outside the range of indicator "
        "'trygghet' (0 to 100)"
    ]


def test_a_binary_file_is_refused(repo_dir: Path) -> None:
    (repo_dir / CSV).write_bytes(b"PK\x03\x04\x00\x00binary")
    findings = [f for f in check_repository(load_repository(".")) if f.rule == "PM805"]
    assert [f.message for f in findings] == ["the file holds NUL bytes: it is not a text file"]


def test_check_exits_1_with_file_row_column_and_a_hint(repo_dir: Path) -> None:
    """Done when: a bad indicator CSV row gets a located error (file, row, column) and exit 1."""
    (repo_dir / CSV).write_text(
        "enhet;period;indikator;värde\nekskolan;2025-ht;trygghet;hög\n", encoding="utf-8"
    )
    run = run_procmodel("check", ".", "--no-cache", cwd=repo_dir, env={"LANG": "C.UTF-8"})
    assert run.returncode == 1, run.stdout + run.stderr
    assert "Traceback" not in run.stderr
    where = f"{CSV.as_posix()}:2:27: error PM806 indicator-value: 'hög' in column 'värde' is not a number"
    assert where in run.stdout
    assert "ekskolan;2025-ht;trygghet;hög" in run.stdout  # the row, under the message
    assert "hint: Write a number, e.g. 12,5 or 12.5" in run.stdout


def test_a_row_may_leave_out_its_empty_last_cells_but_not_a_required_one(repo_dir: Path) -> None:
    content = "enhet;period;indikator;värde;grupp\nekskolan;2025-ht;trygghet;91\nekskolan;2025-ht;trygghet\n"
    lines = _lines(repo_dir, content)
    assert lines == [f"{CSV.as_posix()}:3:1: error PM805 indicator-file: the row has 3 fields, the header 5"]
    assert [row[:5] for row in _values(repo_dir)] == [("ekskolan", "2025-ht", "trygghet", 91.0, None)]
