"""Riksdagen's open-data forms (.text, .html in .json) read into the same statute as se-lex's Markdown."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from procmodel.statutes import StatuteError, normalise
from procmodel.statutes.riksdagen import html_lines, parse_json, parse_text
from procmodel.statutes.sources import read_statute_file

FIXTURES = Path(__file__).parent / "fixtures"
RIKSDAGEN = FIXTURES / "riksdagen"
TODAY = dt.date(2026, 12, 1)


@pytest.mark.parametrize("name", ["sfs-2099-1.text", "sfs-2099-1.json"])
def test_both_forms_give_the_markdown_texts(name: str) -> None:
    lag = read_statute_file(RIKSDAGEN / name, TODAY)
    md = read_statute_file(FIXTURES / "minilag.md")
    assert lag.designation == "2099:1"
    assert lag.consolidation == "SFS 2099:1 i lydelse t.o.m. SFS 2099:9"  # from 'Ändrad' / 'subtitel'
    assert lag.chapters == {"1": "Inledande bestämmelser", "2": "Klagomål"}
    for number in ("1", "2", "2 a"):
        ours, theirs = lag.paragraph("1", number), md.paragraph("1", number)
        assert ours is not None and theirs is not None
        assert ours.text == theirs.text and ours.heading == theirs.heading
    assert lag.paragraph("1", "2").amended_by == "2099:7"


@pytest.mark.parametrize("name", ["sfs-2099-1.text", "sfs-2099-1.json"])
def test_the_version_in_force_is_chosen_by_date(name: str) -> None:
    now = read_statute_file(RIKSDAGEN / name, TODAY)
    assert now.paragraph("2", "3").text == "Huvudmannen ska ta emot och utreda klagomål. Lag (2099:5)."
    assert any("2 kap. 3 §: the version from 2100-01-01 left out" in w for w in now.warnings)
    later = read_statute_file(RIKSDAGEN / name, dt.date(2100, 1, 1))
    assert later.paragraph("2", "3").amended_by == "2099:9"


def test_a_stycke_that_begins_with_a_paragraph_number_is_text() -> None:
    four = read_statute_file(RIKSDAGEN / "sfs-2099-1.text", TODAY).paragraph("2", "4")
    assert four.stycken[-1].text.startswith("3 § första stycket gäller också")
    assert four.stycken[0].items == ("1. beslut enligt 1 kap. 2 §, eller", "2. utbildningen i övrigt.")


def test_html_headings_paragraph_anchors_and_the_table_of_contents() -> None:
    html = json.loads((RIKSDAGEN / "sfs-2099-1.json").read_text(encoding="utf-8"))["dokumentstatus"][
        "dokument"
    ]["html"]
    lines = html_lines(html)
    texts = [ln.text for ln in lines]
    assert "Innehåll:" not in texts and "1 kap." not in texts  # the table of contents is skipped
    assert texts[0] == "SFS nr: 2099:1"
    heading = next(ln for ln in lines if ln.text == "Lagens innehåll")
    assert heading.heading is True
    assert "2 a § Rektorn får inte överlåta beslut om" in texts


def test_a_text_without_chapters_and_a_stated_heading() -> None:
    lag = parse_text(
        "SFS nr: 2098:2\nUtfärdad: 2098-01-01\n\nTillämpning\n1 § Lagen gäller alla.\n"
        "2 § Den gäller också\n1. skolor, och\n2. förskolor. Lag (2098:5).\n",
        TODAY,
    )
    assert lag.designation == "2098:2" and lag.consolidation == "SFS 2098:2 i lydelse t.o.m. SFS 2098:5"
    assert lag.paragraph("", "1").heading == "Tillämpning"
    assert (
        normalise(lag.paragraph("", "2").text)
        == "Den gäller också 1. skolor, och 2. förskolor. Lag (2098:5)."
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("{not json", "1:2: not valid JSON"),
        ('{"dokumentlista": {}}', "not a Riksdagen document"),
        ('{"dokumentstatus": {"dokument": {"dok_id": "sfs-2099-1", "text": "", "html": ""}}}', "has no text"),
        ('{"dokumentstatus": {"dokument": {"text": "1 kap. A\\n1 § B."}}}', "no SFS number found"),
    ],
)
def test_bad_json_is_a_clear_error(data: str, message: str) -> None:
    with pytest.raises(StatuteError, match=message):
        parse_json(data, TODAY)


def test_a_file_is_read_by_its_suffix_and_errors_name_it(tmp_path: Path) -> None:
    bad = tmp_path / "sfs-2010-800.text"
    bad.write_text("Det här är ingen lag.\n", encoding="utf-8")
    with pytest.raises(StatuteError, match=r"sfs-2010-800\.text:1:1: no paragraphs found"):
        read_statute_file(bad, TODAY)
    no_suffix = tmp_path / "lag"
    no_suffix.write_text((RIKSDAGEN / "sfs-2099-1.json").read_text(encoding="utf-8"), encoding="utf-8")
    assert read_statute_file(no_suffix, TODAY).designation == "2099:1"  # recognised by its content


def test_hostile_or_broken_input_is_refused_cleanly() -> None:
    with pytest.raises(StatuteError, match="nested too deeply"):
        parse_json("[" * 100_000, TODAY)
    lag = parse_text(
        "SFS nr: 2098:3\n\n1 § /Träder i kraft I:2100-13-45/ Lagen gäller. Lag (2098:4).\n", TODAY
    )
    assert lag.paragraph("", "1").text == "Lagen gäller. Lag (2098:4)."
    assert lag.warnings == []  # one version only: the marker is dropped, nothing to choose
